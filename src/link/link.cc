// Link and Explain: the stages of link.h put together.
#include "link/link.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "link/internal/blocking.h"
#include "link/internal/cluster.h"
#include "link/internal/compare.h"
#include "link/internal/model.h"
#include "link/internal/parallel.h"
#include "link/internal/prepare.h"

namespace sijil::link {
namespace {

using internal::Candidates;
using internal::Model;
using internal::PairLevels;
using internal::Prepared;

constexpr int64_t kMaxRecords = int64_t{1} << 31;
constexpr int64_t kPairChunk = 1 << 16;
// Training pairs that EM fits on, about.
constexpr int64_t kEmSample = 1'000'000;

double Log2Odds(double probability) { return std::log2(probability / (1 - probability)); }
double Probability(double weight) { return 1 / (1 + std::exp2(-weight)); }

Status CheckRecords(std::span<const LinkInput> records, int64_t earlier) {
  const int64_t n = static_cast<int64_t>(records.size());
  if (earlier + n >= kMaxRecords)
    return InvalidArgumentError("records: at most 2^31 - 1 can be linked");
  for (int64_t i = 0; i < n; ++i) {
    if (records[i].record == nullptr) {
      return InvalidArgumentError("records[" + std::to_string(earlier + i) + "]: no record");
    }
  }
  return OkStatus();
}

Status CheckOptions(int64_t n, const LinkOptions& options) {
  auto check = [n](const RecordPair& pair, const char* what) -> Status {
    if (pair.a < 0 || pair.b < 0 || pair.a >= n || pair.b >= n || pair.a == pair.b) {
      return InvalidArgumentError(std::string(what) + ": pair (" + std::to_string(pair.a) + ", " +
                                  std::to_string(pair.b) + ") does not name two of the " +
                                  std::to_string(n) + " records");
    }
    return OkStatus();
  };
  for (const RecordPair& pair : options.must_link) RETURN_IF_ERROR(check(pair, "must_link"));
  for (const RecordPair& pair : options.cannot_link) RETURN_IF_ERROR(check(pair, "cannot_link"));
  for (const LabelledPair& label : options.labelled) RETURN_IF_ERROR(check(label.pair, "labelled"));
  if (!options.previous_person.empty()) {
    if (static_cast<int64_t>(options.previous_person.size()) != n) {
      return InvalidArgumentError("previous_person: expected one entry per record");
    }
    if (options.previous_model_json.empty()) {
      return InvalidArgumentError("previous_person: needs previous_model_json");
    }
  }
  return OkStatus();
}

void Report(const LinkOptions& options, std::string_view stage, int64_t done, int64_t total) {
  if (options.progress)
    options.progress(LinkProgress{.stage = stage, .done = done, .total = total});
}

// Everything the scoring of any pair needs, once the model is final.
struct Scorer {
  const Prepared& prepared;
  const Model& model;
  std::vector<std::vector<float>> tf_adjustments;
  internal::LevelWeights weights{model};

  double Weight(int64_t a, int64_t b, PairLevels& levels) const {
    internal::ComparePair(prepared, model.comparisons, a, b, true, levels);
    return internal::PairWeight(weights, levels, tf_adjustments);
  }

  // True when a comparison marked review_when_different is "different".
  bool HeldForReview(const PairLevels& levels) const {
    for (size_t c = 0; c < model.comparisons.size(); ++c) {
      if (model.comparisons[c].config.review_when_different &&
          internal::LevelOf(levels.pattern, c) == internal::kLevelDifferent) {
        return true;
      }
    }
    return false;
  }

