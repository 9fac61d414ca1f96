// The SQLite backend of Store. See store.h for the contract and
// migrations.cc for the schema.
#include <algorithm>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <system_error>
#include <unordered_set>
#include <utility>

#include "store/internal/codec.h"
#include "store/internal/custody.h"
#include "store/internal/link_tables.h"
#include "store/internal/migrations.h"
#include "store/internal/sqlite.h"
#include "store/internal/sqlite_extras.h"
#include "store/store.h"

namespace sijil::store {
namespace {

using internal::Database;
using internal::FieldTexts;
using internal::ScopedStatement;
using internal::Statement;
using internal::Transaction;

// Connection settings. WAL + synchronous=NORMAL survives a crash of the
// process at any point; a power loss may lose the last commit but never
// corrupts. The page cache bounds memory during a 1M-record import: once
// full, SQLite spills dirty pages to the WAL (which it must write anyway), so
// a bigger cache bought no speed in store_bench, only memory.
constexpr std::string_view kPragmas =
    "PRAGMA synchronous = NORMAL;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA temp_store = MEMORY;"
    "PRAGMA cache_size = -65536;"            // 64 MiB at most
    "PRAGMA journal_size_limit = 67108864;"  // shrink the WAL after a big import
    "PRAGMA wal_autocheckpoint = 4096;"      // pages
    // Readers (the server's connections) share the OS page cache through a
    // memory map instead of each copying pages into its own cache.
    "PRAGMA mmap_size = 1073741824;";

// The canonical fields stored as columns, i.e. all but record_id.
// Built once: every record read walks them.
const std::vector<Field>& ContentFields() {
  static const std::vector<Field>* const kFields = [] {
    auto* out = new std::vector<Field>;
    for (Field field : AllFields()) {
      if (field != Field::kRecordId) out->push_back(field);
    }
    return out;
  }();
  return *kFields;
}

constexpr std::string_view kNormColumns[] = {"norm_full_name",   "norm_given_name",
                                             "norm_father_name", "norm_grandfather_name",
                                             "norm_family_name", "norm_mother_name"};

std::string InsertRecordSql() {
  std::string columns =
      "source_id, record_id, version, import_id, current, content_hash, sensitivity";
  std::string values = "?, ?, ?, ?, 1, ?, ?";
  for (Field field : ContentFields()) {
    columns += ", " + std::string(FieldName(field));
    values += ", ?";
  }
  for (std::string_view norm : kNormColumns) {
    columns += ", " + std::string(norm);
    values += ", ?";
  }
  columns += ", extra, raw";
  values += ", ?, ?";
  return "INSERT INTO records (" + columns + ") VALUES (" + values + ")";
}

// Columns read back into a StoredRecord, in the order ReadStoredRecord
// expects; without extra, raw and the import's header unless `with_raw`.
std::string SelectRecordSql(bool with_raw = true) {
  std::string sql = "SELECT s.name, r.record_id, r.version, r.import_id, r.current, r.sensitivity";
  for (Field field : ContentFields()) sql += ", r." + std::string(FieldName(field));
  for (std::string_view norm : kNormColumns) sql += ", r." + std::string(norm);
  if (!with_raw) return sql + " FROM records r JOIN sources s ON s.id = r.source_id";
  sql +=
      ", r.extra, r.raw, i.header FROM records r JOIN sources s ON s.id = r.source_id"
      " JOIN imports i ON i.id = r.import_id";
  return sql;
}

// Import headers already parsed, by import id: raw cells are stored without
// their column names.
using HeaderCache = std::unordered_map<int64_t, std::vector<std::string>>;

Result<const std::vector<std::string>*> ImportHeader(int64_t import_id, std::string_view json,
                                                     HeaderCache* headers) {
  auto it = headers->find(import_id);
  if (it == headers->end()) {
    ASSIGN_OR_RETURN(std::vector<std::string> header, internal::ParseStringsJson(json));
    it = headers->emplace(import_id, std::move(header)).first;
  }
  return &it->second;
}

Result<StoredRecord> ReadStoredRecord(const Statement& row, HeaderCache* headers,
                                      bool with_raw = true) {
  StoredRecord stored;
  stored.source = std::string(row.ColumnText(0));
  Record& record = stored.record;
  record.record_id = std::string(row.ColumnText(1));
  stored.version = row.ColumnInt64(2);
  stored.import_id.value = row.ColumnInt64(3);
  stored.current = row.ColumnInt64(4) == 1;
  // Built only for an error: a million records are read for linkage.
  auto context = [&stored] {
    return "source '" + stored.source + "' record '" + stored.record.record_id + "'";
  };
  const int64_t level = row.ColumnInt64(5);
  if (level < 0 || level > static_cast<int64_t>(Sensitivity::kConfidential)) {
    return DataLossError(context() + ": sensitivity " + std::to_string(level) + " is not a level");
  }
  record.sensitivity = static_cast<Sensitivity>(level);
  int column = 6;
  for (Field field : ContentFields()) {
    Status status = record.Set(field, row.ColumnText(column++));
    if (!status.ok()) {
      return DataLossError(context() + ": column " + std::string(FieldName(field)) + ": " +
                           status.message());
    }
  }
  NormalizedNames& norm = record.normalized;
  for (std::string* name : {&norm.full_name, &norm.given_name, &norm.father_name,
                            &norm.grandfather_name, &norm.family_name, &norm.mother_name}) {
    *name = std::string(row.ColumnText(column++));
  }
  if (!with_raw) return stored;
  Result<std::vector<Attribute>> extra = internal::ParsePairsJson(row.ColumnText(column++));
  if (!extra.ok()) return extra.status().WithContext(context() + ": extra");
  record.extra = *std::move(extra);
  const std::string_view raw_json = row.ColumnText(column++);
  Result<const std::vector<std::string>*> header =
      ImportHeader(stored.import_id.value, row.ColumnText(column++), headers);
  if (!header.ok()) return header.status().WithContext(context() + ": import header");
  Result<std::vector<Attribute>> raw = internal::ParseValuesJson(raw_json, **header);
  if (!raw.ok()) return raw.status().WithContext(context() + ": raw");
  record.raw = *std::move(raw);
  return stored;
}

constexpr std::string_view kSelectImport =
    "SELECT i.id, s.name, i.file_name, i.file_sha256, i.format, i.encoding, i.started_at, "
    "i.finished_at, i.rows_inserted, i.rows_updated, i.rows_unchanged, i.rows_rejected, "
    "i.column_mapping FROM imports i JOIN sources s ON s.id = i.source_id";

Result<ImportInfo> ReadImport(const Statement& row) {
  ImportInfo info;
  info.id.value = row.ColumnInt64(0);
  info.source = std::string(row.ColumnText(1));
  info.file_name = std::string(row.ColumnText(2));
  info.file_sha256 = std::string(row.ColumnText(3));
  info.format = std::string(row.ColumnText(4));
  info.encoding = std::string(row.ColumnText(5));
  info.started_at = std::string(row.ColumnText(6));
  info.finished_at = std::string(row.ColumnText(7));
  info.rows_inserted = row.ColumnInt64(8);
  info.rows_updated = row.ColumnInt64(9);
  info.rows_unchanged = row.ColumnInt64(10);
  info.rows_rejected = row.ColumnInt64(11);
  Result<std::vector<Attribute>> mapping = internal::ParsePairsJson(row.ColumnText(12));
  if (!mapping.ok()) {
    return mapping.status().WithContext("import " + std::to_string(info.id.value) +
                                        ": column mapping");
  }
  info.column_mapping = std::move(mapping).value();
  return info;
}

Result<std::vector<ImportInfo>> ReadImports(Statement& stmt) {
  std::vector<ImportInfo> imports;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return imports;
    ASSIGN_OR_RETURN(ImportInfo info, ReadImport(stmt));
    imports.push_back(std::move(info));
  }
}

class SqliteStore;

// One import transaction on the store's connection. If the store is destroyed
// first, it abandons (rolls back) the batch, whose calls then fail.
class SqliteImportBatch final : public ImportBatch {
 public:
  SqliteImportBatch(SqliteStore& store, std::unique_ptr<Transaction> txn, SourceId source,
                    ImportId import, bool fresh_source)
      : store_(&store),
        txn_(std::move(txn)),
        source_(source),
        import_(import),
        fresh_source_(fresh_source) {}
  ~SqliteImportBatch() override;

