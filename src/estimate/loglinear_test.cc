#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "estimate/estimate.h"

namespace sijil::estimate {
namespace {

using ::testing::HasSubstr;

const std::string kData = std::string(SIJIL_SOURCE_DIR) + "/data/mse/";

CaptureHistories Load(const std::string& name) {
  Result<CaptureHistories> histories = ReadHistoriesFile(kData + name);
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

// Reference values from R 4.2.2's glm(family = poisson) and closedpCI.t's
// profile interval restated in base R: scripts/loglinear_check.R.
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

// Expected counts of a known model: log mu = b0 + sum b_j x_j + sum g_S x_S.
CaptureHistories FromModel(int list_count, const std::vector<std::pair<uint32_t, double>>& terms,
                           double unobserved, double* total) {
  std::vector<std::string> names;
  for (int list_idx = 0; list_idx < list_count; ++list_idx)
    names.push_back(std::string(1, 'A' + list_idx));
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
