// Private RAII wrappers over the SQLite C API for the store module.
//
// Every SQLite failure becomes a Status whose message names the database, the
// SQL that failed and sqlite3_errmsg(). Nothing outside src/store/ may include
// this header; store.h stays free of SQLite types.
#ifndef SIJIL_STORE_INTERNAL_SQLITE_H_
#define SIJIL_STORE_INTERNAL_SQLITE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sijil::store::internal {

class Database;

// One prepared statement. Bind indices are 1-based, column indices 0-based,
// as in SQLite. Text bound with BindText is NOT copied: it must stay alive
// until the statement is reset (the caller's Put/query scope).
class Statement {
 public:
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Status BindInt64(int index, int64_t value);
  Status BindDouble(int index, double value);
  // Binds `value`, or NULL when `value` is empty and `empty_as_null` is set.
  Status BindText(int index, std::string_view value, bool empty_as_null = false);
  Status BindBlob(int index, std::string_view bytes);
  Status BindNull(int index);

  // Advances: true when a row is available, false when done.
  Result<bool> Step();
  // Steps once and expects no row (INSERT, UPDATE, DDL), then resets so the
  // statement can be bound and run again.
  Status Run();
  // Resets for re-execution and clears bindings; releases read locks.
  void Reset();

  bool ColumnIsNull(int column) const;
  int64_t ColumnInt64(int column) const;
  double ColumnDouble(int column) const;
  // Valid until the next Step/Reset. NULL reads as "".
  std::string_view ColumnText(int column) const;
  std::string_view ColumnBlob(int column) const;

  const std::string& sql() const { return sql_; }

 private:
  friend class Database;
  Statement(Database& db, sqlite3_stmt* stmt, std::string sql)
      : db_(db), stmt_(stmt), sql_(std::move(sql)) {}
  Status Check(int rc, std::string_view what) const;

  Database& db_;
  sqlite3_stmt* stmt_;
  std::string sql_;
};

// A cached statement borrowed from Database::Prepare; resets it on scope
// exit so no read transaction or lock outlives the caller's use.
class ScopedStatement {
 public:
  explicit ScopedStatement(Statement* statement) : statement_(statement) {}
  ~ScopedStatement() {
    if (statement_ != nullptr) statement_->Reset();
  }
  ScopedStatement(ScopedStatement&& other) noexcept : statement_(other.statement_) {
    other.statement_ = nullptr;
  }
  ScopedStatement(const ScopedStatement&) = delete;
  ScopedStatement& operator=(const ScopedStatement&) = delete;
  ScopedStatement& operator=(ScopedStatement&&) = delete;

  Statement* operator->() const { return statement_; }
  Statement& operator*() const { return *statement_; }

 private:
  Statement* statement_;
};

// Maps a SQLite (extended) result code to a canonical status code.
StatusCode CodeForSqlite(int rc);

// One connection. Not thread-safe: the store uses it from one thread.
class Database {
 public:
  enum class Mode { kCreateIfMissing, kMustExist };

  // Opens `path`. Does not read the file yet, so a non-SQLite file is only
  // detected by the first statement (SQLITE_NOTADB).
  static Result<std::unique_ptr<Database>> Open(const std::string& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements with no parameters and no result rows used.
  Status Exec(std::string_view sql);
  // Returns the cached statement for `sql`, prepared on first use.
  Result<ScopedStatement> Prepare(const std::string& sql);
  // Prepares an uncached statement, for one-off or re-entrant queries.
  Result<std::unique_ptr<Statement>> PrepareUncached(const std::string& sql);
  // Returns the first column of the first row of `sql` as an integer (0 if no row).
  Result<int64_t> QueryInt64(const std::string& sql);
  // Returns the first column of the first row of `sql` as text ("" if no row).
  Result<std::string> QueryText(const std::string& sql);

  int64_t LastInsertRowId() const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t Changes() const;
  // True when no transaction is open (SQLite may roll back on I/O errors).
  bool InAutocommit() const;
  const std::string& path() const { return path_; }

  // Builds the Status for a failed call `rc` while running `sql`.
  Status Error(int rc, std::string_view sql, std::string_view what = "") const;

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  // Finalized (cleared) in ~Database before the connection closes.
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
};

// Runs BEGIN on construction of the transaction and ROLLBACK on destruction
// unless Commit() succeeded.
class Transaction {
 public:
  // Starts `BEGIN IMMEDIATE` so the write lock is taken (or waited for) now.
  static Result<std::unique_ptr<Transaction>> Begin(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status Commit();

 private:
  explicit Transaction(Database& db) : db_(db) {}
  Database& db_;
  bool open_ = true;
};

}  // namespace sijil::store::internal

#endif  // SIJIL_STORE_INTERNAL_SQLITE_H_
