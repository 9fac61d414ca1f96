#include "link/internal/blocking.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <optional>

#include "core/mix.h"
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
    case BlockKey::kArrestDate:
      value = prepared.arrest_day[record];
      break;
    case BlockKey::kGovernorate:
      value = prepared.governorate[record];
      break;
    case BlockKey::kCity:
      value = prepared.city[record];
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

// Reserves room for `count` pairs, asking the kernel to back it with 2 MiB
// pages: faulting in hundreds of megabytes 4 KiB at a time costs seconds
// (most on a virtual machine).
void ReserveLarge(std::vector<uint64_t>& pairs, size_t count) {
  pairs.reserve(count);
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(pairs.data()) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(pairs.data() + count)) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

// Sorts packed pairs of records below `records` by LSD radix sort over the
// bits they use, 11 at a time: four passes at a million records, against
// about 24 comparisons per pair for std::sort.
void SortPairs(std::vector<uint64_t>& pairs, int64_t records) {
  constexpr int kDigit = 11;
  constexpr uint64_t kMask = (uint64_t{1} << kDigit) - 1;
  const int bits = std::bit_width(static_cast<uint64_t>(std::max<int64_t>(records, 2) - 1));
  std::vector<uint64_t> buffer;
  ReserveLarge(buffer, pairs.size());
  buffer.resize(pairs.size());
  std::vector<size_t> start(kMask + 2);
  for (int half : {0, 32}) {
    for (int shift = half; shift < half + bits; shift += kDigit) {
      std::fill(start.begin(), start.end(), 0);
      for (uint64_t pair : pairs) ++start[((pair >> shift) & kMask) + 1];
      for (size_t digit = 1; digit < start.size(); ++digit) start[digit] += start[digit - 1];
      for (uint64_t pair : pairs) buffer[start[(pair >> shift) & kMask]++] = pair;
      pairs.swap(buffer);
    }
  }
}

// Calls emit(x, y) for each pair of records the rule puts together (x == y
// when a record meets itself through two readings).
template <typename Emit>
void ForEachRulePair(const std::vector<Entry>& entries, int max_block_size, Emit emit) {
  const int64_t window = std::max(2, max_block_size / 20);
  for (size_t begin = 0; begin < entries.size();) {
    size_t end = begin + 1;
    while (end < entries.size() && entries[end].key == entries[begin].key) ++end;
    const bool small = static_cast<int64_t>(end - begin) <= max_block_size;
    for (size_t i = begin; i < end; ++i) {
      const size_t last = small ? end : std::min(end, i + 1 + window);
      for (size_t j = i + 1; j < last; ++j) emit(entries[i].record, entries[j].record);
    }
    begin = end;
  }
}

std::vector<uint64_t> RulePairs(const Prepared& prepared, const BlockingRule& rule) {
  const std::vector<Entry> entries = RuleEntries(prepared, rule);
  // Counted first: growing a vector of tens of millions of pairs by
  // doubling copies it and faults in fresh pages again and again.
  size_t count = 0;
  ForEachRulePair(entries, rule.max_block_size, [&count](int32_t, int32_t) { ++count; });
  std::vector<uint64_t> pairs;
  ReserveLarge(pairs, count);
  ForEachRulePair(entries, rule.max_block_size, [&pairs](int32_t x, int32_t y) {
    if (x != y) pairs.push_back(x < y ? PackPair(x, y) : PackPair(y, x));
  });
  SortPairs(pairs, prepared.size);
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

// What merging the rules' pairs over one range of first records gives.
struct MergedRange {
  std::vector<uint64_t> pairs;
  std::vector<int64_t> new_pairs;                  // per rule
  int64_t training_pairs = 0;                      // distinct
  std::vector<std::vector<uint64_t>> found_first;  // sampled, per training rule
};

// Merges the sorted pairs of every rule in [low, high) in one pass, noting
// for each distinct pair the first rule and the first training rule (index
// into the training rules, -1 for others) that found it. Training pairs
// whose hash falls below `sample_below` are sampled.
MergedRange MergeRange(const std::vector<std::vector<uint64_t>>& per_rule,
                       const std::vector<int>& training_index, uint64_t low, uint64_t high,
                       uint64_t sample_below) {
  struct Cursor {
    const uint64_t* at;
    const uint64_t* end;
  };
  std::vector<Cursor> cursors;
  size_t most = 0;
  for (const std::vector<uint64_t>& pairs : per_rule) {
    const uint64_t* begin = std::lower_bound(pairs.data(), pairs.data() + pairs.size(), low);
    const uint64_t* end = std::lower_bound(begin, pairs.data() + pairs.size(), high);
    cursors.push_back({begin, end});
    most += end - begin;
  }
  MergedRange out;
  ReserveLarge(out.pairs, most);  // untouched pages cost no memory
  out.new_pairs.assign(per_rule.size(), 0);
  out.found_first.resize(std::count_if(training_index.begin(), training_index.end(),
                                       [](int index) { return index >= 0; }));
  constexpr uint64_t kDone = ~uint64_t{0};  // above every pair: a < 2^31
  while (true) {
    uint64_t pair = kDone;
    for (const Cursor& cursor : cursors) {
      if (cursor.at != cursor.end) pair = std::min(pair, *cursor.at);
    }
    if (pair == kDone) break;
    int first = -1, first_training = -1;
    for (size_t rule = 0; rule < cursors.size(); ++rule) {
      Cursor& cursor = cursors[rule];
      if (cursor.at == cursor.end || *cursor.at != pair) continue;
      ++cursor.at;
      if (first < 0) first = static_cast<int>(rule);
      if (first_training < 0) first_training = training_index[rule];
    }
    out.pairs.push_back(pair);
    ++out.new_pairs[first];
    if (first_training < 0) continue;
    ++out.training_pairs;
    if (SplitMix64(pair) < sample_below) out.found_first[first_training].push_back(pair);
  }
  return out;
}

// The hash below which a training pair is sampled, for about `wanted` of
// `pairs` (an upper bound of the distinct training pairs).
uint64_t SampleThreshold(int64_t wanted, int64_t pairs) {
  if (wanted <= 0 || pairs <= 0) return 0;
  if (wanted >= pairs) return ~uint64_t{0};
  return static_cast<uint64_t>(std::ldexp(static_cast<double>(wanted) / pairs, 64));
}

}  // namespace

