// Schema migrations of the SQLite store, oldest first.
//
// Record columns hold the canonical text of each field (Record::Get), NULL
// when empty, so SQL users see "unknown" as NULL. extra holds a JSON array of
// [name, value] pairs; raw a JSON array of the cells as read, whose column
// names are the import's header (imports.header), stored once per import.
#include "store/internal/migrations.h"

#include <algorithm>
#include <memory>
#include <string>

#include "store/internal/codec.h"

namespace sijil::store::internal {
namespace {

constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  file_name TEXT NOT NULL,
  file_sha256 TEXT,
  format TEXT NOT NULL,
  encoding TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  rows_inserted INTEGER NOT NULL DEFAULT 0,
  rows_updated INTEGER NOT NULL DEFAULT 0,
  rows_unchanged INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  header TEXT NOT NULL DEFAULT '[]',
  UNIQUE (source_id, file_sha256)
);

CREATE TABLE records (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  record_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  import_id INTEGER NOT NULL REFERENCES imports(id),
  current INTEGER NOT NULL CHECK (current IN (0, 1)),
  content_hash BLOB NOT NULL,
  full_name TEXT,
  given_name TEXT,
  father_name TEXT,
  grandfather_name TEXT,
  family_name TEXT,
  mother_name TEXT,
  sex TEXT,
  birth_date TEXT,
  governorate TEXT,
  district TEXT,
  city TEXT,
  arrest_date TEXT,
  arrest_place TEXT,
  arresting_party TEXT,
  facility TEXT,
  status TEXT,
  status_date TEXT,
  notes TEXT,
  norm_full_name TEXT,
  norm_given_name TEXT,
  norm_father_name TEXT,
  norm_grandfather_name TEXT,
  norm_family_name TEXT,
  norm_mother_name TEXT,
  extra TEXT NOT NULL DEFAULT '[]',
  raw TEXT NOT NULL DEFAULT '[]'
);
-- At most one current version per source record; also the Put lookup path.
CREATE UNIQUE INDEX records_current ON records (source_id, record_id) WHERE current = 1;
CREATE UNIQUE INDEX records_versions ON records (source_id, record_id, version);

-- Filled by linkage (later issues).
CREATE TABLE persons (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);
CREATE TABLE person_records (
  person_id TEXT NOT NULL REFERENCES persons(id),
  record_row_id INTEGER NOT NULL REFERENCES records(id),
  PRIMARY KEY (person_id, record_row_id)
);
CREATE INDEX person_records_record ON person_records (record_row_id);
CREATE TABLE link_decisions (
  id INTEGER PRIMARY KEY,
  record_a INTEGER NOT NULL REFERENCES records(id),
  record_b INTEGER NOT NULL REFERENCES records(id),
  decision TEXT NOT NULL,
  decided_by TEXT,
  decided_at TEXT NOT NULL,
  note TEXT
);
)sql";

// Linkage. Persons and decisions name records by (source, record_id), not by
// row, so they hold across re-imports that add versions. Version 1's
// placeholder tables were never written and are replaced.
constexpr std::string_view kSchemaV2 = R"sql(
DROP TABLE link_decisions;
DROP TABLE person_records;
DROP TABLE persons;

CREATE TABLE link_runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  records INTEGER NOT NULL,
  candidate_pairs INTEGER NOT NULL,
  persons INTEGER NOT NULL,
  review_pairs INTEGER NOT NULL,
  settings TEXT NOT NULL,
  model TEXT NOT NULL
);

CREATE TABLE persons (
  id TEXT PRIMARY KEY,
  link_run_id INTEGER NOT NULL REFERENCES link_runs(id)
) WITHOUT ROWID;

CREATE TABLE person_records (
  source_id INTEGER NOT NULL REFERENCES sources(id),
  record_id TEXT NOT NULL,
  person_id TEXT NOT NULL REFERENCES persons(id),
  PRIMARY KEY (source_id, record_id)
) WITHOUT ROWID;
CREATE INDEX person_records_person ON person_records (person_id);

