// The Fellegi–Sunter model: m and u per comparison level, the match prior,
// term frequencies; estimation (u from random pairs, m by EM) and JSON.
#ifndef SIJIL_LINK_INTERNAL_MODEL_H_
#define SIJIL_LINK_INTERNAL_MODEL_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"
#include "link/internal/compare.h"
#include "link/internal/prepare.h"
#include "link/link.h"

namespace sijil::link::internal {

// Term frequencies of one comparison's values, by key text.
struct TermFrequencies {
  double floor = 0;  // frequency of a value seen once (1 / values counted)
  std::unordered_map<std::string, double> common;  // values seen at least twice
};

struct Model {
  LinkConfig config;
  std::vector<CompiledComparison> comparisons;
  double prior = 0.1;                     // share of matches among candidate pairs
  std::vector<std::vector<double>> m, u;  // [comparison][level]; level 0 unused
  std::vector<TermFrequencies> tf;        // per comparison; empty without term_frequency

  // log2(m / u) of `level` of comparison c; 0 for missing.
  double LevelWeight(size_t c, int level) const;
};

// Returns a model for `config` with starting m and u (before estimation).
Result<Model> InitialModel(const LinkConfig& config);

// Estimates u from `pairs` random pairs of distinct records, seeded by `seed`.
void EstimateU(const Prepared& prepared, int64_t pairs, uint64_t seed, int threads, Model& model);

// Counts of each level pattern among some pairs.
using PatternCounts = std::vector<std::pair<uint64_t, int64_t>>;

struct EmOutcome {
  int iterations = 0;
  bool converged = false;
};
// Fits by EM a two-class model of pairs in strata: m (the levels among
// matches) is shared by all strata, while each stratum has a u (levels among
// its non-matches) and a share of matches of its own. Blocking rules find
// different non-matches: one on given and family name finds namesakes with
// other fathers, one on given and father name men of other families. With
// one u for all of them, EM can explain the pairs better by rule (or by
// name) than by person, and the match class becomes "found by this rule".
// Starts from model's m, u and prior; m is kept when !fit_m. On return,
// model.prior and model.u are the strata's, pooled.
EmOutcome FitEm(const std::vector<PatternCounts>& strata, bool fit_m, Model& model);

// Whether the model's match class is the one that agrees: a pair at the top
// level of every comparison weighs for a match, one at the lowest non-missing
// level against. A two-class fit can end with another split of the pairs
// (by rule, by name) and call one side of it "match".
bool MatchClassAgrees(const Model& model);

// Refits m from labelled pairs' patterns (same person or not), blended with
// the current m as a prior of `strength` pseudo-pairs.
void RefitFromLabels(const std::vector<std::pair<uint64_t, bool>>& labelled, Model& model);

// Copies the term frequencies of `prepared` (values counted at least twice).
void TakeTermFrequencies(const Prepared& prepared, Model& model);

// Per comparison, the TF adjustment of each key id of `prepared`:
// log2(u_same / tf(key)), 0 when the comparison has no TF.
std::vector<std::vector<float>> TfAdjustments(const Prepared& prepared, const Model& model);

// The weights scoring adds up, computed once per model instead of per pair:
// log2 odds of the prior and Model::LevelWeight of every level.
struct LevelWeights {
  explicit LevelWeights(const Model& model);
  double Of(size_t c, int level) const { return levels[c * stride + level]; }

  double prior = 0;
  size_t comparisons = 0;
  size_t stride = 0;           // levels per comparison, the most any has
  std::vector<double> levels;  // [comparison][level]
};

// Returns the match weight (log2 odds) of a pair from its levels.
double PairWeight(const LevelWeights& weights, const PairLevels& levels,
                  const std::vector<std::vector<float>>& tf_adjustments);

// The clustering guard: a pair of weight `weight` is unlikely the same
// person (below 1%, the prior included) and some fields say so, by 5 bits or
// more together (a sibling's name, another birth year). A record that agrees
// on little, such as a bare given name and a city, is unlikely by the prior
// alone and does not count as different.
bool ClearlyDiffer(const LevelWeights& weights, const PairLevels& levels, double weight);

std::string ModelToJson(const Model& model);
// Parses ModelToJson's output; errors name the member.
Result<Model> ModelFromJson(std::string_view json_text);

}  // namespace sijil::link::internal

#endif  // SIJIL_LINK_INTERNAL_MODEL_H_
