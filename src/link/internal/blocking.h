// Blocking: candidate pairs from records that share all keys of a rule.
#ifndef SIJIL_LINK_INTERNAL_BLOCKING_H_
#define SIJIL_LINK_INTERNAL_BLOCKING_H_

#include <cstdint>
#include <vector>

#include "link/internal/prepare.h"
#include "link/link.h"

namespace sijil::link::internal {

// A pair packed as a << 32 | b, a < b; sorting packed pairs sorts by (a, b).
inline uint64_t PackPair(int64_t a, int64_t b) {
  return static_cast<uint64_t>(a) << 32 | static_cast<uint64_t>(b);
}
inline int64_t PairFirst(uint64_t packed) { return static_cast<int64_t>(packed >> 32); }
inline int64_t PairSecond(uint64_t packed) { return static_cast<int64_t>(packed & 0xFFFFFFFFu); }

struct Candidates {
  std::vector<uint64_t> pairs;  // distinct, sorted
  std::vector<BlockingRuleStats> rules;
  // The training rules are those marked `train`, or every rule when none
  // is. A sample drawn uniformly from their distinct pairs, split by the
  // training rule that found each pair first (earliest in the config).
  std::vector<std::vector<uint64_t>> training_sample;
  int64_t training_pairs = 0;  // distinct pairs of the training rules
};

// Returns the union of the rules' pairs. A full name read several ways gives
// one key per reading, so family-name-first spellings meet the others.
// Blocks over a rule's max_block_size pair each record with its neighbours
// in name order only (a window of max_block_size / 20). The training sample
// holds about `training_sample` pairs (none when 0).
Candidates BlockPairs(const Prepared& prepared, const std::vector<BlockingRule>& rules, int threads,
                      int64_t training_sample = 0);

}  // namespace sijil::link::internal

#endif  // SIJIL_LINK_INTERNAL_BLOCKING_H_
