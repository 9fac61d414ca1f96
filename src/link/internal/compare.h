// Comparing two prepared records: one level per comparison.
#ifndef SIJIL_LINK_INTERNAL_COMPARE_H_
#define SIJIL_LINK_INTERNAL_COMPARE_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "link/internal/prepare.h"

namespace sijil::link::internal {

// Level 1 of every method: the two values disagree.
constexpr int kLevelDifferent = 1;

// Levels are packed three bits per comparison: level of comparison c is
// (pattern >> (3 * c)) & 7.
inline int LevelOf(uint64_t pattern, size_t comparison) {
  return static_cast<int>((pattern >> (3 * comparison)) & 7);
}

// The comparison of one pair.
struct PairLevels {
  uint64_t pattern = 0;
  // Per comparison: the key both records agree on at the top level, for the
  // term-frequency adjustment; -1 otherwise. Filled only when asked for.
  std::vector<int32_t> agreed_keys;
};

// Returns the readings of a and b that agree on the most name parts; the
// earliest readings win ties, so a split name is read as written.
std::pair<const Reading*, const Reading*> AlignNames(const Prepared& prepared, int64_t a,
                                                     int64_t b);

// Compares records a and b of `prepared`. When `with_keys`, fills agreed_keys.
void ComparePair(const Prepared& prepared, const std::vector<CompiledComparison>& comparisons,
                 int64_t a, int64_t b, bool with_keys, PairLevels& out);

}  // namespace sijil::link::internal

#endif  // SIJIL_LINK_INTERNAL_COMPARE_H_