  Result<PutOutcome> Put(const Record& record) override;
  void SetColumnMapping(std::vector<Attribute> column_mapping) override {
    column_mapping_ = std::move(column_mapping);
  }
  Result<ImportInfo> Commit(int64_t rows_rejected) override;
  // Rolls back and detaches from the store, which is going away.
  void Abandon();

 private:
  struct Latest {
    int64_t row_id = 0;
    int64_t version = 0;
    int64_t import_id = 0;
    bool current = false;
    internal::Sha256 hash{};
  };

  Result<PutOutcome> PutChecked(const Record& record);
  // Appends the import's custody entry inside its transaction.
  Status LogImport();
  // Checks that raw cells follow the import's columns, appending new ones (JSON).
  Status ExtendHeader(const std::vector<Attribute>& raw);
  Result<PutOutcome> PutIntoExistingSource(const Record& record, const internal::Sha256& hash);
  Result<std::optional<Latest>> FindLatest(std::string_view record_id);
  Status Supersede(int64_t row_id, const Record& record, int64_t version,
                   const internal::Sha256& hash);
  Status Insert(const Record& record, int64_t version, const internal::Sha256& hash);
  Status RunCached(const std::string& sql);
  Database& db();

  SqliteStore* store_;                // null once abandoned
  std::unique_ptr<Transaction> txn_;  // null once committed or abandoned
  const SourceId source_;
  const ImportId import_;
  // The source had no records when the import began, so no lookup is needed:
  // the unique index on current records still catches repeated record_ids.
  const bool fresh_source_;
  bool failed_ = false;  // SQLite rolled the transaction back under us
  int64_t inserted_ = 0;
  int64_t updated_ = 0;
  int64_t unchanged_ = 0;
  // Unchanged records write nothing, so their ids are remembered to catch a
  // repeat within the batch; inserted/updated ones carry this import's id.
  std::unordered_set<std::string> unchanged_ids_;
  // Reused per Put to avoid allocation.
  FieldTexts texts_;
  internal::ContentHasher hasher_;
  std::string extra_json_;
  std::string raw_json_;
  // The import's columns, from the records' raw cells; stored once at Commit.
  std::vector<std::string> header_;
  std::vector<Attribute> column_mapping_;
  // Over the rows written, for the import's custody entry.
  internal::RecordsDigest records_digest_;
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Database> db)
      : db_(std::move(db)),
        custody_(internal::NewSqliteCustodyStore(*db_)),
        auth_(internal::NewSqliteAuthStore(*db_)),
        search_(internal::NewSqliteSearchStore(*db_)) {}
  ~SqliteStore() override {
    if (open_batch_ != nullptr) open_batch_->Abandon();
  }

