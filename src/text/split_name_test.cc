#include <gtest/gtest.h>

#include <string>

#include "text/text.h"

namespace sijil::text {

// Prints parts in failure messages.
void PrintTo(const NameParts& parts, std::ostream* os) {
  *os << "{given: \"" << parts.given << "\", father: \"" << parts.father << "\", grandfather: \""
      << parts.grandfather << "\", family: \"" << parts.family << "\"}";
}

namespace {

struct SplitCase {
  std::string full_name;
  NameParts parts;
};

class SplitFullNameTest : public testing::TestWithParam<SplitCase> {};

TEST_P(SplitFullNameTest, KeepsCompoundsTogether) {
  EXPECT_EQ(SplitFullName(GetParam().full_name), GetParam().parts) << GetParam().full_name;
}

INSTANTIATE_TEST_SUITE_P(
    Arabic, SplitFullNameTest,
    testing::Values(
        SplitCase{"", {}}, SplitCase{"  ", {}}, SplitCase{"محمد", {"محمد", "", "", ""}},
        SplitCase{"محمد الحلبي", {"محمد", "", "", "الحلبي"}},
        SplitCase{"محمد أحمد الحلبي", {"محمد", "أحمد", "", "الحلبي"}},
        SplitCase{"محمد أحمد علي الحلبي", {"محمد", "أحمد", "علي", "الحلبي"}},
        SplitCase{"عبد الرحمن محمد عبد الله الزعبي", {"عبد الرحمن", "محمد", "عبد الله", "الزعبي"}},
        SplitCase{"عبدالله خالد المصري", {"عبدالله", "خالد", "", "المصري"}},
        SplitCase{"عبد ال رحمن خالد", {"عبد ال رحمن", "", "", "خالد"}},
        SplitCase{"أبو بكر", {"أبو بكر", "", "", ""}},
        SplitCase{"أبو بكر عمر الخطيب", {"أبو بكر", "عمر", "", "الخطيب"}},
        SplitCase{"ابو علي", {"ابو علي", "", "", ""}},
        SplitCase{"نور الدين", {"نور الدين", "", "", ""}},
        SplitCase{"نور الدين حسن", {"نور الدين", "", "", "حسن"}},
        SplitCase{"سيف الدين عبد الكريم الحمصي", {"سيف الدين", "عبد الكريم", "", "الحمصي"}},
        SplitCase{"فتح الله يوسف", {"فتح الله", "", "", "يوسف"}},
        SplitCase{"محمد بن سلمان", {"محمد", "سلمان", "", ""}},
        SplitCase{"محمد بن سلمان آل سعود", {"محمد", "سلمان", "", "آل سعود"}},
        SplitCase{"فاطمة بنت أحمد", {"فاطمة", "أحمد", "", ""}},
        SplitCase{"محمد بن عبد الله", {"محمد", "عبد الله", "", ""}},
        SplitCase{"عبد العزيز بن عبد الرحمن آل سعود", {"عبد العزيز", "عبد الرحمن", "", "آل سعود"}},
        SplitCase{"  محمد   أحمد  ", {"محمد", "", "", "أحمد"}},
        SplitCase{"محمد\u00a0أحمد", {"محمد", "", "", "أحمد"}},
        SplitCase{"مُحَمَّد أَحْمَد الحَلَبِي", {"مُحَمَّد", "أَحْمَد", "", "الحَلَبِي"}},
        SplitCase{"محمد أحمد علي حسن الحلبي", {"محمد", "أحمد", "علي", "حسن الحلبي"}},
        SplitCase{"محمد أحمد علي الحاج علي", {"محمد", "أحمد", "علي", "الحاج علي"}},
        SplitCase{"عبد الله محمد علي آل الشيخ", {"عبد الله", "محمد", "علي", "آل الشيخ"}},
        SplitCase{"محمد ، أحمد", {"محمد", "", "", "أحمد"}}));

INSTANTIATE_TEST_SUITE_P(
    Latin, SplitFullNameTest,
    testing::Values(
        SplitCase{"Mohammad Ahmad al-Halabi", {"Mohammad", "Ahmad", "", "al-Halabi"}},
        SplitCase{"Abd al-Rahman Mohammad Al Zoubi", {"Abd al-Rahman", "Mohammad", "", "Al Zoubi"}},
        SplitCase{"Abdulrahman Zoubi", {"Abdulrahman", "", "", "Zoubi"}},
        SplitCase{"Abdul Rahman Zoubi", {"Abdul Rahman", "", "", "Zoubi"}},
        SplitCase{"Abd al Rahman Khaled", {"Abd al Rahman", "", "", "Khaled"}},
        SplitCase{"Abd el Rahman Khaled", {"Abd el Rahman", "", "", "Khaled"}},
        SplitCase{"Abdel Karim el-Masri", {"Abdel Karim", "", "", "el-Masri"}},
        SplitCase{"ʿAbd al-Raḥmān Ḥasan", {"ʿAbd al-Raḥmān", "", "", "Ḥasan"}},
        SplitCase{"Nour al-Din Hassan", {"Nour al-Din", "", "", "Hassan"}},
        SplitCase{"Nour al Din Hassan", {"Nour al Din", "", "", "Hassan"}},
        SplitCase{"Nur ad-Din Zengi", {"Nur ad-Din", "", "", "Zengi"}},
        SplitCase{"Nur ad Din Zengi", {"Nur ad Din", "", "", "Zengi"}},
        SplitCase{"Nour Eddin Hassan", {"Nour Eddin", "", "", "Hassan"}},
        SplitCase{"Nureddin Hassan", {"Nureddin", "", "", "Hassan"}},
        SplitCase{"Saif ad-Din Ahmad", {"Saif ad-Din", "", "", "Ahmad"}},
        SplitCase{"Fath Allah Youssef", {"Fath Allah", "", "", "Youssef"}},
        SplitCase{"Abu Bakr Omar", {"Abu Bakr", "", "", "Omar"}},
        SplitCase{"Abou Ali El Hassan", {"Abou Ali", "", "", "El Hassan"}},
        SplitCase{"Mohammed bin Salman", {"Mohammed", "Salman", "", ""}},
        SplitCase{"Mohammed bin Salman Al Saud", {"Mohammed", "Salman", "", "Al Saud"}},
        SplitCase{"Omar ibn Khattab", {"Omar", "Khattab", "", ""}},
        SplitCase{"Fatima bint Ahmad", {"Fatima", "Ahmad", "", ""}},
        SplitCase{"Ahmad bin Allah", {"Ahmad", "Allah", "", ""}},
        SplitCase{"Mhd Khaled Omar Al-Ahmad", {"Mhd", "Khaled", "Omar", "Al-Ahmad"}},
        SplitCase{"MOHAMMAD  AHMAD   AL HALABI", {"MOHAMMAD", "AHMAD", "", "AL HALABI"}},
        SplitCase{"Mohammad Ahmad Ali Hassan al-Halabi",
                  {"Mohammad", "Ahmad", "Ali", "Hassan al-Halabi"}},
        SplitCase{"Mohammad - Ahmad", {"Mohammad", "", "", "Ahmad"}}));

TEST(SplitFullNameTest, ReplacesInvalidBytes) {
  const NameParts parts = SplitFullName("مح\xFFمد الحلبي");
  EXPECT_EQ(parts.given, "مح\uFFFDمد");
  EXPECT_EQ(parts.family, "الحلبي");
}

TEST(SplitFullNameTest, PunctuationAloneGivesNoParts) {
  EXPECT_EQ(SplitFullName("- ، ."), NameParts{});
}

}  // namespace
}  // namespace sijil::text
