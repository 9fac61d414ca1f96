// The estimation engine: how many victims no list recorded.
//
// Multiple systems estimation (MSE) works on capture histories: for K lists,
// the number of persons seen on each observable pattern of lists (2^K - 1 of
// them; nobody is seen on "no list"). From those counts the engine estimates
// the size N of the whole population, with honest uncertainty, by
//   - log-linear models (Poisson regression on the observed cells, as the R
//     package Rcapture's closedpCI.t / closedpMS.t),
//   - the Bayesian non-parametric latent-class model of Manrique-Vallier
//     (Biometrics 2016), as the R package LCMCR,
// and makes rate x duration estimates from witness testimony.
//
// A pure library: in-memory data only, no SQL, no files except the histories
// reader. Choices and the exact conventions followed are in docs/estimation.md.
//
// Example:
//   ASSIGN_OR_RETURN(estimate::CaptureHistories histories,
//                    estimate::ReadHistoriesFile("kosovo.csv"));
//   ASSIGN_OR_RETURN(estimate::ModelSearch search, estimate::SearchModels(histories, {}));
//   const estimate::LogLinearFit& best = search.fits.front();
//   // best.estimate, best.lower, best.upper: N and its 95% profile interval
#ifndef SIJIL_ESTIMATE_ESTIMATE_H_
#define SIJIL_ESTIMATE_ESTIMATE_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sijil::estimate {

// ---------------------------------------------------------------------------
// Capture histories
// ---------------------------------------------------------------------------

// The largest number of lists a table may have (2^16 cells).
inline constexpr int kMaxLists = 16;

// Counts of persons per pattern of lists. Bit j of a pattern is list j.
struct CaptureHistories {
  std::vector<std::string> lists;  // list names, in column order
  // counts[pattern] for pattern in [0, 2^lists.size()); counts[0] is always 0.
  std::vector<int64_t> counts;

  int list_count() const { return static_cast<int>(lists.size()); }
  // Returns the number of persons observed (the sum of all counts).
  int64_t observed() const;
  // Returns the number of persons on list `list_idx`.
  int64_t OnList(int list_idx) const;
};

// Returns empty histories (all counts zero) over `lists`. Errors: fewer than
// two or more than kMaxLists lists, empty or duplicate names.
Result<CaptureHistories> MakeHistories(std::vector<std::string> lists);

// Adds `count` persons seen on exactly the lists of `pattern`.
// Errors: pattern 0 or out of range, negative count, overflow.
Status AddPattern(CaptureHistories& histories, uint32_t pattern, int64_t count);

// Returns the histories restricted to `keep` (names, in the order given):
// persons seen only on dropped lists disappear. Errors: unknown or repeated names.
Result<CaptureHistories> SelectLists(const CaptureHistories& histories,
                                     const std::vector<std::string>& keep);

// Returns the histories with the lists named in `group` merged into one list
// named after them joined by '+' (a person is on it when on any of them),
// placed where the first of them was. Errors: unknown names, fewer than two.
Result<CaptureHistories> MergeLists(const CaptureHistories& histories,
                                    const std::vector<std::string>& group);

// Applies a "--merge" spec such as "a+b" or "a+b,c+d" with MergeLists.
Result<CaptureHistories> ApplyMergeSpec(const CaptureHistories& histories, std::string_view spec);

// One linked person: the stratum they belong to (e.g. "Aleppo|2013") and the
// lists they were found on, as a pattern over the `lists` of StratifyPersons.
struct PersonObservation {
  std::string stratum;
  uint32_t pattern = 0;
};

// Returns one CaptureHistories per stratum key, in key order. Errors as
// MakeHistories and AddPattern (a person on no list is an error).
Result<std::map<std::string, CaptureHistories>> StratifyPersons(
    const std::vector<std::string>& lists, const std::vector<PersonObservation>& persons);

// Checks that `histories` can support an estimate: at least two lists, every
// list observed at least once, some person missed by each list, and more
// than one pattern observed. The message says which list and what to do.
Status CheckEstimable(const CaptureHistories& histories);

// Parses a histories CSV: a header with one column per list and a `count`
// column (any position), then one row per observed pattern with 0/1 cells and a
// non-negative integer count. Repeated patterns are added up; an all-zero
// pattern must have count 0. Errors name `file_name`, line and column.
Result<CaptureHistories> ParseHistoriesCsv(std::string_view text, std::string_view file_name);
// Reads and parses the file at `path` (as ParseHistoriesCsv).
Result<CaptureHistories> ReadHistoriesFile(const std::string& path);

// ---------------------------------------------------------------------------
// Log-linear models
// ---------------------------------------------------------------------------