  Result<std::vector<SourceInfo>> ListSources(Sensitivity clearance) override;
  Result<std::optional<ImportInfo>> FindImport(std::string_view source,
                                               std::string_view file_sha256) override;
  Result<std::vector<ImportInfo>> ListImports(std::string_view source) override;
  Result<std::unique_ptr<ImportBatch>> BeginImport(const ImportStart& start) override;
  Result<std::vector<StoredRecord>> ListRecords(const RecordQuery& query) override;
  Status ForEachRecord(const RecordQuery& query,
                       const std::function<Status(StoredRecord&&)>& visit) override;
  Result<std::vector<StoredRecord>> RecordVersions(std::string_view source,
                                                   std::string_view record_id) override;
  Result<int> SchemaVersion() override { return internal::CurrentSchemaVersion(*db_); }
  CustodyStore& custody() override { return *custody_; }

  Result<LinkRunInfo> SaveLinkage(const Linkage& linkage) override {
    return internal::SaveLinkage(*db_, linkage);
  }
  Result<std::optional<LinkRunInfo>> LatestLinkRun() override {
    return internal::LatestLinkRun(*db_);
  }
  Result<std::vector<PersonMember>> ListPersonMembers(std::string_view person_id,
                                                      Sensitivity clearance) override {
    return internal::ListPersonMembers(*db_, person_id, clearance);
  }
  Result<std::vector<std::string>> ListRetiredPersonIds() override {
    return internal::ListRetiredPersonIds(*db_);
  }
  Result<std::vector<ReviewItem>> ListReviewQueue() override {
    return internal::ListReviewQueue(*db_);
  }
  Result<ReviewItem> GetReviewItem(int64_t id) override {
    return internal::GetReviewItem(*db_, id);
  }
  Result<LinkDecision> AddLinkDecision(const LinkDecision& decision) override {
    return internal::AddLinkDecision(*db_, decision);
  }
  Result<std::vector<LinkDecision>> ListLinkDecisions() override {
    return internal::ListLinkDecisions(*db_);
  }
  AuthStore& Auth() override { return *auth_; }
  SearchStore& Search() override { return *search_; }

  Database& db() { return *db_; }
  void BatchClosed() { open_batch_ = nullptr; }
  Result<ImportInfo> ImportById(int64_t id);

 private:
  Result<SourceId> FindOrCreateSource(const std::string& name);
  Result<ImportId> InsertImport(SourceId source, const ImportStart& start);

  std::unique_ptr<Database> db_;
  std::unique_ptr<CustodyStore> custody_;    // uses db_, so declared after it
  std::unique_ptr<AuthStore> auth_;          // borrows db_
  std::unique_ptr<SearchStore> search_;      // borrows db_
  SqliteImportBatch* open_batch_ = nullptr;  // not owned; the caller owns it
};

