#include <algorithm>
#include <bit>
#include <limits>
#include <set>

#include "estimate/estimate.h"
#include "estimate/internal/split.h"

namespace sijil::estimate {
namespace {

int FindList(const std::vector<std::string>& lists, std::string_view name) {
  for (size_t list_idx = 0; list_idx < lists.size(); ++list_idx) {
    if (lists[list_idx] == name) return static_cast<int>(list_idx);
  }
  return -1;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

Result<int> RequireList(const std::vector<std::string>& lists, std::string_view name) {
  const int list_idx = FindList(lists, name);
  if (list_idx < 0) {
    return InvalidArgumentError("unknown list '" + std::string(name) +
                                "' (lists: " + Joined(lists) + ")");
  }
  return list_idx;
}

// Returns the histories over `new_lists` where old list j maps to the bits of
// `target[j]` (0: dropped).
CaptureHistories Remap(const CaptureHistories& histories, std::vector<std::string> new_lists,
                       const std::vector<uint32_t>& target) {
  CaptureHistories out{.lists = std::move(new_lists), .counts = {}};
  out.counts.assign(size_t{1} << out.lists.size(), 0);
  for (size_t pattern = 1; pattern < histories.counts.size(); ++pattern) {
    uint32_t mapped = 0;
    for (int list_idx = 0; list_idx < histories.list_count(); ++list_idx) {
      if (pattern >> list_idx & 1) mapped |= target[list_idx];
    }
    if (mapped != 0) out.counts[mapped] += histories.counts[pattern];
  }
  return out;
}

}  // namespace

int64_t CaptureHistories::observed() const {
  int64_t total = 0;
  for (int64_t count : counts) total += count;
  return total;
}

int64_t CaptureHistories::OnList(int list_idx) const {
  int64_t total = 0;
  for (size_t pattern = 1; pattern < counts.size(); ++pattern) {
    if (pattern >> list_idx & 1) total += counts[pattern];
  }
  return total;
}

Result<CaptureHistories> MakeHistories(std::vector<std::string> lists) {
  if (lists.size() < 2 || lists.size() > static_cast<size_t>(kMaxLists)) {
    return InvalidArgumentError("expected between 2 and " + std::to_string(kMaxLists) +
                                " lists, got " + std::to_string(lists.size()));
  }
  std::set<std::string> seen;
  for (const std::string& name : lists) {
    if (name.empty()) return InvalidArgumentError("a list has an empty name");
    if (name.find_first_of("*+,") != std::string::npos) {
      return InvalidArgumentError("list name '" + name + "' contains one of * + ,");
    }
    if (!seen.insert(name).second) return InvalidArgumentError("list '" + name + "' is repeated");
  }
  CaptureHistories histories{.lists = std::move(lists), .counts = {}};
  histories.counts.assign(size_t{1} << histories.lists.size(), 0);
  return histories;
}

Status AddPattern(CaptureHistories& histories, uint32_t pattern, int64_t count) {
  if (pattern == 0 || pattern >= histories.counts.size()) {
    return InvalidArgumentError("pattern " + std::to_string(pattern) +
                                " is not a non-empty set of the " +
                                std::to_string(histories.list_count()) + " lists");
  }
  if (count < 0) return InvalidArgumentError("count " + std::to_string(count) + " is negative");
  if (histories.counts[pattern] > std::numeric_limits<int64_t>::max() / 2 - count) {
    return InvalidArgumentError("counts are too large");
  }
  histories.counts[pattern] += count;
  return OkStatus();
}

Result<CaptureHistories> SelectLists(const CaptureHistories& histories,
                                     const std::vector<std::string>& keep) {
  std::vector<uint32_t> target(histories.list_count(), 0);
  for (size_t keep_idx = 0; keep_idx < keep.size(); ++keep_idx) {
    ASSIGN_OR_RETURN(const int list_idx, RequireList(histories.lists, keep[keep_idx]));
    if (target[list_idx] != 0)
      return InvalidArgumentError("list '" + keep[keep_idx] + "' is repeated");
    target[list_idx] = 1u << keep_idx;
  }
  ASSIGN_OR_RETURN(CaptureHistories out, MakeHistories(keep));
  return Remap(histories, std::move(out.lists), target);
}

Result<CaptureHistories> MergeLists(const CaptureHistories& histories,
                                    const std::vector<std::string>& group) {
  if (group.size() < 2) return InvalidArgumentError("a merge needs at least two lists");
  std::vector<bool> merged(histories.list_count(), false);
  int first = histories.list_count();
  std::string merged_name;
  for (const std::string& name : group) {
    ASSIGN_OR_RETURN(const int list_idx, RequireList(histories.lists, name));
    if (merged[list_idx]) return InvalidArgumentError("list '" + name + "' is repeated in a merge");
    merged[list_idx] = true;
    first = std::min(first, list_idx);
    merged_name += (merged_name.empty() ? "" : "+") + name;
  }
  std::vector<std::string> new_lists;
  std::vector<uint32_t> target(histories.list_count(), 0);
  for (int list_idx = 0; list_idx < histories.list_count(); ++list_idx) {
    if (merged[list_idx] && list_idx != first) continue;
    new_lists.push_back(list_idx == first ? merged_name : histories.lists[list_idx]);
  }
  for (int list_idx = 0; list_idx < histories.list_count(); ++list_idx) {
    const std::string& name = merged[list_idx] ? merged_name : histories.lists[list_idx];
    target[list_idx] = 1u << FindList(new_lists, name);
  }
  if (new_lists.size() < 2) {
    return InvalidArgumentError("merging " + merged_name + " leaves fewer than two lists");
  }
  return Remap(histories, std::move(new_lists), target);
}

Result<CaptureHistories> ApplyMergeSpec(const CaptureHistories& histories, std::string_view spec) {
  CaptureHistories current = histories;
  for (const std::string& group : internal::SplitTrimmed(spec, ',')) {
    ASSIGN_OR_RETURN(current, MergeLists(current, internal::SplitTrimmed(group, '+')));
  }
  return current;
}

Result<std::map<std::string, CaptureHistories>> StratifyPersons(
    const std::vector<std::string>& lists, const std::vector<PersonObservation>& persons) {
  ASSIGN_OR_RETURN(const CaptureHistories empty, MakeHistories(lists));
  std::map<std::string, CaptureHistories> strata;
  for (const PersonObservation& person : persons) {
    auto [it, inserted] = strata.try_emplace(person.stratum, empty);
    RETURN_IF_ERROR(
        AddPattern(it->second, person.pattern, 1).WithContext("stratum '" + person.stratum + "'"));
  }
  return strata;
}

Status CheckEstimable(const CaptureHistories& histories) {
  if (histories.list_count() < 2)
    return InvalidArgumentError("an estimate needs two or more lists");
  const int64_t observed = histories.observed();
  if (observed == 0) return InvalidArgumentError("no person is observed on any list");
  for (int list_idx = 0; list_idx < histories.list_count(); ++list_idx) {
    const int64_t on_list = histories.OnList(list_idx);
    const std::string& name = histories.lists[list_idx];
    if (on_list == 0) {
      return InvalidArgumentError("list '" + name +
                                  "' has no person: drop it with --lists or merge it with --merge");
    }
    if (on_list == observed) {
      return InvalidArgumentError("every observed person is on list '" + name +
                                  "', so the data cannot tell how many it missed: drop the list "
                                  "or merge the others");
    }
  }
  const auto patterns = std::count_if(histories.counts.begin(), histories.counts.end(),
                                      [](int64_t count) { return count > 0; });
  if (patterns < 2) {
    return InvalidArgumentError(
        "only one pattern of lists is observed; an estimate needs overlap "
        "and non-overlap between lists");
  }
  return OkStatus();
}

}  // namespace sijil::estimate
