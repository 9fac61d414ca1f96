#include <gtest/gtest.h>

#include "text/text.h"

namespace sijil::text {
namespace {

struct SplitCase {
  const char* full_name;
  NameParts parts;
};

class SplitFullNameTest : public testing::TestWithParam<SplitCase> {};

TEST_P(SplitFullNameTest, KeepsCompoundsTogether) {
  const SplitCase& c = GetParam();
  const NameParts parts = SplitFullName(c.full_name);
  EXPECT_EQ(parts.given, c.parts.given) << c.full_name;
  EXPECT_EQ(parts.father, c.parts.father) << c.full_name;
  EXPECT_EQ(parts.grandfather, c.parts.grandfather) << c.full_name;
  EXPECT_EQ(parts.family, c.parts.family) << c.full_name;
}

INSTANTIATE_TEST_SUITE_P(
    RealWorldSpellings, SplitFullNameTest,
    testing::Values(
        SplitCase{"", {}}, SplitCase{"محمد", {"محمد", "", "", ""}},
        SplitCase{"محمد الحلبي", {"محمد", "", "", "الحلبي"}},
        SplitCase{"محمد أحمد الحلبي", {"محمد", "أحمد", "", "الحلبي"}},
        SplitCase{"محمد أحمد علي الحلبي", {"محمد", "أحمد", "علي", "الحلبي"}},
        SplitCase{"عبد الرحمن محمد عبد الله الزعبي", {"عبد الرحمن", "محمد", "عبد الله", "الزعبي"}},
        SplitCase{"عبدالله خالد المصري", {"عبدالله", "خالد", "", "المصري"}},
        SplitCase{"أبو بكر عمر الخطيب", {"أبو بكر", "عمر", "", "الخطيب"}},
        SplitCase{"ابو بكر", {"ابو بكر", "", "", ""}},
        SplitCase{"نور الدين حسن", {"نور الدين", "", "", "حسن"}},
        SplitCase{"سيف الدين عبد الكريم الحمصي", {"سيف الدين", "عبد الكريم", "", "الحمصي"}},
        SplitCase{"فتح الله يوسف", {"فتح الله", "", "", "يوسف"}},
        SplitCase{"محمد بن سلمان", {"محمد", "سلمان", "", ""}},
        SplitCase{"محمد بن سلمان آل سعود", {"محمد", "سلمان", "", "آل سعود"}},
        SplitCase{"  محمد   أحمد  ", {"محمد", "", "", "أحمد"}},
        SplitCase{"مُحَمَّد أَحْمَد الحَلَبِي", {"مُحَمَّد", "أَحْمَد", "", "الحَلَبِي"}},
        SplitCase{"محمد أحمد علي حسن الحلبي", {"محمد", "أحمد", "علي", "حسن الحلبي"}},
        SplitCase{"Mohammad Ahmad al-Halabi", {"Mohammad", "Ahmad", "", "al-Halabi"}},
        SplitCase{"Abd al-Rahman Mohammad Al Zoubi", {"Abd al-Rahman", "Mohammad", "", "Al Zoubi"}},
        SplitCase{"Abdulrahman Zoubi", {"Abdulrahman", "", "", "Zoubi"}},
        SplitCase{"Abdul Rahman Zoubi", {"Abdul Rahman", "", "", "Zoubi"}},
        SplitCase{"Abd al Rahman Khaled", {"Abd al Rahman", "", "", "Khaled"}},
        SplitCase{"Abdel Karim el-Masri", {"Abdel Karim", "", "", "el-Masri"}},
        SplitCase{"Nour al-Din Hassan", {"Nour al-Din", "", "", "Hassan"}},
        SplitCase{"Nour al Din Hassan", {"Nour al Din", "", "", "Hassan"}},
        SplitCase{"Nureddin Hassan", {"Nureddin", "", "", "Hassan"}},
        SplitCase{"Abu Bakr Omar", {"Abu Bakr", "", "", "Omar"}},
        SplitCase{"Abou Ali El Hassan", {"Abou Ali", "", "", "El Hassan"}},
        SplitCase{"Mohammed bin Salman Al Saud", {"Mohammed", "Salman", "", "Al Saud"}},
        SplitCase{"Omar ibn Khattab", {"Omar", "Khattab", "", ""}},
        SplitCase{"Fatima bint Ahmad", {"Fatima", "Ahmad", "", ""}},
        SplitCase{"Mhd Khaled Omar Al-Ahmad", {"Mhd", "Khaled", "Omar", "Al-Ahmad"}},
        SplitCase{"Saif ad-Din Ahmad", {"Saif ad-Din", "", "", "Ahmad"}}));

}  // namespace
}  // namespace sijil::text
