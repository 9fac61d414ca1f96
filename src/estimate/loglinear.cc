// Log-linear MSE with Rcapture's conventions (closedpCI.t, closedpMS.t); see
// docs/estimation.md for the formulas and the cross-checks against R's glm.
#include <Eigen/Dense>
#include <algorithm>
#include <bit>
#include <cmath>
#include <iterator>
#include <limits>
#include <set>
#include <thread>

#include "estimate/estimate.h"
#include "estimate/internal/brent.h"
#include "estimate/internal/poisson_glm.h"
#include "estimate/internal/split.h"

namespace sijil::estimate {
namespace {

using internal::FitPoisson;
using internal::PoissonFit;

// Rcapture's tolerance for optimize() and uniroot() in closedpCI.t.
constexpr double kProfileTolerance = 1e-4;
// Beyond this standard error of the intercept (a factor e^20 either way) the
// unobserved cell is not bounded by the data: the estimate is infinite.
constexpr double kInfiniteInterceptStderr = 20;

bool TermLess(uint32_t a, uint32_t b) {
  const int order_a = std::popcount(a), order_b = std::popcount(b);
  return order_a != order_b ? order_a < order_b : a < b;
}

std::string TermName(uint32_t term, const std::vector<std::string>& lists) {
  std::string name;
  for (size_t list_idx = 0; list_idx < lists.size(); ++list_idx) {
    if (term >> list_idx & 1) name += (name.empty() ? "" : "*") + lists[list_idx];
  }
  return name;
}

// Returns the quantile of the chi-square distribution with one degree of
// freedom at `level`: the square of the normal quantile at (1 + level) / 2.
double ChiSquare1Quantile(double level) {
  const double target = (1 + level) / 2;
  double low = 0, high = 40;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double mid = (low + high) / 2;
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < target ? low : high) = mid;
  }
  return low * low;
}

// The model's design on the observed cells. Cells inside a term with no
// observed person are fitted as zero (the extended maximum likelihood): they
// and the term's column leave the regression, but still count as cells and
// parameters for df and AIC, as glm counts them.
struct Design {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  int cells = 0;       // 2^K - 1
  int parameters = 0;  // intercept + K + interaction terms
  std::vector<std::string> warnings;
};

