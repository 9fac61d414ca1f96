// The SQLite tables of the custody log and the evidence vault. See store.h
// for the contract and docs/custody.md for the formats.
#include <openssl/evp.h>

#include "store/internal/custody.h"

namespace sijil::store::internal {
namespace {

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (char c : bytes) {
    hex.push_back(kDigits[static_cast<unsigned char>(c) >> 4]);
    hex.push_back(kDigits[static_cast<unsigned char>(c) & 0xF]);
  }
  return hex;
}

std::string Sha256Of(std::string_view prefix, std::string_view bytes) {
  unsigned char digest[32];
  unsigned int length = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, prefix.data(), prefix.size());
  EVP_DigestUpdate(ctx, bytes.data(), bytes.size());
  EVP_DigestFinal_ex(ctx, digest, &length);
  EVP_MD_CTX_free(ctx);
  return std::string(reinterpret_cast<char*>(digest), sizeof(digest));
}

std::string Text(const Statement& row, int column) { return std::string(row.ColumnText(column)); }

constexpr std::string_view kItemColumns =
    "i.id, i.sha256, b.size, i.original_name, i.media_type, i.case_name, i.description, "
    "i.captured_at, i.captured_by, i.source, coalesce(i.derived_from, 0), i.transformation, "
    "i.metadata, i.added_at, i.log_index FROM vault_items i JOIN vault_blobs b ON b.sha256 = "
    "i.sha256";

EvidenceItem ReadItem(const Statement& row) {
  EvidenceItem item;
  item.id = row.ColumnInt64(0);
  item.sha256 = Text(row, 1);
  item.size = row.ColumnInt64(2);
  item.original_name = Text(row, 3);
  item.media_type = Text(row, 4);
  item.case_name = Text(row, 5);
  item.description = Text(row, 6);
  item.captured_at = Text(row, 7);
  item.captured_by = Text(row, 8);
  item.source = Text(row, 9);
  item.derived_from = row.ColumnInt64(10);
  item.transformation = Text(row, 11);
  item.metadata_json = Text(row, 12);
  item.added_at = Text(row, 13);
  item.log_index = row.ColumnInt64(14);
  return item;
}

constexpr std::string_view kBlobColumns =
    "SELECT sha256, size, cipher_sha256, cipher_size, wrapped_key, stored_at FROM vault_blobs";

BlobInfo ReadBlob(const Statement& row) {
  return BlobInfo{.sha256 = Text(row, 0),
                  .size = row.ColumnInt64(1),
                  .cipher_sha256 = Text(row, 2),
                  .cipher_size = row.ColumnInt64(3),
                  .wrapped_key = std::string(row.ColumnBlob(4)),
                  .stored_at = Text(row, 5)};
}

class SqliteCustodyStore final : public CustodyStore {
 public:
  explicit SqliteCustodyStore(Database& db) : db_(db) {}

