// EM and clustering on inputs whose answer is known by construction.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "link/internal/cluster.h"
#include "link/internal/keys.h"
#include "link/internal/model.h"

namespace sijil::link::internal {
namespace {

// Draws a level from probabilities over levels 1..n-1.
int Draw(const std::vector<double>& p, std::mt19937_64& random) {
  double x = std::uniform_real_distribution<double>(0, 1)(random);
  for (size_t level = 1; level < p.size(); ++level) {
    if ((x -= p[level]) <= 0) return static_cast<int>(level);
  }
  return static_cast<int>(p.size()) - 1;
}

using Levels = std::vector<std::vector<double>>;  // [comparison][level]

// Pattern counts of `pairs` pairs drawn from a two-class model.
PatternCounts DrawPatterns(const Levels& m, const Levels& u, double prior, int pairs,
                           std::mt19937_64& random) {
  std::map<uint64_t, int64_t> counts;
  for (int pair = 0; pair < pairs; ++pair) {
    const bool match = std::uniform_real_distribution<double>(0, 1)(random) < prior;
    uint64_t pattern = 0;
    for (size_t c = 0; c < m.size(); ++c) {
      pattern |= static_cast<uint64_t>(Draw(match ? m[c] : u[c], random)) << (3 * c);
    }
    ++counts[pattern];
  }
  return PatternCounts(counts.begin(), counts.end());
}

// A model of five name comparisons of five levels (missing, different,
// similar, close, same key): given, father,
// grandfather, family and mother's name; u as random pairs give it when
// `random_u` (as Link starts EM), else uniform.
Model FiveNames(bool random_u = false) {
  LinkConfig config = DefaultConfig();
  config.comparisons.resize(5);
  Result<Model> start = InitialModel(config);
  EXPECT_TRUE(start.ok());
  if (random_u) start->u.assign(5, {0, 0.95, 0.01, 0.01, 0.03});
  return *start;
}

TEST(EmTest, RecoversKnownMAndU) {
  const Levels m = {{0, 0.05, 0.05, 0.05, 0.85},
                    {0, 0.10, 0.05, 0.05, 0.80},
                    {0, 0.15, 0.025, 0.025, 0.80},
                    {0, 0.05, 0.025, 0.025, 0.90},
                    {0, 0.10, 0.075, 0.075, 0.75}};
  const Levels u = {{0, 0.90, 0.025, 0.025, 0.05},
                    {0, 0.80, 0.05, 0.05, 0.10},
                    {0, 0.85, 0.025, 0.025, 0.10},
                    {0, 0.70, 0.05, 0.05, 0.20},
                    {0, 0.90, 0.03, 0.03, 0.04}};
  const double prior = 0.2;
  std::mt19937_64 random(42);
  Model model = FiveNames();
  EmOutcome outcome = FitEm({DrawPatterns(m, u, prior, 200000, random)}, true, model);
  EXPECT_TRUE(outcome.converged);
  EXPECT_NEAR(model.prior, prior, 0.01);
  for (size_t c = 0; c < m.size(); ++c) {
    for (size_t level = 1; level < m[c].size(); ++level) {
      EXPECT_NEAR(model.m[c][level], m[c][level], 0.02) << c << " " << level;
      EXPECT_NEAR(model.u[c][level], u[c][level], 0.02) << c << " " << level;
    }
  }
  EXPECT_TRUE(MatchClassAgrees(model));
  // The same fit with its classes the other way round is caught.
  std::swap(model.m, model.u);
  EXPECT_FALSE(MatchClassAgrees(model));
}

// Pairs of two blocking rules, 2% matches: one on given and family name
// finds namesakes with other fathers (a third of them called محمد), one on
// given and father's name men of other families. Pooled, EM explains the
// pairs best by rule: its "match" class is the second rule's namesakes. Each
// rule a stratum with its own u, it finds the matches.
TEST(EmTest, StrataKeepNamesakesOutOfTheMatchClass) {
  const Levels m = {{0, 0.01, 0.02, 0.02, 0.95},
                    {0, 0.03, 0.025, 0.025, 0.92},
                    {0, 0.05, 0.02, 0.02, 0.91},
                    {0, 0.02, 0.015, 0.015, 0.95},
                    {0, 0.015, 0.0075, 0.0075, 0.97}};
  const Levels same_family = {{0, 0.05, 0.075, 0.075, 0.80},
                              {0, 0.60, 0.025, 0.025, 0.35},
                              {0, 0.90, 0.01, 0.01, 0.08},
                              {0, 0.30, 0.05, 0.05, 0.60},
                              {0, 0.97, 0.0025, 0.0025, 0.025}};
  const Levels same_father = {{0, 0.01, 0.02, 0.02, 0.95},
                              {0, 0.01, 0.02, 0.02, 0.95},
                              {0, 0.85, 0.01, 0.01, 0.13},
                              {0, 0.77, 0.02, 0.02, 0.19},
                              {0, 0.92, 0.0025, 0.0025, 0.075}};
  const double prior = 0.02;
  std::mt19937_64 random(7);
  const std::vector<PatternCounts> strata = {DrawPatterns(m, same_family, prior, 100000, random),
                                             DrawPatterns(m, same_father, prior, 50000, random)};
  std::map<uint64_t, int64_t> pooled_counts;
  for (const PatternCounts& stratum : strata) {
    for (const auto& [pattern, count] : stratum) pooled_counts[pattern] += count;
  }
  Model pooled = FiveNames(true);
  FitEm({PatternCounts(pooled_counts.begin(), pooled_counts.end())}, true, pooled);
  EXPECT_GT(pooled.prior, 0.2);    // a whole rule's pairs taken for matches
  EXPECT_LT(pooled.m[2][4], 0.5);  // matches whose grandfathers differ
  Model stratified = FiveNames(true);
  FitEm(strata, true, stratified);
  EXPECT_NEAR(stratified.prior, prior, 0.005);
  for (size_t c = 0; c < m.size(); ++c) {
    EXPECT_GT(stratified.m[c][4], 0.85) << c;  // matches agree
    EXPECT_LT(stratified.m[c][1], 0.1) << c;
  }
  EXPECT_TRUE(MatchClassAgrees(stratified));
}

TEST(LabelsTest, LabelledMatchesMoveMTowardsTheirLevels) {
  LinkConfig config = DefaultConfig();
  config.comparisons.resize(2);
  Result<Model> start = InitialModel(config);
  ASSERT_TRUE(start.ok());
  Model model = *start;
  const std::vector<std::vector<double>> before = model.m;
  // Ten reviewed matches: the given names differ (level 1), the father's
  // names agree (level 4); two reviewed non-matches change nothing in m.
  std::vector<std::pair<uint64_t, bool>> labelled(10, {1u | 4u << 3, true});
  labelled.push_back({4u | 4u << 3, false});
  labelled.push_back({4u | 1u << 3, false});
  RefitFromLabels(labelled, model);
  EXPECT_GT(model.m[0][1], before[0][1]);
  EXPECT_LT(model.m[0][4], before[0][4]);
  EXPECT_GT(model.m[1][4], before[1][4]);
  EXPECT_LT(model.m[1][1], before[1][1]);
}

// The guard vetoes on evidence against, not on a weight that is low only
// because the records have little in common.
TEST(ModelTest, ClearlyDifferNeedsFieldsAgainst) {
  Model model = FiveNames();
  model.m.assign(5, {0, 0.01, 0.02, 0.07, 0.9});  // different: log2(0.01 / 0.9) = -6.5 bits
  model.u.assign(5, {0, 0.9, 0.05, 0.03, 0.02});
  PairLevels given_only;
  given_only.pattern = 4;  // the given name agrees, nothing else is known
  EXPECT_FALSE(ClearlyDiffer(LevelWeights(model), given_only, -12));
  PairLevels sibling;
  sibling.pattern = 1 | 4 << 3 | 4 << 9;  // another given name, same father and family
  EXPECT_TRUE(ClearlyDiffer(LevelWeights(model), sibling, -7));
  EXPECT_FALSE(ClearlyDiffer(LevelWeights(model), sibling, 3));  // likely the same after all
}

// Records 0,1 are one person, 3,4 another; record 2 is ambiguous and scores
// high with both, while the two people clearly differ.
ClusterRequest AmbiguousChain() {
  ClusterRequest request;
  request.records = 5;
  request.links = {{.pair = {0, 1}, .weight = 20},
                   {.pair = {3, 4}, .weight = 19},
                   {.pair = {1, 2}, .weight = 10},
                   {.pair = {2, 3}, .weight = 9}};
  request.differ = [](int64_t a, int64_t b) {
    const bool side_a = a < 2 || (a == 2 && b < 2);
    const bool side_b = b < 2 || (b == 2 && a < 2);
    return side_a != side_b && a != 2 && b != 2;
  };
  return request;
}

TEST(ClusterTest, OneAmbiguousRecordDoesNotChainTwoPeople) {
  ClusterOutcome outcome = Cluster(AmbiguousChain());
  EXPECT_EQ(outcome.clusters, (std::vector<std::vector<int64_t>>{{0, 1, 2}, {3, 4}}));
  ASSERT_EQ(outcome.cut.size(), 1u);
  EXPECT_EQ(outcome.cut[0].pair, (RecordPair{2, 3}));
}

TEST(ClusterTest, OversizedClustersAreSplit) {
  ClusterRequest request;
  request.records = 30;
  for (int64_t i = 0; i + 1 < 30; ++i) {
    request.links.push_back({.pair = {i, i + 1}, .weight = 30.0 - static_cast<double>(i)});
  }
  request.max_cluster_size = 8;
  request.differ = [](int64_t, int64_t) { return false; };
  ClusterOutcome outcome = Cluster(request);
  for (const auto& cluster : outcome.clusters) EXPECT_LE(cluster.size(), 8u);
  EXPECT_FALSE(outcome.cut.empty());
}

TEST(ClusterTest, DecisionsHold) {
  ClusterRequest request = AmbiguousChain();
  request.cannot_link = {{0, 1}};
  request.must_link = {{2, 4}, {0, 1}};
  ClusterOutcome outcome = Cluster(request);
  EXPECT_EQ(outcome.conflicts, 1);
  for (const auto& cluster : outcome.clusters) {
    const bool has0 = std::find(cluster.begin(), cluster.end(), 0) != cluster.end();
    const bool has1 = std::find(cluster.begin(), cluster.end(), 1) != cluster.end();
    EXPECT_FALSE(has0 && has1);
    const bool has2 = std::find(cluster.begin(), cluster.end(), 2) != cluster.end();
    const bool has4 = std::find(cluster.begin(), cluster.end(), 4) != cluster.end();
    EXPECT_EQ(has2, has4);
  }
}

TEST(KeysTest, OneEditApart) {
  EXPECT_TRUE(OneEditApart("lmah", "ljmah"));  // a letter dropped
  EXPECT_TRUE(OneEditApart("hsn", "hst"));     // changed
  EXPECT_TRUE(OneEditApart("yzn", "ynz"));     // neighbours swapped
  EXPECT_TRUE(OneEditApart("mhmd", "mhmwd"));
  EXPECT_FALSE(OneEditApart("hsn", "hsn"));
  EXPECT_FALSE(OneEditApart("hsn", "khld"));
  EXPECT_FALSE(OneEditApart("yzn", "nzy"));
  EXPECT_FALSE(OneEditApart("al", "aly"));  // too short to tell
  EXPECT_FALSE(OneEditApart("abc", "abcde"));
}

TEST(LooseKeyTest, FoldsVowelLettersAndDoubles) {
  EXPECT_EQ(LooseKey("hshym"), LooseKey("hshm"));
  EXPECT_EQ(LooseKey("mnswr"), LooseKey("mnsr"));
  EXPECT_NE(LooseKey("hsn"), LooseKey("mhmd"));
  EXPECT_EQ(LooseKey(""), "");
}

}  // namespace
}  // namespace sijil::link::internal
