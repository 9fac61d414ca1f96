#include "synth/synth.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace sijil::synth {
namespace {

namespace fs = std::filesystem;
using Table = std::vector<std::vector<std::string>>;

const std::string kDataDir = SIJIL_SOURCE_DIR "/data";

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A strict RFC 4180 reader, so the test also checks the quoting.
Table ReadCsv(const fs::path& path) {
  const std::string text = ReadBytes(path);
  Table rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      EXPECT_TRUE(cell.empty()) << path << ": quote inside an unquoted cell";
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n') {
      row.push_back(std::move(cell));
      cell.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      EXPECT_NE(c, '\r') << path;
      cell += c;
    }
  }
  EXPECT_FALSE(quoted) << path << ": unterminated quote";
  EXPECT_TRUE(row.empty() && cell.empty()) << path << ": missing final newline";
  for (const auto& r : rows) EXPECT_EQ(r.size(), rows[0].size()) << path;
  return rows;
}

int ColumnOf(const Table& table, const std::string& name) {
  for (size_t i = 0; i < table[0].size(); ++i) {
    if (table[0][i] == name) return static_cast<int>(i);
  }
  return -1;
}

GenerateOptions Options(const fs::path& out, uint64_t seed = 7) {
  GenerateOptions options;
  options.persons = 2000;
  options.lists = 5;
  options.seed = seed;
  options.data_dir = kDataDir;
  options.out_dir = out.string();
  return options;
}

class GenerateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("sijil_synth_test_" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    Result<GenerateSummary> result = Generate(Options(*dir_ / "a"));
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    summary_ = new GenerateSummary(*result);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete summary_;
  }
  static fs::path Out() { return *dir_ / "a"; }
  // person_id -> bitmask of lists, from truth.csv.
  static std::map<std::string, uint32_t> TruthMasks() {
    std::map<std::string, uint32_t> masks;
    Table truth = ReadCsv(Out() / "truth.csv");
    for (size_t row = 1; row < truth.size(); ++row) {
      const int list = std::stoi(truth[row][0].substr(5));
      masks[truth[row][2]] |= 1u << (list - 1);
    }
    return masks;
  }

  static fs::path* dir_;
  static GenerateSummary* summary_;
};
fs::path* GenerateTest::dir_ = nullptr;
GenerateSummary* GenerateTest::summary_ = nullptr;

TEST_F(GenerateTest, WritesEveryFile) {
  EXPECT_EQ(summary_->true_population, 2000);
  EXPECT_EQ(summary_->lists, 5);
  ASSERT_EQ(summary_->records_per_list.size(), 5u);
  EXPECT_EQ(summary_->files.size(), 9u);
  for (const std::string& file : summary_->files) EXPECT_TRUE(fs::exists(file)) << file;
  for (int list = 1; list <= 5; ++list) {
    Table rows = ReadCsv(Out() / ("list_" + std::to_string(list) + ".csv"));
    EXPECT_EQ(static_cast<int64_t>(rows.size()) - 1, summary_->records_per_list[list - 1]);
    EXPECT_GT(rows.size(), 100u);
  }
  const std::string json = ReadBytes(Out() / "summary.json");
  EXPECT_NE(json.find("\"true_population\": 2000"), std::string::npos) << json;
  EXPECT_NE(json.find("\"style\": \"arabic_split\""), std::string::npos) << json;
}

TEST_F(GenerateTest, SameSeedGivesIdenticalBytes) {
  Result<GenerateSummary> again = Generate(Options(*dir_ / "b"));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  for (const char* name : {"list_1.csv", "list_2.csv", "list_3.csv", "list_4.csv", "list_5.csv",
                           "truth.csv", "histories.csv", "population.csv", "summary.json"}) {
    EXPECT_EQ(ReadBytes(Out() / name), ReadBytes(*dir_ / "b" / name)) << name;
  }
  Result<GenerateSummary> other = Generate(Options(*dir_ / "c", 8));
  ASSERT_TRUE(other.ok());
  EXPECT_NE(ReadBytes(Out() / "list_1.csv"), ReadBytes(*dir_ / "c" / "list_1.csv"));
}

TEST_F(GenerateTest, TruthCoversExactlyEveryListRow) {
  Table truth = ReadCsv(Out() / "truth.csv");
  EXPECT_EQ(truth[0], (std::vector<std::string>{"source", "record_id", "person_id"}));
  std::set<std::pair<std::string, std::string>> in_truth;
  for (size_t row = 1; row < truth.size(); ++row) {
    EXPECT_TRUE(in_truth.insert({truth[row][0], truth[row][1]}).second) << truth[row][1];
  }
  size_t list_rows = 0;
  for (int list = 1; list <= 5; ++list) {
    const std::string source = "list_" + std::to_string(list);
    Table rows = ReadCsv(Out() / (source + ".csv"));
    for (size_t row = 1; row < rows.size(); ++row) {
      EXPECT_TRUE(in_truth.count({source, rows[row][0]})) << source << " " << rows[row][0];
    }
    list_rows += rows.size() - 1;
  }
  EXPECT_EQ(list_rows, in_truth.size());
}