// ---- SqliteImportBatch ----

SqliteImportBatch::~SqliteImportBatch() {
  if (store_ != nullptr) Abandon();
}

void SqliteImportBatch::Abandon() {
  txn_.reset();  // rolls back unless committed
  store_->BatchClosed();
  store_ = nullptr;
}

Database& SqliteImportBatch::db() { return store_->db(); }

Status SqliteImportBatch::RunCached(const std::string& sql) {
  ASSIGN_OR_RETURN(ScopedStatement stmt, db().Prepare(sql));
  return stmt->Run();
}

Result<PutOutcome> SqliteImportBatch::Put(const Record& record) {
  if (store_ == nullptr) return FailedPreconditionError("Put after the store was closed");
  if (txn_ == nullptr) return FailedPreconditionError("Put after Commit");
  if (failed_) return FailedPreconditionError("the import was rolled back after an error");
  if (record.record_id.empty()) return InvalidArgumentError("a record needs a record_id");
  Result<PutOutcome> outcome = PutChecked(record);
  if (!outcome.ok()) {
    // I/O errors and the like may make SQLite roll back the whole transaction.
    if (db().InAutocommit()) failed_ = true;
    if (outcome.status().code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError("record_id '" + record.record_id +
                                "' appears twice in this import");
    }
    return outcome.status().WithContext("record_id '" + record.record_id + "'");
  }
  return outcome;
}

Status SqliteImportBatch::ExtendHeader(const std::vector<Attribute>& raw) {
  for (size_t column = 0; column < raw.size(); ++column) {
    if (column == header_.size()) {
      header_.push_back(raw[column].first);
    } else if (header_[column] != raw[column].first) {
      return InvalidArgumentError("raw column " + std::to_string(column + 1) + " is named '" +
                                  raw[column].first + "' but the import's column is '" +
                                  header_[column] + "'");
    }
  }
  return OkStatus();
}

Result<PutOutcome> SqliteImportBatch::PutChecked(const Record& record) {
  extra_json_.clear();
  raw_json_.clear();
  RETURN_IF_ERROR(internal::AppendPairsJson(record.extra, "extra", &extra_json_));
  RETURN_IF_ERROR(internal::AppendValuesJson(record.raw, "raw", &raw_json_));
  RETURN_IF_ERROR(ExtendHeader(record.raw));
  internal::CanonicalTexts(record, &texts_);
  ASSIGN_OR_RETURN(internal::Sha256 hash, hasher_.Hash(texts_, record.normalized, extra_json_,
                                                       raw_json_, record.sensitivity));
  if (!fresh_source_) return PutIntoExistingSource(record, hash);
  Status status = Insert(record, 1, hash);
  if (status.code() == StatusCode::kAlreadyExists) {
    // Only the unique index on current records can fire here.
    return AlreadyExistsError("appears twice in this import");
  }
  RETURN_IF_ERROR(status);
  ++inserted_;
  return PutOutcome::kInserted;
}

Result<PutOutcome> SqliteImportBatch::PutIntoExistingSource(const Record& record,
                                                            const internal::Sha256& hash) {
  ASSIGN_OR_RETURN(std::optional<Latest> latest, FindLatest(record.record_id));
  if (!latest) {
    RETURN_IF_ERROR(Insert(record, 1, hash));
    ++inserted_;
    return PutOutcome::kInserted;
  }
  if (latest->import_id == import_.value) return AlreadyExistsError("appears twice in this import");
  if (!latest->current) {
    RETURN_IF_ERROR(Insert(record, latest->version + 1, hash));
    ++inserted_;
    return PutOutcome::kInserted;
  }
  if (unchanged_ids_.contains(record.record_id)) {
    return AlreadyExistsError("appears twice in this import");
  }
  if (latest->hash == hash) {
    unchanged_ids_.insert(record.record_id);
    ++unchanged_;
    return PutOutcome::kUnchanged;
  }
  RETURN_IF_ERROR(Supersede(latest->row_id, record, latest->version + 1, hash));
  ++updated_;
  return PutOutcome::kUpdated;
}

