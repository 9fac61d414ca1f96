#include "store/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/internal/migrations.h"

namespace sijil::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A record with every canonical field filled, Arabic text, an ambiguous date,
// extras and raw cells.
Record FullRecord(const std::string& id) {
  Record r;
  r.record_id = id;
  r.full_name = "محمد أحمد علي الخطيب";
  r.given_name = "محمد";
  r.father_name = "أحمد";
  r.grandfather_name = "علي";
  r.family_name = "الخطيب";
  r.mother_name = "فاطمة السيد";
  r.sex = Sex::kMale;
  r.birth_date = PartialDate::Year(1985).value();
  r.governorate = "حمص";
  r.district = "تلكلخ";
  r.city = "الحصن";
  r.arrest_date = PartialDate::AmbiguousDayMonth(2013, 7, 4).value();
  r.arrest_place = "حاجز \"الجسر\"";
  r.arresting_party = "الأمن العسكري - الفرع 215";
  r.facility = "صيدنايا";
  r.status = VictimStatus::kDiedInCustody;
  r.status_date = PartialDate::YearMonth(2014, 2).value();
  r.notes = "سطر أول\nسطر ثانٍ\t(tab)";
  r.normalized = {"محمد احمد علي الخطيب", "محمد", "احمد", "علي", "الخطيب", "فاطمه السيد"};
  r.extra = {{"الرقم الوطني", "0101"}, {"phone", ""}, {"الرقم الوطني", "dup header kept"}};
  r.raw = {{"الرقم", id}, {"الاسم", "محمد أحمد علي الخطيب"}, {"تاريخ الاعتقال", "7/4/2013"}};
  return r;
}

