// ResolvePlace on the table testdata/gazetteer_cases.tsv and on names it
// must not resolve.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "text/text.h"

namespace sijil::text {
namespace {

struct PlaceCase {
  std::string input;
  PlaceMatch expected;
};

std::vector<PlaceCase> ReadCases() {
  std::ifstream in(std::string(SIJIL_SOURCE_DIR) + "/src/text/testdata/gazetteer_cases.tsv");
  EXPECT_TRUE(in.good());
  std::vector<PlaceCase> cases;
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
    columns.resize(4);
    cases.push_back({columns[0], {columns[1], columns[2], columns[3]}});
  }
  return cases;
}

std::string Describe(const std::optional<PlaceMatch>& match) {
  if (!match) return "nullopt";
  return match->governorate + " / " + match->district + " / " + match->city;
}

TEST(GazetteerTest, ResolvesRealSpellings) {
  const std::vector<PlaceCase> cases = ReadCases();
  EXPECT_GE(cases.size(), 140u);
  for (const PlaceCase& c : cases) {
    const std::optional<PlaceMatch> match = ResolvePlace(c.input);
    EXPECT_EQ(Describe(match), Describe(c.expected)) << c.input;
  }
}

TEST(GazetteerTest, EveryGovernorateResolvesByItsOwnName) {
  for (const char* name :
       {"Damascus", "Rif Dimashq", "Aleppo", "Homs", "Hama", "Idlib", "Daraa", "Deir ez-Zor",
        "Latakia", "Tartus", "Hasakah", "Raqqa", "Quneitra", "As-Suwayda"}) {
    const std::optional<PlaceMatch> match = ResolvePlace(std::string(name) + " governorate");
    ASSERT_TRUE(match.has_value()) << name;
    EXPECT_EQ(match->governorate, name);
  }
}

// The Arabic name of each governorate key resolves back to that key.
TEST(GazetteerTest, GovernoratesHaveArabicNames) {
  EXPECT_EQ(GovernorateArabicName("Aleppo"), "حلب");
  EXPECT_EQ(GovernorateArabicName("Rif Dimashq"), "ريف دمشق");
  for (const char* name : {"Damascus", "Homs", "Deir ez-Zor", "Hasakah", "As-Suwayda"}) {
    const std::string arabic = GovernorateArabicName(name);
    ASSERT_FALSE(arabic.empty()) << name;
    EXPECT_EQ(ResolvePlace("محافظة " + arabic)->governorate, name) << arabic;
  }
  EXPECT_EQ(GovernorateArabicName("Manbij"), "");  // a district and city, not a governorate
  EXPECT_EQ(GovernorateArabicName("حلب"), "");
}

TEST(GazetteerTest, ResolvesPlacesOfDetentionAcrossScriptsAndByBranchNumber) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"سجن صيدنايا العسكري", "saydnaya"},
      {"Saydnaya Military Prison", "saydnaya"},
      {"sednaya prison", "saydnaya"},
      {"SIDNAYA MILITARY PRISON", "saydnaya"},
      {"سجن عدرا المركزي", "adra"},
      {"Adra Central Prison", "adra"},
      {"الفرع 215 (سرية المداهمة)", "branch_215"},
      {"Raid Brigade Branch 215", "branch_215"},
      {"فرع ٢١٥", "branch_215"},                // Arabic-Indic digits
      {"Military Security 215", "branch_215"},  // not listed, but its number is
      {"الشرطة العسكرية - القابون", "mp_qaboun"},
      {"Military Police, Qaboun", "mp_qaboun"},
      {"مطار المزة العسكري", "mezzeh_airport"},
      {"Mezzeh Airport", "mezzeh_airport"},
      {"غير معروف", "unknown"},
      {"Not known", "unknown"}};
  for (const auto& [name, key] : cases) {
    EXPECT_EQ(ResolveFacility(name).value_or("nullopt"), key) << name;
  }
  for (const char* name :
       {"", "Branch", "Central Prison", "Branch 999", "Branch 215 or 227", "سجن", "Paris"}) {
    EXPECT_EQ(ResolveFacility(name), std::nullopt) << name;
  }
}

TEST(GazetteerTest, UnknownNamesAreNotResolved) {
  for (const char* name :
       {"", "  ", "-", "Paris", "باريس", "محافظة", "Governorate", "xyz", "\xff\xfe", "12345"}) {
    EXPECT_EQ(Describe(ResolvePlace(name)), "nullopt") << name;
  }
}

}  // namespace
}  // namespace sijil::text