Result<std::optional<SqliteImportBatch::Latest>> SqliteImportBatch::FindLatest(
    std::string_view record_id) {
  ASSIGN_OR_RETURN(ScopedStatement stmt,
                   db().Prepare("SELECT id, version, import_id, current, content_hash FROM records "
                                "WHERE source_id = ? AND record_id = ? "
                                "ORDER BY version DESC LIMIT 1"));
  RETURN_IF_ERROR(stmt->BindInt64(1, source_.value));
  RETURN_IF_ERROR(stmt->BindText(2, record_id));
  ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return std::optional<Latest>();
  Latest latest;
  latest.row_id = stmt->ColumnInt64(0);
  latest.version = stmt->ColumnInt64(1);
  latest.import_id = stmt->ColumnInt64(2);
  latest.current = stmt->ColumnInt64(3) == 1;
  const std::string_view blob = stmt->ColumnBlob(4);
  if (blob.size() != latest.hash.size()) {
    return DataLossError("stored content hash has " + std::to_string(blob.size()) + " bytes");
  }
  std::copy(blob.begin(), blob.end(), latest.hash.begin());
  return std::optional<Latest>(latest);
}

Status SqliteImportBatch::Supersede(int64_t row_id, const Record& record, int64_t version,
                                    const internal::Sha256& hash) {
  // A savepoint so a failed insert does not leave the old version retired.
  RETURN_IF_ERROR(RunCached("SAVEPOINT put"));
  Status status = [&]() -> Status {
    ASSIGN_OR_RETURN(ScopedStatement retire,
                     db().Prepare("UPDATE records SET current = 0 WHERE id = ?"));
    RETURN_IF_ERROR(retire->BindInt64(1, row_id));
    RETURN_IF_ERROR(retire->Run());
    return Insert(record, version, hash);
  }();
  if (!status.ok()) {
    if (!db().InAutocommit()) {
      RunCached("ROLLBACK TO put").IgnoreError();
      RunCached("RELEASE put").IgnoreError();
    }
    return status;
  }
  return RunCached("RELEASE put");
}

Status SqliteImportBatch::Insert(const Record& record, int64_t version,
                                 const internal::Sha256& hash) {
  static const std::string kSql = InsertRecordSql();
  static const std::vector<Field> kFields = ContentFields();
  ASSIGN_OR_RETURN(ScopedStatement stmt, db().Prepare(kSql));
  RETURN_IF_ERROR(stmt->BindInt64(1, source_.value));
  RETURN_IF_ERROR(stmt->BindText(2, record.record_id));
  RETURN_IF_ERROR(stmt->BindInt64(3, version));
  RETURN_IF_ERROR(stmt->BindInt64(4, import_.value));
  RETURN_IF_ERROR(
      stmt->BindBlob(5, std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size())));
  RETURN_IF_ERROR(stmt->BindInt64(6, static_cast<int64_t>(record.sensitivity)));
  int index = 7;
  for (Field field : kFields) {
    RETURN_IF_ERROR(stmt->BindText(index++, texts_[static_cast<int>(field)], true));
  }
  const NormalizedNames& norm = record.normalized;
  for (const std::string* name : {&norm.full_name, &norm.given_name, &norm.father_name,
                                  &norm.grandfather_name, &norm.family_name, &norm.mother_name}) {
    RETURN_IF_ERROR(stmt->BindText(index++, *name, true));
  }
  RETURN_IF_ERROR(stmt->BindText(index++, extra_json_));
  RETURN_IF_ERROR(stmt->BindText(index++, raw_json_));
  RETURN_IF_ERROR(stmt->Run());
  records_digest_.Add(record.record_id, version, hash);
  return OkStatus();
}

Result<ImportInfo> SqliteImportBatch::Commit(int64_t rows_rejected) {
  if (store_ == nullptr) return FailedPreconditionError("Commit after the store was closed");
  if (txn_ == nullptr) return FailedPreconditionError("the import was already committed");
  if (failed_) return FailedPreconditionError("the import was rolled back after an error");
  {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db().Prepare("UPDATE imports SET finished_at = ?, rows_inserted = ?, "
                                  "rows_updated = ?, rows_unchanged = ?, rows_rejected = ?, "
                                  "header = ?, column_mapping = ? WHERE id = ?"));
    const std::string now = internal::NowUtc();
    RETURN_IF_ERROR(stmt->BindText(1, now));
    RETURN_IF_ERROR(stmt->BindInt64(2, inserted_));
    RETURN_IF_ERROR(stmt->BindInt64(3, updated_));
    RETURN_IF_ERROR(stmt->BindInt64(4, unchanged_));
    RETURN_IF_ERROR(stmt->BindInt64(5, rows_rejected));
    std::string header_json;
    std::vector<Attribute> names;
    for (const std::string& name : header_) names.emplace_back(name, name);
    RETURN_IF_ERROR(internal::AppendValuesJson(names, "header", &header_json));
    RETURN_IF_ERROR(stmt->BindText(6, header_json));
    std::string mapping_json;
    RETURN_IF_ERROR(internal::AppendPairsJson(column_mapping_, "column mapping", &mapping_json));
    RETURN_IF_ERROR(stmt->BindText(7, mapping_json));
    RETURN_IF_ERROR(stmt->BindInt64(8, import_.value));
    RETURN_IF_ERROR(stmt->Run());
  }
  RETURN_IF_ERROR(LogImport());
  RETURN_IF_ERROR(txn_->Commit());
  txn_.reset();
  unchanged_ids_ = {};
  return store_->ImportById(import_.value);
}

