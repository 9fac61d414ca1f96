// Private to estimate: a small, fast, seedable random source for the samplers.
// xoshiro256++ seeded through SplitMix64 (Blackman and Vigna), so that chain
// `i` of a run seeded `s` draws the same numbers on every machine and thread
// count; the standard distributions of <random> draw from it.
#ifndef SIJIL_ESTIMATE_INTERNAL_RANDOM_H_
#define SIJIL_ESTIMATE_INTERNAL_RANDOM_H_

#include <cstdint>
#include <limits>

#include "core/mix.h"

namespace sijil::estimate::internal {

// Returns the next SplitMix64 output and advances `state`.
inline uint64_t SplitMix64(uint64_t& state) {
  const uint64_t out = ::sijil::SplitMix64(state);
  state += kSplitMixIncrement;
  return out;
}

// xoshiro256++: a UniformRandomBitGenerator for <random>.
class Xoshiro256 {
 public:
  using result_type = uint64_t;

  explicit Xoshiro256(uint64_t seed) {
    for (uint64_t& word : state_) word = SplitMix64(seed);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<uint64_t>::max(); }

  result_type operator()() {
    const uint64_t result = Rotl(state_[0] + state_[3], 23) + state_[0];
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Returns a uniform double in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

// The variates the samplers need, drawn from one Xoshiro256 with our own
// algorithms (the same numbers on every standard library, and faster than
// <random>'s, which recompute their set-up on every parameter change).
class RandomSource {
 public:
  explicit RandomSource(uint64_t seed) : bits_(seed) {}

  Xoshiro256& bits() { return bits_; }
  double Uniform() { return bits_.Uniform(); }
  // Standard normal by the polar method, two at a time.
  double Normal();
  // Gamma(shape, 1) by Marsaglia and Tsang (2000); shape > 0.
  double Gamma(double shape);
  // Binomial(trials, probability): Hormann's BTRS (transformed rejection
  // with squeeze, 1993) when trials x min(p, 1 - p) >= 10, else
  // counting Bernoulli trials (few trials) or inversion.
  int64_t Binomial(int64_t trials, double probability);

 private:
  int64_t InvertBinomial(int64_t trials, double probability);
  int64_t RejectBinomial(int64_t trials, double probability);

  Xoshiro256 bits_;
  double spare_normal_ = 0;
  bool has_spare_normal_ = false;
};

}  // namespace sijil::estimate::internal

#endif  // SIJIL_ESTIMATE_INTERNAL_RANDOM_H_