CREATE TABLE review_queue (
  id INTEGER PRIMARY KEY,
  link_run_id INTEGER NOT NULL REFERENCES link_runs(id),
  source_a INTEGER NOT NULL REFERENCES sources(id),
  record_a TEXT NOT NULL,
  source_b INTEGER NOT NULL REFERENCES sources(id),
  record_b TEXT NOT NULL,
  weight REAL NOT NULL,
  probability REAL NOT NULL,
  UNIQUE (source_a, record_a, source_b, record_b)
);

-- Append-only: a pair's latest decision holds, earlier ones are its history.
CREATE TABLE link_decisions (
  id INTEGER PRIMARY KEY,
  source_a INTEGER NOT NULL REFERENCES sources(id),
  record_a TEXT NOT NULL,
  source_b INTEGER NOT NULL REFERENCES sources(id),
  record_b TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('match', 'non_match')),
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX link_decisions_pair ON link_decisions (source_a, record_a, source_b, record_b);
)sql";

// The custody log and the evidence vault (docs/custody.md). The log's truth
// is custody_log; custody_nodes and custody_checkpoints are derived from it
// and re-checked by `sijil log verify`.
constexpr std::string_view kSchemaCustody = R"sql(
CREATE TABLE custody_log (
  idx INTEGER PRIMARY KEY,   -- leaf index, 0-based
  entry BLOB NOT NULL,       -- the exact leaf bytes
  leaf_hash BLOB NOT NULL    -- SHA-256(0x00 || entry), written at append
);
CREATE TABLE custody_nodes (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE custody_checkpoints (
  tree_size INTEGER PRIMARY KEY,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE vault_config (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  origin TEXT NOT NULL,
  public_key BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE vault_key_slots (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('passphrase', 'key_file')),
  salt BLOB NOT NULL,
  opslimit INTEGER NOT NULL,
  memlimit INTEGER NOT NULL,
  wrapped_key BLOB NOT NULL
);
CREATE TABLE vault_blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  cipher_sha256 TEXT NOT NULL,
  cipher_size INTEGER NOT NULL,
  wrapped_key BLOB NOT NULL,
  stored_at TEXT NOT NULL
);
CREATE TABLE vault_items (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL REFERENCES vault_blobs(sha256),
  original_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  case_name TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  captured_at TEXT NOT NULL DEFAULT '',
  captured_by TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  derived_from INTEGER REFERENCES vault_items(id),
  transformation TEXT NOT NULL DEFAULT '',
  metadata TEXT NOT NULL DEFAULT '{}',
  added_at TEXT NOT NULL,
  log_index INTEGER NOT NULL DEFAULT -1
);
CREATE INDEX vault_items_case ON vault_items (case_name);
CREATE INDEX records_import ON records (import_id);
)sql";

// Accounts, sessions, API tokens, the audit log and the name search index
// (server and auth). Token columns hold SHA-256 hashes, never the secrets.
constexpr std::string_view kSchemaAuth = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  label TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Search keys of record names (one row per distinct key of a record).
CREATE TABLE record_search (
  key TEXT NOT NULL,
  record_row_id INTEGER NOT NULL REFERENCES records(id),
  PRIMARY KEY (key, record_row_id)
) WITHOUT ROWID;
-- Checking a further term of a search looks up the record's few keys.
CREATE INDEX record_search_row ON record_search (record_row_id, key);
CREATE TABLE record_search_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_through INTEGER NOT NULL
);
INSERT INTO record_search_state (id, indexed_through) VALUES (1, 0);
)sql";

// Sensitivity: each record's level (0 public, 1 restricted, 2 confidential),
// and the data key sealing confidential values, wrapped by the vault key.
constexpr std::string_view kSchemaSensitivity = R"sql(
ALTER TABLE records ADD COLUMN sensitivity INTEGER NOT NULL DEFAULT 0
  CHECK (sensitivity BETWEEN 0 AND 2);