TEST_F(GenerateTest, HistoriesAgreeWithTruth) {
  std::map<std::string, int64_t> expected;
  for (const auto& [person, mask] : TruthMasks()) {
    std::string pattern;
    for (int list = 0; list < 5; ++list) pattern += (mask >> list) & 1 ? "1" : "0";
    ++expected[pattern];
  }
  Table histories = ReadCsv(Out() / "histories.csv");
  EXPECT_EQ(histories[0],
            (std::vector<std::string>{"list_1", "list_2", "list_3", "list_4", "list_5", "count"}));
  std::map<std::string, int64_t> found;
  int64_t total = 0;
  for (size_t row = 1; row < histories.size(); ++row) {
    std::string pattern;
    for (int list = 0; list < 5; ++list) pattern += histories[row][list];
    found[pattern] = std::stoll(histories[row][5]);
    total += found[pattern];
  }
  EXPECT_EQ(found, expected);
  EXPECT_EQ(total, summary_->observed_persons);
  EXPECT_LT(summary_->observed_persons, summary_->true_population);  // some on no list
  Table population = ReadCsv(Out() / "population.csv");
  EXPECT_EQ(population.size(), 2001u);
  const int lists = ColumnOf(population, "lists");
  int64_t observed = 0;
  for (size_t row = 1; row < population.size(); ++row) observed += !population[row][lists].empty();
  EXPECT_EQ(observed, summary_->observed_persons);
}

TEST_F(GenerateTest, EachListHasItsHeaderStyle) {
  auto header = [](int list) {
    return ReadCsv(Out() / ("list_" + std::to_string(list) + ".csv"))[0];
  };
  auto has = [](const std::vector<std::string>& h, const std::string& name) {
    return std::find(h.begin(), h.end(), name) != h.end();
  };
  const auto h1 = header(1), h2 = header(2), h3 = header(3), h4 = header(4), h5 = header(5);
  EXPECT_TRUE(has(h1, "الاسم") && has(h1, "اسم الأب") && has(h1, "الكنية") && has(h1, "الحالة"));
  EXPECT_TRUE(has(h1, "رقم الملف"));  // an extra column Sijil does not know
  EXPECT_TRUE(has(h2, "الاسم الكامل") && has(h2, "Date of birth") && !has(h2, "Father's name"));
  EXPECT_TRUE(has(h3, "Name") && has(h3, "Father's name") && has(h3, "Surname"));
  EXPECT_TRUE(has(h4, "Full name") && has(h4, "Age"));
  EXPECT_TRUE(has(h5, "First name") && has(h5, "Family name"));
  // Script of the name values follows the style.
  const std::regex arabic_letter("[\\xD8-\\xDB]");
  Table list1 = ReadCsv(Out() / "list_1.csv");
  Table list3 = ReadCsv(Out() / "list_3.csv");
  EXPECT_TRUE(std::regex_search(list1[1][1], arabic_letter)) << list1[1][1];
  EXPECT_FALSE(std::regex_search(list3[1][1], arabic_letter)) << list3[1][1];
}

TEST_F(GenerateTest, SomePersonsAreRecordedTwiceInOneList) {
  Table truth = ReadCsv(Out() / "truth.csv");
  std::map<std::pair<std::string, std::string>, int> seen;
  int duplicates = 0;
  for (size_t row = 1; row < truth.size(); ++row) {
    duplicates += ++seen[{truth[row][0], truth[row][2]}] == 2;
  }
  EXPECT_GT(duplicates, 5);
  EXPECT_LT(duplicates, static_cast<int>(truth.size()) / 20);
}

TEST_F(GenerateTest, ListsArePositivelyDependent) {
  const std::map<std::string, uint32_t> masks = TruthMasks();
  for (int a = 0; a < 3; ++a) {
    for (int b = a + 1; b < 3; ++b) {
      double both = 0, only_a = 0, only_b = 0;
      for (const auto& [person, mask] : masks) {
        const bool in_a = (mask >> a) & 1, in_b = (mask >> b) & 1;
        both += in_a && in_b;
        only_a += in_a && !in_b;
        only_b += !in_a && in_b;
      }
      const double neither = summary_->true_population - both - only_a - only_b;
      const double odds_ratio = both * neither / (only_a * only_b);
      EXPECT_GT(odds_ratio, 1.2) << "lists " << a + 1 << " and " << b + 1;
    }
  }
}

TEST_F(GenerateTest, MohammadIsTheCommonestMaleName) {
  Table population = ReadCsv(Out() / "population.csv");
  const int given = ColumnOf(population, "given_name"), sex = ColumnOf(population, "sex");
  std::map<std::string, int> counts;
  int males = 0;
  for (size_t row = 1; row < population.size(); ++row) {
    if (population[row][sex] != "M") continue;
    ++counts[population[row][given]];
    ++males;
  }
  auto top = std::max_element(counts.begin(), counts.end(),
                              [](const auto& a, const auto& b) { return a.second < b.second; });
  EXPECT_EQ(top->first, "محمد");
  EXPECT_GT(top->second, males / 20);
  EXPECT_GT(males, 1600);  // about 90% of detainees are modelled as men
}

