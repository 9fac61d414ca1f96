// Rate x duration estimates from testimony, by Monte Carlo over the ranges.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "estimate/estimate.h"
#include "estimate/internal/random.h"
#include "estimate/internal/summary.h"

namespace sijil::estimate {
namespace {

Status CheckRange(const Range& range, const char* what) {
  if (!std::isfinite(range.low) || !std::isfinite(range.high) || range.low < 0) {
    return InvalidArgumentError(std::string("testimony: ") + what +
                                ": expected finite non-negative numbers");
  }
  if (range.low > range.high) {
    return InvalidArgumentError(std::string("testimony: ") + what +
                                ": the low end is above the high end");
  }
  return OkStatus();
}

Status CheckInput(const TestimonyInput& input) {
  RETURN_IF_ERROR(CheckRange(input.per_event, "persons per event"));
  RETURN_IF_ERROR(CheckRange(input.events_per_period, "events per period"));
  RETURN_IF_ERROR(CheckRange(input.duration_days, "duration in days"));
  if (!(input.period_days > 0) || !std::isfinite(input.period_days)) {
    return InvalidArgumentError("testimony: the period must be a positive number of days");
  }
  if (input.draws < 1 || input.draws > 100'000'000) {
    return InvalidArgumentError("testimony: draws must be between 1 and 100,000,000");
  }
  if (!(input.level > 0 && input.level < 1)) {
    return InvalidArgumentError("testimony: level must be between 0 and 1");
  }
  return OkStatus();
}

std::string Number(double value) {
  std::ostringstream out;
  out.precision(value < 10 ? 3 : 6);
  out << value;
  return out.str();
}

std::string Describe(const Range& range) {
  if (range.low == range.high) return "exactly " + Number(range.low);
  return "between " + Number(range.low) + " and " + Number(range.high);
}

std::string Assumptions(const TestimonyInput& input) {
  return "Persons per event: " + Describe(input.per_event) + "; events per period of " +
         Number(input.period_days) + " days: " + Describe(input.events_per_period) +
         "; duration in days: " + Describe(input.duration_days) +
         ". Each range is read as a uniform distribution over the typical value for the whole "
         "period, the three independent of each other. The result is persons per event x events "
         "per period x periods; it counts events, not distinct persons (a person counted twice "
         "is counted twice), and assumes the rate held for the whole duration.";
}

double Draw(internal::Xoshiro256& rng, const Range& range) {
  return range.low + (range.high - range.low) * rng.Uniform();
}

}  // namespace

Result<TestimonyEstimate> EstimateTestimony(const TestimonyInput& input) {
  RETURN_IF_ERROR(CheckInput(input));
  TestimonyEstimate estimate;
  estimate.level = input.level;
  internal::Xoshiro256 rng(input.seed);
  estimate.draws.reserve(static_cast<size_t>(input.draws));
  for (int draw_idx = 0; draw_idx < input.draws; ++draw_idx) {
    const double per_event = Draw(rng, input.per_event);
    const double events = Draw(rng, input.events_per_period);
    const double days = Draw(rng, input.duration_days);
    estimate.draws.push_back(per_event * events * days / input.period_days);
  }
  std::sort(estimate.draws.begin(), estimate.draws.end());
  estimate.median = internal::SortedQuantile(estimate.draws, 0.5);
  estimate.mean = internal::Mean(estimate.draws);
  estimate.lower = internal::SortedQuantile(estimate.draws, (1 - input.level) / 2);
  estimate.upper = internal::SortedQuantile(estimate.draws, (1 + input.level) / 2);
  estimate.minimum = input.per_event.low * input.events_per_period.low * input.duration_days.low /
                     input.period_days;
  estimate.maximum = input.per_event.high * input.events_per_period.high *
                     input.duration_days.high / input.period_days;
  estimate.assumptions = Assumptions(input);
  return estimate;
}

}  // namespace sijil::estimate
