// The SQLite implementations of the store's sub-interfaces (AuthStore,
// SearchStore). Each borrows the SqliteStore's connection, which outlives it.
#ifndef SIJIL_STORE_INTERNAL_SQLITE_EXTRAS_H_
#define SIJIL_STORE_INTERNAL_SQLITE_EXTRAS_H_

#include <memory>

#include "store/internal/sqlite.h"
#include "store/store.h"

namespace sijil::store::internal {

std::unique_ptr<AuthStore> NewSqliteAuthStore(Database& db);
std::unique_ptr<SearchStore> NewSqliteSearchStore(Database& db);

}  // namespace sijil::store::internal

#endif  // SIJIL_STORE_INTERNAL_SQLITE_EXTRAS_H_
