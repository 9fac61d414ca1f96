// store: where Sijil keeps sources, imports, records and (later) persons.
//
// Store is an interface so a PostgreSQL backend can follow the embedded
// SQLite one; nothing SQLite-specific appears here. Every import is one
// transaction (ImportBatch): either all of its records land, with the import
// row that describes them, or none do, including after a crash.
//
// Records are versioned by (source, record_id): putting a record whose
// content changed stores a new version and keeps the old one; putting an
// identical record changes nothing.
//
// Example:
//   ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenSqliteStore("sijil.db"));
//   ASSIGN_OR_RETURN(auto batch, store->BeginImport({.source = "snhr", ...}));
//   for (const Record& r : records) ASSIGN_OR_RETURN(PutOutcome o, batch->Put(r));
//   ASSIGN_OR_RETURN(ImportInfo info, batch->Commit(/*rows_rejected=*/0));
#ifndef SIJIL_STORE_STORE_H_
#define SIJIL_STORE_STORE_H_

#include <compare>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/custody_entry.h"
#include "core/record.h"
#include "core/status.h"

namespace sijil::store {

struct SourceInfo {
  SourceId id;
  std::string name;
  int64_t records = 0;  // current records (latest version of each record_id)
  int64_t imports = 0;
  std::string created_at;  // ISO 8601 UTC
};

// What an import is, given when it starts.
struct ImportStart {
  std::string source;       // created on first import
  std::string file_name;    // as given by the user
  std::string file_sha256;  // hex, of the file's bytes
  std::string format;       // "csv", "xlsx", "json"
  std::string encoding;     // "utf-8", "windows-1256"
};

struct ImportInfo {
  ImportId id;
  std::string source;
  std::string file_name;
  std::string file_sha256;
  std::string format;
  std::string encoding;
  std::string started_at;   // ISO 8601 UTC
  std::string finished_at;  // ISO 8601 UTC
  int64_t rows_inserted = 0;
  int64_t rows_updated = 0;
  int64_t rows_unchanged = 0;
  int64_t rows_rejected = 0;
  // How each column was read: header -> field name ("extra": kept as an
  // attribute under its header), in header order. Empty for imports made
  // before this was recorded.
  std::vector<Attribute> column_mapping;
};

enum class PutOutcome { kInserted, kUpdated, kUnchanged };

// A record as stored, with its provenance.
struct StoredRecord {
  std::string source;
  int64_t version = 1;  // 1 for the first import of this record_id
  ImportId import_id;   // the import that wrote this version
  bool current = true;  // false for superseded versions
  Record record;
  friend bool operator==(const StoredRecord&, const StoredRecord&) = default;
};

struct RecordQuery {
  std::string source;  // "" = all sources
  int64_t limit = -1;  // -1 = no limit
  int64_t offset = 0;
  // false: leave Record::extra and Record::raw empty, which makes reading
  // every record for linkage several times faster.
  bool with_raw = true;
  // Only records at or below this level (a reader's clearance).
  Sensitivity clearance = Sensitivity::kConfidential;
};

// A record as linkage sees it: its source's name and the source's record_id.
// It names every version of the record, so links survive re-imports.
struct RecordRef {
  std::string source;
  std::string record_id;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted comparison
  friend auto operator<=>(const RecordRef&, const RecordRef&) = default;
};

// A reviewer's decision on a pair of records; the latest per pair holds.
enum class LinkDecisionKind { kMatch, kNonMatch };

struct LinkDecision {
  RecordRef a;
  RecordRef b;
  LinkDecisionKind decision = LinkDecisionKind::kMatch;
  std::string decided_by;
  std::string decided_at;  // ISO 8601 UTC, set by the store
  std::string note;
  friend bool operator==(const LinkDecision&, const LinkDecision&) = default;
};

// A pair of records whose score fell in the uncertain band of a link run.
struct ReviewItem {
  int64_t id = 0;  // unique in the store, stable while the pair stays queued
  RecordRef a;
  RecordRef b;
  double weight = 0;       // match weight, log2 of the likelihood ratio
  double probability = 0;  // posterior match probability
  friend bool operator==(const ReviewItem&, const ReviewItem&) = default;
};

// One run of the linkage engine, as kept for explanations and refits.
struct LinkRunInfo {
  int64_t id = 0;
  std::string started_at;   // ISO 8601 UTC
  std::string finished_at;  // ISO 8601 UTC, set by the store
  int64_t records = 0;
  int64_t candidate_pairs = 0;
  int64_t persons = 0;
  int64_t review_pairs = 0;
  std::string settings_json;  // what the run was asked (threshold, config)
  std::string model_json;     // the fitted model, to explain pairs and start refits
};

struct PersonMember {
  RecordRef record;
  std::string person_id;
  friend bool operator==(const PersonMember&, const PersonMember&) = default;
};

// Everything a link run decides, saved in one transaction: it replaces the
// previous run's persons and review queue.
struct Linkage {
  LinkRunInfo run;
  std::vector<PersonMember> members;  // every linked record and its person
  std::vector<ReviewItem> review;     // ids are assigned by the store
};

// One open import: a single transaction. Destroying it without Commit()
// rolls everything back. It uses its Store's connection: destroying the Store
// first rolls the batch back, and its later calls fail with
// kFailedPrecondition.
class ImportBatch {
 public:
  virtual ~ImportBatch() = default;
  // Stores `record` (record_id must be non-empty) as a new record, a new
  // version of a changed record, or nothing if unchanged. Fails with
  // kAlreadyExists when the same record_id was already put in this batch.
  // A failed Put writes nothing and the batch stays usable, so the caller may
  // set that row aside and continue. The raw cells of all records in a batch
  // must name the same columns in the same order (the file's header; later
  // records may add columns at the end): kInvalidArgument otherwise.
  virtual Result<PutOutcome> Put(const Record& record) = 0;
  // Records how each column was read (header -> field name), kept with the
  // import and in its custody entry. Call before Commit; default: none.
  virtual void SetColumnMapping(std::vector<Attribute> column_mapping) = 0;
  // Writes the import row with its counts and commits. `rows_rejected` is the
  // number of rows the caller set aside (--skip-invalid).
  virtual Result<ImportInfo> Commit(int64_t rows_rejected) = 0;
};

class CustodyStore;
class AuthStore;
class SearchStore;

// Not thread-safe: use one Store per thread (each has its own connection).
// Several processes may open the same file; one import runs at a time and
// readers never wait for it.
class Store {
 public:
  virtual ~Store() = default;