Result<Design> BuildDesign(const CaptureHistories& histories, const LogLinearModel& model) {
  const int list_count = histories.list_count();
  const uint32_t cell_count = (1u << list_count) - 1;
  std::vector<uint32_t> zero_terms, kept_terms;
  for (uint32_t term : model.terms) {
    int64_t marginal = 0;
    for (uint32_t pattern = 1; pattern <= cell_count; ++pattern) {
      if ((pattern & term) == term) marginal += histories.counts[pattern];
    }
    (marginal == 0 ? zero_terms : kept_terms).push_back(term);
  }
  Design design;
  design.cells = static_cast<int>(cell_count);
  design.parameters = 1 + list_count + static_cast<int>(model.terms.size());
  std::vector<uint32_t> rows;
  for (uint32_t pattern = 1; pattern <= cell_count; ++pattern) {
    const bool structural = std::any_of(zero_terms.begin(), zero_terms.end(),
                                        [&](uint32_t term) { return (pattern & term) == term; });
    if (!structural) rows.push_back(pattern);
  }
  for (uint32_t term : zero_terms) {
    const bool minimal = std::none_of(zero_terms.begin(), zero_terms.end(), [&](uint32_t other) {
      return other != term && (other & term) == other;
    });
    if (minimal) {
      design.warnings.push_back("no person is on all of " + TermName(term, histories.lists) +
                                ": that interaction is at the boundary (-infinity) and the cells "
                                "containing it are fitted as 0");
    }
  }
  const int columns = 1 + list_count + static_cast<int>(kept_terms.size());
  if (static_cast<int>(rows.size()) < columns) {
    return InvalidArgumentError("the model has " + std::to_string(columns) + " parameters for " +
                                std::to_string(rows.size()) +
                                " usable cells: it is not identifiable; choose a simpler model");
  }
  design.x.resize(static_cast<Eigen::Index>(rows.size()), columns);
  design.y.resize(static_cast<Eigen::Index>(rows.size()));
  for (Eigen::Index row = 0; row < design.y.size(); ++row) {
    const uint32_t pattern = rows[static_cast<size_t>(row)];
    design.y[row] = static_cast<double>(histories.counts[pattern]);
    design.x(row, 0) = 1;
    for (int list_idx = 0; list_idx < list_count; ++list_idx) {
      design.x(row, 1 + list_idx) = pattern >> list_idx & 1;
    }
    for (Eigen::Index term_idx = 0; term_idx < static_cast<Eigen::Index>(kept_terms.size());
         ++term_idx) {
      const uint32_t term = kept_terms[static_cast<size_t>(term_idx)];
      design.x(row, 1 + list_count + term_idx) = (pattern & term) == term;
    }
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(design.x);
  if (qr.rank() < columns) {
    return InvalidArgumentError(
        "the model's parameters are not identifiable from the observed "
        "cells (design rank " +
        std::to_string(qr.rank()) + " < " + std::to_string(columns) + "); choose a simpler model");
  }
  return design;
}

double PoissonLogLikelihood(const Eigen::VectorXd& y, const Eigen::VectorXd& mu) {
  double loglik = 0;
  for (Eigen::Index cell = 0; cell < y.size(); ++cell) {
    loglik +=
        (y[cell] > 0 ? y[cell] * std::log(mu[cell]) : 0) - mu[cell] - std::lgamma(y[cell] + 1);
  }
  return loglik;
}

// Cormack's (1992) correction turning the Poisson deviance of the completed
// table into the multinomial profile log-likelihood, exactly as closedpCI.t.
double CormackCorrection(double n0, double total) {
  if (total > 100) {
    if (n0 == 0 || n0 == 1) return -total + 0.5 * std::log(2 * M_PI * total);
    return n0 - total - 0.5 * std::log(n0 / total);
  }
  const double n0_log_n0 = n0 > 0 ? n0 * std::log(n0) : 0;
  return n0_log_n0 + std::lgamma(total + 1) - total * std::log(total) - std::lgamma(n0 + 1);
}

// Adds the profile likelihood interval of closedpCI.t to `fit`.
void AddProfileInterval(const Design& design, const LogLinearOptions& options,
                        const Eigen::VectorXd& beta, LogLinearFit& fit) {
  const auto rows = design.x.rows();
  Eigen::MatrixXd x(rows + 1, design.x.cols());
  x << design.x, Eigen::RowVectorXd::Zero(design.x.cols());
  x(rows, 0) = 1;  // the unobserved cell: intercept only
  Eigen::VectorXd y(rows + 1);
  y << design.y, 0;
  Eigen::VectorXd warm = beta;
  const double n = static_cast<double>(fit.observed);
  auto profile = [&](double total) {
    const double n0 = total - n;
    y[rows] = n0;
    PoissonFit completed = FitPoisson(x, y, warm);
    if (!completed.converged) completed = FitPoisson(x, y);  // a warm start can overshoot
    if (completed.converged) warm = completed.beta;
    return (completed.deviance - 2 * CormackCorrection(n0, y.sum())) / -2;
  };
  const auto [maximiser, maximum] =
      internal::BrentMaximize(profile, n, 3 * fit.estimate, kProfileTolerance);
  const double threshold = maximum - ChiSquare1Quantile(options.level) / 2;
  auto above = [&](double total) { return profile(total) - threshold; };
  fit.profile_estimate = maximiser;
  fit.lower = internal::BrentRoot(above, n, maximiser, kProfileTolerance).value_or(n);
  const std::optional<double> upper = internal::BrentRoot(
      above, maximiser, options.upper_search_factor * fit.estimate, kProfileTolerance);
  fit.upper_unbounded = !upper.has_value();
  fit.upper = upper.value_or(std::numeric_limits<double>::infinity());
  if (fit.upper_unbounded) {
    fit.warnings.push_back(
        "the upper limit is above " +
        std::to_string(static_cast<int64_t>(options.upper_search_factor * fit.estimate)) +
        " (the profile likelihood does not fall enough): report it as "
        "unbounded or choose a simpler model");
  }
}

std::vector<uint32_t> Generators(const LogLinearModel& model) {
  std::vector<uint32_t> generators;
  for (uint32_t term : model.terms) {
    const bool maximal = std::none_of(model.terms.begin(), model.terms.end(), [&](uint32_t other) {
      return other != term && (other & term) == term;
    });
    if (maximal) generators.push_back(term);
  }
  return generators;
}

// The candidate interaction terms for K lists, sorted: orders 2 to max_order
// (at most K - 1; 0 means K - 1).
std::vector<uint32_t> CandidateTerms(int list_count, int max_order = 0) {
  const int highest = max_order > 0 ? std::min(max_order, list_count - 1) : list_count - 1;
  std::vector<uint32_t> terms;
  for (uint32_t term = 1; term < (1u << list_count); ++term) {
    const int order = std::popcount(term);
    if (order >= 2 && order <= highest) terms.push_back(term);
  }
  std::sort(terms.begin(), terms.end(), TermLess);
  return terms;
}

bool SubtermsPresent(uint32_t term, const std::set<uint32_t>& present) {
  if (std::popcount(term) <= 2) return true;
  for (uint32_t bits = term; bits != 0; bits &= bits - 1) {
    const uint32_t subterm = term & ~(bits & -bits);
    if (!present.count(subterm)) return false;
  }
  return true;
}

// The most models an exhaustive search fits (5 lists: 6,893; 6 lists up to
// two-way terms: 32,768); beyond it the search is stepwise.
constexpr size_t kMaxExhaustiveModels = 40000;

// Enumerates every hierarchical model over `terms` (sorted by order); stops
// and returns false once there are more than kMaxExhaustiveModels.
bool EnumerateModels(const std::vector<uint32_t>& terms, size_t term_idx,
                     std::set<uint32_t>& present, std::vector<LogLinearModel>& models) {
  if (models.size() > kMaxExhaustiveModels) return false;
  if (term_idx == terms.size()) {
    models.push_back({.terms = {present.begin(), present.end()}});
    std::sort(models.back().terms.begin(), models.back().terms.end(), TermLess);
    return true;
  }
  if (!EnumerateModels(terms, term_idx + 1, present, models)) return false;
  const uint32_t term = terms[term_idx];
  if (!SubtermsPresent(term, present)) return true;
  present.insert(term);
  const bool complete = EnumerateModels(terms, term_idx + 1, present, models);
  present.erase(term);
  return complete;
}

double CriterionValue(const LogLinearFit& fit, Criterion criterion) {
  return criterion == Criterion::kAic ? fit.aic : fit.bic;
}

struct Scored {
  LogLinearModel model;
  double score = std::numeric_limits<double>::infinity();
  double estimate = 0, stderr_estimate = 0;
  bool ok = false;
};

// Fits every model (without intervals) on `threads` threads.
std::vector<Scored> ScoreModels(const CaptureHistories& histories,
                                const std::vector<LogLinearModel>& models, Criterion criterion,
                                int threads) {
  std::vector<Scored> scored(models.size());
  LogLinearOptions quick;
  quick.profile_interval = false;
  auto work = [&](size_t first) {
    for (size_t model_idx = first; model_idx < models.size();
         model_idx += static_cast<size_t>(threads)) {
      scored[model_idx].model = models[model_idx];
      Result<LogLinearFit> fit = FitLogLinear(histories, models[model_idx], quick);
      if (fit.ok()) {
        scored[model_idx].score = CriterionValue(*fit, criterion);
        scored[model_idx].estimate = fit->estimate;
        scored[model_idx].stderr_estimate = fit->stderr_estimate;
        scored[model_idx].ok = true;
      }
    }
  };
  threads = std::max(1, std::min<int>(threads, static_cast<int>(models.size())));
  std::vector<std::thread> pool;
  for (int thread_idx = 1; thread_idx < threads; ++thread_idx) pool.emplace_back(work, thread_idx);
  work(0);
  for (std::thread& thread : pool) thread.join();
  return scored;
}

// Greedy search for many lists: from independence, repeatedly take the best
// single addition or removal of a term that keeps the model hierarchical.
std::vector<Scored> StepwiseSearch(const CaptureHistories& histories,
                                   const std::vector<uint32_t>& candidates, Criterion criterion,
                                   int threads) {
  std::vector<Scored> visited = ScoreModels(histories, {LogLinearModel{}}, criterion, 1);
  std::set<std::vector<uint32_t>> seen = {{}};
  Scored current = visited.front();
  while (true) {
    std::set<uint32_t> present(current.model.terms.begin(), current.model.terms.end());
    std::vector<LogLinearModel> neighbours;
    for (uint32_t term : candidates) {
      std::set<uint32_t> next = present;
      if (present.count(term)) {
        const bool maximal = std::none_of(present.begin(), present.end(), [&](uint32_t other) {
          return other != term && (other & term) == term;
        });
        if (!maximal) continue;
        next.erase(term);
      } else {
        if (!SubtermsPresent(term, present)) continue;
        next.insert(term);
      }
      LogLinearModel model{.terms = {next.begin(), next.end()}};
      std::sort(model.terms.begin(), model.terms.end(), TermLess);
      if (seen.insert(model.terms).second) neighbours.push_back(std::move(model));
    }
    std::vector<Scored> scored = ScoreModels(histories, neighbours, criterion, threads);
    visited.insert(visited.end(), scored.begin(), scored.end());
    auto best =
        std::min_element(scored.begin(), scored.end(),
                         [](const Scored& a, const Scored& b) { return a.score < b.score; });
    if (best == scored.end() || !best->ok || best->score >= current.score) return visited;
    current = *best;
  }
}

// One fitted model's part in the average: its weight, and its sampling
// distribution of the unobserved count f0 taken as log-normal with median
// f0 and log-scale spread sqrt(log(1 + se^2 / f0^2)), as Chao's interval.
struct WeightedModel {
  double weight, estimate, stderr_estimate, log_unobserved, log_spread;
};

std::vector<WeightedModel> WeighModels(const std::vector<Scored>& scored, int64_t observed) {
  std::vector<WeightedModel> models;
  double total = 0;
  for (const Scored& entry : scored) {
    if (!entry.ok) continue;
    const double unobserved = entry.estimate - static_cast<double>(observed);
    models.push_back({std::exp(-(entry.score - scored.front().score) / 2), entry.estimate,
                      entry.stderr_estimate, std::log(unobserved),
                      std::sqrt(std::log1p(std::pow(entry.stderr_estimate / unobserved, 2)))});
    total += models.back().weight;
  }
  for (WeightedModel& model : models) model.weight /= total;
  return models;
}

// Models below this weight are left out of the interval's mixture: together
// they hold at most 40,000 x 1e-12 of its probability, and most of a large
// search's models are among them.
constexpr double kNegligibleModelWeight = 1e-12;

// Returns the `probability` quantile of the weighted mixture of the models'
// log-normal distributions of f0, plus n: a limit of the model-averaged tail
// area (MATA) interval of Turek & Fletcher (2012), found by bisection on log f0.
// `models` holds only those of weight kNegligibleModelWeight or more.
double MixtureQuantile(const std::vector<WeightedModel>& models, int64_t observed,
                       double probability) {
  double low = models.front().log_unobserved, high = low;
  for (const WeightedModel& model : models) {
    low = std::min(low, model.log_unobserved - 10 * model.log_spread);
    high = std::max(high, model.log_unobserved + 10 * model.log_spread);
  }
  for (int iteration = 0; iteration < 100; ++iteration) {
    const double middle = (low + high) / 2;
    double below = 0;
    for (const WeightedModel& model : models) {
      below += model.weight * 0.5 *
               std::erfc((model.log_unobserved - middle) / (model.log_spread * std::sqrt(2.0)));
    }
    (below < probability ? low : high) = middle;
  }
  return static_cast<double>(observed) + std::exp((low + high) / 2);
}

// Averages the fitted models of `scored` (sorted, best first) with the
// criterion's weights: ModelAverage in estimate.h.
ModelAverage AverageModels(const std::vector<Scored>& scored, int64_t observed, double level) {
  const std::vector<WeightedModel> models = WeighModels(scored, observed);
  ModelAverage average;
  average.level = level;
  average.models = static_cast<int64_t>(models.size());
  average.best_weight = models.front().weight;
  for (const WeightedModel& model : models) average.estimate += model.weight * model.estimate;
  for (const WeightedModel& model : models) {
    average.stderr_estimate +=
        model.weight * std::hypot(model.stderr_estimate, model.estimate - average.estimate);
  }
  std::vector<WeightedModel> weighty;
  std::copy_if(models.begin(), models.end(), std::back_inserter(weighty),
               [](const WeightedModel& model) { return model.weight >= kNegligibleModelWeight; });
  average.lower = MixtureQuantile(weighty, observed, (1 - level) / 2);
  average.upper = MixtureQuantile(weighty, observed, (1 + level) / 2);
  return average;
}

}  // namespace

