#include <gtest/gtest.h>

#include "ingest/ingest.h"

namespace sijil::ingest {
namespace {

struct DateCase {
  const char* input;
  const char* expected;  // ISO/EDTF text, or nullptr for an error
};

class ParseDateTest : public testing::TestWithParam<DateCase> {};

TEST_P(ParseDateTest, ReadsRealWorldShapes) {
  const DateCase& c = GetParam();
  Result<PartialDate> date = ParseDate(c.input);
  if (c.expected == nullptr) {
    ASSERT_FALSE(date.ok()) << c.input << " parsed as " << date->ToString();
    EXPECT_EQ(date.status().message().rfind("a date such as", 0), 0u) << date.status().message();
    return;
  }
  ASSERT_TRUE(date.ok()) << c.input << ": " << date.status().ToString();
  EXPECT_EQ(date->ToString(), c.expected) << c.input;
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ParseDateTest,
    testing::Values(
        DateCase{"", ""}, DateCase{"  ", ""}, DateCase{"2013-04-07", "2013-04-07"},
        DateCase{"2013/4/7", "2013-04-07"}, DateCase{"2013.04.07", "2013-04-07"},
        DateCase{"2013-04", "2013-04"}, DateCase{"2013", "2013"}, DateCase{"2013م", "2013"},
        DateCase{"٢٠١٣", "2013"}, DateCase{"۲۰۱۳-۰۴-۰۷", "2013-04-07"},
        DateCase{"7/4/2013", "[2013-04-07,2013-07-04]"},
        DateCase{"07.04.2013", "[2013-04-07,2013-07-04]"},
        DateCase{"7-4-2013", "[2013-04-07,2013-07-04]"}, DateCase{"25/12/2012", "2012-12-25"},
        DateCase{"12/25/2012", "2012-12-25"}, DateCase{"5/5/2014", "2014-05-05"},
        DateCase{"4/2013", "2013-04"}, DateCase{"04-2013", "2013-04"},
        DateCase{"نيسان 2013", "2013-04"}, DateCase{"نيسان ٢٠١٣", "2013-04"},
        DateCase{"7 نيسان 2013", "2013-04-07"}, DateCase{"تشرين الأول 2012", "2012-10"},
        DateCase{"تشرين الثاني 2012", "2012-11"}, DateCase{"كانون الثاني 2014", "2014-01"},
        DateCase{"كانون الاول 2014", "2014-12"}, DateCase{"آذار 2011", "2011-03"},
        DateCase{"اذار 2011", "2011-03"}, DateCase{"أيلول 2015", "2015-09"},
        DateCase{"آب 2013", "2013-08"}, DateCase{"يناير 2013", "2013-01"},
        DateCase{"April 2013", "2013-04"}, DateCase{"april 2013", "2013-04"},
        DateCase{"7 April 2013", "2013-04-07"}, DateCase{"April 7, 2013", "2013-04-07"},
        DateCase{"7-Apr-2013", "2013-04-07"}, DateCase{"Sept 2013", "2013-09"},
        DateCase{"2013-04-07 00:00:00", "2013-04-07"}, DateCase{"2013-04-07T10:30", "2013-04-07"},
        // Errors: impossible, two-digit years (never guessed), Excel serials, words.
        DateCase{"31/02/2013", nullptr}, DateCase{"13/13/2013", nullptr},
        DateCase{"7/4/13", nullptr}, DateCase{"41371", nullptr}, DateCase{"yesterday", nullptr},
        DateCase{"2013-13", nullptr}, DateCase{"1850", nullptr}, DateCase{"Foo 2013", nullptr},
        DateCase{"2013/04/07/01", nullptr}));

TEST(ParseSexTest, AcceptsArabicAndEnglishSynonyms) {
  for (const char* male : {"M", "m", "Male", "MALE", "ذكر", " ذكر ", "ذ"}) {
    EXPECT_EQ(ParseSex(male).value(), Sex::kMale) << male;
  }
  for (const char* female : {"F", "f", "female", "أنثى", "انثى", "انثي", "أُنثى"}) {
    EXPECT_EQ(ParseSex(female).value(), Sex::kFemale) << female;
  }
  EXPECT_EQ(ParseSex("").value(), Sex::kUnknown);
  EXPECT_EQ(ParseSex("غير معروف").value(), Sex::kUnknown);
  Result<Sex> bad = ParseSex("x");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("ذكر"), std::string::npos);
}

TEST(ParseStatusTest, AcceptsArabicAndEnglishSynonyms) {
  struct Case {
    const char* text;
    VictimStatus status;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"detained", VictimStatus::kDetained},
           {"معتقل", VictimStatus::kDetained},
           {"مختفي قسرياً", VictimStatus::kDisappeared},
           {"مختفى قسريا", VictimStatus::kDisappeared},
           {"Forcibly disappeared", VictimStatus::kDisappeared},
           {"مفرج عنه", VictimStatus::kReleased},
           {"released", VictimStatus::kReleased},
           {"توفي تحت التعذيب", VictimStatus::kDiedInCustody},
           {"died_in_custody", VictimStatus::kDiedInCustody},
           {"Died in custody", VictimStatus::kDiedInCustody},
           {"أعدم", VictimStatus::kExecuted},
           {"اعدم", VictimStatus::kExecuted},
           {"executed", VictimStatus::kExecuted},
           {"", VictimStatus::kUnknown},
           {"unknown", VictimStatus::kUnknown},
       }) {
    Result<VictimStatus> status = ParseStatus(c.text);
    ASSERT_TRUE(status.ok()) << c.text;
    EXPECT_EQ(*status, c.status) << c.text;
  }
  EXPECT_FALSE(ParseStatus("on holiday").ok());
}

}  // namespace
}  // namespace sijil::ingest