  // Every source; `records` counts its current records at or below `clearance`.
  virtual Result<std::vector<SourceInfo>> ListSources(Sensitivity clearance) = 0;
  // Returns the committed import of `source` with this file hash, if any.
  virtual Result<std::optional<ImportInfo>> FindImport(std::string_view source,
                                                       std::string_view file_sha256) = 0;
  // Returns the committed imports of `source` ("" = all), oldest first.
  virtual Result<std::vector<ImportInfo>> ListImports(std::string_view source) = 0;
  // Starts an import transaction. Only one may be open per Store
  // (kFailedPrecondition); kUnavailable when another process is importing;
  // kAlreadyExists when this file (by sha256) was already imported into
  // this source.
  virtual Result<std::unique_ptr<ImportBatch>> BeginImport(const ImportStart& start) = 0;
  // Returns current records, ordered by source name then record_id (byte
  // order). An unknown source gives an empty list.
  virtual Result<std::vector<StoredRecord>> ListRecords(const RecordQuery& query) = 0;
  // Calls `visit` for each current record in the same order, without
  // materialising them all; stops at the first error `visit` returns.
  // `visit` may keep (move from) the record it is given.
  virtual Status ForEachRecord(const RecordQuery& query,
                               const std::function<Status(StoredRecord&&)>& visit) = 0;
  // Returns every version of one record, oldest first; kNotFound if none.
  virtual Result<std::vector<StoredRecord>> RecordVersions(std::string_view source,
                                                           std::string_view record_id) = 0;
  // Returns the schema version after migrations.
  virtual Result<int> SchemaVersion() = 0;

