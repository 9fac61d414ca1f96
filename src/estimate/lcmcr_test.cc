#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "estimate/estimate.h"

namespace sijil::estimate {
namespace {

using ::testing::HasSubstr;

// A population of `size` persons in two latent classes with different,
// list-dependent capture probabilities, as capture histories of 4 lists.
CaptureHistories SimulatePopulation(int64_t size, uint64_t seed) {
  const double capture[2][4] = {{0.45, 0.35, 0.5, 0.3}, {0.08, 0.15, 0.05, 0.12}};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  Result<CaptureHistories> histories = MakeHistories({"a", "b", "c", "d"});
  EXPECT_TRUE(histories.ok());
  for (int64_t person = 0; person < size; ++person) {
    const int latent_class = uniform(rng) < 0.4 ? 0 : 1;
    uint32_t pattern = 0;
    for (int list_idx = 0; list_idx < 4; ++list_idx) {
      if (uniform(rng) < capture[latent_class][list_idx]) pattern |= 1u << list_idx;
    }
    if (pattern != 0) {
      EXPECT_TRUE(AddPattern(*histories, pattern, 1).ok());
    }
  }
  return *histories;
}

LatentClassOptions SmallRun() {
  LatentClassOptions options;
  options.burnin = 1000;
  options.samples = 300;
  options.thinning = 20;
  options.chains = 2;
  options.seed = 7;
  return options;
}

TEST(LatentClass, IntervalCoversTheKnownPopulation) {
  const int64_t size = 3000;
  const CaptureHistories histories = SimulatePopulation(size, 42);
  Result<LatentClassResult> result = SampleLatentClass(histories, SmallRun());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->observed, histories.observed());
  EXPECT_LT(result->observed, size);
  EXPECT_LE(result->lower, static_cast<double>(size));
  EXPECT_GE(result->upper, static_cast<double>(size));
  EXPECT_LT(result->lower, result->median);
  EXPECT_LT(result->median, result->upper);
  EXPECT_GE(result->lower, static_cast<double>(result->observed));
  EXPECT_LT(result->r_hat, 1.1);
  EXPECT_GT(result->ess, 50);
  EXPECT_EQ(result->iterations, 2 * (1000 + 300 * 20));
  ASSERT_EQ(result->chains.size(), 2u);
  EXPECT_EQ(result->chains[0].size(), 300u);
}

TEST(LatentClass, DeterministicForASeedWhateverTheThreads) {
  const CaptureHistories histories = SimulatePopulation(1500, 3);
  LatentClassOptions options = SmallRun();
  options.burnin = 100;
  options.samples = 50;
  options.chains = 3;
  options.threads = 1;
  Result<LatentClassResult> one_thread = SampleLatentClass(histories, options);
  options.threads = 2;
  Result<LatentClassResult> two_threads = SampleLatentClass(histories, options);
  ASSERT_TRUE(one_thread.ok() && two_threads.ok());
  EXPECT_EQ(one_thread->chains, two_threads->chains);
  EXPECT_NE(one_thread->chains[0], one_thread->chains[1]);
  options.seed = 8;
  Result<LatentClassResult> other_seed = SampleLatentClass(histories, options);
  ASSERT_TRUE(other_seed.ok());
  EXPECT_NE(other_seed->chains, one_thread->chains);
}

TEST(LatentClass, RejectsBadOptionsAndData) {
  const CaptureHistories histories = SimulatePopulation(500, 5);
  LatentClassOptions options = SmallRun();
  options.classes = 0;
  EXPECT_THAT(SampleLatentClass(histories, options).status().message(), HasSubstr("classes"));
  options = SmallRun();
  options.samples = 0;
  EXPECT_THAT(SampleLatentClass(histories, options).status().message(), HasSubstr("samples"));
  options = SmallRun();
  options.a_alpha = -1;
  EXPECT_THAT(SampleLatentClass(histories, options).status().message(), HasSubstr("prior"));
  Result<CaptureHistories> unseen =
      ParseHistoriesCsv("a,b,c,count\n1,0,0,5\n0,1,0,3\n1,1,0,2\n", "unseen.csv");
  ASSERT_TRUE(unseen.ok());
  Result<LatentClassResult> result = SampleLatentClass(*unseen, SmallRun());
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("c"));
}

// Posterior summaries of the pooled draws of N, with the Monte Carlo error
// of each from the effective sample size.
struct PosteriorOfN {
  std::vector<double> draws;
  double mean = 0, sd = 0, ess = 0;

