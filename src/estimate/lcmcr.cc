// The non-parametric latent class model of Manrique-Vallier (Biometrics
// 2016), sampled as the R package LCMCR does, on pattern frequencies:
//   x | z = k ~ prod_j Bernoulli(lambda_jk),  lambda_jk ~ Beta(1, 1),
//   z ~ pi,  pi by truncated stick-breaking V_k ~ Beta(1, alpha),
//   alpha ~ Gamma(a_alpha, b_alpha),  p(N) proportional to 1 / N.
// One sweep: classes of the observed persons (a multinomial per pattern),
// N - n ~ NegBinomial(n, 1 - pi0) and the classes of the unobserved, then
// lambda, the sticks and alpha from their conjugate full conditionals.
//
// With scale_moves, each sweep then moves every class along the ridge the
// Gibbs sweep crawls along (fewer captures and more unobserved persons in a
// class explain the same table): Metropolis steps on the class's lambda and
// V whose target is the posterior of (lambda, V, alpha) given the table
// alone, with N and the classes summed out:
//   p(lambda, V, alpha | table) ~ prior x prod_x (p_x / (1 - p_0))^{n_x},
// p_x = sum_k pi_k prod_j lambda_jk^{x_j} (1 - lambda_jk)^{1 - x_j}. The next
// sweep redraws the classes and N from their conditionals given (lambda, pi)
// alone, so a move that keeps that marginal posterior keeps the joint one.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <thread>

#include "estimate/estimate.h"
#include "estimate/internal/random.h"
#include "estimate/internal/summary.h"

namespace sijil::estimate {
namespace {

using internal::RandomSource;

// A Beta draw kept as the value and its complement, each computed from the
// two gamma draws so that neither rounds to zero when the other is near one.
struct BetaDraw {
  double value, complement;
};

// Classes whose joint weight is below this are not worth moving.
constexpr double kNegligibleWeight = 1e-3;
// Ridge moves per class and sweep: two mix N better per second than one or four.
constexpr int kRidgeMoves = 2;

// The largest classes x observed patterns table a chain keeps (128 MiB).
constexpr int64_t kMaxTableCells = int64_t{1} << 24;

std::vector<uint32_t> ObservedPatterns(const CaptureHistories& histories) {
  std::vector<uint32_t> patterns;
  for (uint32_t pattern = 1; pattern < histories.counts.size(); ++pattern) {
    if (histories.counts[pattern] != 0) patterns.push_back(pattern);
  }
  return patterns;
}

class Chain {
 public:
  Chain(const CaptureHistories& histories, const LatentClassOptions& options, uint64_t seed)
      : lists_(histories.list_count()),
        classes_(options.classes),
        options_(options),
        rng_(seed),
        patterns_(ObservedPatterns(histories)),
        observed_(histories.observed()),
        lambda_(Cells()),
        lambda_complement_(Cells()),
        stick_(Classes()),
        stick_complement_(Classes()),
        pi_(Classes()),
        weights_(Classes()),
        allocation_(Classes()),
        class_size_(Classes()),
        ones_(Cells()),
        order_(Classes()),
        pattern_given_class_(patterns_.size() * Classes()),
        class_missed_(Classes()),
        class_seen_(Classes()),
        proposal_lambda_(static_cast<size_t>(lists_)),
        proposal_complement_(static_cast<size_t>(lists_)),
        proposal_column_(patterns_.size()),
        earlier_pattern_(patterns_.size()),
        later_pattern_(patterns_.size()),
        scale_step_(Classes(), 0.1) {
    for (uint32_t pattern : patterns_) pattern_counts_.push_back(histories.counts[pattern]);
    for (size_t cell = 0; cell < lambda_.size(); ++cell) {
      const BetaDraw draw = Beta(1, 1);
      lambda_[cell] = draw.value;
      lambda_complement_[cell] = draw.complement;
    }
    DrawSticks();
    UpdateClassProbabilities();
  }

  // Runs burn-in and sampling; returns the kept draws of N.
  std::vector<int64_t> Run() {
    std::vector<int64_t> draws;
    draws.reserve(static_cast<size_t>(options_.samples));
    for (int sweep = 0; sweep < options_.burnin; ++sweep) Sweep(/*tuning=*/true);
    for (int sample = 0; sample < options_.samples; ++sample) {
      for (int sweep = 0; sweep < options_.thinning; ++sweep) Sweep(/*tuning=*/false);
      draws.push_back(observed_ + unobserved_);
    }
    return draws;
  }