  // ---- Linkage ----
  // Replaces persons and the review queue with `linkage` and records the run,
  // in one transaction; returns the run as stored. Every member must name an
  // existing record (kInvalidArgument otherwise). Pairs already decided by a
  // reviewer are left out of the queue.
  virtual Result<LinkRunInfo> SaveLinkage(const Linkage& linkage) = 0;
  // Returns the latest link run, if any.
  virtual Result<std::optional<LinkRunInfo>> LatestLinkRun() = 0;
  // Returns the members of `person_id` ("" = every person), by person then
  // record, leaving out records above `clearance`.
  virtual Result<std::vector<PersonMember>> ListPersonMembers(std::string_view person_id,
                                                              Sensitivity clearance) = 0;
  // Returns the ids of persons that once had records and have none now
  // (merged or split away); they are never given to another person.
  virtual Result<std::vector<std::string>> ListRetiredPersonIds() = 0;
  // Returns the queued pairs not yet decided, most uncertain first.
  virtual Result<std::vector<ReviewItem>> ListReviewQueue() = 0;
  // Returns one queued pair; kNotFound if there is none with this id.
  virtual Result<ReviewItem> GetReviewItem(int64_t id) = 0;
  // Appends a decision (the pair's earlier ones stay as history) and takes
  // the pair off the review queue. Both records must exist.
  virtual Result<LinkDecision> AddLinkDecision(const LinkDecision& decision) = 0;
  // Returns the latest decision of every decided pair, oldest first.
  virtual Result<std::vector<LinkDecision>> ListLinkDecisions() = 0;
  // Returns the custody log and evidence vault tables of this store, valid
  // while the Store lives.
  virtual CustodyStore& custody() = 0;
  // Accounts, sessions, API tokens and the audit log (see AuthStore below).
  virtual AuthStore& Auth() = 0;
  // The name search index and dashboard counts (see SearchStore below).
  virtual SearchStore& Search() = 0;
};

// ---- Custody log and evidence vault (docs/custody.md) ----
//
// The log is append-only: entries are never updated or deleted through this
// interface. Every change that is recorded appends its entry in the same
// transaction as the change (an import's entry is written by its Commit).
// The cached subtree hashes and the checkpoints are derived data that the
// vault engine writes and verifies.

// A signed checkpoint as stored.
struct StoredCheckpoint {
  int64_t tree_size = 0;
  std::string note;  // the signed note text
  std::string created_at;
};

// One way to unlock the vault key: it is stored wrapped by a key derived
// from a passphrase (Argon2id with this salt and cost) or a key file.
struct VaultKeySlot {
  std::string kind;  // "passphrase" or "key_file"
  std::string salt;  // raw bytes; empty for key files
  int64_t opslimit = 0;
  int64_t memlimit = 0;
  std::string wrapped_key;  // raw bytes
};

struct VaultConfig {
  std::string origin;      // checkpoint origin and signing key name
  std::string public_key;  // Ed25519, raw 32 bytes
  std::string created_at;
  std::vector<VaultKeySlot> slots;
};

// An encrypted blob, stored once per distinct content.
struct BlobInfo {
  std::string sha256;  // hex, of the original bytes
  int64_t size = 0;
  std::string cipher_sha256;  // hex, of the blob file; also its file name
  int64_t cipher_size = 0;
  std::string wrapped_key;  // the file key wrapped by the vault key (raw)
  std::string stored_at;
};

// One evidence item: what was received, when, from whom. Originals are
// immutable; derivatives (translations, redactions) are new items whose
// derived_from names their original.
struct EvidenceItem {
  int64_t id = 0;
  std::string sha256;  // hex, of the original bytes
  int64_t size = 0;
  std::string original_name;
  std::string media_type;
  std::string case_name;
  std::string description;
  std::string captured_at;
  std::string captured_by;
  std::string source;
  int64_t derived_from = 0;  // 0: an original
  std::string transformation;
  std::string metadata_json = "{}";  // extracted technical metadata
  std::string added_at;
  int64_t log_index = -1;  // the leaf of its ingest entry
};

// What re-deriving every record's content hash found.
struct RecordAudit {
  // By import id: SHA-256 (hex) over (record_id, version, content_hash) of
  // the rows the import wrote, in row order, as its custody entry records.
  std::vector<std::pair<int64_t, std::string>> import_digests;
  // One message per record row whose fields no longer match its content hash.
  std::vector<std::string> problems;
};

class CustodyStore {
 public:
  virtual ~CustodyStore() = default;

