#include "text/text.h"

#include <gtest/gtest.h>

#include <string>

#include "text/internal/utf8.h"

namespace sijil::text {
namespace {

struct Case {
  std::string input;
  std::string expected;
};

class NormalizeArabicTest : public testing::TestWithParam<Case> {};

TEST_P(NormalizeArabicTest, Normalizes) {
  EXPECT_EQ(NormalizeArabic(GetParam().input), GetParam().expected) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    RealWorldSpellings, NormalizeArabicTest,
    testing::Values(
        // Alef forms.
        Case{"أحمد", "احمد"}, Case{"احمد", "احمد"}, Case{"إحمد", "احمد"},
        Case{"إبراهيم", "ابراهيم"}, Case{"آمنة", "امنه"}, Case{"ٱلله", "الله"},
        Case{"الأسد", "الاسد"},
        // Ta marbuta, alef maqsura, hamza carriers.
        Case{"فاطمة", "فاطمه"}, Case{"فاطمه", "فاطمه"}, Case{"مصطفى", "مصطفي"},
        Case{"مصطفي", "مصطفي"}, Case{"عيسى", "عيسي"}, Case{"مؤمن", "مومن"}, Case{"رائد", "رايد"},
        Case{"هيئة", "هييه"}, Case{"علاء", "علاء"},
        // Tashkeel, superscript alef, tatweel.
        Case{"مُحَمَّد", "محمد"}, Case{"عَلِيّ", "علي"}, Case{"سعيدٌ", "سعيد"}, Case{"الرحمٰن", "الرحمن"},
        Case{"محـــمد", "محمد"}, Case{"عـلـي", "علي"},
        // Digits.
        Case{"٢٠١٣", "2013"}, Case{"۲۰۱۳", "2013"}, Case{"٧/٤/٢٠١٣", "7/4/2013"},
        // Persian and Urdu letters.
        Case{"کریم", "كريم"}, Case{"یاسین", "ياسين"}, Case{"زکی", "زكي"},
        // Whitespace and invisible controls.
        Case{"  محمد   علي  ", "محمد علي"}, Case{"محمد\t\nعلي", "محمد علي"},
        Case{"محمد\u00a0علي", "محمد علي"}, Case{"ذكر\u00a0", "ذكر"},
        Case{"محمد\u200fعلي", "محمدعلي"}, Case{"\u202bمحمد\u202c", "محمد"},
        Case{"\ufeffمحمد", "محمد"}, Case{"\u2067علي\u2069", "علي"}, Case{"مح\u200cمد", "محمد"},
        // Other scripts pass through with whitespace collapsed.
        Case{"Mohammad", "Mohammad"}, Case{"  Sa'id  AL-Zoubi ", "Sa'id AL-Zoubi"},
        Case{"Müller", "Müller"}, Case{"", ""}, Case{"   ", ""}));

class FoldLatinTest : public testing::TestWithParam<Case> {};

TEST_P(FoldLatinTest, Folds) {
  EXPECT_EQ(FoldLatin(GetParam().input), GetParam().expected) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    RealWorldSpellings, FoldLatinTest,
    testing::Values(
        // ASCII fast path.
        Case{"MOHAMMAD", "mohammad"}, Case{"Mohammed", "mohammed"}, Case{"Sa'id", "said"},
        Case{"al-Zoubi", "al zoubi"}, Case{"  Omar   Khaled ", "omar khaled"},
        Case{"O`Neil", "oneil"}, Case{"7/4/2013", "7/4/2013"}, Case{"", ""},
        // Diacritics and transliteration marks.
        Case{"Muḥammad", "muhammad"}, Case{"Sa’id", "said"},
        Case{"ʿAbd al-Raḥmān", "abd al rahman"}, Case{"ʾAḥmad", "ahmad"}, Case{"Ḥalabī", "halabi"},
        Case{"Şükrü", "sukru"}, Case{"Müller", "muller"}, Case{"Çelik", "celik"},
        Case{"Ma´mun", "mamun"}, Case{"ŠĆŽ", "scz"},
        // Case folding beyond ASCII.
        Case{"STRAßE", "strasse"}, Case{"GROẞ", "gross"}, Case{"IBRAHİM", "ibrahim"},
        Case{"Işık", "isik"}, Case{"ΣΟΦΙΑ", "σοφια"},
        // Compatibility forms, dashes and spaces.
        Case{"ﬁras", "firas"}, Case{"ＡＨＭＡＤ", "ahmad"}, Case{"Al–Zoubi", "al zoubi"},
        Case{"Al\u00a0Zoubi", "al zoubi"},
        // Arabic passes through; presentation forms become letters.
        Case{"محمد Müller", "محمد muller"}, Case{"أحمد", "أحمد"},
        Case{"\ufe83\ufea3\ufee4\ufeaa", "احمد"}));

class NormalizeNameTest : public testing::TestWithParam<Case> {};

TEST_P(NormalizeNameTest, Normalizes) {
  EXPECT_EQ(NormalizeName(GetParam().input), GetParam().expected) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    RealWorldSpellings, NormalizeNameTest,
    testing::Values(Case{"مُحَمَّد  الحلبيّ", "محمد الحلبي"}, Case{"أحمد", "احمد"}, Case{"إحمد", "احمد"},
                    Case{"فاطمة", "فاطمه"}, Case{"مصطفى", "مصطفي"}, Case{"محـــمد", "محمد"},
                    Case{"عبد الرحمن، محمد", "عبد الرحمن محمد"}, Case{"(أبو بكر)", "ابو بكر"},
                    Case{"الكنية / العائلة", "الكنيه العايله"}, Case{"مواليد ١٩٨٥", "مواليد 1985"},
                    Case{"Muḥammad al-Ḥalabi", "muhammad al halabi"}, Case{"MOHAMMAD", "mohammad"},
                    Case{"Sa'id", "said"}, Case{"ʿAbd al-Raḥmān", "abd al rahman"},
                    Case{"O'Neil", "oneil"}, Case{"Father's Name", "fathers name"},
                    Case{"DATE_OF_BIRTH", "date of birth"},
                    Case{"Notes (internal)", "notes internal"}, Case{"No.", "no"},
                    Case{"«Ahmad» – Omar", "ahmad omar"}, Case{"Mhd. Khaled", "mhd khaled"},
                    Case{"ﷲ", "الله"}, Case{"", ""}, Case{"- ، .", ""}));

// Spellings that must meet in one normalised form.
TEST(NormalizeNameTest, UnifiesVariantSpellings) {
  const std::vector<std::vector<std::string>> groups = {
      {"أحمد", "احمد", "إحمد", "أَحْمَد", "احـمد"},
      {"فاطمة", "فاطمه", "فاطِمَة"},
      {"مصطفى", "مصطفي", "مُصْطَفَى"},
      {"عبد الرحمن", "عبد  الرحمن", "عبدُ الرَّحْمٰن"},
      {"Said", "Sa'id", "Saʿid", "SA’ID", "Saïd"},
      {"Abd al-Rahman", "ʿAbd al-Raḥmān", "ABD AL RAHMAN", "Abd-al-Rahman"},
  };
  for (const std::vector<std::string>& group : groups) {
    for (const std::string& spelling : group) {
      EXPECT_EQ(NormalizeName(spelling), NormalizeName(group.front())) << spelling;
    }
  }
}

TEST(NormalizeNameTest, IsIdempotentOnExamples) {
  for (const char* s : {"مُحَمَّد  الحلبيّ", "Muḥammad al-Ḥalabi", "STRAßE", "Sa'id", "ﷺ", "ǅ"}) {
    const std::string once = NormalizeName(s);
    EXPECT_EQ(NormalizeName(once), once) << s;
  }
}

// Every scalar value, alone and between letters: each function returns valid
// UTF-8, FoldLatin and NormalizeName are fixed points, and NormalizeName
// agrees with the two-step composition.
TEST(NormalizeTest, EveryCodePointKeepsTheInvariants) {
  for (char32_t c = 1; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string input = "a";
    internal::AppendUtf8(c, &input);
    input += "b";
    const std::string arabic = NormalizeArabic(input);
    const std::string folded = FoldLatin(input);
    const std::string name = NormalizeName(input);
    ASSERT_TRUE(IsValidUtf8(arabic) && IsValidUtf8(folded) && IsValidUtf8(name))
        << std::hex << static_cast<uint32_t>(c);
    ASSERT_EQ(NormalizeArabic(arabic), arabic) << std::hex << static_cast<uint32_t>(c);
    ASSERT_EQ(FoldLatin(folded), folded) << std::hex << static_cast<uint32_t>(c);
    ASSERT_EQ(NormalizeName(name), name) << std::hex << static_cast<uint32_t>(c);
    ASSERT_EQ(NormalizeName(NormalizeArabic(folded)), name) << std::hex << static_cast<uint32_t>(c);
  }
}

TEST(NormalizeTest, ReplacesInvalidBytesWithoutFailing) {
  const std::string bad =
      "مح\xFF"
      "مد";
  EXPECT_EQ(NormalizeArabic(bad), "مح\uFFFDمد");
  EXPECT_EQ(FoldLatin("Mu\xC3"
                      "hammad"),
            "mu\uFFFDhammad");
  EXPECT_EQ(NormalizeName("\xED\xA0\x80x"), "\uFFFD\uFFFD\uFFFDx");
  EXPECT_EQ(NormalizeName("\xC0\x80"), "\uFFFD\uFFFD");
  EXPECT_EQ(FoldLatin("\xF5"), "\uFFFD");
}

struct ScriptCase {
  std::string text;
  Script script;
};

class DetectScriptTest : public testing::TestWithParam<ScriptCase> {};

TEST_P(DetectScriptTest, ClassifiesLetters) {
  EXPECT_EQ(DetectScript(GetParam().text), GetParam().script) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Texts, DetectScriptTest,
    testing::Values(
        ScriptCase{"محمد الحلبي", Script::kArabic}, ScriptCase{"مُحَمَّد ٢٠١٣", Script::kArabic},
        ScriptCase{"ﻣﺤﻤﺪ", Script::kArabic},  // presentation forms
        ScriptCase{"Muḥammad al-Halabi", Script::kLatin},
        ScriptCase{"ʿAbd al-Raḥmān", Script::kLatin}, ScriptCase{"Müller", Script::kLatin},
        ScriptCase{"محمد Mohammad", Script::kMixed}, ScriptCase{"Иван Mohammad", Script::kMixed},
        ScriptCase{"Иван", Script::kOther}, ScriptCase{"Ահմադ", Script::kOther},
        ScriptCase{"2013-04-07", Script::kEmpty}, ScriptCase{"٢٠١٣", Script::kEmpty},
        ScriptCase{"", Script::kEmpty}, ScriptCase{"\xFF\xFE", Script::kEmpty}));

}  // namespace
}  // namespace sijil::text