 private:
  size_t Classes() const { return static_cast<size_t>(classes_); }
  size_t Cells() const { return Classes() * static_cast<size_t>(lists_); }

  void Sweep(bool tuning) {
    std::fill(class_size_.begin(), class_size_.end(), 0);
    std::fill(ones_.begin(), ones_.end(), 0);
    AllocateObserved();
    DrawUnobserved();
    DrawLambda();
    DrawSticks();
    DrawAlpha();
    UpdateClassProbabilities();
    if (!options_.scale_moves) return;
    double later_classes = 1;  // their weight: unchanged by their moves
    for (size_t class_idx = 0; class_idx + 1 < Classes(); ++class_idx) {
      if (later_classes > kNegligibleWeight) {
        SplitMixture(class_idx);
        for (int move = 0; move < kRidgeMoves; ++move) ScaleClass(class_idx, tuning);
      }
      later_classes *= stick_complement_[class_idx];
    }
  }

  // For the moves of class `klass`: each observed pattern's probability
  // (and P(seen)) from the classes before it and from those after it. A move
  // leaves the first part alone and scales the second by one factor, so it
  // costs one pass over the patterns instead of one over patterns x classes.
  void SplitMixture(size_t klass) {
    earlier_seen_ = later_seen_ = 0;
    for (size_t class_idx = 0; class_idx < Classes(); ++class_idx) {
      if (class_idx == klass) continue;
      (class_idx < klass ? earlier_seen_ : later_seen_) += pi_[class_idx] * class_seen_[class_idx];
    }
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      const double* given_class = &pattern_given_class_[pattern_idx * Classes()];
      double earlier = 0, later = 0;
      for (size_t class_idx = 0; class_idx < klass; ++class_idx) {
        earlier += pi_[class_idx] * given_class[class_idx];
      }
      for (size_t class_idx = klass + 1; class_idx < Classes(); ++class_idx) {
        later += pi_[class_idx] * given_class[class_idx];
      }
      earlier_pattern_[pattern_idx] = earlier;
      later_pattern_[pattern_idx] = later;
    }
  }

  void AllocateObserved() {
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      const uint32_t pattern = patterns_[pattern_idx];
      const double* given_class = &pattern_given_class_[pattern_idx * Classes()];
      for (size_t class_idx = 0; class_idx < Classes(); ++class_idx) {
        weights_[class_idx] = pi_[class_idx] * given_class[class_idx];
      }
      Allocate(pattern_counts_[pattern_idx]);
      for (int class_idx = 0; class_idx < classes_; ++class_idx) {
        const int64_t members = allocation_[static_cast<size_t>(class_idx)];
        if (members == 0) continue;
        class_size_[static_cast<size_t>(class_idx)] += members;
        int64_t* ones = &ones_[static_cast<size_t>(class_idx) * static_cast<size_t>(lists_)];
        for (int list_idx = 0; list_idx < lists_; ++list_idx) {
          if (pattern >> list_idx & 1) ones[list_idx] += members;
        }
      }
    }
  }

  // N - n | lambda, pi ~ NegBinomial(n, 1 - pi0), drawn as a gamma-Poisson
  // mixture; then the unobserved persons' classes.
  void DrawUnobserved() {
    double missed = 0, seen = 0;  // pi0: the probability of being on no list; 1 - pi0
    for (size_t class_idx = 0; class_idx < Classes(); ++class_idx) {
      weights_[class_idx] = pi_[class_idx] * class_missed_[class_idx];
      missed += weights_[class_idx];
      seen += pi_[class_idx] * class_seen_[class_idx];
    }
    seen = std::max(seen, std::numeric_limits<double>::min());
    const double mean = Gamma(static_cast<double>(observed_)) * (missed / seen);
    unobserved_ = mean > 0 ? std::poisson_distribution<int64_t>(mean)(rng_.bits()) : 0;
    Allocate(unobserved_);
    for (int class_idx = 0; class_idx < classes_; ++class_idx) {
      class_size_[static_cast<size_t>(class_idx)] += allocation_[static_cast<size_t>(class_idx)];
    }
  }

  void DrawLambda() {
    for (int class_idx = 0; class_idx < classes_; ++class_idx) {
      const double size = static_cast<double>(class_size_[static_cast<size_t>(class_idx)]);
      for (int list_idx = 0; list_idx < lists_; ++list_idx) {
        const size_t cell = static_cast<size_t>(class_idx) * static_cast<size_t>(lists_) +
                            static_cast<size_t>(list_idx);
        const double ones = static_cast<double>(ones_[cell]);
        const BetaDraw draw = Beta(options_.a_lambda + ones, options_.b_lambda + size - ones);
        lambda_[cell] = draw.value;
        lambda_complement_[cell] = draw.complement;
      }
    }
  }

