#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "synth/internal/lists.h"
#include "synth/internal/population.h"
#include "synth/internal/random.h"
#include "synth/internal/tables.h"

namespace sijil::synth::internal {
namespace {

const std::string kDataDir = SIJIL_SOURCE_DIR "/data";

TEST(Rng, SameSeedSameStreamAndKnownFirstValue) {
  Rng a(42), b(42), c = Rng::Stream(42, 1);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.Next(), b.Next());
  EXPECT_NE(Rng(42).Next(), c.Next());
  // mt19937_64 is fully specified by the standard, so this holds everywhere.
  std::mt19937_64 engine(MixSeed(42));
  EXPECT_EQ(Rng(42).Next(), engine());
}

TEST(Rng, DrawsStayInRange) {
  Rng rng(3);
  for (int i = 0; i < 10000; ++i) {
    const double u = rng.Uniform();
    EXPECT_TRUE(u >= 0 && u < 1);
    EXPECT_LT(rng.UniformInt(7), 7u);
    const int x = rng.Between(-2, 2);
    EXPECT_TRUE(x >= -2 && x <= 2);
  }
}

TEST(WeightedSampler, FollowsWeightsAndSkipsZeros) {
  WeightedSampler sampler({1, 0, 3});
  Rng rng(5);
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 40000; ++i) ++counts[sampler.Draw(rng)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[2] / 40000.0, 0.75, 0.02);
}

TEST(Dates, DaysRoundTrip) {
  for (Date date : {Date{2011, 3, 15}, Date{2012, 2, 29}, Date{1950, 1, 1}, Date{2023, 12, 31}}) {
    const Date back = DateFromDays(DaysFromDate(date));
    EXPECT_EQ(back.year, date.year);
    EXPECT_EQ(back.month, date.month);
    EXPECT_EQ(back.day, date.day);
  }
  EXPECT_EQ(DaysFromDate({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromDate({2013, 4, 7}) - DaysFromDate({2013, 3, 31}), 7);
}

TEST(AddTypo, MakesOneSmallEditOnWholeCharacters) {
  Rng rng(9);
  for (const std::string name : {"عبد الرحمن", "Mohammad", "الزعبي", "Abd al-Rahman"}) {
    for (int i = 0; i < 200; ++i) {
      const std::string typo = AddTypo(name, rng);
      // Still valid UTF-8: every lead byte is followed by the right continuation count.
      for (size_t k = 0; k < typo.size();) {
        const unsigned char lead = static_cast<unsigned char>(typo[k]);
        const size_t length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
        ASSERT_GE(lead < 0x80 || lead >= 0xc0, true) << typo;
        for (size_t c = 1; c < length; ++c) ASSERT_EQ(typo[k + c] & 0xc0, 0x80) << typo;
        k += length;
      }
      EXPECT_LE(std::abs(static_cast<int>(typo.size()) - static_cast<int>(name.size())), 2);
      EXPECT_EQ(typo.substr(0, 1), name.substr(0, 1));
    }
  }
  EXPECT_EQ(AddTypo("Al", rng), "Al");  // too short to change
}

TEST(Tables, SizesAndCrossReferences) {
  Result<Tables> tables = LoadTables(kDataDir);
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_GE(tables->male_given.size(), 150u);
  EXPECT_GE(tables->female_given.size(), 60u);
  EXPECT_GE(tables->family.size(), 300u);
  EXPECT_EQ(tables->governorates.size(), 14u);
  EXPECT_GE(tables->districts.size(), 60u);
  EXPECT_GE(tables->cities.size(), 100u);
  EXPECT_GE(tables->saydnaya, 0);
  for (const Governorate& gov : tables->governorates) EXPECT_FALSE(gov.districts.empty());
  for (const auto* names : {&tables->male_given, &tables->female_given}) {
    std::set<std::string> arabic;
    for (const Entry& entry : *names) {
      EXPECT_TRUE(arabic.insert(entry.arabic).second) << "duplicate " << entry.arabic;
      EXPECT_GT(entry.weight, 0);
      std::set<std::string> latin(entry.latin.begin(), entry.latin.end());
      EXPECT_EQ(latin.size(), entry.latin.size()) << "repeated spelling for " << entry.arabic;
    }
  }
  // Daraa's family names lean towards الزعبي.
  const auto daraa = std::find_if(tables->governorates.begin(), tables->governorates.end(),
                                  [](const Governorate& g) { return g.entry.key == "Daraa"; });
  ASSERT_NE(daraa, tables->governorates.end());
  Rng rng(1);
  int zoubi = 0;
  for (int i = 0; i < 5000; ++i)
    zoubi += tables->family[daraa->family_sampler.Draw(rng)].entry.arabic == "الزعبي";
  EXPECT_GT(zoubi, 5000 / 20);
}

TEST(Tables, EveryRowHasTheHeaderColumnCount) {
  const std::vector<std::pair<std::string, size_t>> files = {
      {"names/male_given.tsv", 3},    {"names/female_given.tsv", 3},     {"names/family.tsv", 4},
      {"places/governorates.tsv", 5}, {"places/districts.tsv", 5},       {"places/cities.tsv", 6},
      {"places/facilities.tsv", 5},   {"synth/arresting_parties.tsv", 5}};
  for (const auto& [file, columns] : files) {
    std::ifstream in(kDataDir + "/" + file);
    ASSERT_TRUE(in) << file;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (line.empty() || line[0] == '#') continue;
      EXPECT_EQ(Split(line, '\t').size(), columns) << file << ":" << number;
    }
  }
}

TEST(ReadTsv, MalformedRowNamesFileAndLine) {
  const std::string path = testing::TempDir() + "/bad.tsv";
  {
    std::ofstream out(path);
    out << "# comment\narabic\tweight\tlatin\nمحمد\t10\tMohammad\nأحمد\t5\n";
  }
  Result<TsvTable> table = ReadTsv(path, {"arabic", "weight", "latin"});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(table.status().message().find("bad.tsv:4"), std::string::npos)
      << table.status().message();
}

}  // namespace
}  // namespace sijil::synth::internal
