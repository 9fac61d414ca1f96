// The custody tables: imports log themselves in their own transaction,
// entries get consecutive indices, evidence items and their entries are
// written together, and edited record rows are found by the audit.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "store/store.h"

namespace sijil::store {
namespace {

class CustodyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/sijil_custody_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = (dir_ / "sijil.db").string();
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = *std::move(store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void ImportTwo(const std::string& sha) {
    Result<std::unique_ptr<ImportBatch>> batch =
        store_->BeginImport({"snhr", "list.csv", sha, "csv", "utf-8"});
    ASSERT_TRUE(batch.ok());
    for (const char* id : {"a", "b"}) {
      Record record;
      record.record_id = id;
      record.given_name = std::string("name ") + id + sha;
      ASSERT_TRUE((*batch)->Put(record).ok());
    }
    ASSERT_TRUE((*batch)->Commit(0).ok());
  }

  void Exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
  }

  CustodyStore& custody() { return store_->custody(); }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(CustodyStoreTest, ImportsAppendAnEntryWithTheirRecordsDigest) {
  ImportTwo("s1");
  ImportTwo("s2");
  ASSERT_EQ(*custody().LogSize(), 2);
  std::vector<std::string> entries = *custody().LogEntries(0, 10);
  ASSERT_EQ(entries.size(), 2u);
  Result<CustodyEntry> first = DecodeCustodyEntry(entries[0]);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->index, 0);
  EXPECT_EQ(first->kind, "import");
  EXPECT_EQ(first->Get("source"), "snhr");
  EXPECT_EQ(first->Get("file_sha256"), "s1");
  EXPECT_EQ(first->Get("rows_inserted"), "2");
  EXPECT_EQ(DecodeCustodyEntry(entries[1])->index, 1);
  RecordAudit audit = *custody().AuditRecords();
  EXPECT_TRUE(audit.problems.empty());
  ASSERT_EQ(audit.import_digests.size(), 2u);
  EXPECT_EQ(audit.import_digests[0].second, first->Get("records_sha256"));
  EXPECT_EQ(audit.import_digests[1].second, DecodeCustodyEntry(entries[1])->Get("records_sha256"));
}

TEST_F(CustodyStoreTest, AnEditedRecordRowIsNamedByTheAudit) {
  ImportTwo("s1");
  Exec("UPDATE records SET given_name = 'forged' WHERE record_id = 'b'");
  RecordAudit audit = *custody().AuditRecords();
  ASSERT_EQ(audit.problems.size(), 1u);
  EXPECT_NE(audit.problems[0].find("record 'b' version 1"), std::string::npos) << audit.problems[0];
}

TEST_F(CustodyStoreTest, AFailedImportLogsNothing) {
  {
    Result<std::unique_ptr<ImportBatch>> batch =
        store_->BeginImport({"snhr", "list.csv", "s1", "csv", "utf-8"});
    ASSERT_TRUE(batch.ok());
    Record record;
    record.record_id = "a";
    ASSERT_TRUE((*batch)->Put(record).ok());
  }  // destroyed without Commit
  EXPECT_EQ(*custody().LogSize(), 0);
}

TEST_F(CustodyStoreTest, ItemsAndTheirEntriesAreWrittenTogether) {
  const BlobInfo blob{.sha256 = std::string(64, 'a'),
                      .size = 5,
                      .cipher_sha256 = std::string(64, 'c'),
                      .cipher_size = 60,
                      .wrapped_key = std::string(72, 'k')};
  EvidenceItem item{.sha256 = blob.sha256,
                    .original_name = "photo.jpg",
                    .media_type = "image/jpeg",
                    .case_name = "case-1"};
  Result<EvidenceItem> added = custody().AddItem(item, blob, {.kind = "ingest"});
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_EQ(added->id, 1);
  EXPECT_EQ(added->log_index, 0);
  EXPECT_EQ(DecodeCustodyEntry(custody().LogEntries(0, 1)->at(0))->Get("item"), "1");
  // The same content again: a new item, the blob stored once.
  Result<EvidenceItem> again = custody().AddItem(item, std::nullopt, {.kind = "ingest"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->log_index, 1);
  EXPECT_EQ(custody().Blobs()->size(), 1u);
  EXPECT_EQ(custody().Items("case-1")->size(), 2u);
  EXPECT_EQ(custody().Items("other")->size(), 0u);
  EXPECT_EQ(custody().Item(2)->size, 5);
  EXPECT_EQ(custody().Item(3).status().code(), StatusCode::kNotFound);
  // A second blob row with the same hash is refused and nothing is logged.
  EXPECT_FALSE(custody().AddItem(item, blob, {.kind = "ingest"}).ok());
  EXPECT_EQ(*custody().LogSize(), 2);
}

TEST_F(CustodyStoreTest, BatchesAppendInOrderOrNotAtAll) {
  ASSERT_TRUE(custody().AppendBatch({{.kind = "view"}, {.kind = "export"}}).ok());
  EXPECT_EQ(DecodeCustodyEntry(custody().LogEntries(1, 1)->at(0))->kind, "export");
  EXPECT_FALSE(custody().AppendBatch({{.kind = "view"}, {.kind = "Bad"}}).ok());
  EXPECT_EQ(*custody().LogSize(), 2);
}

TEST_F(CustodyStoreTest, HashesAreReadOnlyWhileContiguous) {
  for (int at = 0; at < 3; ++at) ASSERT_TRUE(custody().Append({.kind = "view"}).ok());
  EXPECT_EQ(custody().LogHashes(0, 0, 10)->size(), 3u);
  ASSERT_TRUE(custody().PutLogHashes(4, 0, {std::string(32, 'x'), std::string(32, 'y')}).ok());
  EXPECT_EQ(*custody().LogHashCount(4), 2);
  EXPECT_EQ(custody().LogHashes(4, 1, 5)->at(0), std::string(32, 'y'));
  Exec("DELETE FROM custody_log WHERE idx = 1");
  EXPECT_EQ(custody().LogHashes(0, 0, 10)->size(), 1u);
  ASSERT_TRUE(custody().PutCheckpoint(3, "note").ok());
  ASSERT_TRUE(custody().PutCheckpoint(3, "other").ok());
  ASSERT_EQ(custody().Checkpoints()->size(), 1u);
  EXPECT_EQ(custody().Checkpoints()->at(0).note, "note");
}

}  // namespace
}  // namespace sijil::store