Record SmallRecord(const std::string& id, const std::string& name = "سعاد") {
  Record r;
  r.record_id = id;
  r.given_name = name;
  // The same columns as FullRecord: raw cells follow the import's header.
  r.raw = {{"الرقم", id}, {"الاسم", name}, {"تاريخ الاعتقال", ""}};
  return r;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/sijil_store_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = (dir_ / "sijil.db").string();
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Reopen() {
    store_.reset();
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = *std::move(store);
  }

  std::unique_ptr<ImportBatch> Begin(const std::string& source, const std::string& sha) {
    Result<std::unique_ptr<ImportBatch>> batch =
        store_->BeginImport({source, "list.csv", sha, "csv", "utf-8"});
    EXPECT_TRUE(batch.ok()) << batch.status().ToString();
    return batch.ok() ? *std::move(batch) : nullptr;
  }

  // Imports `records` in one committed batch and returns the outcomes.
  std::vector<PutOutcome> Import(const std::string& source, const std::string& sha,
                                 const std::vector<Record>& records) {
    std::unique_ptr<ImportBatch> batch = Begin(source, sha);
    std::vector<PutOutcome> outcomes;
    if (batch == nullptr) return outcomes;
    for (const Record& record : records) {
      Result<PutOutcome> outcome = batch->Put(record);
      EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
      if (outcome.ok()) outcomes.push_back(*outcome);
    }
    Result<ImportInfo> info = batch->Commit(0);
    EXPECT_TRUE(info.ok()) << info.status().ToString();
    return outcomes;
  }

  int64_t CountRows(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    int64_t value = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  void RawExec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

// ---- Opening and migrations ----

TEST_F(StoreTest, CreatesTheLatestSchemaAndReopenIsANoOp) {
  const int latest = internal::LatestSchemaVersion();
  EXPECT_EQ(latest, static_cast<int>(internal::Migrations().size()));
  EXPECT_EQ(store_->SchemaVersion().value(), latest);
  for (const char* table : {"sources", "imports", "records", "persons", "person_records",
                            "link_runs", "review_queue", "link_decisions", "schema_migrations"}) {
    EXPECT_EQ(
        CountRows(std::string("SELECT count(*) FROM sqlite_master WHERE name = '") + table + "'"),
        1)
        << table;
  }
  EXPECT_EQ(CountRows("PRAGMA application_id"), 0x534A494C);
  Reopen();
  Reopen();
  EXPECT_EQ(store_->SchemaVersion().value(), latest);
  EXPECT_EQ(CountRows("SELECT count(*) FROM schema_migrations"), latest);
  EXPECT_EQ(CountRows("PRAGMA user_version"), latest);
  EXPECT_EQ(CountRows("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), 1);
}

// The search plans by record_search_counts: it follows new keys (a key a
// record already has is not counted again), and migration 7 counts the keys
// of a database indexed before it.
TEST_F(StoreTest, SearchKeyCountsFollowTheIndexAndAreBuiltByTheirMigration) {
  Import("snhr", "sha1", {SmallRecord("r1"), SmallRecord("r2")});
  Result<std::vector<NamesToIndex>> pending = store_->Search().NextToIndex(10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 2u);
  const int64_t first = (*pending)[0].row_id;
  const int64_t second = (*pending)[1].row_id;
  ASSERT_TRUE(
      store_->Search()
          .AddSearchKeys({{first, "sad"}, {second, "sad"}, {first, "sad"}, {first, "x"}}, second)
          .ok());
  const std::string counts =
      "SELECT sum(records * (key = 'sad') * 10 + records * (key = 'x')) "
      "FROM record_search_counts";
  EXPECT_EQ(CountRows(counts), 21);
  RawExec(
      "DROP TRIGGER record_search_counted; DROP TABLE record_search_counts; "
      "DELETE FROM schema_migrations WHERE version = 7; PRAGMA user_version = 6;");
  Reopen();
  EXPECT_EQ(store_->SchemaVersion().value(), internal::LatestSchemaVersion());
  EXPECT_EQ(CountRows(counts), 21);
}

TEST_F(StoreTest, MustExistDoesNotCreateAFile) {
  const std::string missing = (dir_ / "missing.db").string();
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(missing, OpenMode::kMustExist);
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(missing));
  EXPECT_TRUE(OpenSqliteStore(path_, OpenMode::kMustExist).ok());
}

TEST_F(StoreTest, RefusesAFileThatIsNotSqlite) {
  const std::string text_file = (dir_ / "people.csv").string();
  std::ofstream(text_file) << "id,name\n" << std::string(4096, 'x') << "\n";
  const auto size_before = std::filesystem::file_size(text_file);
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(text_file);
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store.status().message(), text_file + " is not a Sijil database");
  EXPECT_EQ(std::filesystem::file_size(text_file), size_before);
}

TEST_F(StoreTest, RefusesAnotherApplicationsSqliteDatabase) {
  store_.reset();
  const std::string other = (dir_ / "other.db").string();
  path_ = other;
  RawExec("CREATE TABLE t(x)");
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(other);
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(store.status().message(), HasSubstr("is not a Sijil database"));
  EXPECT_EQ(CountRows("SELECT count(*) FROM sqlite_master WHERE name = 'records'"), 0);
}

TEST_F(StoreTest, RefusesANewerSchema) {
  store_.reset();
  const std::string newer = std::to_string(internal::LatestSchemaVersion() + 1);
  RawExec("INSERT INTO schema_migrations VALUES (" + newer + ", '2030-01-01T00:00:00Z'); " +
          "PRAGMA user_version = " + newer + ";");
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path_);
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store.status().message(),
            "database schema version " + newer + " is newer than this sijil (" +
                std::to_string(internal::LatestSchemaVersion()) + "); upgrade sijil");
}

TEST_F(StoreTest, RefusesANewerSchemaSeenOnlyInUserVersion) {
  store_.reset();
  RawExec("PRAGMA user_version = " + std::to_string(internal::LatestSchemaVersion() + 1) + ";");
  EXPECT_EQ(OpenSqliteStore(path_).status().code(), StatusCode::kFailedPrecondition);
}