LogLinearModel HierarchicalClosure(const std::vector<uint32_t>& generators) {
  std::set<uint32_t> terms;
  for (uint32_t generator : generators) {
    // Every subset of the generator with two or more lists.
    for (uint32_t subset = generator; subset != 0; subset = (subset - 1) & generator) {
      if (std::popcount(subset) >= 2) terms.insert(subset);
    }
  }
  LogLinearModel model{.terms = {terms.begin(), terms.end()}};
  std::sort(model.terms.begin(), model.terms.end(), TermLess);
  return model;
}

std::string ModelName(const LogLinearModel& model, const std::vector<std::string>& lists) {
  std::vector<uint32_t> generators = Generators(model);
  if (generators.empty()) return "[independence]";
  std::string name = "[";
  for (uint32_t generator : generators) {
    name += (name.size() > 1 ? "," : "") + TermName(generator, lists);
  }
  return name + "]";
}

Result<LogLinearModel> ParseModel(std::string_view spec, const std::vector<std::string>& lists) {
  const int list_count = static_cast<int>(lists.size());
  if (spec == "independence") return LogLinearModel{};
  std::vector<uint32_t> generators;
  if (spec == "all2") {
    for (uint32_t term : CandidateTerms(list_count)) {
      if (std::popcount(term) == 2) generators.push_back(term);
    }
    return HierarchicalClosure(generators);
  }
  for (const std::string& text : internal::SplitTrimmed(spec, ',')) {
    uint32_t term = 0;
    for (const std::string& name : internal::SplitTrimmed(text, '*')) {
      const auto found = std::find(lists.begin(), lists.end(), name);
      if (found == lists.end()) {
        std::string message = "--model: unknown list '" + name + "' in '";
        message += text;
        message += "' (expected independence, all2 or terms such as a*b,c*d over the lists)";
        return InvalidArgumentError(message);
      }
      term |= 1u << (found - lists.begin());
    }
    if (std::popcount(term) < 2) {
      return InvalidArgumentError("--model: '" + text +
                                  "' is a main effect; main effects are "
                                  "always in the model, name interactions such as a*b");
    }
    if (std::popcount(term) == list_count) {
      return InvalidArgumentError("--model: '" + text + "' is the " + std::to_string(list_count) +
                                  "-way interaction, which the " +
                                  std::to_string((1 << list_count) - 1) +
                                  " observed cells can never identify");
    }
    generators.push_back(term);
  }
  return HierarchicalClosure(generators);
}

