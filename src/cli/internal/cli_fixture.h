// Test-only: a scratch folder with its own database for tests that run the
// `sijil` binary, shared by the CLI test suites.
#ifndef SIJIL_CLI_INTERNAL_CLI_FIXTURE_H_
#define SIJIL_CLI_INTERNAL_CLI_FIXTURE_H_

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/internal/run_sijil.h"

namespace sijil::cli::testing_util {

class CliFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/sijil_cli_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_ = (dir_ / "s.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  // Writes `bytes` to `name` in the scratch folder; returns its path.
  std::string Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return Path(name);
  }
  // Runs the binary on this test's database ($SIJIL_DB), with `env` added.
  RunResult Run(std::vector<std::string> args,
                std::vector<std::pair<std::string, std::string>> env = {}) {
    env.push_back({"SIJIL_DB", db_});
    return RunSijil(std::move(args), dir_, env);
  }
  // Runs with `--key-file` naming the key file `key_name` of the scratch folder.
  RunResult Keyed(std::vector<std::string> args, const std::string& key_name = "key") {
    args.push_back("--key-file");
    args.push_back(Path(key_name));
    return Run(std::move(args));
  }

  // Runs `sql` on the test's database directly, as an attacker with the file would.
  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
  }

  std::filesystem::path dir_;
  std::string db_;
};

}  // namespace sijil::cli::testing_util

#endif  // SIJIL_CLI_INTERNAL_CLI_FIXTURE_H_