Status SqliteImportBatch::LogImport() {
  ASSIGN_OR_RETURN(ImportInfo info, store_->ImportById(import_.value));
  std::string mapping_json;
  RETURN_IF_ERROR(internal::AppendPairsJson(info.column_mapping, "column mapping", &mapping_json));
  CustodyEntry entry{.kind = "import",
                     .fields = {{"import", std::to_string(info.id.value)},
                                {"source", info.source},
                                {"file_name", info.file_name},
                                {"file_sha256", info.file_sha256},
                                {"format", info.format},
                                {"encoding", info.encoding},
                                {"rows_inserted", std::to_string(info.rows_inserted)},
                                {"rows_updated", std::to_string(info.rows_updated)},
                                {"rows_unchanged", std::to_string(info.rows_unchanged)},
                                {"rows_rejected", std::to_string(info.rows_rejected)},
                                {"column_mapping", mapping_json},
                                {"records_sha256", records_digest_.FinishHex()}}};
  return internal::AppendCustodyEntry(db(), std::move(entry)).status();
}

// ---- SqliteStore ----

Result<std::vector<SourceInfo>> SqliteStore::ListSources(Sensitivity clearance) {
  ASSIGN_OR_RETURN(
      ScopedStatement stmt,
      db_->Prepare("SELECT s.id, s.name, s.created_at, "
                   "(SELECT count(*) FROM records r WHERE r.source_id = s.id AND r.current = 1 "
                   "AND r.sensitivity <= ?1), "
                   "(SELECT count(*) FROM imports i WHERE i.source_id = s.id "
                   "AND i.finished_at IS NOT NULL) "
                   "FROM sources s ORDER BY s.name"));
  RETURN_IF_ERROR(stmt->BindInt64(1, static_cast<int64_t>(clearance)));
  std::vector<SourceInfo> sources;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return sources;
    SourceInfo& info = sources.emplace_back();
    info.id.value = stmt->ColumnInt64(0);
    info.name = std::string(stmt->ColumnText(1));
    info.created_at = std::string(stmt->ColumnText(2));
    info.records = stmt->ColumnInt64(3);
    info.imports = stmt->ColumnInt64(4);
  }
}

Result<ImportInfo> SqliteStore::ImportById(int64_t id) {
  ASSIGN_OR_RETURN(ScopedStatement stmt,
                   db_->Prepare(std::string(kSelectImport) + " WHERE i.id = ?"));
  RETURN_IF_ERROR(stmt->BindInt64(1, id));
  ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return NotFoundError("no import " + std::to_string(id));
  return ReadImport(*stmt);
}

Result<std::optional<ImportInfo>> SqliteStore::FindImport(std::string_view source,
                                                          std::string_view file_sha256) {
  ASSIGN_OR_RETURN(ScopedStatement stmt, db_->Prepare(std::string(kSelectImport) +
                                                      " WHERE s.name = ? AND i.file_sha256 = ? "
                                                      "AND i.finished_at IS NOT NULL"));
  RETURN_IF_ERROR(stmt->BindText(1, source));
  RETURN_IF_ERROR(stmt->BindText(2, file_sha256));
  ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return std::optional<ImportInfo>();
  ASSIGN_OR_RETURN(ImportInfo info, ReadImport(*stmt));
  return std::optional<ImportInfo>(std::move(info));
}

Result<std::vector<ImportInfo>> SqliteStore::ListImports(std::string_view source) {
  std::string sql = std::string(kSelectImport) + " WHERE i.finished_at IS NOT NULL";
  if (!source.empty()) sql += " AND s.name = ?";
  ASSIGN_OR_RETURN(ScopedStatement stmt, db_->Prepare(sql + " ORDER BY i.id"));
  if (!source.empty()) RETURN_IF_ERROR(stmt->BindText(1, source));
  return ReadImports(*stmt);
}

