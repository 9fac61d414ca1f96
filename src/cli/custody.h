// Private to cli: the evidence vault and custody log operations behind the
// `vault`, `log` and package commands. They join the vault engine (crypto,
// Merkle proofs, checkpoints) to the store and to files on disk.
//
// Blob protocol (kill -9 safe; docs/custody.md): a blob is encrypted into
// <db>.vault/tmp/<random>.part, fsynced, renamed to
// <db>.vault/<2 hex>/<cipher sha256> and the folder fsynced; only then are its
// row, the item and the ingest entry committed in one transaction. A crash
// leaves at worst an unreferenced file, never a row without its blob.
#ifndef SIJIL_CLI_CUSTODY_H_
#define SIJIL_CLI_CUSTODY_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/store.h"
#include "vault/vault.h"

namespace sijil::cli {

// Where the vault key comes from: a key file, else $SIJIL_VAULT_PASSPHRASE,
// else a prompt on the terminal.
struct KeyOptions {
  std::string key_file;
};

// An unlocked vault: its configuration, key and log signer.
struct UnlockedVault {
  store::VaultConfig config;
  vault::SecretKey key;
  std::optional<vault::NoteSigner> signer;
};

// Returns the folder of encrypted blobs beside database `db`.
std::string BlobDir(const std::string& db);

// Test hook for the kill -9 tests: kills the process with SIGKILL when
// $SIJIL_VAULT_CRASH_AT names `step` (a step of the blob protocol or of
// writing a package).
void MaybeCrash(std::string_view step);

// Unlocks the vault of `store`, creating it (new random vault key, one key
// slot for the given passphrase or key file) when `create` and none exists.
// kPermissionDenied for a wrong passphrase or key file.
Result<UnlockedVault> UnlockVault(store::Store& store, const KeyOptions& key, bool create);

// Returns true when a key was given without a prompt: a key file, or
// $SIJIL_VAULT_PASSPHRASE set and non-empty.
bool KeyGiven(const KeyOptions& key);

// Unlocks the vault and returns the cipher of the store's data key. With
// `create`, makes the vault (like UnlockVault) and the data key on first
// use; else kFailedPrecondition when either is missing.
Result<vault::ValueCipher> UnlockDataKey(store::Store& store, const KeyOptions& key, bool create);
// As UnlockDataKey, with the vault already unlocked.
Result<vault::ValueCipher> DataKeyCipher(store::Store& store, const UnlockedVault& unlocked,
                                         bool create);

// What a command shows of sealed values. With a key given, opens every
// sealed value of `records` and appends one audit entry per record read
// (user $SIJIL_USER or $USER, reason `reason`); without one, replaces each
// with "(encrypted)" and returns a note on how to unlock them ("" when no
// value was sealed).
Result<std::string> RevealSealedValues(store::Store& store, const KeyOptions& key,
                                       std::string_view reason,
                                       std::vector<store::StoredRecord>* records);

struct AddOptions {
  std::string case_name, description, captured_at, captured_by, source;
  int64_t derived_from = 0;
  std::string transformation;
};

struct AddResult {
  store::EvidenceItem item;
  bool new_blob = false;  // false: identical bytes were already stored
};

// Hashes, encrypts and stores the file at `path` and records it.
Result<AddResult> AddEvidence(store::Store& store, const std::string& db,
                              const UnlockedVault& vault, const std::string& path,
                              const AddOptions& options);

// Decrypts item `id` to `out`, re-verifying its SHA-256; writes nothing at
// `out` on any mismatch (kDataLoss). Logs an "export" entry naming
// `purpose` ("file", "package").
Status ExtractEvidence(store::Store& store, const std::string& db, const UnlockedVault& vault,
                       int64_t id, const std::string& out, const std::string& purpose);

struct VerifyReport {
  int64_t checked = 0;                // blobs, or log entries
  int64_t checkpoints = 0;            // log only
  std::vector<std::string> problems;  // empty: all good
};

// Re-hashes every blob file, decrypts it and checks it against its row and
// every item against its ingest entry.
Result<VerifyReport> VerifyVault(store::Store& store, const std::string& db,
                                 const UnlockedVault& vault);

// Recomputes the tree from the entries, checks each entry's index and leaf
// hash, every checkpoint (signature by `verifier` and root), the cached
// subtree hashes, and every import's records against its entry.
Result<VerifyReport> VerifyLog(store::Store& store, const vault::NoteVerifier& verifier);

// Returns the verifier of the vault's log key as stored.
Result<vault::NoteVerifier> StoredVerifier(store::Store& store);

// Signs and stores a checkpoint at the current log size (if not yet signed).
Result<store::StoredCheckpoint> SignCheckpoint(store::Store& store, const UnlockedVault& vault);

// Returns an item as `vault list --json`, `vault show` and packages print it,
// with its technical metadata as a JSON object under "metadata".
nlohmann::json ItemJson(const store::EvidenceItem& item);

struct PackageOptions {
  std::string case_name;     // every item of this case goes in
  std::string organization;  // bag-info Source-Organization
  std::string out;           // the package folder; must not exist yet
};

struct PackageSummary {
  int64_t items = 0;
  int64_t payload_files = 0;
  uint64_t payload_octets = 0;
  vault::Checkpoint checkpoint;
};

// Writes the evidence package of a case (layout in vault.h): decrypts every
// item, re-verifying its SHA-256 and logging an "export" entry for it (to
// "package"), signs a checkpoint covering those entries, then writes each
// item's custody entries with their inclusion proofs, the checkpoint, the
// verifier key and the BagIt manifests. The bag is built in a temporary
// folder beside `out` and renamed to `out` only when complete and synced.
// kAlreadyExists when `out` exists; kNotFound when the case has no items.
Result<PackageSummary> ExportPackage(store::Store& store, const std::string& db,
                                     const UnlockedVault& vault, const PackageOptions& options);

}  // namespace sijil::cli

#endif  // SIJIL_CLI_CUSTODY_H_