Candidates BlockPairs(const Prepared& prepared, const std::vector<BlockingRule>& rules, int threads,
                      int64_t training_sample) {
  std::vector<std::vector<uint64_t>> per_rule(rules.size());
  ForEachChunk(static_cast<int64_t>(rules.size()), 1, threads, [&](int64_t rule, int64_t, int64_t) {
    per_rule[rule] = RulePairs(prepared, rules[rule]);
  });
  Candidates candidates;
  const bool any_train =
      std::any_of(rules.begin(), rules.end(), [](const BlockingRule& rule) { return rule.train; });
  std::vector<int> training_index(rules.size(), -1);
  int64_t training_upper = 0;
  for (size_t rule = 0; rule < rules.size(); ++rule) {
    if (any_train && !rules[rule].train) continue;
    training_index[rule] = static_cast<int>(candidates.training_sample.size());
    candidates.training_sample.emplace_back();
    training_upper += static_cast<int64_t>(per_rule[rule].size());
  }
  // Ranges of first records, merged in parallel; their number depends on
  // the records only, so the result does not depend on the threads.
  const int64_t ranges = std::clamp<int64_t>(prepared.size / 16384, 1, 256);
  const uint64_t sample_below = SampleThreshold(training_sample, training_upper);
  std::vector<MergedRange> merged(ranges);
  ForEachChunk(ranges, 1, threads, [&](int64_t range, int64_t, int64_t) {
    merged[range] =
        MergeRange(per_rule, training_index, PackPair(prepared.size * range / ranges, 0),
                   PackPair(prepared.size * (range + 1) / ranges, 0), sample_below);
  });
  for (size_t rule = 0; rule < rules.size(); ++rule) {
    candidates.rules.push_back(
        {.name = rules[rule].name, .pairs = static_cast<int64_t>(per_rule[rule].size())});
  }
  std::vector<std::vector<uint64_t>>().swap(per_rule);
  size_t total = 0;
  for (const MergedRange& range : merged) total += range.pairs.size();
  ReserveLarge(candidates.pairs, total);
  for (MergedRange& range : merged) {
    candidates.pairs.insert(candidates.pairs.end(), range.pairs.begin(), range.pairs.end());
    std::vector<uint64_t>().swap(range.pairs);
    for (size_t rule = 0; rule < rules.size(); ++rule) {
      candidates.rules[rule].new_pairs += range.new_pairs[rule];
    }
    candidates.training_pairs += range.training_pairs;
    for (size_t t = 0; t < range.found_first.size(); ++t) {
      std::vector<uint64_t>& into = candidates.training_sample[t];
      into.insert(into.end(), range.found_first[t].begin(), range.found_first[t].end());
    }
  }
  return candidates;
}

}  // namespace sijil::link::internal
