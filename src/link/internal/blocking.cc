#include "link/internal/blocking.h"

#include <algorithm>
#include <optional>

#include "link/internal/parallel.h"

namespace sijil::link::internal {
namespace {

uint64_t Mix(uint64_t hash, uint64_t value) {
  hash ^= value + 0x9E3779B97F4A7C15ULL + (hash << 6) + (hash >> 2);
  return hash * 0xFF51AFD7ED558CCDULL;
}

int64_t Loose(const Prepared& prepared, int32_t key) {
  return key < 0 ? -1 : prepared.loose_of[key];
}

// The value of `key` for `record` read as `reading`, or nullopt when missing.
// `shift` (0 or 1) picks the record's second two-year bucket of kBirthYearNear.
std::optional<int64_t> KeyValue(const Prepared& prepared, int64_t record, const Reading& reading,
                                BlockKey key, int shift) {
  int64_t value = -1;
  switch (key) {
    case BlockKey::kGivenKey:
      value = reading[kGiven];
      break;
    case BlockKey::kFatherKey:
      value = reading[kFather];
      break;
    case BlockKey::kGrandfatherKey:
      value = reading[kGrandfather];
      break;
    case BlockKey::kFamilyKey:
      value = reading[kFamily];
      break;
    case BlockKey::kMotherKey:
      value = prepared.mother_key[record];
      break;
    case BlockKey::kFirstUnitKey:
      value = prepared.first_unit[record];
      break;
    case BlockKey::kLastUnitKey:
      value = prepared.last_unit[record];
      break;
    case BlockKey::kBirthYear:
      value = prepared.birth_year[record];
      break;
    case BlockKey::kBirthYearNear:
      // Years y and y+1 always share bucket (y+1)/2 or y/2: an age-derived
      // year is often one off the written date.
      value = prepared.birth_year[record] < 0 ? -1 : (prepared.birth_year[record] + shift) / 2;
      break;
    case BlockKey::kArrestYearMonth:
      value = prepared.arrest_month[record];
      break;
    case BlockKey::kGovernorate:
      value = prepared.governorate[record];
      break;
    case BlockKey::kSex:
      value = prepared.sex[record];
      break;
    case BlockKey::kGivenLoose:
      value = Loose(prepared, reading[kGiven]);
      break;
    case BlockKey::kFamilyLoose:
      value = Loose(prepared, reading[kFamily]);
      break;
    case BlockKey::kFatherLoose:
      value = Loose(prepared, reading[kFather]);
      break;
  }
  if (value < 0) return std::nullopt;
  return value;
}

struct Entry {
  uint64_t key;
  uint64_t order;  // name order inside a block, for windows over large blocks
  int32_t record;
  auto operator<=>(const Entry&) const = default;
};

// Orders records inside a block by given, family and father name keys, so
// that windows over an oversized block pair records with similar names.
uint64_t NameOrder(const Prepared& prepared, int64_t record) {
  const Reading& reading = prepared.reading(record, 0);
  auto part = [](int32_t key) { return static_cast<uint64_t>(key + 1) & 0x1FFFFF; };
  return part(reading[kGiven]) << 42 | part(reading[kFamily]) << 21 | part(reading[kFather]);
}

bool HasNearKey(const BlockingRule& rule) {
  return std::find(rule.keys.begin(), rule.keys.end(), BlockKey::kBirthYearNear) != rule.keys.end();
}

std::vector<Entry> RuleEntries(const Prepared& prepared, const BlockingRule& rule) {
  std::vector<Entry> entries;
  entries.reserve(prepared.size);
  const int shifts = HasNearKey(rule) ? 2 : 1;
  for (int64_t record = 0; record < prepared.size; ++record) {
    uint64_t seen[kMaxReadings * 2];
    int seen_count = 0;
    const int readings = std::max<int>(1, prepared.reading_count[record]);
    for (int variant = 0; variant < readings * shifts; ++variant) {
      const Reading& reading = prepared.reading(record, variant / shifts);
      uint64_t hash = 0x51ED270B27A3F1ULL;
      bool complete = true;
      for (BlockKey key : rule.keys) {
        std::optional<int64_t> value = KeyValue(prepared, record, reading, key, variant % shifts);
        if (!value) {
          complete = false;
          break;
        }
        hash = Mix(Mix(hash, static_cast<uint64_t>(key)), static_cast<uint64_t>(*value));
      }
      if (!complete || std::find(seen, seen + seen_count, hash) != seen + seen_count) continue;
      seen[seen_count++] = hash;
      entries.push_back({hash, NameOrder(prepared, record), static_cast<int32_t>(record)});
    }
  }
  std::sort(entries.begin(), entries.end());
  return entries;
}

void AddPair(int32_t x, int32_t y, std::vector<uint64_t>& pairs) {
  if (x != y) pairs.push_back(x < y ? PackPair(x, y) : PackPair(y, x));
}

std::vector<uint64_t> RulePairs(const Prepared& prepared, const BlockingRule& rule) {
  std::vector<Entry> entries = RuleEntries(prepared, rule);
  std::vector<uint64_t> pairs;
  const int64_t window = std::max(2, rule.max_block_size / 20);
  for (size_t begin = 0; begin < entries.size();) {
    size_t end = begin + 1;
    while (end < entries.size() && entries[end].key == entries[begin].key) ++end;
    const bool small = static_cast<int64_t>(end - begin) <= rule.max_block_size;
    for (size_t i = begin; i < end; ++i) {
      const size_t last = small ? end : std::min(end, i + 1 + window);
      for (size_t j = i + 1; j < last; ++j) AddPair(entries[i].record, entries[j].record, pairs);
    }
    begin = end;
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

}  // namespace

Candidates BlockPairs(const Prepared& prepared, const std::vector<BlockingRule>& rules,
                      int threads) {
  std::vector<std::vector<uint64_t>> per_rule(rules.size());
  ForEachChunk(static_cast<int64_t>(rules.size()), 1, threads, [&](int64_t rule, int64_t, int64_t) {
    per_rule[rule] = RulePairs(prepared, rules[rule]);
  });
  Candidates candidates;
  std::vector<uint64_t> merged;
  for (size_t rule = 0; rule < rules.size(); ++rule) {
    const std::vector<uint64_t>& pairs = per_rule[rule];
    merged.clear();
    merged.reserve(candidates.pairs.size() + pairs.size());
    std::set_union(candidates.pairs.begin(), candidates.pairs.end(), pairs.begin(), pairs.end(),
                   std::back_inserter(merged));
    candidates.rules.push_back(
        {.name = rules[rule].name,
         .pairs = static_cast<int64_t>(pairs.size()),
         .new_pairs = static_cast<int64_t>(merged.size() - candidates.pairs.size())});
    candidates.pairs.swap(merged);
    if (rules[rule].train) {
      merged.clear();
      std::set_union(candidates.train.begin(), candidates.train.end(), pairs.begin(), pairs.end(),
                     std::back_inserter(merged));
      candidates.train.swap(merged);
    }
    std::vector<uint64_t>().swap(per_rule[rule]);
  }
  return candidates;
}

}  // namespace sijil::link::internal
