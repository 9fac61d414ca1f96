// Confidential values at rest, end to end through the `sijil` binary: sealed
// before the store sees them, refused without a key, opened only with it,
// every opening audited, and a ciphertext moved between records caught.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/internal/cli_fixture.h"

namespace sijil::cli {
namespace {

namespace fs = std::filesystem;
using testing_util::RunResult;

// Notes and the witness's phone are confidential; the file number is not.
constexpr char kList[] =
    "الرقم,الاسم,الكنية,ملاحظات,هاتف الشاهد,رقم الملف\n"
    "R1,محمد,الحلبي,CANARYNOTE1 رآه الشاهد,CANARYPHONE1,F-1\n"
    "R2,أحمد,الخطيب,CANARYNOTE2,CANARYPHONE2,F-2\n";

class SecretsCliTest : public testing_util::CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    Write("key", std::string(32, 'k'));
    Write("other.key", std::string(32, 'o'));
    Write("list.csv", kList);
    ASSERT_EQ(Run({"init"}).exit_code, 0);
  }

  int64_t SqlInt(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_stmt* stmt = nullptr;
    int64_t value = -1;
    if (sqlite3_open(db_.c_str(), &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      value = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }
  // Every byte of the database and its write-ahead log.
  std::string DatabaseBytes() {
    std::string bytes = testing_util::ReadFile(db_);
    if (fs::exists(db_ + "-wal")) bytes += testing_util::ReadFile(db_ + "-wal");
    return bytes;
  }
};

TEST_F(SecretsCliTest, ConfidentialColumnsAreSealedAtRest) {
  RunResult imported = Keyed({"--json", "import", Path("list.csv"), "--source", "ngo"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const std::string bytes = DatabaseBytes();
  ASSERT_NE(bytes.find("F-1"), std::string::npos);  // the bytes are readable at all
  for (const char* canary : {"CANARYNOTE1", "CANARYNOTE2", "CANARYPHONE1", "CANARYPHONE2"}) {
    EXPECT_EQ(bytes.find(canary), std::string::npos) << canary << " is in the database file";
  }
}

TEST_F(SecretsCliTest, RecordsShowEncryptedWithoutTheKeyAndAuditReadsWithIt) {
  ASSERT_EQ(Keyed({"import", Path("list.csv"), "--source", "ngo"}).exit_code, 0);
  RunResult locked = Run({"--json", "records", "--raw"});
  ASSERT_EQ(locked.exit_code, 0) << locked.err;
  EXPECT_EQ(locked.out.find("CANARY"), std::string::npos);
  EXPECT_NE(locked.out.find("(encrypted)"), std::string::npos);
  EXPECT_NE(locked.err.find("--key-file"), std::string::npos);
  EXPECT_NE(locked.out.find("F-1"), std::string::npos);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM audit_log"), 0);

  RunResult opened = Keyed({"--json", "records", "--raw"});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  const nlohmann::json records = nlohmann::json::parse(opened.out);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["notes"], "CANARYNOTE1 رآه الشاهد");
  EXPECT_EQ(records[0]["extra"]["هاتف الشاهد"], "CANARYPHONE1");
  EXPECT_EQ(records[0]["raw"]["ملاحظات"], "CANARYNOTE1 رآه الشاهد");
  EXPECT_EQ(SqlInt("SELECT count(*) FROM audit_log WHERE action = 'read_confidential' AND "
                   "object = 'record ngo/R1' AND reason = 'sijil records'"),
            1);
}

TEST_F(SecretsCliTest, ImportWithoutTheKeyIsRefusedNamingTheColumns) {
  RunResult refused = Run({"import", Path("list.csv"), "--source", "ngo"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("list.csv: columns 'ملاحظات', 'هاتف الشاهد' hold confidential"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("--key-file FILE or $SIJIL_VAULT_PASSPHRASE"), std::string::npos);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM records"), 0);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM imports"), 0);
  // A list without confidential columns needs no key.
  Write("plain.csv", "الرقم,الاسم,رقم الملف\nR1,محمد,F-1\n");
  EXPECT_EQ(Run({"import", Path("plain.csv"), "--source", "other"}).exit_code, 0);
}

TEST_F(SecretsCliTest, ReimportOfTheSamePlaintextLeavesRecordsUnchanged) {
  ASSERT_EQ(Keyed({"import", Path("list.csv"), "--source", "ngo"}).exit_code, 0);
  // Another file (one more row, one changed note): R1 is unchanged.
  Write("list2.csv",
        std::string(kList).replace(std::string(kList).find("CANARYNOTE2"), 11, "CANARYNOTE2b") +
            "R3,سامر,العلي,,,F-3\n");
  RunResult again = Keyed({"--json", "import", Path("list2.csv"), "--source", "ngo"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const nlohmann::json report = nlohmann::json::parse(again.out);
  EXPECT_EQ(report["unchanged"], 1);
  EXPECT_EQ(report["updated"], 1);
  EXPECT_EQ(report["inserted"], 1);
}

TEST_F(SecretsCliTest, WrongKeyIsRefused) {
  ASSERT_EQ(Keyed({"import", Path("list.csv"), "--source", "ngo"}).exit_code, 0);
  RunResult wrong = Keyed({"records"}, "other.key");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("key file does not unlock this vault"), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.out.find("CANARY"), std::string::npos);
}

TEST_F(SecretsCliTest, CiphertextMovedToAnotherRecordIsReportedPrecisely) {
  ASSERT_EQ(Keyed({"import", Path("list.csv"), "--source", "ngo"}).exit_code, 0);
  Sql("UPDATE records SET notes = (SELECT notes FROM records WHERE record_id = 'R2') "
      "WHERE record_id = 'R1'");
  RunResult swapped = Keyed({"records"});
  EXPECT_EQ(swapped.exit_code, 1);
  EXPECT_NE(swapped.err.find("source 'ngo' record 'R1' notes: the sealed value does not "
                             "authenticate"),
            std::string::npos)
      << swapped.err;
  EXPECT_EQ(swapped.out.find("CANARYNOTE2"), std::string::npos);
}

TEST_F(SecretsCliTest, SensitivityComesFromTheOptionOrAColumn) {
  Write("levels.csv", "الرقم,الاسم,الحساسية\nR1,محمد,\nR2,أحمد,سري\nR3,سامر,public\n");
  ASSERT_EQ(
      Run({"import", Path("levels.csv"), "--source", "a", "--sensitivity", "restricted"}).exit_code,
      0);
  const nlohmann::json records = nlohmann::json::parse(Run({"--json", "records"}).out);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0]["sensitivity"], "restricted");
  EXPECT_EQ(records[1]["sensitivity"], "confidential");
  EXPECT_EQ(records[2]["sensitivity"], "restricted");  // a row raises its level, never lowers it
  Write("bad.csv", "الرقم,الاسم,الحساسية\nR1,محمد,secret\n");
  RunResult bad = Run({"import", Path("bad.csv"), "--source", "b"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE((bad.out + bad.err)
                .find("bad.csv:2: column 'الحساسية': value 'secret': expected public, "
                      "restricted or confidential"),
            std::string::npos)
      << bad.err;
  RunResult unknown = Run({"import", Path("levels.csv"), "--source", "c", "--sensitivity", "high"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("--sensitivity: expected public, restricted or confidential"),
            std::string::npos);
}

}  // namespace
}  // namespace sijil::cli
