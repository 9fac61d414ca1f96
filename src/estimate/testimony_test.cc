#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "estimate/estimate.h"

namespace sijil::estimate {
namespace {

using ::testing::HasSubstr;

// "Between 20 and 50 hanged, once or twice a week, from September 2011 to
// December 2015": from the latest start (30 Sep 2011) to the earliest end
// (1 Dec 2015), or from 1 Sep 2011 to 31 Dec 2015.
TestimonyInput Hangings() {
  TestimonyInput input;
  input.per_event = {20, 50};
  input.events_per_period = {1, 2};
  input.period_days = 7;
  input.duration_days = {1523, 1583};
  input.draws = 50000;
  input.seed = 11;
  return input;
}

TEST(Testimony, DistributionOfRateTimesDuration) {
  const TestimonyInput input = Hangings();
  Result<TestimonyEstimate> estimate = EstimateTestimony(input);
  ASSERT_TRUE(estimate.ok()) << estimate.status().ToString();
  EXPECT_DOUBLE_EQ(estimate->minimum, 20 * 1 * 1523 / 7.0);
  EXPECT_DOUBLE_EQ(estimate->maximum, 50 * 2 * 1583 / 7.0);
  // Independent uniforms: the mean is the product of the midpoints.
  const double mean = 35 * 1.5 * 1553 / 7.0;
  EXPECT_NEAR(estimate->mean, mean, 0.01 * mean);
  EXPECT_LE(estimate->minimum, estimate->lower);
  EXPECT_LT(estimate->lower, estimate->median);
  EXPECT_LT(estimate->median, estimate->upper);
  EXPECT_LE(estimate->upper, estimate->maximum);
  EXPECT_EQ(estimate->draws.size(), 50000u);
  EXPECT_TRUE(std::is_sorted(estimate->draws.begin(), estimate->draws.end()));
  EXPECT_THAT(estimate->assumptions, HasSubstr("between 20 and 50"));
  EXPECT_THAT(estimate->assumptions, HasSubstr("uniform"));
  Result<TestimonyEstimate> again = EstimateTestimony(input);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->draws, estimate->draws);
}

TEST(Testimony, ExactFiguresGiveOneValue) {
  TestimonyInput input;
  input.per_event = {10, 10};
  input.events_per_period = {3, 3};
  input.period_days = 30;
  input.duration_days = {300, 300};
  input.draws = 100;
  Result<TestimonyEstimate> estimate = EstimateTestimony(input);
  ASSERT_TRUE(estimate.ok());
  EXPECT_DOUBLE_EQ(estimate->median, 300);
  EXPECT_DOUBLE_EQ(estimate->lower, 300);
  EXPECT_DOUBLE_EQ(estimate->upper, 300);
  EXPECT_THAT(estimate->assumptions, HasSubstr("exactly 10"));
}

TEST(Testimony, RejectsBadRanges) {
  TestimonyInput input = Hangings();
  input.per_event = {50, 20};
  EXPECT_THAT(EstimateTestimony(input).status().message(), HasSubstr("low end is above"));
  input = Hangings();
  input.events_per_period = {-1, 2};
  EXPECT_THAT(EstimateTestimony(input).status().message(), HasSubstr("non-negative"));
  input = Hangings();
  input.period_days = 0;
  EXPECT_THAT(EstimateTestimony(input).status().message(), HasSubstr("period"));
  input = Hangings();
  input.draws = 0;
  EXPECT_THAT(EstimateTestimony(input).status().message(), HasSubstr("draws"));
}

}  // namespace
}  // namespace sijil::estimate