Result<LogLinearFit> FitLogLinear(const CaptureHistories& histories, const LogLinearModel& model,
                                  const LogLinearOptions& options) {
  RETURN_IF_ERROR(CheckEstimable(histories));
  if (!(options.level > 0 && options.level < 1)) {
    return InvalidArgumentError("the confidence level must be between 0 and 1");
  }
  LogLinearFit fit;
  fit.model = model;
  fit.name = ModelName(model, histories.lists);
  fit.observed = histories.observed();
  fit.level = options.level;
  Result<Design> built = BuildDesign(histories, model);
  if (!built.ok()) return built.status().WithContext("model " + fit.name);
  const Design& design = *built;
  fit.warnings = design.warnings;
  const PoissonFit poisson = FitPoisson(design.x, design.y);
  const Eigen::MatrixXd covariance = internal::PoissonCovariance(design.x, poisson.mu);
  const double intercept = poisson.beta.size() > 0 ? poisson.beta[0] : 0;
  const double intercept_variance = covariance(0, 0);
  if (!poisson.converged || !std::isfinite(intercept) || !std::isfinite(intercept_variance) ||
      std::sqrt(intercept_variance) > kInfiniteInterceptStderr) {
    return InvalidArgumentError(
        "model " + fit.name +
        ": the estimate is infinite: the observed overlaps cannot bound "
        "the number nobody recorded (typically two lists that share nobody, or an interaction "
        "that absorbs all overlap); choose a simpler model or merge lists");
  }
  const double unobserved = std::exp(intercept);
  fit.estimate = static_cast<double>(fit.observed) + unobserved;
  fit.stderr_estimate = std::sqrt(unobserved + unobserved * unobserved * intercept_variance);
  fit.deviance = poisson.deviance;
  fit.iterations = poisson.iterations;
  fit.parameters = design.parameters;
  fit.df = design.cells - design.parameters;
  const double loglik = PoissonLogLikelihood(design.y, poisson.mu);
  fit.aic = -2 * loglik + 2 * fit.parameters;
  fit.bic = -2 * loglik + std::log(static_cast<double>(fit.observed)) * fit.parameters;
  if (options.profile_interval) AddProfileInterval(design, options, poisson.beta, fit);
  return fit;
}