  Result<CustodyEntry> Append(CustodyEntry entry) override {
    ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, Transaction::Begin(db_));
    ASSIGN_OR_RETURN(CustodyEntry stored, AppendCustodyEntry(db_, std::move(entry)));
    RETURN_IF_ERROR(txn->Commit());
    return stored;
  }

  Status AppendBatch(std::vector<CustodyEntry> entries) override {
    ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, Transaction::Begin(db_));
    for (CustodyEntry& entry : entries) {
      RETURN_IF_ERROR(AppendCustodyEntry(db_, std::move(entry)).status());
    }
    return txn->Commit();
  }

  Result<int64_t> LogSize() override {
    return db_.QueryInt64("SELECT coalesce(max(idx) + 1, 0) FROM custody_log");
  }

  Result<std::vector<std::string>> LogEntries(int64_t first, int64_t count) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT entry FROM custody_log WHERE idx >= ? ORDER BY idx "
                                 "LIMIT ?"));
    RETURN_IF_ERROR(stmt->BindInt64(1, first));
    RETURN_IF_ERROR(stmt->BindInt64(2, count));
    std::vector<std::string> entries;
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) return entries;
      entries.emplace_back(stmt->ColumnBlob(0));
    }
  }

  Status ForEachLogEntry(
      const std::function<Status(int64_t, std::string_view, std::string_view)>& visit) override {
    ASSIGN_OR_RETURN(std::unique_ptr<Statement> stmt,
                     db_.PrepareUncached("SELECT idx, entry, leaf_hash FROM custody_log "
                                         "ORDER BY idx"));
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) return OkStatus();
      RETURN_IF_ERROR(visit(stmt->ColumnInt64(0), stmt->ColumnBlob(1), stmt->ColumnBlob(2)));
    }
  }

  Result<std::vector<std::string>> LogHashes(int level, int64_t first, int64_t count) override {
    // Rows must be contiguous from `first`: a gap (a deleted row) ends the run.
    std::string sql = level == 0 ? "SELECT idx, leaf_hash FROM custody_log WHERE idx >= ?1 AND "
                                   "idx < ?1 + ?2 ORDER BY idx"
                                 : "SELECT idx, hash FROM custody_nodes WHERE level = ?3 AND "
                                   "idx >= ?1 AND idx < ?1 + ?2 ORDER BY idx";
    ASSIGN_OR_RETURN(ScopedStatement stmt, db_.Prepare(sql));
    RETURN_IF_ERROR(stmt->BindInt64(1, first));
    RETURN_IF_ERROR(stmt->BindInt64(2, count));
    if (level != 0) RETURN_IF_ERROR(stmt->BindInt64(3, level));
    std::vector<std::string> hashes;
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row || stmt->ColumnInt64(0) != first + static_cast<int64_t>(hashes.size())) {
        return hashes;
      }
      hashes.emplace_back(stmt->ColumnBlob(1));
    }
  }

  Result<int64_t> LogHashCount(int level) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT coalesce(max(idx) + 1, 0) FROM custody_nodes "
                                 "WHERE level = ?"));
    RETURN_IF_ERROR(stmt->BindInt64(1, level));
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    return row ? stmt->ColumnInt64(0) : 0;
  }

  Status PutLogHashes(int level, int64_t first, const std::vector<std::string>& hashes) override {
    ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, Transaction::Begin(db_));
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("INSERT OR IGNORE INTO custody_nodes (level, idx, hash) "
                                 "VALUES (?, ?, ?)"));
    for (size_t at = 0; at < hashes.size(); ++at) {
      RETURN_IF_ERROR(stmt->BindInt64(1, level));
      RETURN_IF_ERROR(stmt->BindInt64(2, first + static_cast<int64_t>(at)));
      RETURN_IF_ERROR(stmt->BindBlob(3, hashes[at]));
      RETURN_IF_ERROR(stmt->Run());
      stmt->Reset();
    }
    return txn->Commit();
  }

  Status PutCheckpoint(int64_t tree_size, const std::string& note) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("INSERT OR IGNORE INTO custody_checkpoints "
                                 "(tree_size, note, created_at) VALUES (?, ?, ?)"));
    const std::string now = NowUtc();
    RETURN_IF_ERROR(stmt->BindInt64(1, tree_size));
    RETURN_IF_ERROR(stmt->BindText(2, note));
    RETURN_IF_ERROR(stmt->BindText(3, now));
    return stmt->Run();
  }

  Result<std::vector<StoredCheckpoint>> Checkpoints() override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT tree_size, note, created_at FROM custody_checkpoints "
                                 "ORDER BY tree_size"));
    std::vector<StoredCheckpoint> checkpoints;
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) return checkpoints;
      checkpoints.push_back({stmt->ColumnInt64(0), Text(*stmt, 1), Text(*stmt, 2)});
    }
  }

  Result<std::optional<VaultConfig>> Config() override {
    VaultConfig config;
    {
      ASSIGN_OR_RETURN(ScopedStatement stmt,
                       db_.Prepare("SELECT origin, public_key, created_at FROM vault_config"));
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) return std::optional<VaultConfig>();
      config.origin = Text(*stmt, 0);
      config.public_key = std::string(stmt->ColumnBlob(1));
      config.created_at = Text(*stmt, 2);
    }
    ASSIGN_OR_RETURN(ScopedStatement slots,
                     db_.Prepare("SELECT kind, salt, opslimit, memlimit, wrapped_key "
                                 "FROM vault_key_slots ORDER BY id"));
    while (true) {
      ASSIGN_OR_RETURN(bool row, slots->Step());
      if (!row) return std::optional<VaultConfig>(std::move(config));
      config.slots.push_back({Text(*slots, 0), std::string(slots->ColumnBlob(1)),
                              slots->ColumnInt64(2), slots->ColumnInt64(3),
                              std::string(slots->ColumnBlob(4))});
    }
  }

  Result<std::optional<std::string>> WrappedDataKey() override {
    ASSIGN_OR_RETURN(ScopedStatement stmt, db_.Prepare("SELECT wrapped_key FROM data_key"));
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(std::string(stmt->ColumnBlob(0)));
  }

  Status PutWrappedDataKey(std::string_view wrapped) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("INSERT INTO data_key (id, wrapped_key, created_at) "
                                 "VALUES (1, ?, ?)"));
    const std::string now = NowUtc();
    RETURN_IF_ERROR(stmt->BindBlob(1, wrapped));
    RETURN_IF_ERROR(stmt->BindText(2, now));
    Status status = stmt->Run();
    if (status.code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError("the data key of " + db_.path() + " already exists");
    }
    return status;
  }

  Status CreateConfig(const VaultConfig& config) override {
    ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, Transaction::Begin(db_));
    {
      ASSIGN_OR_RETURN(ScopedStatement stmt,
                       db_.Prepare("INSERT INTO vault_config (id, origin, public_key, created_at) "
                                   "VALUES (1, ?, ?, ?)"));
      const std::string now = NowUtc();
      RETURN_IF_ERROR(stmt->BindText(1, config.origin));
      RETURN_IF_ERROR(stmt->BindBlob(2, config.public_key));
      RETURN_IF_ERROR(stmt->BindText(3, now));
      Status status = stmt->Run();
      if (status.code() == StatusCode::kAlreadyExists) {
        return AlreadyExistsError("the vault of " + db_.path() + " already exists");
      }
      RETURN_IF_ERROR(status);
    }
    for (const VaultKeySlot& slot : config.slots) {
      ASSIGN_OR_RETURN(ScopedStatement stmt,
                       db_.Prepare("INSERT INTO vault_key_slots (kind, salt, opslimit, memlimit, "
                                   "wrapped_key) VALUES (?, ?, ?, ?, ?)"));
      RETURN_IF_ERROR(stmt->BindText(1, slot.kind));
      RETURN_IF_ERROR(stmt->BindBlob(2, slot.salt));
      RETURN_IF_ERROR(stmt->BindInt64(3, slot.opslimit));
      RETURN_IF_ERROR(stmt->BindInt64(4, slot.memlimit));
      RETURN_IF_ERROR(stmt->BindBlob(5, slot.wrapped_key));
      RETURN_IF_ERROR(stmt->Run());
    }
    RETURN_IF_ERROR(AppendCustodyEntry(db_, {.kind = "vault_created",
                                             .fields = {{"origin", config.origin},
                                                        {"public_key", Hex(config.public_key)}}})
                        .status());
    return txn->Commit();
  }

  Result<std::optional<BlobInfo>> FindBlob(std::string_view sha256) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare(std::string(kBlobColumns) + " WHERE sha256 = ?"));
    RETURN_IF_ERROR(stmt->BindText(1, sha256));
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return std::optional<BlobInfo>();
    return std::optional<BlobInfo>(ReadBlob(*stmt));
  }

  Result<std::vector<BlobInfo>> Blobs() override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare(std::string(kBlobColumns) + " ORDER BY stored_at, sha256"));
    std::vector<BlobInfo> blobs;
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) return blobs;
      blobs.push_back(ReadBlob(*stmt));
    }
  }

  Result<EvidenceItem> AddItem(EvidenceItem item, const std::optional<BlobInfo>& new_blob,
                               CustodyEntry entry) override {
    ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, Transaction::Begin(db_));
    if (new_blob) RETURN_IF_ERROR(InsertBlob(*new_blob));
    item.added_at = NowUtc();
    RETURN_IF_ERROR(InsertItem(item));
    item.id = db_.LastInsertRowId();
    entry.fields.push_back({"item", std::to_string(item.id)});
    ASSIGN_OR_RETURN(CustodyEntry stored, AppendCustodyEntry(db_, std::move(entry)));
    item.log_index = stored.index;
    ASSIGN_OR_RETURN(ScopedStatement update,
                     db_.Prepare("UPDATE vault_items SET log_index = ? WHERE id = ?"));
    RETURN_IF_ERROR(update->BindInt64(1, item.log_index));
    RETURN_IF_ERROR(update->BindInt64(2, item.id));
    RETURN_IF_ERROR(update->Run());
    RETURN_IF_ERROR(txn->Commit());
    return item;
  }

  Result<EvidenceItem> Item(int64_t id) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT " + std::string(kItemColumns) + " WHERE i.id = ?"));
    RETURN_IF_ERROR(stmt->BindInt64(1, id));
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return NotFoundError("no evidence item " + std::to_string(id));
    return ReadItem(*stmt);
  }

  Result<std::vector<EvidenceItem>> Items(std::string_view case_name) override {
    std::string sql = "SELECT " + std::string(kItemColumns);
    if (!case_name.empty()) sql += " WHERE i.case_name = ?";
    ASSIGN_OR_RETURN(ScopedStatement stmt, db_.Prepare(sql + " ORDER BY i.id"));
    if (!case_name.empty()) RETURN_IF_ERROR(stmt->BindText(1, case_name));
    std::vector<EvidenceItem> items;
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) return items;
      items.push_back(ReadItem(*stmt));
    }
  }

  Result<RecordAudit> AuditRecords() override;

 private:
  Status InsertBlob(const BlobInfo& blob) {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("INSERT INTO vault_blobs (sha256, size, cipher_sha256, "
                                 "cipher_size, wrapped_key, stored_at) VALUES (?, ?, ?, ?, ?, ?)"));
    const std::string now = NowUtc();
    RETURN_IF_ERROR(stmt->BindText(1, blob.sha256));
    RETURN_IF_ERROR(stmt->BindInt64(2, blob.size));
    RETURN_IF_ERROR(stmt->BindText(3, blob.cipher_sha256));
    RETURN_IF_ERROR(stmt->BindInt64(4, blob.cipher_size));
    RETURN_IF_ERROR(stmt->BindBlob(5, blob.wrapped_key));
    RETURN_IF_ERROR(stmt->BindText(6, now));
    return stmt->Run();
  }

  Status InsertItem(const EvidenceItem& item) {
    ASSIGN_OR_RETURN(
        ScopedStatement stmt,
        db_.Prepare("INSERT INTO vault_items (sha256, original_name, media_type, case_name, "
                    "description, captured_at, captured_by, source, derived_from, "
                    "transformation, metadata, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?)"));
    int index = 1;
    for (const std::string* text :
         {&item.sha256, &item.original_name, &item.media_type, &item.case_name, &item.description,
          &item.captured_at, &item.captured_by, &item.source}) {
      RETURN_IF_ERROR(stmt->BindText(index++, *text));
    }
    if (item.derived_from > 0) {
      RETURN_IF_ERROR(stmt->BindInt64(index++, item.derived_from));
    } else {
      RETURN_IF_ERROR(stmt->BindNull(index++));
    }
    RETURN_IF_ERROR(stmt->BindText(index++, item.transformation));
    RETURN_IF_ERROR(stmt->BindText(index++, item.metadata_json));
    RETURN_IF_ERROR(stmt->BindText(index++, item.added_at));
    return stmt->Run();
  }

  Database& db_;
};

