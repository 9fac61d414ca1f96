// Simulated capture histories of known population size for the estimate
// benchmarks: persons in latent classes with their own capture probabilities
// per list (heterogeneity), and optionally a referral effect between the
// first two lists (list dependence: being on list 0 raises the chance of list 1).
#ifndef SIJIL_BENCH_ESTIMATE_SIMULATION_H_
#define SIJIL_BENCH_ESTIMATE_SIMULATION_H_

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "estimate/estimate.h"

namespace sijil::bench {

struct Population {
  int64_t size = 2000;
  int lists = 4;
  std::vector<double> class_shares = {0.4, 0.6};
  // capture[class][list]
  std::vector<std::vector<double>> capture = {{0.45, 0.35, 0.5, 0.3}, {0.1, 0.15, 0.08, 0.12}};
  double referral = 0;  // added to list 1's probability for persons on list 0
};

inline estimate::CaptureHistories Simulate(const Population& population, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<std::string> names;
  for (int list_idx = 0; list_idx < population.lists; ++list_idx) {
    names.push_back(std::string(1, static_cast<char>('a' + list_idx)));
  }
  Result<estimate::CaptureHistories> histories = estimate::MakeHistories(names);
  if (!histories.ok()) std::abort();
  for (int64_t person = 0; person < population.size; ++person) {
    size_t latent_class = 0;
    for (double draw = uniform(rng); latent_class + 1 < population.class_shares.size() &&
                                     draw >= population.class_shares[latent_class];
         ++latent_class) {
      draw -= population.class_shares[latent_class];
    }
    uint32_t pattern = 0;
    for (int list_idx = 0; list_idx < population.lists; ++list_idx) {
      double probability = population.capture[latent_class][static_cast<size_t>(list_idx)];
      if (list_idx == 1 && (pattern & 1u)) probability += population.referral;
      if (uniform(rng) < probability) pattern |= 1u << list_idx;
    }
    if (pattern != 0 && !estimate::AddPattern(*histories, pattern, 1).ok()) std::abort();
  }
  return *histories;
}

}  // namespace sijil::bench

#endif  // SIJIL_BENCH_ESTIMATE_SIMULATION_H_
