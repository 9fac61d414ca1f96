// The SQLite AuthStore: users, sessions, API tokens and the audit log.
#include <string>
#include <utility>

#include "store/internal/codec.h"
#include "store/internal/sqlite_extras.h"

namespace sijil::store::internal {
namespace {

constexpr std::string_view kSelectUser =
    "SELECT id, name, role, password_hash, disabled, created_at FROM users";

UserRow ReadUser(const Statement& row) {
  return {.id = row.ColumnInt64(0),
          .name = std::string(row.ColumnText(1)),
          .role = std::string(row.ColumnText(2)),
          .password_hash = std::string(row.ColumnText(3)),
          .disabled = row.ColumnInt64(4) == 1,
          .created_at = std::string(row.ColumnText(5))};
}

// Steps `stmt` once and reads the row with `read`, if there is one.
template <typename Row, typename Read>
Result<std::optional<Row>> ReadOptional(Statement& stmt, Read read) {
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<Row>();
  return std::optional<Row>(read(stmt));
}

class SqliteAuthStore final : public AuthStore {
 public:
  explicit SqliteAuthStore(Database& db) : db_(db) {}

  Result<int64_t> AddUser(const UserRow& user) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("INSERT INTO users (name, role, password_hash, disabled, "
                                 "created_at) VALUES (?, ?, ?, ?, ?)"));
    const std::string now = NowUtc();
    RETURN_IF_ERROR(stmt->BindText(1, user.name));
    RETURN_IF_ERROR(stmt->BindText(2, user.role));
    RETURN_IF_ERROR(stmt->BindText(3, user.password_hash));
    RETURN_IF_ERROR(stmt->BindInt64(4, user.disabled ? 1 : 0));
    RETURN_IF_ERROR(stmt->BindText(5, now));
    Status status = stmt->Run();
    if (status.code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError("a user named '" + user.name + "' already exists");
    }
    RETURN_IF_ERROR(status);
    return db_.LastInsertRowId();
  }

  Result<std::optional<UserRow>> FindUser(std::string_view name) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare(std::string(kSelectUser) + " WHERE name = ?"));
    RETURN_IF_ERROR(stmt->BindText(1, name));
    return ReadOptional<UserRow>(*stmt, ReadUser);
  }

  Result<std::optional<UserRow>> UserById(int64_t id) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt, db_.Prepare(std::string(kSelectUser) + " WHERE id = ?"));
    RETURN_IF_ERROR(stmt->BindInt64(1, id));
    return ReadOptional<UserRow>(*stmt, ReadUser);
  }

  Result<std::vector<UserRow>> ListUsers() override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare(std::string(kSelectUser) + " ORDER BY name"));
    std::vector<UserRow> users;
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) return users;
      users.push_back(ReadUser(*stmt));
    }
  }

  Status PutSession(const SessionRow& session) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("INSERT INTO sessions (token_hash, user_id, csrf_token, "
                                 "created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)"));
    RETURN_IF_ERROR(stmt->BindText(1, session.token_hash));
    RETURN_IF_ERROR(stmt->BindInt64(2, session.user_id));
    RETURN_IF_ERROR(stmt->BindText(3, session.csrf_token));
    RETURN_IF_ERROR(stmt->BindInt64(4, session.created_at));
    RETURN_IF_ERROR(stmt->BindInt64(5, session.last_seen_at));
    return stmt->Run();
  }

  Result<std::optional<SessionRow>> FindSession(std::string_view token_hash) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT token_hash, user_id, csrf_token, created_at, "
                                 "last_seen_at FROM sessions WHERE token_hash = ?"));
    RETURN_IF_ERROR(stmt->BindText(1, token_hash));
    return ReadOptional<SessionRow>(*stmt, [](const Statement& row) {
      return SessionRow{.token_hash = std::string(row.ColumnText(0)),
                        .user_id = row.ColumnInt64(1),
                        .csrf_token = std::string(row.ColumnText(2)),
                        .created_at = row.ColumnInt64(3),
                        .last_seen_at = row.ColumnInt64(4)};
    });
  }

  Status TouchSession(std::string_view token_hash, int64_t last_seen_at) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"));
    RETURN_IF_ERROR(stmt->BindInt64(1, last_seen_at));
    RETURN_IF_ERROR(stmt->BindText(2, token_hash));
    return stmt->Run();
  }

  Status DeleteSession(std::string_view token_hash) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("DELETE FROM sessions WHERE token_hash = ?"));
    RETURN_IF_ERROR(stmt->BindText(1, token_hash));
    return stmt->Run();
  }

  Result<int64_t> AddApiToken(const ApiTokenRow& token) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("INSERT INTO api_tokens (token_hash, user_id, label, created_at, "
                                 "revoked) VALUES (?, ?, ?, ?, ?)"));
    RETURN_IF_ERROR(stmt->BindText(1, token.token_hash));
    RETURN_IF_ERROR(stmt->BindInt64(2, token.user_id));
    RETURN_IF_ERROR(stmt->BindText(3, token.label));
    RETURN_IF_ERROR(stmt->BindInt64(4, token.created_at));
    RETURN_IF_ERROR(stmt->BindInt64(5, token.revoked ? 1 : 0));
    RETURN_IF_ERROR(stmt->Run());
    return db_.LastInsertRowId();
  }

  Result<std::optional<ApiTokenRow>> FindApiToken(std::string_view token_hash) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT id, token_hash, user_id, label, created_at, revoked "
                                 "FROM api_tokens WHERE token_hash = ?"));
    RETURN_IF_ERROR(stmt->BindText(1, token_hash));
    return ReadOptional<ApiTokenRow>(*stmt, [](const Statement& row) {
      return ApiTokenRow{.id = row.ColumnInt64(0),
                         .token_hash = std::string(row.ColumnText(1)),
                         .user_id = row.ColumnInt64(2),
                         .label = std::string(row.ColumnText(3)),
                         .created_at = row.ColumnInt64(4),
                         .revoked = row.ColumnInt64(5) == 1};
    });
  }

  Status AppendAudit(const AuditRow& entry) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("INSERT INTO audit_log (at, user_name, action, object, reason) "
                                 "VALUES (?, ?, ?, ?, ?)"));
    const std::string now = NowUtc();
    RETURN_IF_ERROR(stmt->BindText(1, now));
    RETURN_IF_ERROR(stmt->BindText(2, entry.user));
    RETURN_IF_ERROR(stmt->BindText(3, entry.action));
    RETURN_IF_ERROR(stmt->BindText(4, entry.object));
    RETURN_IF_ERROR(stmt->BindText(5, entry.reason));
    return stmt->Run();
  }

  Result<std::vector<AuditRow>> ListAudit(int64_t limit) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT id, at, user_name, action, object, reason FROM audit_log "
                                 "ORDER BY id DESC LIMIT ?"));
    RETURN_IF_ERROR(stmt->BindInt64(1, limit));
    std::vector<AuditRow> entries;
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) return entries;
      entries.push_back({.id = stmt->ColumnInt64(0),
                         .at = std::string(stmt->ColumnText(1)),
                         .user = std::string(stmt->ColumnText(2)),
                         .action = std::string(stmt->ColumnText(3)),
                         .object = std::string(stmt->ColumnText(4)),
                         .reason = std::string(stmt->ColumnText(5))});
    }
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<AuthStore> NewSqliteAuthStore(Database& db) {
  return std::make_unique<SqliteAuthStore>(db);
}

}  // namespace sijil::store::internal