// A hierarchical log-linear model: main effects of every list plus the
// interaction terms in `terms` (patterns with two or more bits). A model is
// kept closed under taking subsets: a*b*c brings a*b, a*c and b*c.
struct LogLinearModel {
  std::vector<uint32_t> terms;  // sorted by order then pattern; no main effects
};

// Returns the model for `spec` over `lists`: "independence" (main effects),
// "all2" (all two-way interactions), or comma-separated generators such as
// "a*b,c*d" or "a*b*c". Errors: unknown list names, a term naming one list,
// the K-way term (never identifiable from 2^K - 1 cells).
Result<LogLinearModel> ParseModel(std::string_view spec, const std::vector<std::string>& lists);
// Returns the closure of `generators` under subsets (terms of order >= 2).
LogLinearModel HierarchicalClosure(const std::vector<uint32_t>& generators);
// Returns the model's generators written with list names, e.g. "[EXH*ABA,OSCE]";
// "[independence]" when there are no interactions.
std::string ModelName(const LogLinearModel& model, const std::vector<std::string>& lists);

struct LogLinearOptions {
  double level = 0.95;             // confidence level of the profile interval
  double upper_search_factor = 3;  // as Rcapture's fmaxSupCL: search the upper limit up to 3 N
  bool profile_interval = true;    // false: only the point estimate and fit
};

// The fit of one model, with Rcapture's conventions (docs/estimation.md).
struct LogLinearFit {
  LogLinearModel model;
  std::string name;
  int64_t observed = 0;          // n
  double estimate = 0;           // Poisson estimate: n + exp(intercept)
  double stderr_estimate = 0;    // sqrt(exp(b0) + exp(2 b0) var(b0))
  double profile_estimate = 0;   // maximiser of the multinomial profile likelihood
  double lower = 0, upper = 0;   // profile likelihood interval at `level`
  bool upper_unbounded = false;  // no upper limit below upper_search_factor * estimate
  double level = 0.95;
  double deviance = 0;
  int df = 0;          // residual degrees of freedom: cells - parameters
  int parameters = 0;  // including the intercept
  double aic = 0;      // -2 log L (Poisson, with the log y! terms) + 2 p, as glm
  double bic = 0;      // -2 log L + log(n) p
  int iterations = 0;
  std::vector<std::string> warnings;  // e.g. terms fitted at the boundary
};

// Fits `model` by IRLS (Eigen). Errors: data not estimable (CheckEstimable),
// a non-identifiable design, an infinite estimate (the unobserved cell
// diverges: the message says which model and what to try instead).
Result<LogLinearFit> FitLogLinear(const CaptureHistories& histories, const LogLinearModel& model,
                                  const LogLinearOptions& options = {});

enum class Criterion { kAic, kBic };

struct SearchOptions {
  Criterion criterion = Criterion::kAic;
  // Highest order of the interaction terms searched (Rcapture's maxorder):
  // 2 to K - 1; 0 means K - 1.
  int max_order = 0;
  int top = 5;  // fits returned (with profile intervals), best first
  LogLinearOptions fit;
  int threads = 2;
};

// The estimate averaged over every fitted model with the criterion's weights
// w_m = exp(-delta_m / 2) / sum (Buckland, Burnham & Augustin, Biometrics
// 1997): it carries the uncertainty of the model choice, which the chosen
// model's own interval ignores. Estimate sum_m w_m N_m; standard error
// sum_m w_m sqrt(se_m^2 + (N_m - N)^2); interval: the model-averaged tail
// area (MATA) interval of Turek & Fletcher (2012), the quantiles of the
// w-weighted mixture of each model's log-normal distribution of the
// unobserved count (Chao's 1987 interval when there is one model), so it
// never falls below n.
struct ModelAverage {
  double estimate = 0;
  double stderr_estimate = 0;
  double lower = 0, upper = 0;
  double level = 0.95;
  int64_t models = 0;      // fitted models averaged over
  double best_weight = 0;  // the chosen model's weight
};

struct ModelSearch {
  std::vector<LogLinearFit> fits;  // the `top` best models, best first
  ModelAverage average;            // over every model fitted (visited, when stepwise)
  int64_t models_considered = 0;
  int64_t models_failed = 0;  // not identifiable or infinite estimate
  bool exhaustive = true;     // false: stepwise (too many models to fit them all)
};

// Searches hierarchical models (terms up to options.max_order) for the best
// by `criterion`: every model when there are at most 40,000 (as closedpMS.t:
// 4 lists 113, 5 lists 6,893, 6 lists up to two-way terms 32,768), else
// stepwise from independence (adding or removing one term at a time).
// Errors as FitLogLinear when no model can be fitted; a max_order of 1 or below 0.
Result<ModelSearch> SearchModels(const CaptureHistories& histories, const SearchOptions& options);