CREATE TABLE data_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  wrapped_key BLOB NOT NULL,
  created_at TEXT NOT NULL
);
)sql";

// How each column of an import was read, as a JSON array of [header, field].
constexpr std::string_view kSchemaColumnMapping = R"sql(
ALTER TABLE imports ADD COLUMN column_mapping TEXT NOT NULL DEFAULT '[]';
)sql";

// How many records have each search key, kept by a trigger, so a search
// can put its rarest term first without counting a common name's rows.
constexpr std::string_view kSchemaSearchCounts = R"sql(
CREATE TABLE record_search_counts (
  key TEXT PRIMARY KEY,
  records INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO record_search_counts (key, records)
  SELECT key, count(*) FROM record_search GROUP BY key;
CREATE TRIGGER record_search_counted AFTER INSERT ON record_search BEGIN
  INSERT INTO record_search_counts (key, records) VALUES (NEW.key, 1)
    ON CONFLICT (key) DO UPDATE SET records = records + 1;
END;
)sql";

constexpr Migration kMigrations[] = {
    {1, kSchemaV1},   {2, kSchemaV2},          {3, kSchemaCustody},
    {4, kSchemaAuth}, {5, kSchemaSensitivity}, {6, kSchemaColumnMapping},
    {7, kSchemaSearchCounts},
};

constexpr std::string_view kBookkeeping =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";

Status ApplyOne(Database& db, const Migration& migration) {
  RETURN_IF_ERROR(
      db.Exec(migration.sql).WithContext("schema migration " + std::to_string(migration.version)));
  ASSIGN_OR_RETURN(ScopedStatement insert,
                   db.Prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"));
  const std::string now = NowUtc();
  RETURN_IF_ERROR(insert->BindInt64(1, migration.version));
  RETURN_IF_ERROR(insert->BindText(2, now));
  RETURN_IF_ERROR(insert->Run());
  // user_version mirrors the table so tools like `sqlite3` can see it cheaply.
  return db.Exec("PRAGMA user_version = " + std::to_string(migration.version));
}

Status NewerError(int found) {
  return FailedPreconditionError("database schema version " + std::to_string(found) +
                                 " is newer than this sijil (" +
                                 std::to_string(LatestSchemaVersion()) + "); upgrade sijil");
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations[std::size(kMigrations) - 1].version; }

Result<int> CurrentSchemaVersion(Database& db) {
  ASSIGN_OR_RETURN(int64_t user_version, db.QueryInt64("PRAGMA user_version"));
  ASSIGN_OR_RETURN(int64_t has_table,
                   db.QueryInt64("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                 "name = 'schema_migrations'"));
  int64_t applied = 0;
  if (has_table > 0) {
    ASSIGN_OR_RETURN(applied, db.QueryInt64("SELECT max(version) FROM schema_migrations"));
  }
  return static_cast<int>(std::max(user_version, applied));
}

Status Migrate(Database& db) {
  // The common case (up to date) takes no write lock, so opening a store
  // while another process imports does not wait.
  ASSIGN_OR_RETURN(int found, CurrentSchemaVersion(db));
  if (found > LatestSchemaVersion()) return NewerError(found);
  if (found == LatestSchemaVersion()) return OkStatus();
  // Each step re-reads the version under the write lock, so two processes
  // opening a fresh file at once apply every migration exactly once.
  while (true) {
    ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, Transaction::Begin(db));
    RETURN_IF_ERROR(db.Exec(kBookkeeping));
    RETURN_IF_ERROR(db.Exec("PRAGMA application_id = " + std::to_string(kSijilApplicationId)));
    ASSIGN_OR_RETURN(int current, CurrentSchemaVersion(db));
    if (current > LatestSchemaVersion()) return NewerError(current);
    if (current == LatestSchemaVersion()) return txn->Commit();
    RETURN_IF_ERROR(ApplyOne(db, kMigrations[current]));
    RETURN_IF_ERROR(txn->Commit());
  }
}

}  // namespace sijil::store::internal