// Columns in the order AuditRecords reads them: the canonical fields in
// Field order (record_id first), the normalised names, extra and raw.
std::string AuditSql() {
  std::string sql = "SELECT r.import_id, s.name, r.version, r.content_hash";
  for (Field field : AllFields()) sql += ", r." + std::string(FieldName(field));
  sql +=
      ", r.norm_full_name, r.norm_given_name, r.norm_father_name, r.norm_grandfather_name, "
      "r.norm_family_name, r.norm_mother_name, r.extra, r.raw, r.sensitivity FROM records r "
      "JOIN sources s ON s.id = r.source_id ORDER BY r.import_id, r.id";
  return sql;
}

Result<RecordAudit> SqliteCustodyStore::AuditRecords() {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> stmt, db_.PrepareUncached(AuditSql()));
  RecordAudit audit;
  ContentHasher hasher;
  FieldTexts texts;
  NormalizedNames norm;
  std::unique_ptr<RecordsDigest> digest;
  int64_t import_id = -1;
  auto finish = [&] {
    if (digest) audit.import_digests.push_back({import_id, digest->FinishHex()});
  };
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) break;
    if (stmt->ColumnInt64(0) != import_id) {
      finish();
      import_id = stmt->ColumnInt64(0);
      digest = std::make_unique<RecordsDigest>();
    }
    int column = 4;
    for (Field field : AllFields()) {
      texts[static_cast<int>(field)] = std::string(stmt->ColumnText(column++));
    }
    for (std::string* name : {&norm.full_name, &norm.given_name, &norm.father_name,
                              &norm.grandfather_name, &norm.family_name, &norm.mother_name}) {
      *name = std::string(stmt->ColumnText(column++));
    }
    const std::string_view extra = stmt->ColumnText(column++);
    const std::string_view raw = stmt->ColumnText(column++);
    const auto level = static_cast<Sensitivity>(stmt->ColumnInt64(column++));
    ASSIGN_OR_RETURN(Sha256 recomputed, hasher.Hash(texts, norm, extra, raw, level));
    const std::string_view stored = stmt->ColumnBlob(3);
    const int64_t version = stmt->ColumnInt64(2);
    const std::string& record_id = texts[static_cast<int>(Field::kRecordId)];
    if (stored !=
        std::string_view(reinterpret_cast<const char*>(recomputed.data()), recomputed.size())) {
      audit.problems.push_back("source '" + std::string(stmt->ColumnText(1)) + "' record '" +
                               record_id + "' version " + std::to_string(version) + " (import " +
                               std::to_string(import_id) +
                               "): its fields no longer match its content hash");
    }
    Sha256 stored_hash{};
    std::copy_n(stored.begin(), std::min(stored.size(), stored_hash.size()), stored_hash.begin());
    digest->Add(record_id, version, stored_hash);
  }
  finish();
  return audit;
}

}  // namespace