// ---- Import and read back ----

TEST_F(StoreTest, ReadingWithoutRawLeavesOnlyExtraAndRawEmpty) {
  const Record record = FullRecord("A-1");
  Import("snhr", "sha1", {record});
  RecordQuery query;
  query.with_raw = false;
  std::vector<StoredRecord> stored = store_->ListRecords(query).value();
  ASSERT_EQ(stored.size(), 1u);
  Record expected = record;
  expected.extra.clear();
  expected.raw.clear();
  EXPECT_EQ(stored[0].record, expected);
}

TEST_F(StoreTest, PagesRunAcrossSourcesInNameOrder) {
  Import("zeta", "sha1", {FullRecord("z-2"), FullRecord("z-1")});
  Import("alpha", "sha2", {FullRecord("a-1"), FullRecord("a-3"), FullRecord("a-2")});
  auto names = [](const std::vector<StoredRecord>& records) {
    std::vector<std::string> out;
    for (const StoredRecord& stored : records) {
      out.push_back(stored.source + ":" + stored.record.record_id);
    }
    return out;
  };
  const std::vector<std::string> all = names(store_->ListRecords({}).value());
  EXPECT_THAT(all, ElementsAre("alpha:a-1", "alpha:a-2", "alpha:a-3", "zeta:z-1", "zeta:z-2"));
  for (int64_t offset = 0; offset <= 6; ++offset) {
    for (int64_t limit : {0, 1, 2, 4, -1}) {
      const std::vector<std::string> page =
          names(store_->ListRecords({.limit = limit, .offset = offset, .with_raw = false}).value());
      const size_t from = std::min<size_t>(offset, all.size());
      const size_t to = limit < 0 ? all.size() : std::min<size_t>(from + limit, all.size());
      EXPECT_EQ(page, std::vector<std::string>(all.begin() + from, all.begin() + to))
          << "offset " << offset << " limit " << limit;
    }
  }
}

TEST_F(StoreTest, RoundTripsEveryField) {
  const Record record = FullRecord("A-1");
  Record empty;
  empty.record_id = "A-2";
  EXPECT_THAT(Import("snhr", "sha1", {record, empty}),
              ElementsAre(PutOutcome::kInserted, PutOutcome::kInserted));
  std::vector<StoredRecord> stored = store_->ListRecords({}).value();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].record, record);
  EXPECT_EQ(stored[0].record.arrest_date.ToString(), "[2013-04-07,2013-07-04]");
  EXPECT_EQ(stored[0].source, "snhr");
  EXPECT_EQ(stored[0].version, 1);
  EXPECT_TRUE(stored[0].current);
  EXPECT_EQ(stored[1].record, empty);
  // Empty values are stored as NULL, dates as ISO/EDTF text.
  EXPECT_EQ(CountRows("SELECT count(*) FROM records WHERE record_id = 'A-2' AND "
                      "given_name IS NULL AND sex IS NULL AND extra = '[]'"),
            1);
  EXPECT_EQ(CountRows("SELECT count(*) FROM records WHERE birth_date = '1985' AND sex = 'M' "
                      "AND status = 'died_in_custody'"),
            1);
}

TEST_F(StoreTest, ReimportingIdenticalRecordsChangesNothing) {
  std::vector<Record> records = {FullRecord("1"), FullRecord("2"), SmallRecord("3")};
  Import("snhr", "sha1", records);
  EXPECT_THAT(Import("snhr", "sha2", records),
              ElementsAre(PutOutcome::kUnchanged, PutOutcome::kUnchanged, PutOutcome::kUnchanged));
  EXPECT_EQ(CountRows("SELECT count(*) FROM records"), 3);
  std::vector<ImportInfo> imports = store_->ListImports("snhr").value();
  ASSERT_EQ(imports.size(), 2u);
  EXPECT_EQ(imports[1].rows_unchanged, 3);
  EXPECT_EQ(imports[1].rows_inserted, 0);
  EXPECT_EQ(store_->RecordVersions("snhr", "1")->size(), 1u);
}