  // V_k ~ Beta(1 + n_k, alpha + n_{>k}), V_K = 1; pi_k = V_k prod_{h<k} (1 - V_h).
  void DrawSticks() {
    int64_t later = 0;
    for (int64_t size : class_size_) later += size;
    log_stick_complements_ = 0;
    for (size_t class_idx = 0; class_idx + 1 < Classes(); ++class_idx) {
      const int64_t size = class_size_[class_idx];
      later -= size;
      const BetaDraw stick =
          Beta(1 + static_cast<double>(size), alpha_ + static_cast<double>(later));
      stick_[class_idx] = stick.value;
      stick_complement_[class_idx] = stick.complement;
      log_stick_complements_ += std::log(stick.complement);
    }
    double remaining = 1;
    for (size_t class_idx = 0; class_idx + 1 < Classes(); ++class_idx) {
      pi_[class_idx] = remaining * stick_[class_idx];
      remaining *= stick_complement_[class_idx];
    }
    pi_.back() = remaining;
  }

  void DrawAlpha() {
    const double shape = options_.a_alpha + classes_ - 1;
    alpha_ = Gamma(shape) / (options_.b_alpha - log_stick_complements_);
    alpha_ = std::max(alpha_, std::numeric_limits<double>::min());
  }

  // Fills `column` (stride Classes()) with P(pattern | class) for every
  // observed pattern from that class's capture probabilities; returns
  // P(seen | class), summed list by list so that it keeps its precision
  // when every probability is small.
  double ClassProbabilities(const double* lambda, const double* complement, double* column,
                            size_t stride, double& missed) const {
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      const uint32_t pattern = patterns_[pattern_idx];
      double probability = 1;
      for (int list_idx = 0; list_idx < lists_; ++list_idx) {
        probability *= (pattern >> list_idx & 1) ? lambda[list_idx] : complement[list_idx];
      }
      column[pattern_idx * stride] = probability;
    }
    double seen = 0;
    missed = 1;
    for (int list_idx = 0; list_idx < lists_; ++list_idx) {
      seen += missed * lambda[list_idx];
      missed *= complement[list_idx];
    }
    return seen;
  }

  // log prod_x (p_x / (1 - p_0))^{n_x} of the current (lambda, pi) over the table.
  double LogLikelihood() const {
    double seen = 0;
    for (size_t class_idx = 0; class_idx < Classes(); ++class_idx) {
      seen += pi_[class_idx] * class_seen_[class_idx];
    }
    double log_likelihood = -static_cast<double>(observed_) * std::log(seen);
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      const double* given_class = &pattern_given_class_[pattern_idx * Classes()];
      double probability = 0;
      for (size_t class_idx = 0; class_idx < Classes(); ++class_idx) {
        probability += pi_[class_idx] * given_class[class_idx];
      }
      log_likelihood += static_cast<double>(pattern_counts_[pattern_idx]) * std::log(probability);
    }
    return log_likelihood;
  }

  void UpdateClassProbabilities() {
    for (size_t class_idx = 0; class_idx < Classes(); ++class_idx) {
      const size_t row = class_idx * static_cast<size_t>(lists_);
      class_seen_[class_idx] =
          ClassProbabilities(&lambda_[row], &lambda_complement_[row],
                             &pattern_given_class_[class_idx], Classes(), class_missed_[class_idx]);
    }
    if (options_.scale_moves) log_likelihood_ = LogLikelihood();
  }

  // Metropolis move of class k along the ridge: the log-odds of each
  // lambda_jk shifted by u and that of its stick V_k by -u (capture up,
  // weight against the later classes down), u ~ Normal(0, step). A shift is
  // undone by -u; its Jacobian turns a Beta(a, b) prior density
  // p^(a-1) (1-p)^(b-1) into p^a (1-p)^b.
  void ScaleClass(size_t klass, bool tuning) {
    const size_t row = klass * static_cast<size_t>(lists_);
    const double log_scale = scale_step_[klass] * rng_.Normal(), scale = std::exp(log_scale);
    double denominators = 1;  // their product: one log instead of one per list
    for (size_t list_idx = 0; list_idx < static_cast<size_t>(lists_); ++list_idx) {
      const double lambda = lambda_[row + list_idx],
                   complement = lambda_complement_[row + list_idx];
      const double denominator = complement + lambda * scale;
      proposal_lambda_[list_idx] = lambda * scale / denominator;
      proposal_complement_[list_idx] = complement / denominator;
      denominators *= denominator;
    }
    double log_prior_ratio = lists_ * options_.a_lambda * log_scale -
                             (options_.a_lambda + options_.b_lambda) * std::log(denominators);
    const double denominator = stick_[klass] + stick_complement_[klass] * scale;
    const double stick = stick_[klass] / denominator;
    const double stick_complement = stick_complement_[klass] * scale / denominator;
    log_prior_ratio += alpha_ * log_scale - (1 + alpha_) * std::log(denominator);
    const double later_ratio = scale / denominator;
    const double weight = pi_[klass] / denominator;
    double missed = 0;
    const double seen = ClassProbabilities(proposal_lambda_.data(), proposal_complement_.data(),
                                           proposal_column_.data(), 1, missed);
    double log_likelihood = -static_cast<double>(observed_) *
                            std::log(earlier_seen_ + weight * seen + later_ratio * later_seen_);
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      const double probability = earlier_pattern_[pattern_idx] +
                                 weight * proposal_column_[pattern_idx] +
                                 later_ratio * later_pattern_[pattern_idx];
      log_likelihood += static_cast<double>(pattern_counts_[pattern_idx]) * std::log(probability);
    }
    const double log_ratio = log_likelihood - log_likelihood_ + log_prior_ratio;
    const bool accepted = std::log(rng_.Uniform()) < log_ratio;
    Tune(klass, accepted, tuning);
    if (!accepted) return;
    std::copy(proposal_lambda_.begin(), proposal_lambda_.end(), &lambda_[row]);
    std::copy(proposal_complement_.begin(), proposal_complement_.end(), &lambda_complement_[row]);
    stick_[klass] = stick;
    stick_complement_[klass] = stick_complement;
    pi_[klass] = weight;
    for (size_t other = klass + 1; other < Classes(); ++other) pi_[other] *= later_ratio;
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      pattern_given_class_[pattern_idx * Classes() + klass] = proposal_column_[pattern_idx];
      later_pattern_[pattern_idx] *= later_ratio;
    }
    later_seen_ *= later_ratio;
    class_seen_[klass] = seen;
    class_missed_[klass] = missed;
    log_likelihood_ = log_likelihood;
  }

  // During burn-in, steers each class's step towards ~40% acceptance
  // (x1.03 on acceptance, x0.98 on rejection); fixed while sampling.
  void Tune(size_t class_idx, bool accepted, bool tuning) {
    if (tuning) scale_step_[class_idx] *= accepted ? 1.03 : 0.98;
  }

  // Draws how `count` persons spread over the classes with probabilities
  // proportional to weights_, into allocation_: one categorical draw per
  // person for small counts, conditional binomials otherwise.
  void Allocate(int64_t count) {
    std::fill(allocation_.begin(), allocation_.end(), 0);
    double total = 0;
    for (double weight : weights_) total += weight;
    if (count <= kPerPersonLimit) {
      for (int64_t person = 0; person < count; ++person) {
        double target = rng_.Uniform() * total;
        int class_idx = 0;
        while (class_idx + 1 < classes_ && target >= weights_[static_cast<size_t>(class_idx)]) {
          target -= weights_[static_cast<size_t>(class_idx)];
          ++class_idx;
        }
        ++allocation_[static_cast<size_t>(class_idx)];
      }
      return;
    }
    // Largest weights first: the remaining count reaches zero sooner.
    for (int position = 0; position < classes_; ++position) {
      int class_idx = position;
      while (class_idx > 0 &&
             weights_[static_cast<size_t>(order_[static_cast<size_t>(class_idx - 1)])] <
                 weights_[static_cast<size_t>(position)]) {
        order_[static_cast<size_t>(class_idx)] = order_[static_cast<size_t>(class_idx - 1)];
        --class_idx;
      }
      order_[static_cast<size_t>(class_idx)] = position;
    }
    int64_t remaining = count;
    for (int position = 0; position + 1 < classes_ && remaining > 0; ++position) {
      const size_t class_idx = static_cast<size_t>(order_[static_cast<size_t>(position)]);
      const double weight = weights_[class_idx];
      const double probability = total > weight ? weight / total : 1.0;
      const int64_t members = rng_.Binomial(remaining, probability);
      allocation_[class_idx] = members;
      remaining -= members;
      total -= weight;
    }
    allocation_[static_cast<size_t>(order_.back())] += remaining;
  }

  double Gamma(double shape) { return rng_.Gamma(shape); }

  BetaDraw Beta(double a, double b) {
    const double x = Gamma(a), y = Gamma(b);
    const double sum = x + y;
    constexpr double kTiny = std::numeric_limits<double>::min();
    if (!(sum > 0)) return {0.5, 0.5};
    return {std::max(x / sum, kTiny), std::max(y / sum, kTiny)};
  }

  static constexpr int64_t kPerPersonLimit = 8;

  const int lists_, classes_;
  const LatentClassOptions& options_;
  RandomSource rng_;
  const std::vector<uint32_t> patterns_;  // observed patterns, and their counts
  std::vector<int64_t> pattern_counts_;
  const int64_t observed_;
  int64_t unobserved_ = 0;
  std::vector<double> lambda_, lambda_complement_;  // [class * lists + list]
  std::vector<double> stick_, stick_complement_;    // V_k, 1 - V_k (the last unused)
  std::vector<double> pi_, weights_;                // per class
  double alpha_ = 1, log_stick_complements_ = 0;
  std::vector<int64_t> allocation_, class_size_;  // per class
  std::vector<int64_t> ones_;                     // [class * lists + list]: members on the list
  std::vector<int> order_;                        // classes by decreasing weight
  // P(pattern | class) [pattern * classes + class] for the observed
  // patterns; P(no list | class), P(some list | class).
  std::vector<double> pattern_given_class_, class_missed_, class_seen_;
  double log_likelihood_ = 0;  // of the current (lambda, pi), for the scale moves
  std::vector<double> proposal_lambda_, proposal_complement_, proposal_column_;
  // SplitMixture: per observed pattern, sum_k pi_k P(pattern | k) over the
  // classes before and after the moving one; the same for P(seen).
  std::vector<double> earlier_pattern_, later_pattern_;
  double earlier_seen_ = 0, later_seen_ = 0;
  std::vector<double> scale_step_;  // per class: sd of u
};