  explicit PosteriorOfN(const LatentClassResult& result) : ess(result.ess) {
    for (const std::vector<int64_t>& chain : result.chains)
      draws.insert(draws.end(), chain.begin(), chain.end());
    for (double draw : draws) mean += draw / static_cast<double>(draws.size());
    for (double draw : draws)
      sd += (draw - mean) * (draw - mean) / static_cast<double>(draws.size() - 1);
    sd = std::sqrt(sd);
  }
  double FractionAbove(double value) const {
    return static_cast<double>(std::count_if(draws.begin(), draws.end(),
                                             [&](double draw) { return draw > value; })) /
           static_cast<double>(draws.size());
  }
  double Quantile(double probability) const {
    std::vector<double> sorted = draws;
    std::sort(sorted.begin(), sorted.end());
    return sorted[static_cast<size_t>(probability * static_cast<double>(sorted.size() - 1))];
  }
};

// The scale moves must leave the posterior of N as the plain Gibbs sweep (the
// LCMCR package's scheme) has it: the means, and the mass above the
// reference's quartiles and 10% / 90% quantiles, agree within 4 Monte Carlo
// standard errors of their difference.
void ExpectSamePosterior(const CaptureHistories& histories, LatentClassOptions options) {
  options.scale_moves = false;
  Result<LatentClassResult> gibbs = SampleLatentClass(histories, options);
  options.scale_moves = true;
  options.seed += 1000;
  Result<LatentClassResult> moved = SampleLatentClass(histories, options);
  ASSERT_TRUE(gibbs.ok() && moved.ok());
  const PosteriorOfN reference(*gibbs), candidate(*moved);
  ASSERT_GT(reference.ess, 40);
  const double mean_error = std::sqrt(reference.sd * reference.sd / reference.ess +
                                      candidate.sd * candidate.sd / candidate.ess);
  EXPECT_NEAR(candidate.mean, reference.mean, 4 * mean_error);
  for (double probability : {0.1, 0.25, 0.5, 0.75, 0.9}) {
    const double tail = 1 - probability;
    const double tail_error =
        std::sqrt(tail * (1 - tail) * (1 / reference.ess + 1 / candidate.ess));
    EXPECT_NEAR(candidate.FractionAbove(reference.Quantile(probability)), tail, 4 * tail_error)
        << "above the reference's " << probability << " quantile";
  }
}

TEST(LatentClass, ScaleMovesKeepThePosteriorOnKosovo) {
  Result<CaptureHistories> kosovo =
      ReadHistoriesFile(std::string(SIJIL_SOURCE_DIR) + "/data/mse/kosovo.csv");
  ASSERT_TRUE(kosovo.ok()) << kosovo.status().ToString();
  LatentClassOptions options;
  options.burnin = 2000;
  options.samples = 400;
  options.thinning = 100;
  ExpectSamePosterior(*kosovo, options);
}

TEST(LatentClass, ScaleMovesKeepThePosteriorOnSimulatedLists) {
  LatentClassOptions options = SmallRun();
  options.burnin = 2000;
  options.samples = 400;
  options.thinning = 50;
  ExpectSamePosterior(SimulatePopulation(3000, 42), options);
}

std::vector<double> AutoRegressive(double correlation, int count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> draws;
  double value = 0;
  for (int idx = 0; idx < count; ++idx) {
    value = correlation * value + noise(rng);
    draws.push_back(value);
  }
  return draws;
}

// An AR(1) chain with correlation r has ESS n (1 - r) / (1 + r).
TEST(Diagnostics, EffectiveSampleSizeOfAutoregressiveChains) {
  const int count = 20000;
  EXPECT_NEAR(EffectiveSampleSize(AutoRegressive(0, count, 1)) / count, 1.0, 0.1);
  EXPECT_NEAR(EffectiveSampleSize(AutoRegressive(0.9, count, 2)) / count, 0.1 / 1.9, 0.015);
  EXPECT_EQ(EffectiveSampleSize({3, 3, 3, 3, 3}), 5);
}

TEST(Diagnostics, SplitRHatSeesChainsThatDisagree) {
  const std::vector<double> first = AutoRegressive(0.5, 2000, 3);
  const std::vector<double> second = AutoRegressive(0.5, 2000, 4);
  EXPECT_NEAR(SplitRHat({first, second}), 1.0, 0.01);
  std::vector<double> shifted = second;
  for (double& value : shifted) value += 2;
  EXPECT_GT(SplitRHat({first, shifted}), 1.2);
  // A trend inside one chain shows once the chain is split.
  std::vector<double> trend = first;
  for (size_t idx = 0; idx < trend.size(); ++idx) {
    trend[idx] += 4.0 * static_cast<double>(idx) / static_cast<double>(trend.size());
  }
  EXPECT_GT(SplitRHat({trend}), 1.1);
  EXPECT_EQ(SplitRHat({{1, 2, 3}}), 1);
}

}  // namespace
}  // namespace sijil::estimate
