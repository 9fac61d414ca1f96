// Capture histories from a store's linked persons (HistoriesFromStore).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "cli/internal/run_sijil.h"

namespace sijil::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class HistoriesFromStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("estimate_store_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Result<std::unique_ptr<store::Store>> opened = store::OpenSqliteStore((dir_ / "s.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
  }

  // Imports records (id, governorate, arrest date) into `source`.
  void Import(const std::string& source,
              const std::vector<std::tuple<std::string, std::string, std::string>>& rows) {
    Result<std::unique_ptr<store::ImportBatch>> batch = store_->BeginImport(
        {source, source + ".csv", std::string(64, static_cast<char>('a' + source.size())), "csv",
         "utf-8"});
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    for (const auto& [id, governorate, arrest] : rows) {
      Record record;
      record.record_id = id;
      record.governorate = governorate;
      Result<PartialDate> date = PartialDate::Parse(arrest);
      ASSERT_TRUE(date.ok());
      record.arrest_date = *date;
      record.raw = {{"id", id}, {"governorate", governorate}, {"arrest_date", arrest}};
      ASSERT_TRUE((*batch)->Put(record).ok());
    }
    ASSERT_TRUE((*batch)->Commit(0).ok());
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(HistoriesFromStoreTest, OneListPerSourceStratifiedByFields) {
  Import("amnesty", {{"a1", "Aleppo", "2012-03"}, {"a2", "Homs", "2013"}, {"a3", "Aleppo", ""}});
  Import("vdc", {{"v1", "Aleppo", "2012-05-01"}, {"v2", "", "2013-02"}, {"v3", "Homs", "2014"}});
  store::Linkage linkage;
  // p1 on both lists, p2 on both, p3 only amnesty, p4 and p5 only vdc.
  linkage.members = {{{"amnesty", "a1"}, "p1"}, {{"vdc", "v1"}, "p1"},
                     {{"amnesty", "a2"}, "p2"}, {{"vdc", "v2"}, "p2"},
                     {{"amnesty", "a3"}, "p3"}, {{"vdc", "v3"}, "p4"}};
  ASSERT_TRUE(store_->SaveLinkage(linkage).ok());

  Result<std::map<std::string, estimate::CaptureHistories>> whole = HistoriesFromStore(*store_, {});
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  ASSERT_EQ(whole->size(), 1u);
  const estimate::CaptureHistories& all = whole->begin()->second;
  EXPECT_EQ(all.lists, (std::vector<std::string>{"amnesty", "vdc"}));
  EXPECT_EQ(all.counts, (std::vector<int64_t>{0, 1, 1, 2}));

  Result<std::map<std::string, estimate::CaptureHistories>> strata =
      HistoriesFromStore(*store_, {"governorate", "arrest_year"});
  ASSERT_TRUE(strata.ok()) << strata.status().ToString();
  std::map<std::string, std::vector<int64_t>> counts;
  for (const auto& [stratum, histories] : *strata) counts[stratum] = histories.counts;
  // p2's governorate comes from its one record that has one; p3 has no arrest date.
  EXPECT_EQ(counts, (std::map<std::string, std::vector<int64_t>>{{"Aleppo|2012", {0, 0, 0, 1}},
                                                                 {"Aleppo|unknown", {0, 1, 0, 0}},
                                                                 {"Homs|2013", {0, 0, 0, 1}},
                                                                 {"Homs|2014", {0, 0, 1, 0}}}));
}

// A governorate spelt several ways (or implied by a city alone) is one
// stratum under the gazetteer's name; a place it does not know stays as written.
TEST_F(HistoriesFromStoreTest, PlacesAreStratifiedByTheirGazetteerName) {
  Import("amnesty",
         {{"a1", "Al-Hasaka", "2012"}, {"a2", "الحسكة", "2012"}, {"a3", "Atlantis", ""}});
  Import("vdc", {{"v1", "Hasakah", "2012"}, {"v2", "", "2012"}});
  store::Linkage linkage;
  linkage.members = {{{"amnesty", "a1"}, "p1"},
                     {{"vdc", "v1"}, "p1"},
                     {{"amnesty", "a2"}, "p2"},
                     {{"amnesty", "a3"}, "p3"},
                     {{"vdc", "v2"}, "p4"}};
  ASSERT_TRUE(store_->SaveLinkage(linkage).ok());
  Result<std::map<std::string, estimate::CaptureHistories>> strata =
      HistoriesFromStore(*store_, {"governorate"});
  ASSERT_TRUE(strata.ok()) << strata.status().ToString();
  std::map<std::string, std::vector<int64_t>> counts;
  for (const auto& [stratum, histories] : *strata) counts[stratum] = histories.counts;
  EXPECT_EQ(counts,
            (std::map<std::string, std::vector<int64_t>>{
                {"Hasakah", {0, 1, 0, 1}}, {"Atlantis", {0, 1, 0, 0}}, {"unknown", {0, 0, 1, 0}}}));
}

// Through the binary: a stratum that cannot be estimated (Homs: amnesty saw
// everyone there) is reported with its error; the other is still estimated.
TEST_F(HistoriesFromStoreTest, EstimatesEachStratumAndReportsTheUnestimable) {
  std::vector<std::tuple<std::string, std::string, std::string>> amnesty, vdc;
  store::Linkage linkage;
  auto add = [&](const std::string& person, const std::string& governorate, bool on_amnesty,
                 bool on_vdc) {
    if (on_amnesty) {
      amnesty.emplace_back("a" + person, governorate, "2012");
      linkage.members.push_back({{"amnesty", "a" + person}, person});
    }
    if (on_vdc) {
      vdc.emplace_back("v" + person, governorate, "2012");
      linkage.members.push_back({{"vdc", "v" + person}, person});
    }
  };
  for (int idx = 0; idx < 60; ++idx) add("p" + std::to_string(idx), "Aleppo", idx < 40, idx >= 30);
  add("h1", "Homs", true, false);
  add("h2", "Homs", true, false);
  Import("amnesty", amnesty);
  Import("vdc", vdc);
  ASSERT_TRUE(store_->SaveLinkage(linkage).ok());
  store_.reset();
  const fs::path errors = dir_ / "stderr.txt";
  const std::string command = std::string(SIJIL_BINARY) + " --db " + (dir_ / "s.db").string() +
                              " estimate --by governorate --model independence --json 2> " +
                              errors.string();
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  for (size_t read; (read = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    output.append(buffer, read);
  EXPECT_EQ(pclose(pipe), 0) << output;
  const nlohmann::json results = nlohmann::json::parse(output, nullptr, false);
  ASSERT_TRUE(results.is_array()) << output;
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["stratum"], "Aleppo");
  // Lincoln-Petersen: 40 x 30 / 10.
  EXPECT_NEAR(results[0]["estimate"].get<double>(), 120.0, 1e-6);
  EXPECT_EQ(results[1]["stratum"], "Homs");
  EXPECT_THAT(results[1]["error"].get<std::string>(), HasSubstr("amnesty"));
  std::ifstream stderr_file(errors);
  const std::string stderr_text((std::istreambuf_iterator<char>(stderr_file)),
                                std::istreambuf_iterator<char>());
  EXPECT_THAT(stderr_text, HasSubstr("warning: stratum Homs"));
}

// --draws writes every kept draw of N, chain by chain, in sampling order: the
// same draws the summary was computed from, so their median is the estimate.
TEST_F(HistoriesFromStoreTest, DrawsAreWrittenForDiagnosticsElsewhere) {
  const fs::path draws_file = dir_ / "draws.csv";
  const testing_util::RunResult run = testing_util::RunSijil(
      {"estimate", "--histories", std::string(SIJIL_SOURCE_DIR) + "/data/mse/kosovo.csv",
       "--method", "lcmcr", "--burn-in", "200", "--samples", "101", "--thinning", "5", "--seed",
       "7", "--draws", draws_file.string(), "--json"},
      dir_);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json result = nlohmann::json::parse(run.out);
  std::ifstream in(draws_file);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "stratum,chain,draw,N");
  std::vector<double> draws;
  std::map<std::string, int> rows_per_chain;
  for (int row = 0; std::getline(in, line); ++row) {
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    ASSERT_EQ(cells.size(), 4u) << line;
    EXPECT_EQ(cells[0], "");
    EXPECT_EQ(cells[2], std::to_string(row % 101 + 1)) << line;
    ++rows_per_chain[cells[1]];
    draws.push_back(std::stod(cells[3]));
  }
  EXPECT_EQ(rows_per_chain, (std::map<std::string, int>{{"1", 101}, {"2", 101}}));
  std::sort(draws.begin(), draws.end());
  // 202 draws: R's type-7 median is the mean of the 101st and 102nd.
  EXPECT_DOUBLE_EQ(result["estimate"].get<double>(), (draws[100] + draws[101]) / 2);
  EXPECT_GE(draws.front(), 4400);
}

TEST_F(HistoriesFromStoreTest, NeedsALinkRun) {
  Import("amnesty", {{"a1", "Aleppo", "2012"}});
  Result<std::map<std::string, estimate::CaptureHistories>> histories =
      HistoriesFromStore(*store_, {});
  EXPECT_THAT(histories.status().message(), HasSubstr("run `sijil link` first"));
}

}  // namespace
}  // namespace sijil::cli
