#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "estimate/estimate.h"

namespace sijil::estimate {
namespace {

using ::testing::HasSubstr;

constexpr const char* kKosovo = SIJIL_SOURCE_DIR "/data/mse/kosovo.csv";

std::string ErrorOf(std::string_view csv) {
  Result<CaptureHistories> parsed = ParseHistoriesCsv(csv, "h.csv");
  return parsed.ok() ? "" : parsed.status().message();
}

TEST(HistoriesCsv, ReadsKosovo) {
  Result<CaptureHistories> kosovo = ReadHistoriesFile(kKosovo);
  ASSERT_TRUE(kosovo.ok()) << kosovo.status().ToString();
  EXPECT_EQ(kosovo->lists, (std::vector<std::string>{"EXH", "ABA", "OSCE", "HRW"}));
  EXPECT_EQ(kosovo->observed(), 4400);
  EXPECT_EQ(kosovo->counts[0b0001], 1131);  // EXH only
  EXPECT_EQ(kosovo->counts[0b1111], 27);    // all four
  EXPECT_EQ(kosovo->OnList(0), 1131 + 177 + 228 + 181 + 106 + 18 + 42 + 27);
}

TEST(HistoriesCsv, CountColumnAnywhereAndRepeatedPatternsAdd) {
  Result<CaptureHistories> parsed =
      ParseHistoriesCsv("count,a,b\n3,1,0\n2,1,0\n4,1,1\n0,0,0\n", "h.csv");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->counts[0b01], 5);
  EXPECT_EQ(parsed->counts[0b11], 4);
}

TEST(HistoriesCsv, RejectsBadInputWithFileLineAndColumn) {
  EXPECT_THAT(ErrorOf("a,b,count\n1,0,3\n2,1,4\n"),
              HasSubstr("h.csv:3: column 'a': value '2' is not 0 or 1"));
  EXPECT_THAT(ErrorOf("a,b,count\n1,0,-3\n"), HasSubstr("h.csv:2: column 'count': value '-3'"));
  EXPECT_THAT(ErrorOf("a,b,count\n1,0,x\n"), HasSubstr("is not a non-negative integer"));
  EXPECT_THAT(ErrorOf("a,b\n1,0\n"), HasSubstr("no 'count' column"));
  EXPECT_THAT(ErrorOf("a,b,count\n1,0\n"), HasSubstr("h.csv:2: expected 3 cells, got 2"));
  EXPECT_THAT(ErrorOf("a,b,count\n0,0,5\n"), HasSubstr("persons on no list cannot be observed"));
  EXPECT_THAT(ErrorOf("a,a,count\n"), HasSubstr("list 'a' is repeated"));
  EXPECT_THAT(ErrorOf("a,count\n1,3\n"), HasSubstr("between 2 and 16 lists"));
  EXPECT_THAT(ErrorOf(""), HasSubstr("empty"));
  EXPECT_THAT(ReadHistoriesFile("/nonexistent.csv").status().message(), HasSubstr("cannot open"));
}

TEST(Histories, SelectDropsPersonsSeenOnlyOnDroppedLists) {
  Result<CaptureHistories> kosovo = ReadHistoriesFile(kKosovo);
  ASSERT_TRUE(kosovo.ok());
  Result<CaptureHistories> two = SelectLists(*kosovo, {"OSCE", "EXH"});
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_EQ(two->lists, (std::vector<std::string>{"OSCE", "EXH"}));
  EXPECT_EQ(two->OnList(0), kosovo->OnList(2));
  EXPECT_EQ(two->OnList(1), kosovo->OnList(0));
  EXPECT_EQ(two->counts[0b11], 228 + 181 + 42 + 27);
  EXPECT_THAT(SelectLists(*kosovo, {"EXH", "UN"}).status().message(),
              HasSubstr("unknown list 'UN'"));
}

TEST(Histories, MergeIsAUnionOfLists) {
  Result<CaptureHistories> kosovo = ReadHistoriesFile(kKosovo);
  ASSERT_TRUE(kosovo.ok());
  Result<CaptureHistories> merged = ApplyMergeSpec(*kosovo, "ABA+HRW");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->lists, (std::vector<std::string>{"EXH", "ABA+HRW", "OSCE"}));
  EXPECT_EQ(merged->observed(), kosovo->observed());
  const int64_t on_either = kosovo->observed() - [&] {
    int64_t neither = 0;
    for (uint32_t pattern = 1; pattern < 16; ++pattern) {
      if ((pattern & 0b1010) == 0) neither += kosovo->counts[pattern];
    }
    return neither;
  }();
  EXPECT_EQ(merged->OnList(1), on_either);
  EXPECT_THAT(ApplyMergeSpec(*kosovo, "ABA").status().message(), HasSubstr("at least two"));
  EXPECT_THAT(ApplyMergeSpec(*kosovo, "EXH+ABA+OSCE+HRW").status().message(),
              HasSubstr("fewer than two lists"));
}

TEST(Histories, StratifiesLinkedPersons) {
  const std::vector<PersonObservation> persons = {
      {"Aleppo", 0b01}, {"Aleppo", 0b11}, {"Homs", 0b10}, {"Aleppo", 0b01}};
  Result<std::map<std::string, CaptureHistories>> strata = StratifyPersons({"a", "b"}, persons);
  ASSERT_TRUE(strata.ok());
  ASSERT_EQ(strata->size(), 2u);
  EXPECT_EQ(strata->at("Aleppo").counts[0b01], 2);
  EXPECT_EQ(strata->at("Aleppo").counts[0b11], 1);
  EXPECT_EQ(strata->at("Homs").observed(), 1);
  EXPECT_THAT(StratifyPersons({"a", "b"}, {{"Homs", 0}}).status().message(),
              HasSubstr("stratum 'Homs'"));
}

TEST(Histories, EstimableDataIsChecked) {
  Result<CaptureHistories> never =
      ParseHistoriesCsv("a,b,c,count\n1,0,0,5\n0,1,0,3\n1,1,0,2\n", "h.csv");
  ASSERT_TRUE(never.ok());
  EXPECT_THAT(CheckEstimable(*never).message(), HasSubstr("list 'c' has no person"));
  Result<CaptureHistories> all_ones = ParseHistoriesCsv("a,b,count\n1,1,9\n", "h.csv");
  ASSERT_TRUE(all_ones.ok());
  EXPECT_THAT(CheckEstimable(*all_ones).message(),
              HasSubstr("every observed person is on list 'a'"));
  Result<CaptureHistories> fine = ParseHistoriesCsv("a,b,count\n1,1,9\n1,0,3\n0,1,2\n", "h.csv");
  ASSERT_TRUE(fine.ok());
  EXPECT_TRUE(CheckEstimable(*fine).ok());
}

}  // namespace
}  // namespace sijil::estimate
