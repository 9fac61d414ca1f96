// End-to-end vault and custody log through the `sijil` binary: proofs that an
// independent verifier (tests/vault/rfc9162_verify.py) accepts, tampering of
// every kind reported precisely with exit 1, and kill -9 during `vault add`.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "cli/internal/run_sijil.h"

namespace sijil::cli {
namespace {

namespace fs = std::filesystem;
using testing_util::RunResult;

class VaultCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/sijil_vault_cli_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_ = (dir_ / "s.db").string();
    Write("key", std::string(32, 'k'));
    Write("a.txt", "first exhibit\n");
    std::string big(3 * (1 << 20) + 7, '\0');
    for (size_t at = 0; at < big.size(); ++at) big[at] = static_cast<char>(at * 7919 % 251);
    Write("big.bin", big);
    ASSERT_EQ(Run({"init"}).exit_code, 0);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }

  RunResult Run(std::vector<std::string> args,
                std::vector<std::pair<std::string, std::string>> env = {}) {
    env.push_back({"SIJIL_DB", db_});
    return testing_util::RunSijil(std::move(args), dir_, env);
  }
  RunResult RunKeyed(std::vector<std::string> args) {
    args.push_back("--key-file");
    args.push_back(Path("key"));
    return Run(std::move(args));
  }

  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
  }

  // Adds two files and an import, then signs a checkpoint.
  void Populate() {
    ASSERT_EQ(Run({"import", std::string(SIJIL_SOURCE_DIR) + "/tests/cli/data/arabic_tab.tsv",
                   "--source", "vdc"})
                  .exit_code,
              0);
    RunResult added = RunKeyed({"vault", "add", Path("a.txt"), Path("big.bin"), "--case", "c1"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    ASSERT_EQ(RunKeyed({"log", "head"}).exit_code, 0);
  }

  bool IndependentlyVerified(const std::string& kind, const std::string& json) {
    Write("proof.json", json);
    const std::string command = "python3 " + std::string(SIJIL_SOURCE_DIR) +
                                "/tests/vault/rfc9162_verify.py " + kind + " " +
                                Path("proof.json") + " > /dev/null";
    return std::system(command.c_str()) == 0;
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(VaultCliTest, ProofsVerifyIndependently) {
  Populate();
  for (int extra = 0; extra < 20; ++extra) {
    ASSERT_EQ(RunKeyed({"vault", "get", "1", "--out", Path("copy")}).exit_code, 0);
  }
  RunResult size = Run({"log", "verify", "--json"});
  ASSERT_EQ(size.exit_code, 0) << size.out;
  // import, vault_created, 2 ingests, 20 exports.
  const int tree_size = 24;
  EXPECT_NE(size.out.find("\"tree_size\": 24"), std::string::npos) << size.out;
  for (int index : {0, 1, 2, 3, 10, 23}) {
    RunResult proof = Run({"--json", "log", "proof", "--index", std::to_string(index), "--size",
                           std::to_string(tree_size)});
    ASSERT_EQ(proof.exit_code, 0) << proof.err;
    EXPECT_TRUE(IndependentlyVerified("inclusion", proof.out)) << proof.out;
    std::string forged = proof.out;
    forged[forged.find("\"leaf_index\": ") + 14] ^= 1;
    EXPECT_FALSE(IndependentlyVerified("inclusion", forged));
  }
  for (auto [from, to] : std::vector<std::pair<int, int>>{{1, 24}, {3, 7}, {8, 24}, {23, 24}}) {
    RunResult proof = Run({"--json", "log", "consistency", "--from", std::to_string(from), "--to",
                           std::to_string(to)});
    ASSERT_EQ(proof.exit_code, 0) << proof.err;
    EXPECT_TRUE(IndependentlyVerified("consistency", proof.out)) << proof.out;
  }
  RunResult by_item = Run({"--json", "log", "proof", "--item", "2"});
  ASSERT_EQ(by_item.exit_code, 0);
  EXPECT_NE(by_item.out.find("\"checkpoint\""), std::string::npos);
  EXPECT_TRUE(IndependentlyVerified("inclusion", by_item.out));
}

TEST_F(VaultCliTest, AFlippedBlobByteIsNamedAndGetFailsClosed) {
  Populate();
  ASSERT_EQ(RunKeyed({"vault", "verify"}).exit_code, 0);
  fs::path blob;
  for (const auto& file : fs::recursive_directory_iterator(db_ + ".vault")) {
    if (file.is_regular_file() && fs::file_size(file.path()) > (1 << 20)) blob = file.path();
  }
  ASSERT_FALSE(blob.empty());
  // Flip bits rather than write a value the random ciphertext may already hold.
  std::fstream bytes(blob, std::ios::in | std::ios::out | std::ios::binary);
  bytes.seekg(5000);
  const char original = static_cast<char>(bytes.get());
  bytes.seekp(5000);
  bytes.put(static_cast<char>(original ^ 0x42));
  bytes.close();
  RunResult verify = RunKeyed({"vault", "verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.out.find("FAIL blob"), std::string::npos) << verify.out;
  EXPECT_NE(verify.out.find("chunk 0 fails authentication"), std::string::npos) << verify.out;
  RunResult get = RunKeyed({"vault", "get", "2", "--out", Path("out.bin")});
  EXPECT_EQ(get.exit_code, 1);
  EXPECT_FALSE(fs::exists(Path("out.bin")));
  EXPECT_EQ(RunKeyed({"vault", "get", "1", "--out", Path("a.out")}).exit_code, 0);
}

TEST_F(VaultCliTest, AnEditedRecordRowIsNamed) {
  Populate();
  ASSERT_EQ(Run({"log", "verify"}).exit_code, 0);
  Sql("UPDATE records SET family_name = 'forged' WHERE id = 2");
  RunResult verify = Run({"log", "verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.out.find("FAIL source 'vdc' record"), std::string::npos) << verify.out;
  EXPECT_NE(verify.out.find("no longer match its content hash"), std::string::npos);
}

TEST_F(VaultCliTest, DeletedOrReorderedOrEditedEntriesAreNamed) {
  Populate();
  Sql("CREATE TABLE saved AS SELECT * FROM custody_log");
  Sql("DELETE FROM custody_log WHERE idx = 2");
  RunResult deleted = Run({"log", "verify"});
  EXPECT_EQ(deleted.exit_code, 1);
  EXPECT_NE(deleted.out.find("entries 2..2 are missing (deleted)"), std::string::npos)
      << deleted.out;

  Sql("DELETE FROM custody_log; INSERT INTO custody_log SELECT * FROM saved");
  ASSERT_EQ(Run({"log", "verify"}).exit_code, 0);
  Sql("UPDATE custody_log SET entry = (SELECT entry FROM saved WHERE idx = 3), leaf_hash = "
      "(SELECT leaf_hash FROM saved WHERE idx = 3) WHERE idx = 2;"
      "UPDATE custody_log SET entry = (SELECT entry FROM saved WHERE idx = 2), leaf_hash = "
      "(SELECT leaf_hash FROM saved WHERE idx = 2) WHERE idx = 3");
  RunResult reordered = Run({"log", "verify"});
  EXPECT_EQ(reordered.exit_code, 1);
  EXPECT_NE(reordered.out.find("entry 2 says it is entry 3"), std::string::npos) << reordered.out;
  EXPECT_NE(reordered.out.find("checkpoint at size"), std::string::npos);

  Sql("DELETE FROM custody_log; INSERT INTO custody_log SELECT * FROM saved");
  Sql("UPDATE custody_log SET entry = replace(entry, 'case c1', 'case c2') WHERE idx = 2");
  RunResult edited = Run({"log", "verify"});
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_NE(edited.out.find("entry 2 was modified after it was appended"), std::string::npos)
      << edited.out;
}

TEST_F(VaultCliTest, KillDuringAddLeavesAConsistentStore) {
  Populate();
  char fill = 'a';
  for (const char* step : {"after_encrypt", "after_rename", "before_commit"}) {
    Write("new.bin", std::string(2 << 20, fill++));
    RunResult killed =
        Run({"vault", "add", Path("new.bin"), "--case", "again", "--key-file", Path("key")},
            {{"SIJIL_VAULT_CRASH_AT", step}});
    EXPECT_EQ(killed.exit_code, -1) << step;
  }
  RunResult list = Run({"--json", "vault", "list"});
  EXPECT_EQ(list.out.find("new.bin"), std::string::npos) << "no half-stored item";
  EXPECT_EQ(RunKeyed({"vault", "verify"}).exit_code, 0);
  EXPECT_EQ(Run({"log", "verify"}).exit_code, 0);
  RunResult again = RunKeyed({"vault", "add", Path("new.bin")});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(RunKeyed({"vault", "get", "3", "--out", Path("new.out")}).exit_code, 0);
  EXPECT_TRUE(testing_util::ReadFile(Path("new.out")) == std::string(2 << 20, 'c'));
}

TEST_F(VaultCliTest, WrongKeysAndMissingKeysAreRefused) {
  Populate();
  Write("other", std::string(32, 'o'));
  RunResult wrong = Run({"vault", "verify", "--key-file", Path("other")});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("does not unlock this vault"), std::string::npos);
  RunResult passphrase = Run({"vault", "verify"}, {{"SIJIL_VAULT_PASSPHRASE", "x"}});
  EXPECT_EQ(passphrase.exit_code, 1);
  RunResult key = Run({"log", "key"});
  EXPECT_EQ(key.exit_code, 0);
  EXPECT_NE(key.out.find("sijil.log/"), std::string::npos);
  RunResult trusted =
      Run({"log", "verify", "--verifier-key", key.out.substr(0, key.out.size() - 1)});
  EXPECT_EQ(trusted.exit_code, 0) << trusted.out;
}

TEST_F(VaultCliTest, PassphraseVaultsUnlockWithTheSamePassphraseOnly) {
  const std::vector<std::pair<std::string, std::string>> env = {
      {"SIJIL_VAULT_PASSPHRASE", "correct horse battery staple"},
      {"SIJIL_VAULT_KDF", "interactive"}};
  ASSERT_EQ(Run({"vault", "add", Path("a.txt")}, env).exit_code, 0);
  EXPECT_EQ(Run({"vault", "get", "1", "--out", Path("a.out")}, env).exit_code, 0);
  EXPECT_EQ(testing_util::ReadFile(Path("a.out")), "first exhibit\n");
  RunResult wrong =
      Run({"vault", "get", "1", "--out", Path("b.out")}, {{"SIJIL_VAULT_PASSPHRASE", "wrong"}});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("passphrase does not unlock"), std::string::npos);
  EXPECT_EQ(wrong.err.find("correct horse"), std::string::npos);
}

}  // namespace
}  // namespace sijil::cli
