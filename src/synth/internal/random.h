// Private to synth: portable random draws.
//
// std::uniform_int_distribution and friends are implementation-defined, so
// the same seed gives different numbers on libstdc++ and libc++. Every draw
// here is computed from std::mt19937_64's output by our own formulas, which
// keeps generated files identical across standard libraries.
#ifndef SIJIL_SYNTH_INTERNAL_RANDOM_H_
#define SIJIL_SYNTH_INTERNAL_RANDOM_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "core/mix.h"

namespace sijil::synth::internal {

// Mixes `value` into a well-spread 64-bit number, so seeds for independent
// streams (population, list 1, list 2, ...) do not overlap.
inline uint64_t MixSeed(uint64_t value) { return SplitMix64(value); }

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(MixSeed(seed)) {}
  // Returns a stream seeded from `seed` and a stream number.
  static Rng Stream(uint64_t seed, uint64_t stream) {
    return Rng(seed ^ MixSeed(stream * 0x2545f4914f6cdd1dULL + 1));
  }

  uint64_t Next() { return engine_(); }
  // Returns a double uniform in [0, 1), from the top 53 bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Returns an integer uniform in [0, n); n must be > 0. Lemire's
  // multiply-shift; the bias for n << 2^64 is far below anything we measure.
  uint64_t UniformInt(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Returns an integer uniform in [lo, hi].
  int Between(int lo, int hi) { return lo + static_cast<int>(UniformInt(hi - lo + 1)); }
  bool Bernoulli(double p) { return Uniform() < p; }
  // Returns a standard normal draw (Box-Muller, one value per call).
  double Normal() {
    const double u1 = 1.0 - Uniform();  // (0, 1]: log stays finite
    const double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Fisher-Yates shuffle with our own UniformInt.
  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[UniformInt(i)]);
  }

 private:
  std::mt19937_64 engine_;
};

// Draws indices 0..n-1 with probability proportional to fixed weights.
class WeightedSampler {
 public:
  WeightedSampler() = default;
  // `weights` must be non-negative with a positive sum.
  explicit WeightedSampler(const std::vector<double>& weights) {
    cumulative_.reserve(weights.size());
    double total = 0;
    for (double weight : weights) cumulative_.push_back(total += weight);
  }
  bool empty() const { return cumulative_.empty(); }
  int Draw(Rng& rng) const {
    const double target = rng.Uniform() * cumulative_.back();
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
    if (it == cumulative_.end()) --it;
    return static_cast<int>(it - cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

}  // namespace sijil::synth::internal

#endif  // SIJIL_SYNTH_INTERNAL_RANDOM_H_