  bool ClearlyDiffer(int64_t a, int64_t b) const {
    PairLevels levels;
    const double weight = Weight(a, b, levels);
    return internal::ClearlyDiffer(weights, levels, weight);
  }
};

// The patterns of the pairs, counted (sorted by pattern).
internal::PatternCounts CountPatterns(const Prepared& prepared, const Model& model,
                                      const std::vector<uint64_t>& pairs, int threads) {
  std::vector<std::unordered_map<uint64_t, int64_t>> per_chunk(
      internal::ChunkCount(static_cast<int64_t>(pairs.size()), kPairChunk));
  internal::ForEachChunk(static_cast<int64_t>(pairs.size()), kPairChunk, threads,
                         [&](int64_t chunk, int64_t begin, int64_t end) {
                           PairLevels levels;
                           for (int64_t i = begin; i < end; ++i) {
                             internal::ComparePair(prepared, model.comparisons,
                                                   internal::PairFirst(pairs[i]),
                                                   internal::PairSecond(pairs[i]), false, levels);
                             ++per_chunk[chunk][levels.pattern];
                           }
                         });
  std::map<uint64_t, int64_t> total;
  for (const auto& counts : per_chunk) {
    for (const auto& [pattern, count] : counts) total[pattern] += count;
  }
  return internal::PatternCounts(total.begin(), total.end());
}

// Scores every candidate pair; keeps those at or above `lowest` probability.
std::vector<ScoredPair> ScorePairs(const Scorer& scorer, const std::vector<uint64_t>& pairs,
                                   double lowest, int threads) {
  std::vector<std::vector<ScoredPair>> per_chunk(
      internal::ChunkCount(static_cast<int64_t>(pairs.size()), kPairChunk));
  const double lowest_weight = Log2Odds(std::max(lowest, 1e-9));
  internal::ForEachChunk(
      static_cast<int64_t>(pairs.size()), kPairChunk, threads,
      [&](int64_t chunk, int64_t begin, int64_t end) {
        constexpr int64_t kAhead = 16;
        PairLevels levels;
        for (int64_t i = begin; i < end; ++i) {
          if (i + kAhead < end) scorer.prepared.Prefetch(internal::PairSecond(pairs[i + kAhead]));
          const int64_t a = internal::PairFirst(pairs[i]);
          const int64_t b = internal::PairSecond(pairs[i]);
          const double weight = scorer.Weight(a, b, levels);
          if (weight < lowest_weight) continue;
          per_chunk[chunk].push_back({.pair = {a, b},
                                      .weight = weight,
                                      .probability = Probability(weight),
                                      .held_for_review = scorer.HeldForReview(levels)});
        }
      });
  std::vector<ScoredPair> scored;
  for (auto& chunk : per_chunk) scored.insert(scored.end(), chunk.begin(), chunk.end());
  return scored;
}

bool Stronger(const ScoredPair& x, const ScoredPair& y) {
  if (x.weight != y.weight) return x.weight > y.weight;
  return x.pair < y.pair;
}

RecordPair Ordered(RecordPair pair) {
  if (pair.a > pair.b) std::swap(pair.a, pair.b);
  return pair;
}

Result<Model> StartingModel(const Prepared& prepared, const LinkConfig& config,
                            const LinkOptions& options, int threads) {
  if (options.previous_model_json.empty()) {
    ASSIGN_OR_RETURN(Model model, internal::InitialModel(config));
    internal::EstimateU(prepared, config.u_sample_pairs, options.seed, threads, model);
    return model;
  }
  ASSIGN_OR_RETURN(Model model, internal::ModelFromJson(options.previous_model_json));
  bool same = model.comparisons.size() == config.comparisons.size();
  for (size_t c = 0; same && c < config.comparisons.size(); ++c) {
    same = model.comparisons[c].config.name == config.comparisons[c].name &&
           model.comparisons[c].config.method == config.comparisons[c].method;
  }
  if (!same) {
    return InvalidArgumentError(
        "previous_model_json: its comparisons differ from the config's; relink without it");
  }
  model.config = config;
  return model;
}

// Fits m by EM on a sample of the training pairs, stratified by the rule
// that found each pair first (internal::FitEm says why), starting from u of
// random pairs and m favouring agreement. u is fitted per stratum:
// candidate non-matches agree far more often than random pairs (that is what
// blocking is for), and a u fixed at random pairs' values would push them
// into the match class. When the fit's match class does not agree, m stays
// the starting one. Scoring then uses the random pairs' u, which describe
// non-matches among all pairs, with the prior rescaled to all pairs: the
// share of matches among the training pairs times their number gives the
// expected number of matches.
void FitModel(const Prepared& prepared, const Candidates& candidates, int threads, Model& model,
              LinkStats& stats) {
  std::vector<internal::PatternCounts> strata;
  for (const std::vector<uint64_t>& sample : candidates.training_sample) {
    strata.push_back(CountPatterns(prepared, model, sample, threads));
  }
  const Model start = model;
  const internal::EmOutcome em = internal::FitEm(strata, true, model);
  stats.em_iterations = em.iterations;
  stats.em_converged = em.converged;
  stats.em_match_class_agrees = internal::MatchClassAgrees(model);
  if (!stats.em_match_class_agrees) {
    model = start;
    internal::FitEm(strata, false, model);
  }
  const double records = static_cast<double>(prepared.size);
  const double matches = model.prior * static_cast<double>(candidates.training_pairs);
  model.prior = std::clamp(matches / (records * (records - 1) / 2), 1e-12, 0.5);
  model.u = start.u;
}

// Incremental linking: drops the candidate pairs of two earlier records
// (their persons stand) and counts the new records.
void KeepPairsWithANewRecord(const std::vector<int64_t>& previous_person,
                             std::vector<uint64_t>& pairs, LinkStats& stats) {
  std::erase_if(pairs, [&](uint64_t pair) {
    return previous_person[internal::PairFirst(pair)] >= 0 &&
           previous_person[internal::PairSecond(pair)] >= 0;
  });
  stats.new_records = std::count(previous_person.begin(), previous_person.end(), -1);
}

// The earlier persons as must-link pairs: each member with the first.
std::vector<RecordPair> EarlierPersons(const std::vector<int64_t>& previous_person) {
  std::unordered_map<int64_t, int64_t> first_of;
  std::vector<RecordPair> pairs;
  for (int64_t record = 0; record < static_cast<int64_t>(previous_person.size()); ++record) {
    if (previous_person[record] < 0) continue;
    const auto [it, inserted] = first_of.try_emplace(previous_person[record], record);
    if (!inserted) pairs.push_back({it->second, record});
  }
  return pairs;
}

}  // namespace

struct LinkRecords::State {
  LinkConfig config;
  std::vector<internal::CompiledComparison> comparisons;
  int threads = 1;
  Prepared prepared;
};

LinkRecords::LinkRecords(std::unique_ptr<State> state) : state_(std::move(state)) {}
LinkRecords::LinkRecords(LinkRecords&&) noexcept = default;
LinkRecords& LinkRecords::operator=(LinkRecords&&) noexcept = default;
LinkRecords::~LinkRecords() = default;

Result<LinkRecords> LinkRecords::Start(const LinkConfig& config, int threads) {
  auto state = std::make_unique<State>();
  ASSIGN_OR_RETURN(state->comparisons, internal::CompileComparisons(config.comparisons));
  if (config.blocking.empty()) return InvalidArgumentError("blocking: at least one rule is needed");
  state->config = config;
  state->threads = internal::ThreadCount(threads);
  state->prepared = internal::StartPrepared(state->comparisons);
  return LinkRecords(std::move(state));
}

Status LinkRecords::Add(std::span<const LinkInput> batch) {
  RETURN_IF_ERROR(CheckRecords(batch, size()));
  internal::AddToPrepared(batch, state_->comparisons, state_->threads, state_->prepared);
  return OkStatus();
}

int64_t LinkRecords::size() const { return state_->prepared.size; }

Result<LinkResult> Link(std::span<const LinkInput> records, const LinkConfig& config,
                        const LinkOptions& options) {
  ASSIGN_OR_RETURN(LinkRecords prepared, LinkRecords::Start(config, options.threads));
  Report(options, "prepare", 0, static_cast<int64_t>(records.size()));
  RETURN_IF_ERROR(prepared.Add(records));
  return Link(std::move(prepared), options);
}

Result<LinkResult> Link(LinkRecords records, const LinkOptions& options) {
  const int64_t n = records.size();
  RETURN_IF_ERROR(CheckOptions(n, options));
  const LinkConfig& config = records.state_->config;
  const int threads = records.state_->threads;
  LinkResult result;
  result.stats.records = n;

  Report(options, "prepare", n, n);
  Prepared& prepared = records.state_->prepared;
  internal::FinishPrepared(records.state_->comparisons, prepared);
  Report(options, "u", 0, config.u_sample_pairs);
  ASSIGN_OR_RETURN(Model model, StartingModel(prepared, config, options, threads));
  internal::TakeTermFrequencies(prepared, model);
  const bool incremental = !options.previous_person.empty();
  if (incremental) {
    // The prior is per pair of records: matches grow with n, pairs with n².
    const auto earlier =
        std::count_if(options.previous_person.begin(), options.previous_person.end(),
                      [](int64_t person) { return person >= 0; });
    model.prior *= static_cast<double>(std::max<int64_t>(earlier, 1)) / static_cast<double>(n);
  }

  Report(options, "blocking", 0, static_cast<int64_t>(config.blocking.size()));
  Candidates candidates = internal::BlockPairs(prepared, config.blocking, threads, kEmSample);
  if (incremental) KeepPairsWithANewRecord(options.previous_person, candidates.pairs, result.stats);
  result.stats.candidate_pairs = static_cast<int64_t>(candidates.pairs.size());
  result.stats.rules = candidates.rules;

  std::vector<std::vector<float>> tf_adjustments = internal::TfAdjustments(prepared, model);
  if (options.previous_model_json.empty()) {
    Report(options, "em", 0, static_cast<int64_t>(config.blocking.size()) + 1);
    FitModel(prepared, candidates, threads, model, result.stats);
    std::vector<std::vector<uint64_t>>().swap(candidates.training_sample);
  }
  std::vector<RecordPair> must_link =
      incremental ? EarlierPersons(options.previous_person) : std::vector<RecordPair>();
  std::vector<RecordPair> cannot_link;
  for (const RecordPair& pair : options.must_link) must_link.push_back(Ordered(pair));
  for (const RecordPair& pair : options.cannot_link) cannot_link.push_back(Ordered(pair));
  if (!options.labelled.empty()) {
    std::vector<std::pair<uint64_t, bool>> labelled;
    PairLevels levels;
    for (const LabelledPair& label : options.labelled) {
      internal::ComparePair(prepared, model.comparisons, label.pair.a, label.pair.b, false, levels);
      labelled.emplace_back(levels.pattern, label.same_person);
      (label.same_person ? must_link : cannot_link).push_back(Ordered(label.pair));
    }
    if (!incremental) internal::RefitFromLabels(labelled, model);
  }
  result.stats.match_prior = model.prior;

  Report(options, "scoring", 0, result.stats.candidate_pairs);
  const Scorer scorer{prepared, model, std::move(tf_adjustments)};
  std::vector<ScoredPair> scored =
      ScorePairs(scorer, candidates.pairs, config.review_lower, threads);
  std::vector<uint64_t>().swap(candidates.pairs);
  std::sort(scored.begin(), scored.end(), Stronger);

  Report(options, "clustering", 0, static_cast<int64_t>(scored.size()));
  internal::ClusterRequest request{
      .records = n,
      .must_link = must_link,
      .cannot_link = cannot_link,
      .max_cluster_size = config.max_cluster_size,
      .differ = [&scorer](int64_t a, int64_t b) { return scorer.ClearlyDiffer(a, b); }};
  for (const ScoredPair& pair : scored) {
    if (pair.probability >= config.match_threshold && !pair.held_for_review) {
      request.links.push_back(pair);
    } else {
      result.review.push_back(pair);
    }
  }
  result.stats.linked_pairs = static_cast<int64_t>(request.links.size());
  internal::ClusterOutcome outcome = internal::Cluster(request);
  result.clusters = std::move(outcome.clusters);
  result.stats.guard_cut_pairs = static_cast<int64_t>(outcome.cut.size());
  result.stats.decision_conflicts = outcome.conflicts;
  result.review.insert(result.review.end(), outcome.cut.begin(), outcome.cut.end());
  std::sort(result.review.begin(), result.review.end(),
            [](const ScoredPair& x, const ScoredPair& y) {
              if (x.probability != y.probability) return x.probability > y.probability;
              return x.pair < y.pair;
            });
  result.model_json = internal::ModelToJson(model);
  Report(options, "clustering", static_cast<int64_t>(scored.size()),
         static_cast<int64_t>(scored.size()));
  return result;
}

Result<std::vector<RecordPair>> CandidatePairs(std::span<const LinkInput> records,
                                               const LinkConfig& config, int threads) {
  RETURN_IF_ERROR(CheckRecords(records, 0));
  ASSIGN_OR_RETURN(std::vector<internal::CompiledComparison> comparisons,
                   internal::CompileComparisons(config.comparisons));
  const int thread_count = internal::ThreadCount(threads);
  Prepared prepared = internal::Prepare(records, comparisons, thread_count);
  Candidates candidates = internal::BlockPairs(prepared, config.blocking, thread_count);
  std::vector<RecordPair> pairs;
  pairs.reserve(candidates.pairs.size());
  for (uint64_t packed : candidates.pairs) {
    pairs.push_back({internal::PairFirst(packed), internal::PairSecond(packed)});
  }
  return pairs;
}

namespace {

std::string ShownValue(const Record& record, const internal::CompiledComparison& comparison,
                       const internal::Reading* reading, const Prepared& prepared) {
  std::string shown;
  for (size_t i = 0; i < comparison.fields.size(); ++i) {
    std::string value;
    if (comparison.fields[i]) {
      value = record.Get(*comparison.fields[i]);
    } else {
      for (const auto& [header, cell] : record.extra) {
        if (header == comparison.config.fields[i]) value = cell;
      }
    }
    if (value.empty()) continue;
    if (!shown.empty()) shown += " / ";
    shown += value;
  }
  if (shown.empty() && comparison.role >= 0 && (*reading)[comparison.role] >= 0) {
    shown = "[" + prepared.keys.Text((*reading)[comparison.role]) + " in full name]";
  }
  return shown;
}

}  // namespace

Result<PairExplanation> Explain(std::string_view model_json, const Record& record_a,
                                const Record& record_b) {
  ASSIGN_OR_RETURN(Model model, internal::ModelFromJson(model_json));
  const LinkInput inputs[2] = {{.source = "a", .record = &record_a},
                               {.source = "b", .record = &record_b}};
  Prepared prepared = internal::Prepare(inputs, model.comparisons, 1);
  Scorer scorer{prepared, model, internal::TfAdjustments(prepared, model)};
  PairLevels levels;
  PairExplanation explanation;
  explanation.weight = scorer.Weight(0, 1, levels);
  explanation.probability = Probability(explanation.weight);
  explanation.prior_weight = Log2Odds(model.prior);
  // The aligned name units, to show parts of a full name.
  const auto [reading_a, reading_b] = internal::AlignNames(prepared, 0, 1);
  for (size_t c = 0; c < model.comparisons.size(); ++c) {
    const internal::CompiledComparison& comparison = model.comparisons[c];
    const int level = internal::LevelOf(levels.pattern, c);
    double weight = model.LevelWeight(c, level);
    if (!scorer.tf_adjustments[c].empty() && levels.agreed_keys[c] >= 0) {
      weight += scorer.tf_adjustments[c][levels.agreed_keys[c]];
    }
    explanation.comparisons.push_back(
        {.name = comparison.config.name,
         .fields = comparison.config.fields,
         .value_a = ShownValue(record_a, comparison, reading_a, prepared),
         .value_b = ShownValue(record_b, comparison, reading_b, prepared),
         .level = std::string(internal::LevelNames(comparison.config.method)[level]),
         .weight = weight});
  }
  return explanation;
}

}  // namespace sijil::link
