// The `sijil` binary as users and scripts meet it: exit codes, messages, JSON.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/internal/run_sijil.h"

namespace {

namespace fs = std::filesystem;

using sijil::cli::testing_util::ReadFile;
using sijil::cli::testing_util::RunResult;

class CliTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) /
           ("cli_test_" + std::to_string(getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs build/sijil with `args` (plus --db in the test folder), capturing output.
  RunResult Sijil(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", (dir_ / "sijil.db").string()});
    return sijil::cli::testing_util::RunSijil(std::move(args), dir_);
  }

  std::string Write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  fs::path dir_;
};

TEST_F(CliTest, HelpAndUsageErrors) {
  EXPECT_EQ(Sijil({"--help"}).exit_code, 0);
  EXPECT_EQ(Sijil({"import", "--help"}).exit_code, 0);
  EXPECT_EQ(Sijil({}).exit_code, 2);
  EXPECT_EQ(Sijil({"frobnicate"}).exit_code, 2);
  RunResult missing = Sijil({"import", "x.csv"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--source"), std::string::npos) << missing.err;
  EXPECT_EQ(Sijil({"import", "x.csv", "--source", "a", "--encoding", "latin9"}).exit_code, 1);
}

TEST_F(CliTest, CommandsNeedAnInitialisedDatabase) {
  RunResult result = Sijil({"sources"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("sijil init"), std::string::npos) << result.err;
  EXPECT_EQ(Sijil({"init"}).exit_code, 0);
  RunResult again = Sijil({"init"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("already initialised"), std::string::npos);
}

TEST_F(CliTest, ImportSourcesRecordsRoundTrip) {
  ASSERT_EQ(Sijil({"init"}).exit_code, 0);
  const std::string csv = Write("people.csv",
                                "ID;Name;Sex;Date of arrest;Status;Tribe\n"
                                "7;Mohammad al-Halabi;male;7/4/2013;disappeared;x\n"
                                "8;فاطمة الزعبي;أنثى;2012;معتقلة;\n");
  RunResult imported = Sijil({"--json", "import", csv, "--source", "vdc"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  nlohmann::json report = nlohmann::json::parse(imported.out);
  EXPECT_EQ(report["status"], "imported");
  EXPECT_EQ(report["inserted"], 2);

  nlohmann::json sources = nlohmann::json::parse(Sijil({"sources", "--json"}).out);
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(sources[0]["name"], "vdc");
  EXPECT_EQ(sources[0]["records"], 2);

  RunResult listed = Sijil({"records", "--json", "--source", "vdc"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  nlohmann::json records = nlohmann::json::parse(listed.out);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["record_id"], "7");
  EXPECT_EQ(records[0]["full_name"], "Mohammad al-Halabi");
  EXPECT_EQ(records[0]["sex"], "M");
  EXPECT_EQ(records[0]["arrest_date"], "[2013-04-07,2013-07-04]");
  EXPECT_EQ(records[0]["extra"]["Tribe"], "x");
  EXPECT_EQ(records[1]["status"], "detained");

  RunResult again = Sijil({"import", csv, "--source", "vdc"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("already imported"), std::string::npos) << again.out;
}

TEST_F(CliTest, BadRowsExitOneNamingFileLineColumnAndExpectation) {
  ASSERT_EQ(Sijil({"init"}).exit_code, 0);
  const std::string csv = Write("bad.csv",
                                "id,full_name,sex,birth_date\n"
                                "1,Omar,M,1980\n"
                                "2,Ali,Q,1981\n"
                                "3,Huda,F,1982-02-30\n");
  RunResult result = Sijil({"import", csv, "--source", "s"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("bad.csv:3: column 'sex': value 'Q': expected a sex"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("bad.csv:4: column 'birth_date': value '1982-02-30'"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.out.find("nothing was written"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(Sijil({"--json", "sources"}).out).size(), 0u);

  RunResult skipped = Sijil({"import", csv, "--source", "s", "--skip-invalid"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(ReadFile(csv + ".rejects.csv"),
            "id,full_name,sex,birth_date\n2,Ali,Q,1981\n3,Huda,F,1982-02-30\n");
}

TEST_F(CliTest, MissingFileIsAUserError) {
  ASSERT_EQ(Sijil({"init"}).exit_code, 0);
  RunResult result = Sijil({"import", (dir_ / "nope.csv").string(), "--source", "s"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("nope.csv"), std::string::npos);
}

}  // namespace
