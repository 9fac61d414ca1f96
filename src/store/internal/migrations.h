// The ordered schema migrations of the SQLite store.
#ifndef SIJIL_STORE_INTERNAL_MIGRATIONS_H_
#define SIJIL_STORE_INTERNAL_MIGRATIONS_H_

#include <span>
#include <string_view>

#include "core/status.h"
#include "store/internal/sqlite.h"

namespace sijil::store::internal {

// PRAGMA application_id of every Sijil database: "SJIL" in ASCII.
inline constexpr int kSijilApplicationId = 0x534A494C;

// One schema step. Released migrations never change; a fix is a new one.
struct Migration {
  int version;
  std::string_view sql;
};

// Returns all migrations in ascending version order, versions 1..N.
std::span<const Migration> Migrations();

// Returns the version this program writes (the last migration's).
int LatestSchemaVersion();

// Creates the bookkeeping (schema_migrations, application_id) if needed and
// applies every pending migration, each in its own transaction. Fails with
// kFailedPrecondition when the database is newer than this program.
Status Migrate(Database& db);

// Returns the highest applied version (0 for a fresh database).
Result<int> CurrentSchemaVersion(Database& db);

}  // namespace sijil::store::internal

#endif  // SIJIL_STORE_INTERNAL_MIGRATIONS_H_