Result<SourceId> SqliteStore::FindOrCreateSource(const std::string& name) {
  {
    ASSIGN_OR_RETURN(ScopedStatement find, db_->Prepare("SELECT id FROM sources WHERE name = ?"));
    RETURN_IF_ERROR(find->BindText(1, name));
    ASSIGN_OR_RETURN(bool row, find->Step());
    if (row) return SourceId{find->ColumnInt64(0)};
  }
  ASSIGN_OR_RETURN(ScopedStatement insert,
                   db_->Prepare("INSERT INTO sources (name, created_at) VALUES (?, ?)"));
  const std::string now = internal::NowUtc();
  RETURN_IF_ERROR(insert->BindText(1, name));
  RETURN_IF_ERROR(insert->BindText(2, now));
  RETURN_IF_ERROR(insert->Run());
  return SourceId{db_->LastInsertRowId()};
}

Result<ImportId> SqliteStore::InsertImport(SourceId source, const ImportStart& start) {
  ASSIGN_OR_RETURN(ScopedStatement insert,
                   db_->Prepare("INSERT INTO imports (source_id, file_name, file_sha256, format, "
                                "encoding, started_at) VALUES (?, ?, ?, ?, ?, ?)"));
  const std::string now = internal::NowUtc();
  RETURN_IF_ERROR(insert->BindInt64(1, source.value));
  RETURN_IF_ERROR(insert->BindText(2, start.file_name));
  // NULL for an unknown hash, so hash-less imports never collide.
  RETURN_IF_ERROR(insert->BindText(3, start.file_sha256, /*empty_as_null=*/true));
  RETURN_IF_ERROR(insert->BindText(4, start.format));
  RETURN_IF_ERROR(insert->BindText(5, start.encoding));
  RETURN_IF_ERROR(insert->BindText(6, now));
  Status status = insert->Run();
  if (status.code() == StatusCode::kAlreadyExists) {
    return AlreadyExistsError("file " + start.file_name + " (sha256 " + start.file_sha256 +
                              ") was already imported into source '" + start.source + "'");
  }
  RETURN_IF_ERROR(status);
  return ImportId{db_->LastInsertRowId()};
}

Result<std::unique_ptr<ImportBatch>> SqliteStore::BeginImport(const ImportStart& start) {
  if (start.source.empty()) return InvalidArgumentError("an import needs a source name");
  if (open_batch_ != nullptr) {
    return FailedPreconditionError("another import is already open on this store");
  }
  Result<std::unique_ptr<Transaction>> txn = Transaction::Begin(*db_);
  if (txn.status().code() == StatusCode::kUnavailable) {
    return UnavailableError(db_->path() + " is busy: another import is running; try again later");
  }
  RETURN_IF_ERROR(txn.status());
  ASSIGN_OR_RETURN(SourceId source, FindOrCreateSource(start.source));
  ASSIGN_OR_RETURN(ImportId import, InsertImport(source, start));
  ASSIGN_OR_RETURN(ScopedStatement any,
                   db_->Prepare("SELECT EXISTS (SELECT 1 FROM records WHERE source_id = ?)"));
  RETURN_IF_ERROR(any->BindInt64(1, source.value));
  ASSIGN_OR_RETURN(bool row, any->Step());
  const bool fresh_source = !row || any->ColumnInt64(0) == 0;
  auto batch =
      std::make_unique<SqliteImportBatch>(*this, *std::move(txn), source, import, fresh_source);
  open_batch_ = batch.get();
  return std::unique_ptr<ImportBatch>(std::move(batch));
}

Status SqliteStore::ForEachRecord(const RecordQuery& query,
                                  const std::function<Status(StoredRecord&&)>& visit) {
  // Source by source, in name order, each along its index in record_id
  // order: one query ordered by source name would sort every record first.
  std::string sources_sql = "SELECT id FROM sources";
  if (!query.source.empty()) sources_sql += " WHERE name = ?1";
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> sources,
                   db_->PrepareUncached(sources_sql + " ORDER BY name"));
  if (!query.source.empty()) RETURN_IF_ERROR(sources->BindText(1, query.source));
  std::vector<int64_t> source_ids;
  while (true) {
    ASSIGN_OR_RETURN(bool row, sources->Step());
    if (!row) break;
    source_ids.push_back(sources->ColumnInt64(0));
  }
  const std::string where = " WHERE r.source_id = ?1 AND r.current = 1 AND r.sensitivity <= ?2";
  int64_t skip = std::max<int64_t>(query.offset, 0);
  int64_t left = query.limit < 0 ? std::numeric_limits<int64_t>::max() : query.limit;
  HeaderCache headers;
  for (int64_t source_id : source_ids) {
    if (left == 0) break;
    if (skip > 0) {
      ASSIGN_OR_RETURN(ScopedStatement count,
                       db_->Prepare("SELECT count(*) FROM records r" + where));
      RETURN_IF_ERROR(count->BindInt64(1, source_id));
      RETURN_IF_ERROR(count->BindInt64(2, static_cast<int64_t>(query.clearance)));
      ASSIGN_OR_RETURN(bool row, count->Step());
      const int64_t in_source = row ? count->ColumnInt64(0) : 0;
      if (in_source <= skip) {
        skip -= in_source;
        continue;
      }
    }
    // Uncached: `visit` may itself query the store while this one is open.
    ASSIGN_OR_RETURN(std::unique_ptr<Statement> stmt,
                     db_->PrepareUncached(SelectRecordSql(query.with_raw) + where +
                                          " ORDER BY r.record_id LIMIT -1 OFFSET ?3"));
    RETURN_IF_ERROR(stmt->BindInt64(1, source_id));
    RETURN_IF_ERROR(stmt->BindInt64(2, static_cast<int64_t>(query.clearance)));
    RETURN_IF_ERROR(stmt->BindInt64(3, skip));
    skip = 0;
    while (left > 0) {
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) break;
      ASSIGN_OR_RETURN(StoredRecord stored, ReadStoredRecord(*stmt, &headers, query.with_raw));
      RETURN_IF_ERROR(visit(std::move(stored)));
      --left;
    }
  }
  return OkStatus();
}

