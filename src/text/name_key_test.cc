// NameKey, SplitNameUnits and JaroWinkler. The key tables are data:
// testdata/name_key_variants.tsv (spellings that must share a key) and
// testdata/name_key_near_misses.tsv (names that must not).
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "text/text.h"

namespace sijil::text {
namespace {

// The data rows of a .tsv under src/text/testdata (comments and header
// skipped), each split on tabs.
std::vector<std::vector<std::string>> ReadTestTable(const std::string& name) {
  std::ifstream in(std::string(SIJIL_SOURCE_DIR) + "/src/text/testdata/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> columns;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) {
      columns.push_back(line.substr(start, tab - start));
    }
    columns.push_back(line.substr(start));
    rows.push_back(std::move(columns));
  }
  return rows;
}

std::vector<std::string> SplitBars(const std::string& s) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t bar; (bar = s.find('|', start)) != std::string::npos; start = bar + 1) {
    parts.push_back(s.substr(start, bar - start));
  }
  parts.push_back(s.substr(start));
  return parts;
}

TEST(NameKeyTest, SpellingsOfOneNameShareAKey) {
  size_t pairs = 0;
  for (const auto& row : ReadTestTable("name_key_variants.tsv")) {
    ASSERT_EQ(row.size(), 2u);
    const std::string& arabic = row[0];
    const std::string expected = NameKey(arabic);
    EXPECT_FALSE(expected.empty()) << arabic;
    for (const std::string& spelling : SplitBars(row[1])) {
      EXPECT_EQ(NameKey(spelling), expected) << spelling << " vs " << arabic;
      ++pairs;
    }
  }
  EXPECT_GE(pairs, 1000u);
}

TEST(NameKeyTest, NearMissesGetDifferentKeys) {
  size_t pairs = 0;
  for (const auto& row : ReadTestTable("name_key_near_misses.tsv")) {
    ASSERT_GE(row.size(), 2u);
    EXPECT_NE(NameKey(row[0]), NameKey(row[1]))
        << row[0] << " / " << row[1] << " both " << NameKey(row[0]);
    ++pairs;
  }
  EXPECT_GE(pairs, 80u);
}

TEST(NameKeyTest, KeysAreLowercaseAscii) {
  for (const auto& row : ReadTestTable("name_key_variants.tsv")) {
    for (const std::string& spelling : SplitBars(row[1])) {
      for (const char c : NameKey(spelling)) {
        EXPECT_TRUE((c >= 'a' && c <= 'z') || c == ' ') << spelling;
      }
    }
  }
}

TEST(NameKeyTest, EmptyAndUnkeyableInput) {
  EXPECT_EQ(NameKey(""), "");
  EXPECT_EQ(NameKey("   "), "");
  EXPECT_EQ(NameKey("- ، ."), "");
  EXPECT_EQ(NameKey("\xff\xfe"), "");
  EXPECT_EQ(NameKey("Иван"), "");  // other scripts carry no key
}

TEST(NameKeyTest, SeveralUnitsAreKeyedApart) {
  EXPECT_EQ(NameKey("Mohammad Ahmad"), NameKey("محمد") + " " + NameKey("أحمد"));
  EXPECT_EQ(NameKey("عبد الرحمن محمد الزعبي"), NameKey("Abdulrahman Mohammed al-Zoubi"));
  EXPECT_EQ(NameKey("Mohammad bin Salman"), NameKey("محمد بن سلمان"));
  EXPECT_EQ(NameKey("Nour al Din Hassan"), NameKey("نورالدين حسن"));
}

TEST(NameKeyTest, TransliterationMarksAndAccents) {
  EXPECT_EQ(NameKey("Saʿīd"), NameKey("سعيد"));
  EXPECT_EQ(NameKey("ʿAbd al-Raḥmān"), NameKey("عبد الرحمن"));
  EXPECT_EQ(NameKey("MOHAMMAD"), NameKey("mohammad"));
  EXPECT_EQ(NameKey("Fayçal"), NameKey("فيصل"));
}

TEST(NameKeyTest, KeysOfKeysAreStable) {
  // Single-word keys are read back as themselves (the fuzzer checks more).
  for (const char* name : {"محمد", "حسين", "محمود", "Khaled", "يوسف", "سعيد", "نور", "فاطمة"}) {
    const std::string key = NameKey(name);
    EXPECT_EQ(NameKey(key), key) << name;
  }
}

struct UnitsCase {
  std::string full_name;
  std::vector<std::string> units;
};

class SplitNameUnitsTest : public testing::TestWithParam<UnitsCase> {};

TEST_P(SplitNameUnitsTest, Splits) {
  EXPECT_EQ(SplitNameUnits(GetParam().full_name), GetParam().units) << GetParam().full_name;
}

INSTANTIATE_TEST_SUITE_P(
    RealNames, SplitNameUnitsTest,
    testing::Values(
        UnitsCase{"عبد الرحمن محمد الزعبي", {"عبد الرحمن", "محمد", "الزعبي"}},
        UnitsCase{"Abd al-Rahman Mohammad al-Zoubi", {"Abd al-Rahman", "Mohammad", "al-Zoubi"}},
        UnitsCase{"Abdulrahman  Mohammad Al Zoubi", {"Abdulrahman", "Mohammad", "Al Zoubi"}},
        UnitsCase{"أبو بكر عمر", {"أبو بكر", "عمر"}},
        UnitsCase{"Abu Bakr Omar", {"Abu Bakr", "Omar"}},
        UnitsCase{"نور الدين حسن", {"نور الدين", "حسن"}},
        UnitsCase{"Nour al Din Hassan", {"Nour al Din", "Hassan"}},
        UnitsCase{"Nour ad-Din Hassan", {"Nour ad-Din", "Hassan"}},
        UnitsCase{"محمد بن سلمان", {"محمد", "سلمان"}},
        UnitsCase{"Fatima bint Ahmad", {"Fatima", "Ahmad"}},
        UnitsCase{"Abd el Aziz ash-Shami", {"Abd el Aziz", "ash-Shami"}},
        UnitsCase{"عبد الله فتح الله", {"عبد الله", "فتح الله"}},
        UnitsCase{"(أبو بكر)", {"أبو بكر"}},
        UnitsCase{"Mohammad-Ali Hassan", {"Mohammad", "Ali", "Hassan"}}, UnitsCase{"", {}},
        UnitsCase{" - ", {}}));

TEST(JaroWinklerTest, KnownValues) {
  EXPECT_NEAR(JaroWinkler("MARTHA", "MARHTA"), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinkler("DWAYNE", "DUANE"), 0.84, 1e-4);
  EXPECT_NEAR(JaroWinkler("DIXON", "DICKSONX"), 0.8133, 1e-4);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "abc"), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "xyz"), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("", "a"), 0.0);
}

TEST(JaroWinklerTest, CountsCodePointsNotBytes) {
  // حسن / حسين: 3 and 4 code points, 3 matches, prefix 2.
  const double jaro = (3.0 / 3 + 3.0 / 4 + 1.0) / 3;
  EXPECT_NEAR(JaroWinkler("حسن", "حسين"), jaro + 2 * 0.1 * (1 - jaro), 1e-9);
  EXPECT_DOUBLE_EQ(JaroWinkler("محمد", "محمد"), 1.0);
  EXPECT_EQ(JaroWinkler("a", "b"), JaroWinkler("\xff", "b"));
}

}  // namespace
}  // namespace sijil::text