TEST_F(GenerateTest, ValuesAreInShapesAnImporterReads) {
  const std::set<std::string> sexes = {"ذكر", "أنثى", "M",      "F",    "m",
                                       "f",   "male", "female", "Male", "Female"};
  const std::set<std::string> statuses = {"معتقل",
                                          "معتقلة",
                                          "مختفي قسرياً",
                                          "مختفية قسرياً",
                                          "توفي تحت التعذيب",
                                          "توفيت تحت التعذيب",
                                          "مفرج عنه",
                                          "مفرج عنها",
                                          "أعدم",
                                          "أعدمت",
                                          "detained",
                                          "in detention",
                                          "disappeared",
                                          "forcibly disappeared",
                                          "died in custody",
                                          "died under torture",
                                          "released",
                                          "executed"};
  const std::regex date(
      "(\\d{4})|(\\d{4}-\\d{2})|(\\d{4}-\\d{2}-\\d{2})|(\\d{1,2}/\\d{1,2}/\\d{4})|"
      "(\\d{2}\\.\\d{2}\\.\\d{4})|(\\d{1,2} [A-Z][a-z]+ \\d{4})|([A-Z][a-z]+ \\d{4})|"
      "([^0-9 ]+( [^0-9 ]+)? \\d{4})");
  const std::set<std::string> sex_headers = {"الجنس", "Sex", "Gender"};
  const std::set<std::string> status_headers = {"الحالة", "Status", "Fate"};
  const std::set<std::string> date_headers = {
      "تاريخ الولادة", "تاريخ الاعتقال", "تاريخ الحالة", "Date of birth", "Date of arrest",
      "Status date",   "Arrest date",    "DOB",          "Detention date"};
  for (int list = 1; list <= 5; ++list) {
    Table rows = ReadCsv(Out() / ("list_" + std::to_string(list) + ".csv"));
    for (size_t column = 0; column < rows[0].size(); ++column) {
      const std::string& header = rows[0][column];
      int filled = 0;
      for (size_t row = 1; row < rows.size(); ++row) {
        const std::string& value = rows[row][column];
        if (value.empty()) continue;
        ++filled;
        if (sex_headers.count(header)) {
          EXPECT_TRUE(sexes.count(value)) << value;
        }
        if (status_headers.count(header)) {
          EXPECT_TRUE(statuses.count(value)) << value;
        }
        if (date_headers.count(header)) {
          EXPECT_TRUE(std::regex_match(value, date)) << value;
        }
        if (header == "Age" || header == "العمر") {
          const int age = std::stoi(value);
          EXPECT_TRUE(age >= 13 && age <= 71) << value;
        }
      }
      // Optional fields are missing for 10-30% of rows (notes and extras more).
      EXPECT_GT(filled, 0) << "list " << list << " column " << header;
    }
  }
}

TEST(GenerateErrors, MissingDataDirIsNotFoundNamingTheFile) {
  GenerateOptions options = Options(fs::temp_directory_path() / "sijil_synth_never");
  options.data_dir = "/nonexistent/sijil-data";
  Result<GenerateSummary> result = Generate(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_NE(result.status().message().find("names/male_given.tsv"), std::string::npos)
      << result.status().message();
  EXPECT_FALSE(fs::exists(fs::temp_directory_path() / "sijil_synth_never"));
}

TEST(GenerateErrors, BadSizesAreInvalidArguments) {
  GenerateOptions options = Options(fs::temp_directory_path() / "sijil_synth_never");
  options.persons = 0;
  EXPECT_EQ(Generate(options).status().code(), StatusCode::kInvalidArgument);
  options.persons = 10;
  options.lists = 1;
  EXPECT_EQ(Generate(options).status().code(), StatusCode::kInvalidArgument);
  options.lists = kMaxLists + 1;
  EXPECT_EQ(Generate(options).status().code(), StatusCode::kInvalidArgument);
}

TEST(GenerateProgress, ReportsRisingFractionsEndingAtOne) {
  const fs::path out =
      fs::temp_directory_path() / ("sijil_synth_progress_" + std::to_string(::getpid()));
  GenerateOptions options = Options(out);
  options.persons = 300;
  std::vector<double> fractions;
  Result<GenerateSummary> result = Generate(options, [&](double f) { fractions.push_back(f); });
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_GE(fractions.size(), 3u);
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  EXPECT_EQ(fractions.back(), 1.0);
  fs::remove_all(out);
}

TEST(Tables, EveryBundledTableLoads) {
  Result<int64_t> rows = CheckTables(kDataDir);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_GT(*rows, 700);
}

}  // namespace
}  // namespace sijil::synth