  // Appends `entry` in its own transaction; its index and time are assigned
  // here. Returns the entry as stored.
  virtual Result<CustodyEntry> Append(CustodyEntry entry) = 0;
  // Appends `entries` in one transaction (all or none), in order.
  virtual Status AppendBatch(std::vector<CustodyEntry> entries) = 0;
  // Returns the number of log entries.
  virtual Result<int64_t> LogSize() = 0;
  // Returns the bytes of entries [first, first + count) (fewer at the end).
  virtual Result<std::vector<std::string>> LogEntries(int64_t first, int64_t count) = 0;
  // Calls `visit` with each stored row in index order: the row's index, the
  // entry bytes and the leaf hash stored with them (raw 32 bytes).
  virtual Status ForEachLogEntry(
      const std::function<Status(int64_t index, std::string_view entry,
                                 std::string_view leaf_hash)>& visit) = 0;
  // Returns stored subtree hashes of `level` (0: the leaf hashes) from
  // `first`, at most `count`, raw 32 bytes each.
  virtual Result<std::vector<std::string>> LogHashes(int level, int64_t first, int64_t count) = 0;
  // Returns how many hashes of `level` > 0 are cached.
  virtual Result<int64_t> LogHashCount(int level) = 0;
  // Caches hashes of `level` > 0 from `first` (existing ones are kept).
  virtual Status PutLogHashes(int level, int64_t first, const std::vector<std::string>& hashes) = 0;
  // Stores a signed checkpoint (kept if one of this size exists).
  virtual Status PutCheckpoint(int64_t tree_size, const std::string& note) = 0;
  // Returns the checkpoints, smallest tree first.
  virtual Result<std::vector<StoredCheckpoint>> Checkpoints() = 0;