Status CheckOptions(const LatentClassOptions& options) {
  if (options.classes < 1 || options.classes > 1000) {
    return InvalidArgumentError("latent classes: expected 1 to 1000, got " +
                                std::to_string(options.classes));
  }
  if (!(options.a_alpha > 0) || !(options.b_alpha > 0) || !(options.a_lambda > 0) ||
      !(options.b_lambda > 0)) {
    return InvalidArgumentError("latent classes: prior parameters must be positive");
  }
  if (options.burnin < 0 || options.samples < 1 || options.thinning < 1) {
    return InvalidArgumentError(
        "latent classes: expected burn-in >= 0, samples >= 1 and thinning >= 1");
  }
  if (options.chains < 1 || options.chains > 256 || options.threads < 1) {
    return InvalidArgumentError("latent classes: expected 1 to 256 chains and threads >= 1");
  }
  if (!(options.level > 0 && options.level < 1)) {
    return InvalidArgumentError("latent classes: level must be between 0 and 1");
  }
  return OkStatus();
}

std::vector<double> AsDoubles(const std::vector<int64_t>& draws) {
  return std::vector<double>(draws.begin(), draws.end());
}

void Summarise(LatentClassResult& result) {
  std::vector<double> pooled;
  std::vector<std::vector<double>> chains;
  result.ess = 0;
  for (const std::vector<int64_t>& chain : result.chains) {
    chains.push_back(AsDoubles(chain));
    result.ess += EffectiveSampleSize(chains.back());
    pooled.insert(pooled.end(), chains.back().begin(), chains.back().end());
  }
  std::sort(pooled.begin(), pooled.end());
  result.median = internal::SortedQuantile(pooled, 0.5);
  result.mean = internal::Mean(pooled);
  result.lower = internal::SortedQuantile(pooled, (1 - result.level) / 2);
  result.upper = internal::SortedQuantile(pooled, (1 + result.level) / 2);
  result.r_hat = SplitRHat(chains);
}

