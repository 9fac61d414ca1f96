#include "core/partial_date.h"

#include <gtest/gtest.h>

namespace sijil {
namespace {

TEST(PartialDateTest, RoundTripsEveryPrecision) {
  for (const char* text :
       {"", "2013", "2013-04", "2013-04-07", "2012-02-29", "[2013-04-07,2013-07-04]"}) {
    Result<PartialDate> date = PartialDate::Parse(text);
    ASSERT_TRUE(date.ok()) << text << ": " << date.status().ToString();
    EXPECT_EQ(date->ToString(), text);
  }
}

TEST(PartialDateTest, RejectsImpossibleDates) {
  for (const char* text : {"2013-02-29", "2013-13", "2013-00", "0000", "13-04-07", "2013-4-7",
                           "2013-04-07x", "[2013-04-07,2013-04-08]", "[2013-04-07]"}) {
    EXPECT_FALSE(PartialDate::Parse(text).ok()) << text;
  }
}

TEST(PartialDateTest, AmbiguousDateKeepsBothReadings) {
  PartialDate date = PartialDate::AmbiguousDayMonth(2013, 7, 4).value();
  EXPECT_TRUE(date.ambiguous());
  EXPECT_EQ(date.month(), 4);
  EXPECT_EQ(date.day(), 7);
  EXPECT_EQ(date.Alternative().ToString(), "2013-07-04");
  // 13 cannot be a month, so 13/4 is not ambiguous.
  EXPECT_FALSE(PartialDate::AmbiguousDayMonth(2013, 13, 4).ok());
  EXPECT_FALSE(PartialDate::AmbiguousDayMonth(2013, 5, 5).ok());
}

TEST(PartialDateTest, KnowsLeapYears) {
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2016, 2), 29);
  EXPECT_EQ(DaysInMonth(2016, 13), 0);
}

TEST(CivilDaysTest, RoundTripsAndKnowsTheEpoch) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
  EXPECT_EQ(DaysFromCivil({1969, 12, 31}), -1);
  EXPECT_EQ(CivilFromDays(15802), (CivilDate{2013, 4, 7}));
  for (int64_t days = -800000; days < 800000; days += 997) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(days)), days);
  }
}

}  // namespace
}  // namespace sijil