Result<ModelSearch> SearchModels(const CaptureHistories& histories, const SearchOptions& options) {
  RETURN_IF_ERROR(CheckEstimable(histories));
  ModelSearch search;
  std::vector<Scored> scored;
  if (options.max_order < 0 || options.max_order == 1) {
    return InvalidArgumentError("the highest interaction order must be 2 or more (0: K - 1), got " +
                                std::to_string(options.max_order));
  }
  const std::vector<uint32_t> candidates =
      CandidateTerms(histories.list_count(), options.max_order);
  std::vector<LogLinearModel> models;
  std::set<uint32_t> present;
  if (EnumerateModels(candidates, 0, present, models)) {
    scored = ScoreModels(histories, models, options.criterion, options.threads);
  } else {
    search.exhaustive = false;
    scored = StepwiseSearch(histories, candidates, options.criterion, options.threads);
  }
  search.models_considered = static_cast<int64_t>(scored.size());
  search.models_failed =
      std::count_if(scored.begin(), scored.end(), [](const Scored& entry) { return !entry.ok; });
  std::stable_sort(scored.begin(), scored.end(),
                   [](const Scored& a, const Scored& b) { return a.score < b.score; });
  if (scored.front().ok) {
    search.average = AverageModels(scored, histories.observed(), options.fit.level);
  }
  Status first_error;
  for (const Scored& entry : scored) {
    if (static_cast<int>(search.fits.size()) >= options.top) break;
    Result<LogLinearFit> fit = FitLogLinear(histories, entry.model, options.fit);
    if (fit.ok()) {
      search.fits.push_back(std::move(fit).value());
    } else if (first_error.ok()) {
      first_error = fit.status();
    }
  }
  if (search.fits.empty()) {
    return first_error.ok() ? InvalidArgumentError("no log-linear model could be fitted")
                            : first_error.WithContext("no log-linear model could be fitted");
  }
  return search;
}

}  // namespace sijil::estimate
