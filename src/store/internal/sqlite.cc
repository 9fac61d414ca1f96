#include "store/internal/sqlite.h"

#include <sqlite3.h>

namespace sijil::store::internal {
namespace {

// Long SQL (the records INSERT) is cut in messages; the start names the table.
std::string Abbreviate(std::string_view sql) {
  constexpr size_t kMax = 80;
  std::string text(sql.substr(0, kMax));
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  if (sql.size() > kMax) text += "...";
  return text;
}

}  // namespace

StatusCode CodeForSqlite(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return StatusCode::kAlreadyExists;
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK:
      return StatusCode::kInvalidArgument;
    default:
      break;
  }
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StatusCode::kUnavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StatusCode::kDataLoss;
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return StatusCode::kResourceExhausted;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return StatusCode::kPermissionDenied;
    case SQLITE_CANTOPEN:
      return StatusCode::kInvalidArgument;
    default:
      return StatusCode::kInternal;
  }
}

// ---- Statement ----

Statement::~Statement() { sqlite3_finalize(stmt_); }

Status Statement::Check(int rc, std::string_view what) const {
  if (rc == SQLITE_OK) return OkStatus();
  return db_.Error(rc, sql_, what);
}

Status Statement::BindInt64(int index, int64_t value) {
  return Check(sqlite3_bind_int64(stmt_, index, value), "bind");
}

Status Statement::BindDouble(int index, double value) {
  return Check(sqlite3_bind_double(stmt_, index, value), "bind");
}

Status Statement::BindText(int index, std::string_view value, bool empty_as_null) {
  if (value.empty() && empty_as_null) return BindNull(index);
  return Check(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8),
      "bind");
}

Status Statement::BindBlob(int index, std::string_view bytes) {
  return Check(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC),
               "bind");
}

Status Statement::BindNull(int index) { return Check(sqlite3_bind_null(stmt_, index), "bind"); }

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status error = db_.Error(rc, sql_);
  // A failed statement must be reset before it can run again.
  sqlite3_reset(stmt_);
  return error;
}

Status Statement::Run() {
  ASSIGN_OR_RETURN(bool row, Step());
  if (row) return db_.Error(SQLITE_MISUSE, sql_, "statement returned a row");
  sqlite3_reset(stmt_);  // so it can be bound and run again
  return OkStatus();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::ColumnInt64(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::ColumnDouble(int column) const { return sqlite3_column_double(stmt_, column); }

std::string_view Statement::ColumnText(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return {text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::string_view Statement::ColumnBlob(int column) const {
  const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (blob == nullptr) return {};
  return {blob, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))};
}

// ---- Database ----

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, Mode mode) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == Mode::kCreateIfMissing) flags |= SQLITE_OPEN_CREATE;
  sqlite3* handle = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  // The handle owns resources even on failure, so wrap it before checking.
  std::unique_ptr<Database> db(new Database(handle, path));
  if (rc != SQLITE_OK) {
    if (handle == nullptr) return ResourceExhaustedError(path + ": sqlite3_open_v2: out of memory");
    return db->Error(rc, "", "open");
  }
  sqlite3_extended_result_codes(handle, 1);
  return db;
}

Database::~Database() {
  cache_.clear();
  sqlite3_close_v2(db_);
}

Status Database::Error(int rc, std::string_view sql, std::string_view what) const {
  std::string message = path_ + ": ";
  if (!what.empty()) message += std::string(what) + " ";
  if (!sql.empty()) message += "'" + Abbreviate(sql) + "': ";
  const char* detail = db_ != nullptr ? sqlite3_errmsg(db_) : nullptr;
  // sqlite3_errmsg reflects the last API call; for synthesized codes use errstr.
  if (detail == nullptr || (sqlite3_extended_errcode(db_) & 0xFF) != (rc & 0xFF)) {
    detail = sqlite3_errstr(rc);
  }
  message += detail;
  return Status(CodeForSqlite(rc), std::move(message));
}

Status Database::Exec(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, sql);
  return OkStatus();
}

Result<std::unique_ptr<Statement>> Database::PrepareUncached(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, sql, "prepare");
  return std::unique_ptr<Statement>(new Statement(*this, stmt, sql));
}

Result<ScopedStatement> Database::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    ASSIGN_OR_RETURN(std::unique_ptr<Statement> stmt, PrepareUncached(sql));
    it = cache_.emplace(sql, std::move(stmt)).first;
  }
  return ScopedStatement(it->second.get());
}

Result<int64_t> Database::QueryInt64(const std::string& sql) {
  ASSIGN_OR_RETURN(ScopedStatement stmt, Prepare(sql));
  ASSIGN_OR_RETURN(bool row, stmt->Step());
  return row ? stmt->ColumnInt64(0) : int64_t{0};
}

Result<std::string> Database::QueryText(const std::string& sql) {
  ASSIGN_OR_RETURN(ScopedStatement stmt, Prepare(sql));
  ASSIGN_OR_RETURN(bool row, stmt->Step());
  return row ? std::string(stmt->ColumnText(0)) : std::string();
}

int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int64_t Database::Changes() const { return sqlite3_changes64(db_); }

bool Database::InAutocommit() const { return sqlite3_get_autocommit(db_) != 0; }

// ---- Transaction ----

Result<std::unique_ptr<Transaction>> Transaction::Begin(Database& db) {
  RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return std::unique_ptr<Transaction>(new Transaction(db));
}

Transaction::~Transaction() {
  if (open_ && !db_.InAutocommit()) db_.Exec("ROLLBACK").IgnoreError();
}

Status Transaction::Commit() {
  RETURN_IF_ERROR(db_.Exec("COMMIT"));
  open_ = false;
  return OkStatus();
}

}  // namespace sijil::store::internal