TEST_F(StoreTest, ChangedRecordGetsANewVersionAndKeepsTheOld) {
  Import("snhr", "sha1", {FullRecord("1"), SmallRecord("2", "سعاد")});
  Record changed = FullRecord("1");
  changed.status = VictimStatus::kReleased;
  EXPECT_THAT(Import("snhr", "sha2", {changed, SmallRecord("2", "سعاد"), SmallRecord("3")}),
              ElementsAre(PutOutcome::kUpdated, PutOutcome::kUnchanged, PutOutcome::kInserted));
  std::vector<StoredRecord> versions = store_->RecordVersions("snhr", "1").value();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version, 1);
  EXPECT_FALSE(versions[0].current);
  EXPECT_EQ(versions[0].record, FullRecord("1"));
  EXPECT_EQ(versions[1].version, 2);
  EXPECT_TRUE(versions[1].current);
  EXPECT_EQ(versions[1].record.status, VictimStatus::kReleased);
  EXPECT_LT(versions[0].import_id, versions[1].import_id);

  std::vector<StoredRecord> current = store_->ListRecords({"snhr"}).value();
  ASSERT_EQ(current.size(), 3u);
  EXPECT_EQ(current[0].record.status, VictimStatus::kReleased);
  std::vector<ImportInfo> imports = store_->ListImports("snhr").value();
  EXPECT_EQ(imports[1].rows_inserted, 1);
  EXPECT_EQ(imports[1].rows_updated, 1);
  EXPECT_EQ(imports[1].rows_unchanged, 1);
}

TEST_F(StoreTest, RecordVersionsOfAnUnknownRecordIsNotFound) {
  EXPECT_EQ(store_->RecordVersions("snhr", "nope").status().code(), StatusCode::kNotFound);
}

TEST_F(StoreTest, DuplicateInAFreshSourceIsRejectedAndTheBatchContinues) {
  std::unique_ptr<ImportBatch> batch = Begin("snhr", "sha1");
  ASSERT_EQ(*batch->Put(SmallRecord("1")), PutOutcome::kInserted);
  Result<PutOutcome> again = batch->Put(SmallRecord("1", "other"));
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.status().message(), "record_id '1' appears twice in this import");
  EXPECT_EQ(*batch->Put(SmallRecord("2")), PutOutcome::kInserted);
  ImportInfo info = batch->Commit(1).value();
  EXPECT_EQ(info.rows_inserted, 2);
  EXPECT_EQ(info.rows_rejected, 1);
  std::vector<StoredRecord> records = store_->ListRecords({}).value();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].record.given_name, "سعاد");
}

TEST_F(StoreTest, DuplicateInAnExistingSourceIsRejectedWhateverTheFirstOutcome) {
  Import("snhr", "sha1", {SmallRecord("same"), SmallRecord("changed")});
  std::unique_ptr<ImportBatch> batch = Begin("snhr", "sha2");
  EXPECT_EQ(*batch->Put(SmallRecord("same")), PutOutcome::kUnchanged);
  EXPECT_EQ(*batch->Put(SmallRecord("changed", "new")), PutOutcome::kUpdated);
  EXPECT_EQ(*batch->Put(SmallRecord("new")), PutOutcome::kInserted);
  for (const char* id : {"same", "changed", "new"}) {
    EXPECT_EQ(batch->Put(SmallRecord(id)).status().code(), StatusCode::kAlreadyExists) << id;
    EXPECT_EQ(batch->Put(SmallRecord(id, "x")).status().code(), StatusCode::kAlreadyExists) << id;
  }
  ImportInfo info = batch->Commit(0).value();
  EXPECT_EQ(info.rows_inserted, 1);
  EXPECT_EQ(info.rows_updated, 1);
  EXPECT_EQ(info.rows_unchanged, 1);
  EXPECT_EQ(store_->RecordVersions("snhr", "changed")->size(), 2u);
  EXPECT_EQ(CountRows("SELECT count(*) FROM records"), 4);
}