// ---------------------------------------------------------------------------
// Bayesian latent-class MSE (LCMCR)
// ---------------------------------------------------------------------------

// Defaults are those of LCMCR's documented Kosovo example (docs/estimation.md):
// K* = 10 classes, Gamma(0.25, 0.25) prior (shape, rate) on the stick-breaking
// concentration, Beta(1, 1) priors on the per-class capture probabilities,
// 10,000 burn-in iterations, 1,000 samples thinned by 100 (per chain).
struct LatentClassOptions {
  int classes = 10;
  double a_alpha = 0.25, b_alpha = 0.25;
  double a_lambda = 1, b_lambda = 1;
  int burnin = 10000;
  int samples = 1000;  // kept per chain
  int thinning = 100;
  int chains = 2;  // run in parallel threads
  int threads = 2;
  uint64_t seed = 1;
  double level = 0.95;
  // Adds Metropolis moves along the ridge that slows the Gibbs sampler (a
  // class's capture odds times s, its stick's odds divided by s): the same
  // posterior, 2-3 times the effective samples of N per iteration (1.5-1.9
  // times per CPU second). false: the LCMCR package's plain Gibbs sweep.
  bool scale_moves = true;
};

struct LatentClassResult {
  std::vector<std::vector<int64_t>> chains;  // posterior draws of N, per chain
  int64_t observed = 0;
  double median = 0, mean = 0, lower = 0, upper = 0;  // pooled over chains
  double level = 0.95;
  double r_hat = 0;        // split-chain potential scale reduction (1 when one chain of < 4 draws)
  double ess = 0;          // effective sample size of N, summed over chains
  double seconds = 0;      // wall time of the sampling
  int64_t iterations = 0;  // Gibbs sweeps over all chains, burn-in included
};

// Samples the posterior of N. Deterministic for a given options.seed (chain i
// is seeded by the i-th SplitMix64 output from options.seed; chains are spread
// over options.threads threads, which does not change results). Posterior
// summaries pool the chains; the interval is equal-tailed (R's quantile type 7).
// Errors: not estimable data (CheckEstimable), bad options.
//
// Example:
//   estimate::LatentClassOptions options;
//   options.seed = 12345;
//   ASSIGN_OR_RETURN(estimate::LatentClassResult posterior,
//                    estimate::SampleLatentClass(histories, options));
//   // posterior.median, posterior.lower, posterior.upper, posterior.r_hat
Result<LatentClassResult> SampleLatentClass(const CaptureHistories& histories,
                                            const LatentClassOptions& options);

// Returns the effective sample size of one chain (Geyer's initial monotone
// sequence on the autocorrelations, capped at n log10 n as Stan does); the
// draw count when the chain is constant or shorter than 4.
double EffectiveSampleSize(const std::vector<double>& draws);
// Returns the split-R-hat of `chains` (each chain cut in halves; Gelman et
// al., BDA3): 1 when the chains are shorter than 4, NaN when their lengths differ.
double SplitRHat(const std::vector<std::vector<double>>& chains);

// ---------------------------------------------------------------------------
// Testimony estimates
// ---------------------------------------------------------------------------

// A quantity a witness gives as a range; low == high when exact.
struct Range {
  double low = 0, high = 0;
};

// "Between 20 and 50 people hanged, once or twice a week, from September
// 2011 to December 2015": per_event = {20, 50}, events_per_period = {1, 2},
// period_days = 7, duration_days = the range of days between the earliest and
// latest readings of the two partial dates.
struct TestimonyInput {
  Range per_event;
  Range events_per_period;
  double period_days = 7;
  Range duration_days;
  int draws = 100000;
  uint64_t seed = 1;
  double level = 0.95;
};

struct TestimonyEstimate {
  double median = 0, mean = 0, lower = 0, upper = 0, level = 0.95;
  double minimum = 0, maximum = 0;  // product of the lows and of the highs
  std::vector<double> draws;        // sorted
  std::string assumptions;          // in words, for the report
};

// Draws each range uniformly and independently (the uncertainty is about the
// typical value over the whole period, not event-to-event variation), and
// returns the distribution of per_event x events x duration / period.
// Errors: low > high, negative values, no draws.
Result<TestimonyEstimate> EstimateTestimony(const TestimonyInput& input);

}  // namespace sijil::estimate

#endif  // SIJIL_ESTIMATE_ESTIMATE_H_
