// Private to store: the SQLite custody log and vault tables, and the pieces
// an import uses to log itself inside its own transaction.
#ifndef SIJIL_STORE_INTERNAL_CUSTODY_H_
#define SIJIL_STORE_INTERNAL_CUSTODY_H_

#include <memory>
#include <string>

#include "core/custody_entry.h"
#include "store/internal/codec.h"
#include "store/internal/sqlite.h"
#include "store/store.h"

namespace sijil::store::internal {

// Appends `entry` to custody_log inside the caller's open transaction,
// assigning the next index and the current time. Returns it as stored.
Result<CustodyEntry> AppendCustodyEntry(Database& db, CustodyEntry entry);

// Returns the lowercase hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// SHA-256 over (record_id, version, content hash) of the rows an import
// writes, in row order: its custody entry's records_sha256.
class RecordsDigest {
 public:
  RecordsDigest();
  ~RecordsDigest();
  RecordsDigest(const RecordsDigest&) = delete;
  RecordsDigest& operator=(const RecordsDigest&) = delete;
  void Add(std::string_view record_id, int64_t version, const Sha256& content_hash);
  // Returns the hex digest; the object must not be used afterwards.
  std::string FinishHex();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// Creates the CustodyStore over `db`, which must outlive it.
std::unique_ptr<CustodyStore> NewSqliteCustodyStore(Database& db);

}  // namespace sijil::store::internal

#endif  // SIJIL_STORE_INTERNAL_CUSTODY_H_
