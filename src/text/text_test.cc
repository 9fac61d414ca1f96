#include "text/text.h"

#include <gtest/gtest.h>

namespace sijil::text {
namespace {

struct Case {
  const char* input;
  const char* expected;
};

class NormalizeArabicTest : public testing::TestWithParam<Case> {};
TEST_P(NormalizeArabicTest, Normalizes) {
  EXPECT_EQ(NormalizeArabic(GetParam().input), GetParam().expected) << GetParam().input;
}
INSTANTIATE_TEST_SUITE_P(
    Spellings, NormalizeArabicTest,
    testing::Values(Case{"أحمد", "احمد"}, Case{"إحمد", "احمد"}, Case{"آمنة", "امنه"},
                    Case{"ٱلله", "الله"}, Case{"فاطمة", "فاطمه"}, Case{"فاطمه", "فاطمه"},
                    Case{"مصطفى", "مصطفي"}, Case{"مصطفي", "مصطفي"}, Case{"مؤمن", "مومن"},
                    Case{"رائد", "رايد"}, Case{"هيئة", "هييه"}, Case{"مُحَمَّد", "محمد"},
                    Case{"محـــمد", "محمد"}, Case{"عليّ", "علي"}, Case{"سعيدٌ", "سعيد"},
                    Case{"٢٠١٣", "2013"}, Case{"۲۰۱۳", "2013"}, Case{"  محمد   علي  ", "محمد علي"},
                    Case{"محمد\u200fعلي", "محمدعلي"}, Case{"\u202bمحمد\u202c", "محمد"},
                    Case{"کریم", "كريم"}, Case{"الرحمٰن", "الرحمن"}, Case{"Mohammad", "Mohammad"},
                    Case{"ذكر\u00a0", "ذكر"}, Case{"", ""}));

class FoldLatinTest : public testing::TestWithParam<Case> {};
TEST_P(FoldLatinTest, Folds) {
  EXPECT_EQ(FoldLatin(GetParam().input), GetParam().expected) << GetParam().input;
}
INSTANTIATE_TEST_SUITE_P(
    Spellings, FoldLatinTest,
    testing::Values(Case{"MOHAMMAD", "mohammad"}, Case{"Muḥammad", "muhammad"},
                    Case{"Sa'id", "said"}, Case{"Sa’id", "said"}, Case{"ʿAbd al-Raḥmān", "abd al rahman"},
                    Case{"Müller", "muller"}, Case{"STRAßE", "strasse"}, Case{"Çelik", "celik"},
                    Case{"Ḥalabī", "halabi"}, Case{"ʾAḥmad", "ahmad"}, Case{"al-Zoubi", "al zoubi"},
                    Case{"Al–Zoubi", "al zoubi"}, Case{"  Omar   Khaled ", "omar khaled"},
                    Case{"ﬁras", "firas"}, Case{"IBRAHİM", "ibrahim"}, Case{"7/4/2013", "7/4/2013"}));

class NormalizeNameTest : public testing::TestWithParam<Case> {};
TEST_P(NormalizeNameTest, Normalizes) {
  EXPECT_EQ(NormalizeName(GetParam().input), GetParam().expected) << GetParam().input;
}
INSTANTIATE_TEST_SUITE_P(
    Spellings, NormalizeNameTest,
    testing::Values(Case{"مُحَمَّد  الحلبيّ", "محمد الحلبي"}, Case{"Muḥammad al-Ḥalabi", "muhammad al halabi"},
                    Case{"عبد الرحمن، محمد", "عبد الرحمن محمد"}, Case{"Father's Name", "fathers name"},
                    Case{"DATE_OF_BIRTH", "date of birth"}, Case{"Notes (internal)", "notes internal"},
                    Case{"No.", "no"}, Case{"الكنية / العائلة", "الكنيه العايله"},
                    Case{"O'Neil", "oneil"}, Case{"(أبو بكر)", "ابو بكر"}));

TEST(NormalizeNameTest, IsIdempotent) {
  for (const char* s : {"مُحَمَّد  الحلبيّ", "Muḥammad al-Ḥalabi", "STRAßE", "Sa'id", "فاطمة"}) {
    const std::string once = NormalizeName(s);
    EXPECT_EQ(NormalizeName(once), once) << s;
  }
}

TEST(Utf8Test, AcceptsValidText) {
  for (const char* s : {"", "abc", "محمد", "Muḥammad", "😀", "\xEF\xBB\xBF"}) {
    EXPECT_TRUE(IsValidUtf8(s)) << s;
    EXPECT_EQ(FindInvalidUtf8(s), std::string_view::npos);
  }
}

TEST(Utf8Test, FindsTheFirstInvalidSequence) {
  struct Bad {
    std::string bytes;
    size_t offset;
  };
  for (const Bad& bad : std::initializer_list<Bad>{
           {"ab\xC0\x80", 2},            // overlong NUL
           {"\xED\xA0\x80", 0},          // UTF-16 surrogate
           {"محمد\xD9", 8},              // truncated at the end
           {"x\xF5\x80\x80\x80", 1},     // above U+10FFFF
           {"\xE0\x80\xAF", 0},          // overlong slash
           {"ok\x80", 2},                // stray continuation byte
           {"\xC3\xA9\xFF", 2},          // 0xFF never appears
       }) {
    EXPECT_FALSE(IsValidUtf8(bad.bytes));
    EXPECT_EQ(FindInvalidUtf8(bad.bytes), bad.offset);
  }
}

TEST(Utf8Test, NormalizersReplaceInvalidBytes) {
  const std::string bad = "مح\xFF" "مد";
  EXPECT_EQ(NormalizeArabic(bad), "مح\uFFFDمد");
  EXPECT_TRUE(IsValidUtf8(FoldLatin("Mu\xC3" "hammad é")));
  EXPECT_TRUE(IsValidUtf8(NormalizeName("\xED\xA0\x80x")));
}

TEST(AsciiDigitsTest, ReplacesOnlyDigits) {
  EXPECT_EQ(AsciiDigits("٧/٤/٢٠١٣"), "7/4/2013");
  EXPECT_EQ(AsciiDigits("۱۹۸۵م"), "1985م");
  EXPECT_EQ(AsciiDigits("abc"), "abc");
}

TEST(DetectScriptTest, IgnoresDigitsAndPunctuation) {
  EXPECT_EQ(DetectScript("محمد الحلبي"), Script::kArabic);
  EXPECT_EQ(DetectScript("Muḥammad al-Halabi"), Script::kLatin);
  EXPECT_EQ(DetectScript("محمد Mohammad"), Script::kMixed);
  EXPECT_EQ(DetectScript("2013-04-07"), Script::kEmpty);
  EXPECT_EQ(DetectScript(""), Script::kEmpty);
  EXPECT_EQ(DetectScript("Иван"), Script::kOther);
}

}  // namespace
}  // namespace sijil::text
