#include "estimate/internal/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace sijil::estimate::internal {
namespace {

struct Moments {
  double mean = 0, variance = 0;
};

template <typename Draw>
Moments Sample(int count, Draw draw) {
  std::vector<double> values(static_cast<size_t>(count));
  for (double& value : values) value = draw();
  Moments moments;
  for (double value : values) moments.mean += value / count;
  for (double value : values) {
    moments.variance += (value - moments.mean) * (value - moments.mean) / (count - 1);
  }
  return moments;
}

// Mean and variance within 5 standard errors, for each branch of Binomial.
TEST(RandomSource, BinomialMoments) {
  RandomSource random(5);
  const struct {
    int64_t trials;
    double probability;
  } cases[] = {{10, 0.3}, {200, 0.02}, {1131, 0.4}, {5000, 0.93}, {40, 0.5}};
  const int count = 40000;
  for (const auto& test_case : cases) {
    const int64_t trials = test_case.trials;
    const double probability = test_case.probability;
    const Moments moments =
        Sample(count, [&] { return static_cast<double>(random.Binomial(trials, probability)); });
    const double mean = static_cast<double>(trials) * probability,
                 variance = mean * (1 - probability);
    EXPECT_NEAR(moments.mean, mean, 5 * std::sqrt(variance / count))
        << trials << " " << probability;
    EXPECT_NEAR(moments.variance, variance, 5 * variance * std::sqrt(2.0 / count))
        << trials << " " << probability;
  }
}

// The distribution itself: the frequency of every value of Binomial(60, 0.3)
// (the rejection branch) against its probability, by a chi-square statistic.
TEST(RandomSource, BinomialFrequencies) {
  RandomSource random(9);
  const int trials = 60, count = 100000;
  std::vector<double> frequency(trials + 1);
  for (int idx = 0; idx < count; ++idx)
    ++frequency[static_cast<size_t>(random.Binomial(trials, 0.3))];
  double chi_square = 0;
  int cells = 0;
  for (int k = 0; k <= trials; ++k) {
    const double log_mass = std::lgamma(trials + 1.0) - std::lgamma(k + 1.0) -
                            std::lgamma(trials - k + 1.0) + k * std::log(0.3) +
                            (trials - k) * std::log(0.7);
    const double expected = count * std::exp(log_mass);
    if (expected < 5) continue;
    const double gap = frequency[static_cast<size_t>(k)] - expected;
    chi_square += gap * gap / expected;
    ++cells;
  }
  // About `cells` degrees of freedom: far below the 0.999 quantile (~cells + 4.5 sqrt(cells)).
  EXPECT_LT(chi_square, cells + 4.5 * std::sqrt(2.0 * cells));
}

TEST(RandomSource, GammaMoments) {
  RandomSource random(3);
  for (double shape : {0.25, 1.0, 4.5, 300.0}) {
    const int count = 40000;
    const Moments moments = Sample(count, [&] { return random.Gamma(shape); });
    EXPECT_NEAR(moments.mean, shape, 5 * std::sqrt(shape / count)) << shape;
    EXPECT_NEAR(moments.variance, shape, 0.1 * shape) << shape;
  }
}

TEST(RandomSource, SameSeedSameNumbers) {
  RandomSource first(77), second(77);
  for (int idx = 0; idx < 100; ++idx)
    EXPECT_EQ(first.Binomial(1000, 0.2), second.Binomial(1000, 0.2));
}

}  // namespace
}  // namespace sijil::estimate::internal