struct RecordsDigest::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

RecordsDigest::RecordsDigest() : context_(std::make_unique<Context>()) {
  EVP_DigestInit_ex(context_->ctx, EVP_sha256(), nullptr);
}

RecordsDigest::~RecordsDigest() = default;

void RecordsDigest::Add(std::string_view record_id, int64_t version, const Sha256& content_hash) {
  // Length-prefixed so no two sequences of rows share an input.
  unsigned char numbers[16];
  const uint64_t length = record_id.size();
  for (int at = 0; at < 8; ++at) {
    numbers[at] = static_cast<unsigned char>(length >> (56 - 8 * at));
    numbers[8 + at] = static_cast<unsigned char>(static_cast<uint64_t>(version) >> (56 - 8 * at));
  }
  EVP_DigestUpdate(context_->ctx, numbers, 8);
  EVP_DigestUpdate(context_->ctx, record_id.data(), record_id.size());
  EVP_DigestUpdate(context_->ctx, numbers + 8, 8);
  EVP_DigestUpdate(context_->ctx, content_hash.data(), content_hash.size());
}

std::string Sha256Hex(std::string_view bytes) { return Hex(Sha256Of("", bytes)); }

std::string RecordsDigest::FinishHex() {
  unsigned char digest[32];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_->ctx, digest, &length);
  return Hex(std::string_view(reinterpret_cast<char*>(digest), sizeof(digest)));
}

Result<CustodyEntry> AppendCustodyEntry(Database& db, CustodyEntry entry) {
  ASSIGN_OR_RETURN(entry.index, db.QueryInt64("SELECT coalesce(max(idx) + 1, 0) FROM custody_log"));
  entry.time = NowUtc();
  ASSIGN_OR_RETURN(std::string bytes, EncodeCustodyEntry(entry));
  ASSIGN_OR_RETURN(ScopedStatement stmt,
                   db.Prepare("INSERT INTO custody_log (idx, entry, leaf_hash) VALUES (?, ?, ?)"));
  // The RFC 9162 leaf hash, kept so a later edit of the entry is pinpointed.
  const std::string leaf_hash = Sha256Of(std::string_view("\0", 1), bytes);
  RETURN_IF_ERROR(stmt->BindInt64(1, entry.index));
  RETURN_IF_ERROR(stmt->BindBlob(2, bytes));
  RETURN_IF_ERROR(stmt->BindBlob(3, leaf_hash));
  RETURN_IF_ERROR(stmt->Run());
  return entry;
}

std::unique_ptr<CustodyStore> NewSqliteCustodyStore(Database& db) {
  return std::make_unique<SqliteCustodyStore>(db);
}

}  // namespace sijil::store::internal