TEST_F(StoreTest, RawCellsMustFollowTheImportsColumns) {
  std::unique_ptr<ImportBatch> batch = Begin("snhr", "sha1");
  EXPECT_EQ(*batch->Put(SmallRecord("1")), PutOutcome::kInserted);
  Record renamed = SmallRecord("2");
  renamed.raw[1].first = "Name";
  Result<PutOutcome> outcome = batch->Put(renamed);
  EXPECT_EQ(outcome.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(outcome.status().message(), HasSubstr("raw column 2 is named 'Name'"));
  Record wider = SmallRecord("3");
  wider.raw.emplace_back("ملاحظات", "جديد");  // a JSON key first seen late
  EXPECT_EQ(*batch->Put(wider), PutOutcome::kInserted);
  ASSERT_TRUE(batch->Commit(0).ok());
  EXPECT_EQ(store_->RecordVersions("snhr", "1")->front().record.raw, SmallRecord("1").raw);
  EXPECT_EQ(store_->RecordVersions("snhr", "3")->front().record.raw, wider.raw);
}

TEST_F(StoreTest, InvalidRecordsFailWithoutWritingAndTheBatchContinues) {
  std::unique_ptr<ImportBatch> batch = Begin("snhr", "sha1");
  EXPECT_EQ(batch->Put(SmallRecord("")).status().code(), StatusCode::kInvalidArgument);
  Record bad = SmallRecord("1");
  bad.raw.emplace_back("notes", "\xFF\xFE");
  Result<PutOutcome> outcome = batch->Put(bad);
  EXPECT_EQ(outcome.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(outcome.status().message(), HasSubstr("record_id '1'"));
  EXPECT_EQ(*batch->Put(SmallRecord("1")), PutOutcome::kInserted);
  EXPECT_EQ(batch->Commit(2)->rows_inserted, 1);
}

TEST_F(StoreTest, DroppingABatchWithoutCommitLeavesNothing) {
  {
    std::unique_ptr<ImportBatch> batch = Begin("snhr", "sha1");
    ASSERT_TRUE(batch->Put(FullRecord("1")).ok());
  }
  EXPECT_TRUE(store_->ListSources(Sensitivity::kConfidential)->empty());
  EXPECT_TRUE(store_->ListImports("")->empty());
  EXPECT_TRUE(store_->ListRecords({})->empty());
  EXPECT_FALSE(store_->FindImport("snhr", "sha1")->has_value());
  // The same file can then be imported for real.
  EXPECT_THAT(Import("snhr", "sha1", {FullRecord("1")}), ElementsAre(PutOutcome::kInserted));
  {
    std::unique_ptr<ImportBatch> batch = Begin("snhr", "sha2");
    Record changed = FullRecord("1");
    changed.notes = "changed";
    ASSERT_EQ(*batch->Put(changed), PutOutcome::kUpdated);
  }
  EXPECT_EQ(store_->RecordVersions("snhr", "1")->size(), 1u);
  EXPECT_EQ(store_->ListRecords({})->at(0).record, FullRecord("1"));
  EXPECT_EQ(store_->ListImports("snhr")->size(), 1u);
}

TEST_F(StoreTest, OnlyOneBatchAtATimeAndNoPutAfterCommit) {
  std::unique_ptr<ImportBatch> batch = Begin("snhr", "sha1");
  EXPECT_EQ(store_->BeginImport({"other", "f", "s", "csv", "utf-8"}).status().code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(batch->Commit(0).ok());
  EXPECT_EQ(batch->Put(SmallRecord("1")).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(batch->Commit(0).status().code(), StatusCode::kFailedPrecondition);
  batch.reset();
  EXPECT_TRUE(store_->BeginImport({"other", "f", "s", "csv", "utf-8"}).ok());
}

TEST_F(StoreTest, ClosingTheStoreFirstRollsTheBatchBack) {
  std::unique_ptr<ImportBatch> batch = Begin("snhr", "sha1");
  ASSERT_TRUE(batch->Put(SmallRecord("1")).ok());
  store_.reset();
  EXPECT_EQ(batch->Put(SmallRecord("2")).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(batch->Commit(0).status().code(), StatusCode::kFailedPrecondition);
  batch.reset();
  Reopen();
  EXPECT_TRUE(store_->ListSources(Sensitivity::kConfidential)->empty());
}

TEST_F(StoreTest, TheSameFileTwiceIsAlreadyExists) {
  Import("snhr", "abc", {SmallRecord("1")});
  Result<std::unique_ptr<ImportBatch>> batch =
      store_->BeginImport({"snhr", "list.csv", "abc", "csv", "utf-8"});
  EXPECT_EQ(batch.status().code(), StatusCode::kAlreadyExists);
  // Another source may hold the same file; imports without a hash never clash.
  EXPECT_TRUE(store_->BeginImport({"vdc", "list.csv", "abc", "csv", "utf-8"}).ok());
}

TEST_F(StoreTest, FindImportByHash) {
  EXPECT_FALSE(store_->FindImport("snhr", "abc")->has_value());
  Import("snhr", "abc", {SmallRecord("1"), SmallRecord("2")});
  std::optional<ImportInfo> found = store_->FindImport("snhr", "abc").value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->source, "snhr");
  EXPECT_EQ(found->file_name, "list.csv");
  EXPECT_EQ(found->format, "csv");
  EXPECT_EQ(found->encoding, "utf-8");
  EXPECT_EQ(found->rows_inserted, 2);
  EXPECT_THAT(found->started_at, ::testing::MatchesRegex("....-..-..T..:..:..Z"));
  EXPECT_GE(found->finished_at, found->started_at);
  EXPECT_FALSE(store_->FindImport("vdc", "abc")->has_value());
  EXPECT_FALSE(store_->FindImport("snhr", "abd")->has_value());
}

TEST_F(StoreTest, ListSourcesCountsCurrentRecordsAndImports) {
  Import("vdc", "v1", {SmallRecord("1"), SmallRecord("2")});
  Import("snhr", "s1", {SmallRecord("1")});
  Import("snhr", "s2", {SmallRecord("1", "changed"), SmallRecord("2"), SmallRecord("3")});
  std::vector<SourceInfo> sources = store_->ListSources(Sensitivity::kConfidential).value();
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[0].name, "snhr");
  EXPECT_EQ(sources[0].records, 3);
  EXPECT_EQ(sources[0].imports, 2);
  EXPECT_EQ(sources[1].name, "vdc");
  EXPECT_EQ(sources[1].records, 2);
  EXPECT_EQ(sources[1].imports, 1);
  EXPECT_FALSE(sources[1].created_at.empty());
  EXPECT_EQ(store_->ListImports("")->size(), 3u);
}

TEST_F(StoreTest, ListRecordsOrdersBySourceThenRecordIdWithLimitAndOffset) {
  Import("vdc", "v1", {SmallRecord("b"), SmallRecord("a")});
  Import("snhr", "s1", {SmallRecord("z"), SmallRecord("y")});
  auto keys = [](const std::vector<StoredRecord>& records) {
    std::vector<std::string> out;
    for (const StoredRecord& r : records) out.push_back(r.source + "/" + r.record.record_id);
    return out;
  };
  EXPECT_THAT(keys(store_->ListRecords({}).value()),
              ElementsAre("snhr/y", "snhr/z", "vdc/a", "vdc/b"));
  EXPECT_THAT(keys(store_->ListRecords({"", 2, 1}).value()), ElementsAre("snhr/z", "vdc/a"));
  EXPECT_THAT(keys(store_->ListRecords({"vdc", 1, 0}).value()), ElementsAre("vdc/a"));
  EXPECT_THAT(keys(store_->ListRecords({"vdc", -1, 1}).value()), ElementsAre("vdc/b"));
  EXPECT_TRUE(store_->ListRecords({"vdc", 5, 10})->empty());
  EXPECT_TRUE(store_->ListRecords({"unknown"})->empty());
}

TEST_F(StoreTest, ForEachRecordStopsAtTheVisitorsError) {
  Import("snhr", "s1", {SmallRecord("1"), SmallRecord("2"), SmallRecord("3")});
  int visited = 0;
  Status status = store_->ForEachRecord({}, [&visited](const StoredRecord& stored) {
    ++visited;
    if (stored.record.record_id == "2") return CancelledError("enough");
    return OkStatus();
  });
  EXPECT_EQ(status, CancelledError("enough"));
  EXPECT_EQ(visited, 2);
  // The visitor may use the store while the walk is open.
  status = store_->ForEachRecord({}, [this](const StoredRecord& stored) {
    return store_->RecordVersions(stored.source, stored.record.record_id).status();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST_F(StoreTest, OtherConnectionsSeeNothingBeforeCommit) {
  std::unique_ptr<ImportBatch> batch = Begin("snhr", "s1");
  ASSERT_TRUE(batch->Put(SmallRecord("1")).ok());
  Result<std::unique_ptr<Store>> reader = OpenSqliteStore(path_, OpenMode::kMustExist);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_TRUE((*reader)->ListSources(Sensitivity::kConfidential)->empty());
  ASSERT_TRUE(batch->Commit(0).ok());
  EXPECT_EQ((*reader)->ListSources(Sensitivity::kConfidential)->size(), 1u);
}

// ---- Crash safety ----

TEST_F(StoreTest, KillDuringAnImportLeavesTheStoreAsBefore) {
  Import("snhr", "s1", {FullRecord("1"), FullRecord("2")});
  const std::vector<StoredRecord> before = store_->ListRecords({}).value();
  store_.reset();  // no SQLite connection may cross fork()

  const pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path_);
    if (!store.ok()) _exit(10);
    Result<std::unique_ptr<ImportBatch>> batch =
        (*store)->BeginImport({"snhr", "big.csv", "s2", "csv", "utf-8"});
    if (!batch.ok()) _exit(11);
    Record changed = FullRecord("1");
    changed.notes = "must never be seen";
    if (!(*batch)->Put(changed).ok()) _exit(12);
    for (int i = 0; i < 50000; ++i) {
      if (!(*batch)->Put(FullRecord("new-" + std::to_string(i))).ok()) _exit(13);
    }
    Result<std::unique_ptr<ImportBatch>> other =
        (*store)->BeginImport({"vdc", "v.csv", "v1", "csv", "utf-8"});
    raise(SIGKILL);
    _exit(14);
  }
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(wait_status)) << "child exited with " << WEXITSTATUS(wait_status);
  ASSERT_EQ(WTERMSIG(wait_status), SIGKILL);

  Reopen();
  EXPECT_EQ(store_->ListRecords({}).value(), before);
  std::vector<SourceInfo> sources = store_->ListSources(Sensitivity::kConfidential).value();
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(sources[0].records, 2);
  EXPECT_EQ(sources[0].imports, 1);
  EXPECT_EQ(store_->RecordVersions("snhr", "1")->size(), 1u);
  EXPECT_EQ(CountRows("SELECT count(*) FROM records"), 2);
  EXPECT_EQ(CountRows("SELECT count(*) FROM imports"), 1);
  EXPECT_EQ(CountRows("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
            1);
  // And the store still takes the import that was interrupted.
  EXPECT_THAT(Import("snhr", "s2", {SmallRecord("3")}), ElementsAre(PutOutcome::kInserted));
}

}  // namespace
}  // namespace sijil::store
