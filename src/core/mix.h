// SplitMix64's finaliser (Steele, Lea and Flood; as Vigna's splitmix64.c):
// one well-spread 64-bit value from another. Seeds streams and chains,
// samples pairs by hash, indexes caches; one copy for every module.
#ifndef SIJIL_CORE_MIX_H_
#define SIJIL_CORE_MIX_H_

#include <cstdint>

namespace sijil {

inline constexpr uint64_t kSplitMixIncrement = 0x9E3779B97F4A7C15ULL;

// Returns the SplitMix64 output for the state `x` before its increment.
inline constexpr uint64_t SplitMix64(uint64_t x) {
  x += kSplitMixIncrement;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace sijil

#endif  // SIJIL_CORE_MIX_H_