Result<std::vector<StoredRecord>> SqliteStore::ListRecords(const RecordQuery& query) {
  std::vector<StoredRecord> records;
  RETURN_IF_ERROR(ForEachRecord(query, [&records](StoredRecord&& stored) {
    records.push_back(std::move(stored));
    return OkStatus();
  }));
  return records;
}

Result<std::vector<StoredRecord>> SqliteStore::RecordVersions(std::string_view source,
                                                              std::string_view record_id) {
  ASSIGN_OR_RETURN(ScopedStatement stmt,
                   db_->Prepare(SelectRecordSql() + " WHERE s.name = ? AND r.record_id = ? "
                                                    "ORDER BY r.version"));
  RETURN_IF_ERROR(stmt->BindText(1, source));
  RETURN_IF_ERROR(stmt->BindText(2, record_id));
  std::vector<StoredRecord> versions;
  HeaderCache headers;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    ASSIGN_OR_RETURN(StoredRecord stored, ReadStoredRecord(*stmt, &headers));
    versions.push_back(std::move(stored));
  }
  if (versions.empty()) {
    return NotFoundError("no record '" + std::string(record_id) + "' in source '" +
                         std::string(source) + "'");
  }
  return versions;
}

// ---- Opening ----

Status NotSijil(const std::string& path) {
  return InvalidArgumentError(path + " is not a Sijil database");
}

// Accepts a Sijil database or a new, empty file; refuses anything else before
// any PRAGMA could write to it.
Status CheckIsSijil(Database& db, OpenMode mode) {
  Result<int64_t> application_id = db.QueryInt64("PRAGMA application_id");
  if (application_id.status().code() == StatusCode::kDataLoss) return NotSijil(db.path());
  RETURN_IF_ERROR(application_id.status());
  if (*application_id == internal::kSijilApplicationId) return OkStatus();
  if (*application_id != 0) return NotSijil(db.path());
  ASSIGN_OR_RETURN(int64_t objects, db.QueryInt64("SELECT count(*) FROM sqlite_master"));
  if (objects != 0) return NotSijil(db.path());
  if (mode == OpenMode::kMustExist) return NotFoundError("no Sijil database at " + db.path());
  return OkStatus();
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, OpenMode mode) {
  std::error_code error;
  if (mode == OpenMode::kMustExist && !std::filesystem::exists(path, error)) {
    return NotFoundError("no Sijil database at " + path);
  }
  const auto db_mode =
      mode == OpenMode::kMustExist ? Database::Mode::kMustExist : Database::Mode::kCreateIfMissing;
  ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path, db_mode));
  RETURN_IF_ERROR(db->Exec("PRAGMA busy_timeout = 5000"));
  RETURN_IF_ERROR(CheckIsSijil(*db, mode));
  // journal_mode answers with the mode it got; an in-memory database stays
  // "memory", which is fine.
  // Only takes effect on a new file. Records are ~1 KiB, so 16 KiB pages
  // waste less space than 4 KiB ones and made bulk import ~15% faster.
  RETURN_IF_ERROR(db->Exec("PRAGMA page_size = 16384"));
  RETURN_IF_ERROR(db->QueryText("PRAGMA journal_mode = WAL").status());
  RETURN_IF_ERROR(db->Exec(kPragmas));
  RETURN_IF_ERROR(internal::Migrate(*db));
  return std::unique_ptr<Store>(new SqliteStore(std::move(db)));
}

}  // namespace sijil::store
