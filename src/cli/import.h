// Importing one file into the store: read, validate, write as one transaction.
//
// The rule users rely on: an import either lands whole or not at all. With
// the default policy one invalid row rejects the whole file and nothing is
// written; with skip_invalid the valid rows land and every rejected row is
// written, untouched, to a rejects file beside a report of why. A file whose
// SHA-256 was already imported for the source is a no-op.
//
// Confidential values (the cells of columns that map to a confidential field
// or attribute, see auth) are sealed with the store's data key before the
// store sees them; a list with such columns is refused when no key is given.
#ifndef SIJIL_CLI_IMPORT_H_
#define SIJIL_CLI_IMPORT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "vault/vault.h"

namespace sijil::cli {

struct ImportRequest {
  std::string path;
  std::string source;
  ingest::TableOptions table;
  ingest::MappingOverrides mapping;  // header -> field, ahead of the known header names
  bool skip_invalid = false;
  bool dry_run = false;
  std::string rejects_prefix;  // "" = PATH; files PREFIX.rejects.csv and PREFIX.rejects.txt
  size_t max_errors = 100;     // errors kept for the report; all are counted
  // The least level of every record (a row's sensitivity column may raise it).
  Sensitivity sensitivity = Sensitivity::kPublic;
  // Unlocks the store's data key. Called at most once, before anything is
  // written, when the list has confidential columns (or is JSON, whose
  // columns appear as rows are read). Null when no key was given: such a
  // list is then refused with kFailedPrecondition naming its columns.
  std::function<Result<vault::ValueCipher>()> unlock_data_key;
};

enum class ImportOutcome { kImported, kAlreadyImported, kRejected, kDryRun };

struct ImportReport {
  ImportOutcome outcome = ImportOutcome::kImported;
  std::string source;
  std::string file;
  std::string sha256;
  std::string format;
  std::string encoding;
  int64_t import_id = 0;  // the new import, or the earlier one when already imported
  int64_t rows_read = 0;
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  std::vector<std::string> errors;  // first max_errors, "FILE:LINE: column ...: ..."
  std::string rejects_file;         // when rows were set aside
  std::string report_file;
};

// Reports fraction done and rows read so far.
using ImportProgress = std::function<void(double fraction, int64_t rows)>;

// Imports `request.path` into `store`. Returns the report; a file that is
// rejected (invalid rows without skip_invalid) returns a report with outcome
// kRejected and the errors — the store is unchanged. Unreadable or malformed
// files (not row-level problems) return an error Status.
Result<ImportReport> ImportFile(store::Store& store, const ImportRequest& request,
                                const ImportProgress& progress = nullptr);

// Returns the lower-case hex SHA-256 of the file at `path`.
Result<std::string> Sha256File(const std::string& path);

}  // namespace sijil::cli

#endif  // SIJIL_CLI_IMPORT_H_