std::vector<uint64_t> ChainSeeds(uint64_t seed, int chains) {
  std::vector<uint64_t> seeds;
  seeds.reserve(static_cast<size_t>(chains));
  for (int chain_idx = 0; chain_idx < chains; ++chain_idx) {
    seeds.push_back(internal::SplitMix64(seed));
  }
  return seeds;
}

}  // namespace

Result<LatentClassResult> SampleLatentClass(const CaptureHistories& histories,
                                            const LatentClassOptions& options) {
  RETURN_IF_ERROR(CheckOptions(options));
  RETURN_IF_ERROR(CheckEstimable(histories));
  const int64_t table_cells =
      static_cast<int64_t>(ObservedPatterns(histories).size()) * options.classes;
  if (table_cells > kMaxTableCells) {
    return InvalidArgumentError("latent classes: " + std::to_string(options.classes) +
                                " classes x observed patterns = " + std::to_string(table_cells) +
                                " cells, expected at most " + std::to_string(kMaxTableCells) +
                                "; use fewer classes");
  }
  LatentClassResult result;
  result.observed = histories.observed();
  result.level = options.level;
  result.chains.resize(static_cast<size_t>(options.chains));
  result.iterations = static_cast<int64_t>(options.chains) *
                      (options.burnin + static_cast<int64_t>(options.samples) * options.thinning);
  const std::vector<uint64_t> seeds = ChainSeeds(options.seed, options.chains);
  const auto start = std::chrono::steady_clock::now();
  const int threads = std::min(options.threads, options.chains);
  auto work = [&](int thread_idx) {
    for (int chain_idx = thread_idx; chain_idx < options.chains; chain_idx += threads) {
      Chain chain(histories, options, seeds[static_cast<size_t>(chain_idx)]);
      result.chains[static_cast<size_t>(chain_idx)] = chain.Run();
    }
  };
  std::vector<std::thread> pool;
  for (int thread_idx = 1; thread_idx < threads; ++thread_idx) pool.emplace_back(work, thread_idx);
  work(0);
  for (std::thread& thread : pool) thread.join();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Summarise(result);
  return result;
}

