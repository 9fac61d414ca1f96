#include "link/internal/model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "core/mix.h"
#include "link/internal/config_json.h"
#include "link/internal/parallel.h"

namespace sijil::link::internal {
namespace {

constexpr double kMinProbability = 1e-6;
// No level is impossible among matches: lists we never saw have errors ours
// lack, so one disagreement never weighs more than log2(kMinM / u).
constexpr double kMinM = 1e-3;

// Starting m: most mass on the top level, the rest rising with the level.
std::vector<double> StartingM(int levels) {
  std::vector<double> m(levels, 0);
  double rest = 0;
  for (int level = 1; level + 1 < levels; ++level) rest += level;
  for (int level = 1; level + 1 < levels; ++level) m[level] = 0.2 * level / rest;
  m[levels - 1] = levels > 2 ? 0.8 : 1.0;
  return m;
}

void Normalise(std::vector<double>& p) {
  double total = 0;
  for (size_t level = 1; level < p.size(); ++level) {
    p[level] = std::max(p[level], kMinProbability);
    total += p[level];
  }
  for (size_t level = 1; level < p.size(); ++level) p[level] /= total;
}

// Normalises `next` into `current`; returns the largest change of a level.
double Update(std::vector<double>& next, std::vector<double>& current) {
  next[0] = 0;
  Normalise(next);
  double change = 0;
  for (size_t level = 1; level < next.size(); ++level) {
    change = std::max(change, std::abs(next[level] - current[level]));
  }
  current = next;
  return change;
}

// As Update, for m: no level below kMinM.
double UpdateM(std::vector<double>& next, std::vector<double>& m) {
  next[0] = 0;
  Normalise(next);
  for (double& p : next) p = std::max(p, kMinM);
  return Update(next, m);
}

// A stratum's own part of the model: its non-matches' levels and its share
// of matches.
struct Stratum {
  std::vector<std::vector<double>> u;
  double prior = 0;
  double pairs = 0;
};

// The posterior probability that a pair of `pattern` in `stratum` is a match.
double MatchShare(const std::vector<std::vector<double>>& m, const Stratum& stratum,
                  uint64_t pattern) {
  double log_match = std::log(stratum.prior), log_non = std::log(1 - stratum.prior);
  for (size_t c = 0; c < m.size(); ++c) {
    const int level = LevelOf(pattern, c);
    if (level == 0) continue;
    log_match += std::log(m[c][level]);
    log_non += std::log(stratum.u[c][level]);
  }
  return 1 / (1 + std::exp(log_non - log_match));
}

// One EM step over one stratum: adds its expected matches' levels to
// `m_next`, refits its u and prior. Returns the largest change.
double StratumStep(const PatternCounts& patterns, const std::vector<std::vector<double>>& m,
                   Stratum& stratum, std::vector<std::vector<double>>& m_next) {
  if (stratum.pairs <= 0) return 0;
  std::vector<std::vector<double>> u_next(m.size());
  for (size_t c = 0; c < m.size(); ++c) u_next[c].assign(m[c].size(), 0);
  double matches = 0;
  for (const auto& [pattern, pairs] : patterns) {
    const double count = static_cast<double>(pairs);
    const double weighted = MatchShare(m, stratum, pattern) * count;
    matches += weighted;
    for (size_t c = 0; c < m.size(); ++c) {
      m_next[c][LevelOf(pattern, c)] += weighted;
      u_next[c][LevelOf(pattern, c)] += count - weighted;
    }
  }
  double change = std::abs(matches / stratum.pairs - stratum.prior);
  stratum.prior = std::clamp(matches / stratum.pairs, kMinProbability, 1 - kMinProbability);
  for (size_t c = 0; c < m.size(); ++c) change = std::max(change, Update(u_next[c], stratum.u[c]));
  return change;
}

// Sets model.prior and model.u to the strata's, pooled.
void PoolStrata(const std::vector<Stratum>& strata, Model& model) {
  double matches = 0, pairs = 0;
  std::vector<std::vector<double>> u(model.u.size());
  for (size_t c = 0; c < u.size(); ++c) u[c].assign(model.u[c].size(), 0);
  for (const Stratum& stratum : strata) {
    matches += stratum.prior * stratum.pairs;
    pairs += stratum.pairs;
    for (size_t c = 0; c < u.size(); ++c) {
      for (size_t level = 1; level < u[c].size(); ++level) {
        u[c][level] += stratum.u[c][level] * (1 - stratum.prior) * stratum.pairs;
      }
    }
  }
  if (pairs <= 0) return;
  model.prior = matches / pairs;
  for (size_t c = 0; c < u.size(); ++c) Update(u[c], model.u[c]);
}

}  // namespace

double Model::LevelWeight(size_t c, int level) const {
  if (level == 0) return 0;
  return std::log2(m[c][level] / u[c][level]);
}

Result<Model> InitialModel(const LinkConfig& config) {
  Model model;
  model.config = config;
  ASSIGN_OR_RETURN(model.comparisons, CompileComparisons(config.comparisons));
  for (const CompiledComparison& comparison : model.comparisons) {
    model.m.push_back(StartingM(comparison.levels));
    model.u.push_back(std::vector<double>(comparison.levels, 1.0 / (comparison.levels - 1)));
    model.u.back()[0] = 0;
  }
  model.tf.resize(model.comparisons.size());
  return model;
}

void EstimateU(const Prepared& prepared, int64_t pairs, uint64_t seed, int threads, Model& model) {
  const size_t count = model.comparisons.size();
  if (prepared.size < 2 || pairs <= 0) return;
  constexpr int64_t kChunk = 1 << 16;
  std::vector<std::vector<int64_t>> tallies(ChunkCount(pairs, kChunk),
                                            std::vector<int64_t>(count * 8, 0));
  ForEachChunk(pairs, kChunk, threads, [&](int64_t chunk, int64_t begin, int64_t end) {
    std::mt19937_64 random(SplitMix64(seed ^ SplitMix64(static_cast<uint64_t>(chunk))));
    std::uniform_int_distribution<int64_t> pick(0, prepared.size - 1);
    PairLevels levels;
    std::vector<int64_t>& tally = tallies[chunk];
    for (int64_t i = begin; i < end; ++i) {
      int64_t a = pick(random), b = pick(random);
      if (a == b) continue;
      ComparePair(prepared, model.comparisons, a, b, false, levels);
      for (size_t c = 0; c < count; ++c) ++tally[c * 8 + LevelOf(levels.pattern, c)];
    }
  });
  for (size_t c = 0; c < count; ++c) {
    std::vector<double>& u = model.u[c];
    for (size_t level = 1; level < u.size(); ++level) {
      double total = 1;  // one pseudo-pair per level keeps every u above zero
      for (const std::vector<int64_t>& tally : tallies)
        total += static_cast<double>(tally[c * 8 + level]);
      u[level] = total;
    }
    Normalise(u);
  }
}

EmOutcome FitEm(const std::vector<PatternCounts>& strata, bool fit_m, Model& model) {
  std::vector<Stratum> own;
  for (const PatternCounts& patterns : strata) {
    own.push_back({.u = model.u, .prior = model.prior});
    for (const auto& [pattern, pairs] : patterns) own.back().pairs += static_cast<double>(pairs);
  }
  EmOutcome outcome;
  std::vector<std::vector<double>> m_next(model.m.size());
  for (outcome.iterations = 1; outcome.iterations <= model.config.em_max_iterations;
       ++outcome.iterations) {
    for (size_t c = 0; c < m_next.size(); ++c) m_next[c].assign(model.m[c].size(), 0);
    double change = 0;
    for (size_t s = 0; s < strata.size(); ++s) {
      change = std::max(change, StratumStep(strata[s], model.m, own[s], m_next));
    }
    for (size_t c = 0; c < m_next.size() && fit_m; ++c) {
      change = std::max(change, UpdateM(m_next[c], model.m[c]));
    }
    if (change < model.config.em_tolerance) {
      outcome.converged = true;
      break;
    }
  }
  outcome.iterations = std::min(outcome.iterations, model.config.em_max_iterations);
  PoolStrata(own, model);
  return outcome;
}

bool MatchClassAgrees(const Model& model) {
  double all_top = 0, all_lowest = 0;
  for (size_t c = 0; c < model.comparisons.size(); ++c) {
    all_top += model.LevelWeight(c, static_cast<int>(model.m[c].size()) - 1);
    all_lowest += model.LevelWeight(c, 1);
  }
  return all_top > 0 && all_lowest < 0;
}

void RefitFromLabels(const std::vector<std::pair<uint64_t, bool>>& labelled, Model& model) {
  constexpr double kStrength = 20;  // the EM fit counts as this many labelled matches
  int64_t matches = 0;
  for (const auto& [pattern, same] : labelled) matches += same;
  if (matches == 0) return;
  for (size_t c = 0; c < model.comparisons.size(); ++c) {
    std::vector<double> m = model.m[c];
    for (double& p : m) p *= kStrength;
    for (const auto& [pattern, same] : labelled) {
      if (same) m[LevelOf(pattern, c)] += 1;
    }
    m[0] = 0;
    Normalise(m);
    model.m[c] = m;
  }
}

void TakeTermFrequencies(const Prepared& prepared, Model& model) {
  for (size_t c = 0; c < model.comparisons.size(); ++c) {
    TermFrequencies& tf = model.tf[c];
    tf = {};
    if (prepared.tf[c].empty()) continue;
    float smallest = 1;
    for (float value : prepared.tf[c]) {
      if (value > 0) smallest = std::min(smallest, value);
    }
    tf.floor = smallest;
    for (int32_t key = 0; key < static_cast<int32_t>(prepared.tf[c].size()); ++key) {
      if (prepared.tf[c][key] > smallest * 1.5f) {
        tf.common.emplace(prepared.keys.Text(key), prepared.tf[c][key]);
      }
    }
  }
}

std::vector<std::vector<float>> TfAdjustments(const Prepared& prepared, const Model& model) {
  std::vector<std::vector<float>> adjustments(model.comparisons.size());
  for (size_t c = 0; c < model.comparisons.size(); ++c) {
    const TermFrequencies& tf = model.tf[c];
    if (!model.comparisons[c].config.term_frequency || tf.floor <= 0) continue;
    const double u_same = model.u[c].back();
    adjustments[c].resize(prepared.keys.size());
    for (int32_t key = 0; key < prepared.keys.size(); ++key) {
      auto it = tf.common.find(prepared.keys.Text(key));
      const double frequency = it == tf.common.end() ? tf.floor : it->second;
      adjustments[c][key] = static_cast<float>(std::log2(u_same / frequency));
    }
  }
  return adjustments;
}

LevelWeights::LevelWeights(const Model& model)
    : prior(std::log2(model.prior / (1 - model.prior))), comparisons(model.m.size()) {
  for (const std::vector<double>& m : model.m) stride = std::max(stride, m.size());
  levels.assign(model.m.size() * stride, 0.0);
  for (size_t c = 0; c < model.m.size(); ++c) {
    for (size_t level = 0; level < model.m[c].size(); ++level) {
      levels[c * stride + level] = model.LevelWeight(c, static_cast<int>(level));
    }
  }
}

double PairWeight(const LevelWeights& weights, const PairLevels& levels,
                  const std::vector<std::vector<float>>& tf_adjustments) {
  double weight = weights.prior;
  for (size_t c = 0; c < weights.comparisons; ++c) {
    weight += weights.Of(c, LevelOf(levels.pattern, c));
    if (!tf_adjustments[c].empty() && !levels.agreed_keys.empty() && levels.agreed_keys[c] >= 0) {
      weight += tf_adjustments[c][levels.agreed_keys[c]];
    }
  }
  return weight;
}

bool ClearlyDiffer(const LevelWeights& weights, const PairLevels& levels, double weight) {
  constexpr double kUnlikely = -6.6;
  constexpr double kAgainst = -5;
  if (weight >= kUnlikely) return false;
  double against = 0;
  for (size_t c = 0; c < weights.comparisons; ++c) {
    against += std::min(0.0, weights.Of(c, LevelOf(levels.pattern, c)));
  }
  return against <= kAgainst;
}

std::string ModelToJson(const Model& model) {
  nlohmann::json comparisons = nlohmann::json::array();
  for (size_t c = 0; c < model.comparisons.size(); ++c) {
    nlohmann::json entry = {
        {"name", model.comparisons[c].config.name}, {"m", model.m[c]}, {"u", model.u[c]}};
    if (model.tf[c].floor > 0) {
      std::map<std::string, double> sorted(model.tf[c].common.begin(), model.tf[c].common.end());
      entry["tf"] = {{"floor", model.tf[c].floor}, {"values", sorted}};
    }
    comparisons.push_back(std::move(entry));
  }
  nlohmann::json json = {{"version", 1},
                         {"config", ConfigToJsonValue(model.config)},
                         {"prior", model.prior},
                         {"comparisons", std::move(comparisons)}};
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

Result<std::vector<double>> ReadProbabilities(const nlohmann::json& entry, const char* member,
                                              int levels, const std::string& where) {
  const std::string path = where + "." + member;
  if (!entry.contains(member) || !entry[member].is_array() ||
      static_cast<int>(entry[member].size()) != levels) {
    return InvalidArgumentError(path + ": expected an array of " + std::to_string(levels) +
                                " probabilities");
  }
  std::vector<double> p;
  for (const nlohmann::json& value : entry[member]) {
    if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > 1) {
      return InvalidArgumentError(path + ": expected numbers in [0, 1]");
    }
    p.push_back(value.get<double>());
  }
  Normalise(p);
  return p;
}

Result<TermFrequencies> ReadTermFrequencies(const nlohmann::json& tf, const std::string& where) {
  TermFrequencies out;
  if (!tf.is_object() || !tf.contains("floor") || !tf["floor"].is_number() ||
      !(tf["floor"].get<double>() > 0 && tf["floor"].get<double>() <= 1) ||
      !tf.contains("values") || !tf["values"].is_object()) {
    return InvalidArgumentError(where +
                                ".tf: expected {\"floor\": (0, 1], \"values\": {key: frequency}}");
  }
  out.floor = tf["floor"].get<double>();
  for (const auto& [key, value] : tf["values"].items()) {
    if (!value.is_number() || !(value.get<double>() > 0 && value.get<double>() <= 1)) {
      std::string message = where + ".tf.values.";
      message += key;
      message += ": expected a number in (0, 1]";
      return InvalidArgumentError(message);
    }
    out.common.emplace(key, value.get<double>());
  }
  return out;
}

Result<Model> ModelFromJsonValue(const nlohmann::json& json) {
  if (!json.is_object()) return InvalidArgumentError("model: expected a JSON object");
  if (!json.contains("version") || json["version"] != 1) {
    return InvalidArgumentError("model.version: expected 1");
  }
  if (!json.contains("config")) return InvalidArgumentError("model.config: missing");
  ASSIGN_OR_RETURN(LinkConfig config, ConfigFromJsonValue(json["config"]));
  ASSIGN_OR_RETURN(Model model, InitialModel(config));
  if (!json.contains("prior") || !json["prior"].is_number() ||
      !(json["prior"].get<double>() > 0 && json["prior"].get<double>() < 1)) {
    return InvalidArgumentError("model.prior: expected a number in (0, 1)");
  }
  model.prior = json["prior"].get<double>();
  const nlohmann::json comparisons =
      json.contains("comparisons") ? json["comparisons"] : nlohmann::json();
  if (!comparisons.is_array() || comparisons.size() != model.comparisons.size()) {
    return InvalidArgumentError("model.comparisons: expected one entry per configured comparison");
  }
  for (size_t c = 0; c < model.comparisons.size(); ++c) {
    const std::string where = "model.comparisons[" + std::to_string(c) + "]";
    const nlohmann::json& entry = comparisons[c];
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() ||
        entry["name"].get<std::string>() != model.comparisons[c].config.name) {
      return InvalidArgumentError(where + ".name: expected '" + model.comparisons[c].config.name +
                                  "'");
    }
    const int levels = model.comparisons[c].levels;
    ASSIGN_OR_RETURN(model.m[c], ReadProbabilities(entry, "m", levels, where));
    ASSIGN_OR_RETURN(model.u[c], ReadProbabilities(entry, "u", levels, where));
    if (entry.contains("tf")) {
      ASSIGN_OR_RETURN(model.tf[c], ReadTermFrequencies(entry["tf"], where));
    }
  }
  return model;
}

}  // namespace

Result<Model> ModelFromJson(std::string_view json_text) {
  nlohmann::json json = nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (json.is_discarded()) return InvalidArgumentError("model: not valid JSON");
  return ModelFromJsonValue(json);
}

}  // namespace sijil::link::internal
