#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "estimate/estimate.h"

namespace sijil::estimate {
namespace {

using ::testing::HasSubstr;

constexpr const char* kData = SIJIL_SOURCE_DIR "/data/mse/";

CaptureHistories Load(const std::string& name) {
  Result<CaptureHistories> histories = ReadHistoriesFile(std::string(kData) + name);
  EXPECT_TRUE(histories.ok()) << histories.status().ToString();
  return histories.ok() ? *histories : CaptureHistories{};
}

LogLinearFit Fit(const CaptureHistories& histories, std::string_view spec) {
  Result<LogLinearModel> model = ParseModel(spec, histories.lists);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  Result<LogLinearFit> fit = FitLogLinear(histories, *model);
  EXPECT_TRUE(fit.ok()) << fit.status().ToString();
  return fit.ok() ? *fit : LogLinearFit{};
}

double Rounded(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

// Two lists, independence: the Poisson MLE is Lincoln-Petersen n1 n2 / m and
// the intercept's variance is 1/n10 + 1/n01 + 1/n11 in closed form.
TEST(LogLinear, TwoListsAreLincolnPetersen) {
  const CaptureHistories seber = Load("seber_two_lists.csv");
  const LogLinearFit fit = Fit(seber, "independence");
  const double n1 = 167 + 781, n2 = 167 + 254, m = 167;
  EXPECT_NEAR(fit.estimate, n1 * n2 / m, 1e-8);
  const double unobserved = 781.0 * 254.0 / 167.0;
  EXPECT_NEAR(fit.stderr_estimate,
              std::sqrt(unobserved + unobserved * unobserved * (1 / 781.0 + 1 / 254.0 + 1 / 167.0)),
              1e-6);
  EXPECT_EQ(fit.df, 0);
  EXPECT_NEAR(fit.deviance, 0, 1e-8);
  // Rcapture's printed closedp.t output for this table (model Mt): 2389.9, 130.4, AIC 28.831.
  EXPECT_EQ(Rounded(fit.estimate, 1), 2389.9);
  EXPECT_EQ(Rounded(fit.stderr_estimate, 1), 130.4);
  EXPECT_EQ(Rounded(fit.aic, 3), 28.831);
  EXPECT_LT(fit.lower, fit.profile_estimate);
  EXPECT_GT(fit.upper, fit.profile_estimate);
}

// Chapman's estimator (n1 + 1)(n2 + 1) / (m + 1) - 1 is Lincoln-Petersen on the
// table with one more person on both lists, minus that person.
TEST(LogLinear, ChapmanFromTheShiftedTable) {
  Result<CaptureHistories> shifted =
      ParseHistoriesCsv("a,b,count\n1,1,13\n1,0,40\n0,1,25\n", "t.csv");
  ASSERT_TRUE(shifted.ok());
  const double n1 = 52, n2 = 37, m = 12;
  EXPECT_NEAR(Fit(*shifted, "independence").estimate - 1, (n1 + 1) * (n2 + 1) / (m + 1) - 1, 1e-8);
}

// Reference values printed by Rcapture 1.4-4's closedpCI.t (R 4.2.2); R's
// own glm(family = poisson) agrees (scripts/loglinear_check.R). Rcapture's
// glm stops at its default tolerance, so its standard errors differ from the
// fully converged ones here after the fourth decimal (docs/estimation.md).
struct RReference {
  const char* spec;
  double estimate, stderr_estimate, deviance, aic, bic, profile, lower, upper;
  int df;
};

TEST(LogLinear, KosovoMatchesR) {
  const CaptureHistories kosovo = Load("kosovo.csv");
  const RReference references[] = {
      {"independence", 7394.5867, 129.6254, 245.9387, 357.3627, 389.3095, 7392.9171, 7147.7489,
       7656.1953, 10},
      {"EXH*ABA", 7435.3693, 147.3951, 245.5641, 358.9881, 397.3242, 7433.2513, 7156.1403,
       7734.4224, 9},
      {"EXH*ABA,OSCE*HRW", 7732.0238, 170.9096, 213.0397, 328.4637, 373.1892, 7729.5293, 7409.6086,
       8080.3146, 8},
      {"all2", 14402.4890, 1050.9048, 39.8320, 163.2560, 233.5390, 14385.6172, 12523.2735,
       16667.9278, 4},
      {"EXH*ABA*OSCE,EXH*OSCE*HRW", 12740.9677, 1600.7132, 1.0171, 126.4411, 203.1134, 12687.9981,
       10184.3085, 16703.4052, 3},
  };
  for (const RReference& reference : references) {
    SCOPED_TRACE(reference.spec);
    const LogLinearFit fit = Fit(kosovo, reference.spec);
    EXPECT_NEAR(fit.estimate, reference.estimate, 1e-3);
    EXPECT_NEAR(fit.stderr_estimate, reference.stderr_estimate, 1e-3);
    EXPECT_NEAR(fit.deviance, reference.deviance, 1e-3);
    EXPECT_NEAR(fit.aic, reference.aic, 1e-3);
    EXPECT_NEAR(fit.bic, reference.bic, 1e-3);
    EXPECT_EQ(fit.df, reference.df);
    // R's optimize/uniroot stop at tol 1e-4: agreement to the printed 0.1.
    EXPECT_NEAR(fit.profile_estimate, reference.profile, 0.05);
    EXPECT_NEAR(fit.lower, reference.lower, 0.05);
    EXPECT_NEAR(fit.upper, reference.upper, 0.05);
  }
}

// One row of Rcapture's closedpMS.t table, as it prints it.
struct RcaptureModel {
  const char* name;  // in our notation; Rcapture's in the comment beside it
  double aic, abundance;
};

// Searches `file` by AIC and expects Rcapture's model count and its five
// best models, in its order, with its AIC and abundance.
void ExpectSearchAsRcapture(const std::string& file, int64_t models,
                            const std::vector<RcaptureModel>& best) {
  SearchOptions options;
  options.fit.profile_interval = false;
  const Result<ModelSearch> search = SearchModels(Load(file), options);
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  EXPECT_EQ(search->models_considered, models);
  EXPECT_EQ(search->models_failed, 0);
  ASSERT_EQ(search->fits.size(), best.size());
  for (size_t rank = 0; rank < best.size(); ++rank) {
    SCOPED_TRACE(best[rank].name);
    EXPECT_EQ(search->fits[rank].name, best[rank].name);
    EXPECT_NEAR(search->fits[rank].aic, best[rank].aic, 1e-7);
    EXPECT_NEAR(search->fits[rank].estimate, best[rank].abundance, 1e-5);
  }
}

// Rcapture 1.4-4's closedpMS.t(maxorder = 3) on Kosovo: 113 hierarchical models.
TEST(LogLinear, KosovoSearchRanksModelsAsRcapture) {
  ExpectSearchAsRcapture(
      "kosovo.csv", 113,
      {
          {"[EXH*ABA*OSCE,EXH*OSCE*HRW]", 126.4410591, 12740.96774},                // [123,134]
          {"[ABA*HRW,EXH*ABA*OSCE,EXH*OSCE*HRW]", 128.4341293, 12840.705109},       // [123,134,24]
          {"[EXH*ABA*OSCE,EXH*ABA*HRW,EXH*OSCE*HRW]", 130.0189885, 13760.033937},   // [123,124,134]
          {"[EXH*ABA*HRW,EXH*OSCE*HRW,ABA*OSCE*HRW]", 130.1786324, 22888.679339},   // [124,134,234]
          {"[EXH*ABA*OSCE,EXH*OSCE*HRW,ABA*OSCE*HRW]", 130.3413685, 13450.496818},  // [123,134,234]
      });
}

// Rcapture 1.4-4's closedpMS.t(maxorder = 4) on a simulated five-list table:
// 6,893 hierarchical models.
TEST(LogLinear, FiveListSearchRanksModelsAsRcapture) {
  ExpectSearchAsRcapture(
      "simulated_five_lists.csv", 6893,
      {
          {"[a*b,a*c,b*c,a*e,c*e]", 198.4701862, 1617.824045},      // [12,13,15,23,35,4]
          {"[a*b,b*c,a*c*e]", 198.9655795, 1630.271708},            // [135,12,23,4]
          {"[a*b,a*c,b*c,c*d,a*e,c*e]", 199.5133178, 1632.875795},  // [12,13,15,23,34,35]
          {"[a*b,a*c,b*c,a*d,a*e,c*e]", 199.6561885, 1631.410381},  // [12,13,14,15,23,35]
          {"[a*b,b*c,c*d,a*c*e]", 199.7676263, 1649.100448},        // [135,12,23,34]
      });
}

// Chao's (1987) log-normal interval for N = n + f0 with standard error se.
std::pair<double, double> LogNormalInterval(double n, double estimate, double se) {
  const double f0 = estimate - n;
  const double factor = std::exp(1.959963984540054 * std::sqrt(std::log(1 + se * se / (f0 * f0))));
  return {n + f0 / factor, n + f0 * factor};
}

// Two lists have one model: its average is that model, and the mixture
// interval is that model's log-normal (Chao) interval.
TEST(LogLinear, ModelAverageOfOneModelIsThatModel) {
  const CaptureHistories seber = Load("seber_two_lists.csv");
  const Result<ModelSearch> search = SearchModels(seber, {});
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  const LogLinearFit& only = search->fits.front();
  const ModelAverage& average = search->average;
  EXPECT_EQ(average.models, 1);
  EXPECT_DOUBLE_EQ(average.best_weight, 1);
  EXPECT_NEAR(average.estimate, only.estimate, 1e-9);
  EXPECT_NEAR(average.stderr_estimate, only.stderr_estimate, 1e-9);
  const auto [lower, upper] = LogNormalInterval(1202, only.estimate, only.stderr_estimate);
  EXPECT_NEAR(average.lower, lower, 1e-6);
  EXPECT_NEAR(average.upper, upper, 1e-6);
}

// Kosovo: the average over all 113 models, recomputed here from every fit
// the search returns, with AIC weights (Buckland et al. 1997).
TEST(LogLinear, ModelAverageWeighsEveryModelByItsCriterion) {
  const CaptureHistories kosovo = Load("kosovo.csv");
  SearchOptions options;
  options.top = 1000;
  options.fit.profile_interval = false;
  const Result<ModelSearch> search = SearchModels(kosovo, options);
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  ASSERT_EQ(search->fits.size(), 113u);
  std::vector<double> weights;
  for (const LogLinearFit& fit : search->fits) {
    weights.push_back(std::exp(-0.5 * (fit.aic - search->fits.front().aic)));
  }
  double total = 0, estimate = 0, se = 0;
  for (double weight : weights) total += weight;
  for (size_t idx = 0; idx < weights.size(); ++idx) {
    estimate += weights[idx] / total * search->fits[idx].estimate;
  }
  for (size_t idx = 0; idx < weights.size(); ++idx) {
    const LogLinearFit& fit = search->fits[idx];
    se += weights[idx] / total * std::hypot(fit.stderr_estimate, fit.estimate - estimate);
  }
  const ModelAverage& average = search->average;
  EXPECT_EQ(average.models, 113);
  EXPECT_NEAR(average.best_weight, 1 / total, 1e-12);
  EXPECT_NEAR(average.estimate, estimate, 1e-6);
  EXPECT_NEAR(average.stderr_estimate, se, 1e-6);
  // The interval's limits are the 2.5% and 97.5% points of the AIC-weighted
  // mixture of the models' log-normal distributions of N - n (MATA).
  auto mixture_cdf = [&](double n_total) {
    double cdf = 0;
    for (size_t idx = 0; idx < weights.size(); ++idx) {
      const LogLinearFit& fit = search->fits[idx];
      const double f0 = fit.estimate - 4400;
      const double sdlog = std::sqrt(std::log(1 + std::pow(fit.stderr_estimate / f0, 2)));
      cdf += weights[idx] / total * 0.5 *
             std::erfc(-(std::log(n_total - 4400) - std::log(f0)) / (sdlog * std::sqrt(2.0)));
    }
    return cdf;
  };
  EXPECT_NEAR(mixture_cdf(average.lower), 0.025, 1e-9);
  EXPECT_NEAR(mixture_cdf(average.upper), 0.975, 1e-9);
  EXPECT_GT(average.lower, 4400);
  EXPECT_LT(average.lower, average.estimate);
  EXPECT_GT(average.upper, average.estimate);
  // Model choice widens the interval: the chosen model alone has a narrower standard error.
  EXPECT_GT(average.stderr_estimate, search->fits.front().stderr_estimate);
}

// Expected counts of a known model: log mu = b0 + sum b_j x_j + sum g_S x_S.
CaptureHistories FromModel(int list_count, const std::vector<std::pair<uint32_t, double>>& terms,
                           double unobserved, double* total) {
  std::vector<std::string> names;
  for (const char name : std::string_view("ABCDEF").substr(0, static_cast<size_t>(list_count))) {
    names.emplace_back(1, name);
  }
  Result<CaptureHistories> histories = MakeHistories(names);
  const double main_effects[] = {-0.8, -0.4, -1.1, -0.6, -0.9, -0.5};
  *total = unobserved;
  for (uint32_t pattern = 1; pattern < (1u << list_count); ++pattern) {
    double log_mu = std::log(unobserved);
    for (int list_idx = 0; list_idx < list_count; ++list_idx) {
      if (pattern >> list_idx & 1) log_mu += main_effects[list_idx];
    }
    for (const auto& [term, effect] : terms) {
      if ((pattern & term) == term) log_mu += effect;
    }
    const auto count = static_cast<int64_t>(std::llround(std::exp(log_mu)));
    if (count > 0) {
      EXPECT_TRUE(AddPattern(*histories, pattern, count).ok());
    }
    *total += static_cast<double>(count);
  }
  return *histories;
}

TEST(LogLinear, SearchFindsTheGeneratingModel) {
  double total = 0;
  const CaptureHistories table = FromModel(4, {{0b0011, 1.2}, {0b1100, -0.7}}, 20000, &total);
  for (Criterion criterion : {Criterion::kAic, Criterion::kBic}) {
    SearchOptions options;
    options.criterion = criterion;
    options.top = 3;
    Result<ModelSearch> search = SearchModels(table, options);
    ASSERT_TRUE(search.ok()) << search.status().ToString();
    EXPECT_TRUE(search->exhaustive);
    ASSERT_EQ(search->fits.size(), 3u);
    EXPECT_EQ(search->fits[0].name, "[A*B,C*D]");
    EXPECT_NEAR(search->fits[0].estimate, total, 0.002 * total);
    EXPECT_LE(search->fits[0].lower, total);
    EXPECT_GE(search->fits[0].upper, total);
    EXPECT_LT(search->fits[0].aic, search->fits[1].aic + (criterion == Criterion::kAic ? 0 : 1e9));
  }
}

TEST(LogLinear, StepwiseSearchForSixLists) {
  double total = 0;
  const CaptureHistories table = FromModel(6, {{0b000011, 1.0}, {0b110000, 0.8}}, 30000, &total);
  Result<ModelSearch> search = SearchModels(table, {.top = 1});
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  EXPECT_FALSE(search->exhaustive);
  EXPECT_EQ(search->fits[0].name, "[A*B,E*F]");
  EXPECT_NEAR(search->fits[0].estimate, total, 0.002 * total);
}

// Up to two-way terms, the 32,768 models of six lists are few enough to fit
// them all, as closedpMS.t(maxorder = 2) does.
TEST(LogLinear, SixListsUpToTwoWayTermsAreSearchedExhaustively) {
  double total = 0;
  const CaptureHistories table = FromModel(6, {{0b000011, 1.0}, {0b110000, 0.8}}, 30000, &total);
  Result<ModelSearch> search = SearchModels(table, {.max_order = 2, .top = 1});
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  EXPECT_TRUE(search->exhaustive);
  EXPECT_EQ(search->models_considered, 32768);
  EXPECT_EQ(search->fits[0].name, "[A*B,E*F]");
  EXPECT_NEAR(search->fits[0].estimate, total, 0.002 * total);
  EXPECT_THAT(SearchModels(table, {.max_order = 1}).status().message(),
              HasSubstr("highest interaction order"));
}

TEST(LogLinear, ModelSpecs) {
  const std::vector<std::string> lists = {"a", "b", "c", "d"};
  Result<LogLinearModel> three_way = ParseModel("a*b*c", lists);
  ASSERT_TRUE(three_way.ok());
  EXPECT_EQ(three_way->terms.size(), 4u);  // ab, ac, bc, abc
  EXPECT_EQ(ModelName(*three_way, lists), "[a*b*c]");
  EXPECT_EQ(ParseModel("all2", lists)->terms.size(), 6u);
  EXPECT_EQ(ModelName(*ParseModel("independence", lists), lists), "[independence]");
  EXPECT_THAT(ParseModel("a*e", lists).status().message(), HasSubstr("unknown list 'e'"));
  EXPECT_THAT(ParseModel("a", lists).status().message(), HasSubstr("main effect"));
  EXPECT_THAT(ParseModel("a*b*c*d", lists).status().message(), HasSubstr("never identify"));
}

TEST(LogLinear, InfiniteEstimateIsAnError) {
  Result<CaptureHistories> disjoint =
      ParseHistoriesCsv("a,b,c,count\n1,0,0,30\n0,1,0,20\n0,0,1,10\n1,0,1,4\n", "t.csv");
  ASSERT_TRUE(disjoint.ok());
  Result<LogLinearFit> fit = FitLogLinear(*disjoint, *ParseModel("a*c", disjoint->lists));
  ASSERT_FALSE(fit.ok());
  EXPECT_THAT(fit.status().message(), HasSubstr("the estimate is infinite"));
}

TEST(LogLinear, TermWithNoPersonIsFittedAtTheBoundaryWithAWarning) {
  Result<CaptureHistories> table =
      ParseHistoriesCsv("a,b,c,count\n1,0,0,30\n0,1,0,20\n0,0,1,10\n1,0,1,4\n0,1,1,5\n", "t.csv");
  ASSERT_TRUE(table.ok());
  const LogLinearFit with_term = Fit(*table, "a*b");
  const LogLinearFit without = Fit(*table, "independence");
  ASSERT_EQ(with_term.warnings.size(), 1u);
  EXPECT_THAT(with_term.warnings[0], HasSubstr("no person is on all of a*b"));
  EXPECT_EQ(with_term.df, without.df - 1);
  EXPECT_GT(with_term.estimate, static_cast<double>(with_term.observed));
}

TEST(LogLinear, RejectsUnestimableData) {
  Result<CaptureHistories> all_ones = ParseHistoriesCsv("a,b,count\n1,1,9\n", "t.csv");
  ASSERT_TRUE(all_ones.ok());
  EXPECT_THAT(FitLogLinear(*all_ones, {}).status().message(), HasSubstr("every observed person"));
}

}  // namespace
}  // namespace sijil::estimate