double EffectiveSampleSize(const std::vector<double>& draws) {
  const size_t count = draws.size();
  if (count < 4) return static_cast<double>(count);
  const double mean = internal::Mean(draws);
  auto autocovariance = [&](size_t lag) {
    double sum = 0;
    for (size_t idx = 0; idx + lag < count; ++idx) {
      sum += (draws[idx] - mean) * (draws[idx + lag] - mean);
    }
    return sum / static_cast<double>(count);
  };
  const double variance = autocovariance(0);
  if (!(variance > 0)) return static_cast<double>(count);
  // Geyer: sums of adjacent pairs of autocorrelations, kept while positive
  // and made monotone non-increasing.
  double tau = -1, previous_pair = std::numeric_limits<double>::infinity();
  for (size_t lag = 0; lag + 1 < count; lag += 2) {
    double pair = (autocovariance(lag) + autocovariance(lag + 1)) / variance;
    if (pair <= 0) break;
    pair = std::min(pair, previous_pair);
    tau += 2 * pair;
    previous_pair = pair;
  }
  const double n = static_cast<double>(count);
  return std::min(n / std::max(tau, 1e-12), n * std::log10(n));
}

double SplitRHat(const std::vector<std::vector<double>>& chains) {
  std::vector<std::vector<double>> halves;
  for (const std::vector<double>& chain : chains) {
    const size_t half = chain.size() / 2;
    if (half < 2) return 1;
    halves.emplace_back(chain.begin(), chain.begin() + static_cast<std::ptrdiff_t>(half));
    halves.emplace_back(chain.end() - static_cast<std::ptrdiff_t>(half), chain.end());
  }
  if (halves.empty()) return 1;
  const double length = static_cast<double>(halves.front().size());
  for (const std::vector<double>& half : halves) {
    if (half.size() != halves.front().size()) return std::numeric_limits<double>::quiet_NaN();
  }
  std::vector<double> means;
  double within = 0;
  for (const std::vector<double>& half : halves) {
    const double mean = internal::Mean(half);
    double squares = 0;
    for (double value : half) squares += (value - mean) * (value - mean);
    within += squares / (length - 1);
    means.push_back(mean);
  }
  within /= static_cast<double>(halves.size());
  const double grand = internal::Mean(means);
  double between = 0;
  for (double mean : means) between += (mean - grand) * (mean - grand);
  between *= length / static_cast<double>(halves.size() - 1);
  if (!(within > 0)) return between > 0 ? std::numeric_limits<double>::infinity() : 1;
  const double pooled_variance = (length - 1) / length * within + between / length;
  return std::sqrt(pooled_variance / within);
}

}  // namespace sijil::estimate
