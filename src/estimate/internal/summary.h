// Private to estimate: summaries of samples shared by the samplers.
#ifndef SIJIL_ESTIMATE_INTERNAL_SUMMARY_H_
#define SIJIL_ESTIMATE_INTERNAL_SUMMARY_H_

#include <vector>

namespace sijil::estimate::internal {

// Returns the `probability` quantile of `sorted` (non-empty, ascending) by
// linear interpolation between order statistics, as R's quantile(type = 7).
double SortedQuantile(const std::vector<double>& sorted, double probability);

// Returns the mean of `values` (0 when empty).
double Mean(const std::vector<double>& values);

}  // namespace sijil::estimate::internal

#endif  // SIJIL_ESTIMATE_INTERNAL_SUMMARY_H_