  // Returns the vault configuration, if the vault was created.
  virtual Result<std::optional<VaultConfig>> Config() = 0;
  // Creates the vault configuration with its key slots; kAlreadyExists if
  // another process created it first.
  virtual Status CreateConfig(const VaultConfig& config) = 0;
  // Returns the data key that seals confidential record values, wrapped by
  // the vault key (opaque bytes here), if one was made.
  virtual Result<std::optional<std::string>> WrappedDataKey() = 0;
  // Stores the wrapped data key; kAlreadyExists if one is stored already.
  virtual Status PutWrappedDataKey(std::string_view wrapped) = 0;
  // Returns the blob with this content hash, if stored.
  virtual Result<std::optional<BlobInfo>> FindBlob(std::string_view sha256) = 0;
  virtual Result<std::vector<BlobInfo>> Blobs() = 0;
  // In one transaction: stores `new_blob` (when given), the item, and
  // `entry` with the item's id added as field "item". Returns the item with
  // its id and log index.
  virtual Result<EvidenceItem> AddItem(EvidenceItem item, const std::optional<BlobInfo>& new_blob,
                                       CustodyEntry entry) = 0;
  // kNotFound for an unknown id.
  virtual Result<EvidenceItem> Item(int64_t id) = 0;
  // Returns items of `case_name` ("" = all), by id.
  virtual Result<std::vector<EvidenceItem>> Items(std::string_view case_name) = 0;
  // Re-derives every record's content hash and every import's digest.
  virtual Result<RecordAudit> AuditRecords() = 0;
};

enum class OpenMode { kCreateIfMissing, kMustExist };

// Opens (or creates) the SQLite store at `path` and applies pending
// migrations. kMustExist fails with kNotFound when there is no store there
// ("run sijil init"). Fails with kInvalidArgument ("PATH is not a Sijil
// database") for any other file, and with kFailedPrecondition when the
// file's schema is newer than this program.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               OpenMode mode = OpenMode::kCreateIfMissing);

// ---------------------------------------------------------------------------
// Accounts: rows kept for the auth module, which owns their meaning. Secrets
// are never stored: only Argon2id password hashes and SHA-256 token hashes.

struct UserRow {
  int64_t id = 0;
  std::string name;
  std::string role;           // auth::RoleName
  std::string password_hash;  // Argon2id encoded string
  bool disabled = false;
  std::string created_at;  // ISO 8601 UTC
};

struct SessionRow {
  std::string token_hash;  // hex SHA-256 of the cookie value
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;  // Unix seconds
  int64_t last_seen_at = 0;
};

struct ApiTokenRow {
  int64_t id = 0;
  std::string token_hash;  // hex SHA-256 of the token
  int64_t user_id = 0;
  std::string label;
  int64_t created_at = 0;
  bool revoked = false;
};

// One audited read or change: who, did what, to which object, and why.
struct AuditRow {
  int64_t id = 0;
  std::string at;  // ISO 8601 UTC, set by the store
  std::string user;
  std::string action;
  std::string object;
  std::string reason;
};

// Same threading rule as Store: use it from the Store's thread.
class AuthStore {
 public:
  virtual ~AuthStore() = default;
  // Inserts `user` (id and created_at are set here); kAlreadyExists for a taken name.
  virtual Result<int64_t> AddUser(const UserRow& user) = 0;
  virtual Result<std::optional<UserRow>> FindUser(std::string_view name) = 0;
  virtual Result<std::optional<UserRow>> UserById(int64_t id) = 0;
  // Returns all users ordered by name.
  virtual Result<std::vector<UserRow>> ListUsers() = 0;
  virtual Status PutSession(const SessionRow& session) = 0;
  virtual Result<std::optional<SessionRow>> FindSession(std::string_view token_hash) = 0;
  virtual Status TouchSession(std::string_view token_hash, int64_t last_seen_at) = 0;
  // Deletes one session; no error when it does not exist.
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  virtual Result<int64_t> AddApiToken(const ApiTokenRow& token) = 0;
  virtual Result<std::optional<ApiTokenRow>> FindApiToken(std::string_view token_hash) = 0;
  // Appends to the audit log (the time is set here). The log is append-only.
  virtual Status AppendAudit(const AuditRow& entry) = 0;
  // Returns the latest `limit` entries, newest first.
  virtual Result<std::vector<AuditRow>> ListAudit(int64_t limit) = 0;
};

// ---------------------------------------------------------------------------
// Search: the store keeps opaque search keys per record (the server computes
// them with the text module; the store knows nothing of names).

// The name fields of one current record that is not indexed yet.
struct NamesToIndex {
  int64_t row_id = 0;
  std::vector<std::string> names;  // full, given, father, grandfather, family
};

struct SearchTerm {
  std::string key;
  bool prefix = false;  // match keys starting with `key`
};

struct Facet {
  std::string value;  // "" for records without a value
  int64_t count = 0;
};

class SearchStore {
 public:
  virtual ~SearchStore() = default;
  // Returns up to `limit` current records that the index has not seen yet, by row.
  virtual Result<std::vector<NamesToIndex>> NextToIndex(int64_t limit) = 0;
  // Stores (row id, key) pairs and marks rows up to `through_row_id` indexed,
  // in one transaction.
  virtual Status AddSearchKeys(const std::vector<std::pair<int64_t, std::string>>& keys,
                               int64_t through_row_id) = 0;
  // Returns current records at or below `clearance` having every term (in
  // `source` when not empty), up to `limit` after skipping `offset`, by row.
  virtual Result<std::vector<RecordRef>> SearchRecords(const std::vector<SearchTerm>& terms,
                                                       std::string_view source, int64_t limit,
                                                       int64_t offset, Sensitivity clearance) = 0;
  // Counts current records at or below `clearance` by `facet`: a canonical
  // field name, or "arrest_year" / "birth_year". The `limit` largest groups,
  // largest first.
  virtual Result<std::vector<Facet>> CountRecordsBy(std::string_view facet, int64_t limit,
                                                    Sensitivity clearance) = 0;
  // Returns the number of current records at or below `clearance`.
  virtual Result<int64_t> CountRecords(Sensitivity clearance) = 0;
  // Returns the person of each record in `refs` (same order), "" for a
  // record no link run has placed.
  virtual Result<std::vector<std::string>> PersonIdsOf(const std::vector<RecordRef>& refs) = 0;
};

}  // namespace sijil::store

#endif  // SIJIL_STORE_STORE_H_
