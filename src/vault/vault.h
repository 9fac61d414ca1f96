// vault: the evidence engine. Content hashing, encryption at rest and the
// tamper-evident custody log, with no knowledge of SQL or files on disk:
//
// - Merkle log hashing, proofs and their verification exactly as RFC 9162
//   §2.1 (leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || l || r)), so
//   any RFC 9162 / RFC 6962 implementation can check what we publish.
// - Checkpoints as C2SP tlog-checkpoint signed notes with Ed25519.
// - Blobs encrypted with libsodium secretstream (XChaCha20-Poly1305) under a
//   random per-file key, itself wrapped by the vault key; the SHA-256 of the
//   original bytes is computed while streaming, before anything else.
//
// - Confidential record values sealed one by one (ValueCipher): AEAD under
//   the store's data key, bound to the record and field they belong to.
// - Evidence packages: BagIt (RFC 8493) manifests and bag-info, and the
//   offline verifier of a package. This is the one part that reads files:
//   a package must be checkable with this library alone, no database.
// - Technical metadata of evidence files (EXIF of images, via libexif).
//
// The store keeps entries, leaf hashes and a cache of subtree hashes; the
// LogStorage interface below is all this engine needs from it.
//
// Example (prove entry 5 of a log of 1000 is included):
//   MerkleLog log(storage);
//   ASSIGN_OR_RETURN(Hash root, log.Root(1000));
//   ASSIGN_OR_RETURN(std::vector<Hash> path, log.InclusionProof(5, 1000));
//   RETURN_IF_ERROR(VerifyInclusion(5, 1000, HashLeaf(entry), path, root));
#ifndef SIJIL_VAULT_VAULT_H_
#define SIJIL_VAULT_VAULT_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/record.h"
#include "core/status.h"

namespace sijil::store {
class CustodyStore;
}

namespace sijil::vault {

// ---------------------------------------------------------------- hashing --

using Hash = std::array<uint8_t, 32>;

// Returns SHA-256(bytes).
Hash Sha256(std::string_view bytes);
// Returns lowercase hex of `bytes`.
std::string ToHex(std::string_view bytes);
std::string ToHex(const Hash& hash);
// Parses 64 hex digits (either case); kInvalidArgument naming `what` otherwise.
Result<Hash> HashFromHex(std::string_view hex, std::string_view what = "hash");
// Standard base64 (RFC 4648 §4) with padding, and its strict inverse.
std::string Base64(std::string_view bytes);
Result<std::string> FromBase64(std::string_view text, std::string_view what = "base64");
inline std::string_view AsBytes(const Hash& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

// Incremental SHA-256 (OpenSSL, SHA-NI where the CPU has it).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(std::string_view bytes);
  // Returns the digest; the stream must not be updated afterwards.
  Hash Finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// ------------------------------------------------------ RFC 9162 §2.1 tree --

// SHA-256(0x00 || entry): the leaf hash of one log entry.
Hash HashLeaf(std::string_view entry);
// SHA-256(0x01 || left || right): an interior node.
Hash HashChildren(const Hash& left, const Hash& right);
// MTH({}) = SHA-256() for the empty tree.
Hash EmptyRoot();
// Returns MTH of the given leaf hashes (the whole tree in memory).
Hash RootOfLeafHashes(const std::vector<Hash>& leaf_hashes);

// Checks an inclusion proof (RFC 9162 §2.1.3.2). kDataLoss with the reason
// when the proof does not lead from `leaf_hash` at `index` to `root` of a
// tree of `size` leaves; kInvalidArgument when index >= size.
Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                       const std::vector<Hash>& proof, const Hash& root);
// Checks a consistency proof (RFC 9162 §2.1.4.2) that the tree of `size1`
// leaves with `root1` is a prefix of the tree of `size2` leaves with `root2`.
Status VerifyConsistency(uint64_t size1, uint64_t size2, const std::vector<Hash>& proof,
                         const Hash& root1, const Hash& root2);

// Folds leaf hashes appended one by one into the O(log n) roots of perfect
// subtrees, so the root of any prefix is known in one pass (log verify,
// package verify) without storing the tree.
class CompactRange {
 public:
  void Append(const Hash& leaf_hash);
  uint64_t size() const { return size_; }
  // Returns MTH of the leaves appended so far.
  Hash Root() const;

 private:
  uint64_t size_ = 0;
  std::vector<Hash> peaks_;  // one per set bit of size_, largest subtree first
};

// Hashes of the tree kept by storage. Level 0 holds leaf hashes (one per
// entry); a node at level L and index i is the root of the perfect subtree
// over leaves [i << L, (i + 1) << L). Storage keeps only levels that are
// multiples of kStoredLevelStride (a cache: any of them can be recomputed).
inline constexpr int kStoredLevelStride = 4;

class LogStorage {
 public:
  virtual ~LogStorage() = default;
  // Returns the number of entries.
  virtual Result<uint64_t> Size() = 0;
  // Returns up to `count` stored hashes of `level` from index `first`, fewer
  // when the storage has fewer (for level > 0: not computed yet).
  virtual Result<std::vector<Hash>> ReadHashes(int level, uint64_t first, uint64_t count) = 0;
  // Returns how many hashes of `level` (> 0) are stored (they are contiguous).
  virtual Result<uint64_t> StoredCount(int level) = 0;
  // Stores hashes of `level` (> 0) from index `first`.
  virtual Status WriteHashes(int level, uint64_t first, const std::vector<Hash>& hashes) = 0;
};

// Keeps all levels in memory: for tests, benchmarks and offline verifiers.
class MemoryLogStorage final : public LogStorage {
 public:
  void AppendLeafHash(const Hash& hash) { levels_[0].push_back(hash); }
  Result<uint64_t> Size() override { return levels_[0].size(); }
  Result<std::vector<Hash>> ReadHashes(int level, uint64_t first, uint64_t count) override;
  Result<uint64_t> StoredCount(int level) override { return levels_[level].size(); }
  Status WriteHashes(int level, uint64_t first, const std::vector<Hash>& hashes) override;

 private:
  std::map<int, std::vector<Hash>> levels_;
};

// Returns LogStorage over the store's custody tables (kept by reference).
std::unique_ptr<LogStorage> NewStoreLogStorage(store::CustodyStore& custody);

// Roots and proofs over a LogStorage. Each perfect subtree costs one read of
// at most 2^kStoredLevelStride hashes, so a proof at 10M entries needs
// O(log n) small reads.
class MerkleLog {
 public:
  explicit MerkleLog(LogStorage& storage) : storage_(storage) {}

  // Computes and stores the missing cached levels for complete subtrees of
  // the current size. Optional: without it, reads fall back to lower levels.
  Status Sync();
  // Returns MTH of the first `size` entries; kInvalidArgument past the end.
  Result<Hash> Root(uint64_t size);
  // Returns the audit path of entry `index` in the tree of `size` entries.
  Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size);
  // Returns the proof that the tree of `size1` is a prefix of `size2`.
  Result<std::vector<Hash>> ConsistencyProof(uint64_t size1, uint64_t size2);

 private:
  Result<Hash> Subtree(int level, uint64_t index);
  Result<Hash> RangeRoot(uint64_t begin, uint64_t end);
  Status Path(uint64_t index, uint64_t begin, uint64_t end, std::vector<Hash>* proof);
  Status SubProof(uint64_t size1, uint64_t begin, uint64_t end, bool whole,
                  std::vector<Hash>* proof);
  // Returns `count` hashes of stored level `level` from `first`, computing
  // the ones storage lacks from the stored level below.
  Result<std::vector<Hash>> LevelHashes(int level, uint64_t first, uint64_t count);
  Status CheckSize(uint64_t size);

  LogStorage& storage_;
};

// ------------------------------------------ signed notes and checkpoints --

// An Ed25519 note signer (C2SP signed-note, signature type 0x01).
class NoteSigner {
 public:
  // Derives the key pair from a 32-byte seed; `name` must be non-empty
  // without spaces or '+'.
  static Result<NoteSigner> FromSeed(std::string_view name, std::string_view seed);
  ~NoteSigner();
  NoteSigner(NoteSigner&&) noexcept;
  NoteSigner& operator=(NoteSigner&&) noexcept;

  const std::string& name() const { return name_; }
  const std::string& public_key() const { return public_key_; }  // 32 bytes
  // Returns the verifier key "<name>+<8 hex key id>+<base64(0x01 || key)>".
  std::string VerifierKey() const;
  // Returns `text` (ending in LF) signed: text, blank line, signature line.
  Result<std::string> Sign(std::string_view text) const;

 private:
  NoteSigner() = default;
  std::string name_;
  std::string public_key_;
  std::string secret_key_;  // 64 bytes, wiped on destruction
};

// Returns the verifier key of an Ed25519 `public_key` named `name`.
std::string FormatVerifierKey(std::string_view name, std::string_view public_key);

// Returns SHA-256(name || 0x0A || 0x01 || public_key)[:4] as a big-endian uint32.
uint32_t NoteKeyId(std::string_view name, std::string_view public_key);

// A parsed verifier key.
struct NoteVerifier {
  std::string name;
  uint32_t key_id = 0;
  std::string public_key;  // 32 bytes
};
// Parses "<name>+<hex id>+<base64(0x01 || key)>"; checks the id matches.
Result<NoteVerifier> ParseVerifierKey(std::string_view text);

// Opens a signed note: checks its syntax and that a signature by `verifier`
// verifies over the text; returns the text. Signatures by other keys are
// ignored; kDataLoss when the note is malformed or no signature of
// `verifier` verifies.
Result<std::string> OpenNote(std::string_view note, const NoteVerifier& verifier);

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};
// Returns "<origin>\n<size>\n<base64 root>\n".
std::string CheckpointText(const Checkpoint& checkpoint);
// Parses a checkpoint note text (extension lines are rejected: we write none).
Result<Checkpoint> ParseCheckpointText(std::string_view text);
// Opens a signed checkpoint note with `verifier` and parses its text.
Result<Checkpoint> OpenCheckpoint(std::string_view note, const NoteVerifier& verifier);

// -------------------------------------------------------------- encryption --

// A 32-byte secret, wiped on destruction and never printed.
class SecretKey {
 public:
  SecretKey();
  ~SecretKey();
  SecretKey(const SecretKey&);
  SecretKey& operator=(const SecretKey&);
  static SecretKey Random();
  // Returns the first 32 bytes of `bytes`; for keys read from trusted places.
  static Result<SecretKey> FromBytes(std::string_view bytes);
  const uint8_t* data() const { return bytes_.data(); }
  std::string_view view() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }

 private:
  std::array<uint8_t, 32> bytes_{};
};

// Argon2id cost; the default is libsodium's MODERATE (3 passes, 256 MiB).
struct KdfParams {
  uint64_t opslimit = 3;
  uint64_t memlimit = 268435456;
};
// Returns a random 16-byte salt.
std::string NewSalt();
// Derives a key from a passphrase with Argon2id. kInvalidArgument for an
// empty passphrase or a bad salt; kResourceExhausted when memory runs out.
Result<SecretKey> KeyFromPassphrase(std::string_view passphrase, std::string_view salt,
                                    const KdfParams& params);
// Derives a key from the contents of a key file (BLAKE2b-256 with a fixed
// context); kInvalidArgument when it holds fewer than 32 bytes.
Result<SecretKey> KeyFromKeyFile(std::string_view contents);
// Derives the seed of the log signing key from the vault key.
SecretKey LogSigningSeed(const SecretKey& vault_key);

// Encrypts `key` under `wrapping` with XChaCha20-Poly1305, binding
// `context` (e.g. the blob's SHA-256) as associated data: nonce || ct || tag.
std::string WrapKey(const SecretKey& wrapping, const SecretKey& key, std::string_view context);
// Inverts WrapKey; kPermissionDenied when the wrapping key or context is wrong.
Result<SecretKey> UnwrapKey(const SecretKey& wrapping, std::string_view wrapped,
                            std::string_view context);

// Reads into `buffer` up to `size` bytes; returns the count, 0 at the end.
using ReadFn = std::function<Result<size_t>(char* buffer, size_t size)>;
// Writes all of `bytes`.
using WriteFn = std::function<Status(std::string_view bytes)>;

struct StreamDigest {
  Hash plain_sha256{};  // SHA-256 of the original bytes
  uint64_t plain_size = 0;
  Hash cipher_sha256{};  // SHA-256 of the encrypted blob as written
  uint64_t cipher_size = 0;
};

// Plaintext bytes per secretstream chunk.
inline constexpr size_t kBlobChunkSize = 1 << 20;

// Encrypts the bytes `read` returns into `write` as one blob:
//   "SJVBLOB1" || uint32 LE chunk size || secretstream header (24 bytes) ||
//   chunks of (chunk size + 17) bytes, the last shorter and tagged FINAL.
// Hashing runs on a second thread alongside encryption.
Result<StreamDigest> EncryptBlob(const SecretKey& file_key, const ReadFn& read,
                                 const WriteFn& write);
// Which hashes DecryptBlob computes. The authentication tags already catch
// any change to the blob, so reading needs only the plaintext's SHA-256;
// the blob's own SHA-256 (its file name) is for `vault verify`.
enum class BlobHashes { kPlainAndCipher, kPlainOnly };

// Decrypts a blob into `write`, recomputing the SHA-256 of the plaintext
// (and of the blob unless kPlainOnly; cipher_sha256 is then all zero).
// kDataLoss on any damage: bad header, failed tag, a missing FINAL chunk
// (truncation) or bytes after it. Plaintext already written before the
// damage was found must be discarded by the caller.
Result<StreamDigest> DecryptBlob(const SecretKey& file_key, const ReadFn& read,
                                 const WriteFn& write,
                                 BlobHashes hashes = BlobHashes::kPlainAndCipher);

// ----------------------------------------------------------- sealed values --

// The store's data key is one random key per database, wrapped by the vault
// key with this context and kept in the store (CustodyStore::WrappedDataKey).
inline constexpr std::string_view kDataKeyContext = "sijil data key v1";

// Seals and opens single confidential values (witness names, contacts) with
// XChaCha20-Poly1305 under the data key, a fresh random nonce per value, and
// associated data naming the value's place (SealedValueContext), so a sealed
// value copied to another record or field no longer opens.
// Sealed text: kSealedValuePrefix || base64(nonce || ciphertext || tag).
//
// Example:
//   ValueCipher cipher(data_key);
//   const std::string where = SealedValueContext("list-a", "17", "notes");
//   std::string sealed = cipher.Seal("witness: Abu Khaled", where);
//   ASSIGN_OR_RETURN(std::string plain, cipher.Open(sealed, where));
class ValueCipher {
 public:
  explicit ValueCipher(const SecretKey& data_key) : key_(data_key) {}
  // Returns `plaintext` sealed and bound to `context`.
  std::string Seal(std::string_view plaintext, std::string_view context) const;
  // Returns the plaintext of `sealed`. kInvalidArgument when it is not a
  // sealed value; kDataLoss when it does not authenticate under this key and
  // `context` (altered, sealed under another key, or moved from elsewhere).
  Result<std::string> Open(std::string_view sealed, std::string_view context) const;

 private:
  SecretKey key_;
};

// Returns the associated data of the value in `slot` of record `record_id`
// of `source`. Slots: a canonical field name ("notes"), "extra:" + header or
// "raw:" + header.
std::string SealedValueContext(std::string_view source, std::string_view record_id,
                               std::string_view slot);

// Opens every sealed value of `record` (of `source`) in place. Errors are
// kDataLoss naming the source, record and slot whose value failed.
Status OpenRecordValues(const ValueCipher& cipher, std::string_view source, Record* record);

// --------------------------------------------------------------- metadata --

// Returns the media type of a file from its first bytes (magic numbers of
// common evidence formats), "application/octet-stream" when unknown.
std::string SniffMediaType(std::string_view head);

// Returns the technical metadata of an image as a JSON object text: EXIF
// "make", "model", "date_time_original", "orientation" (1-8), "width" and
// "height" (pixels), "gps" {"latitude", "longitude", "altitude"?} in decimal
// degrees (south and west negative), each only when present. Returns "{}"
// for bytes without EXIF (any media type) and never fails: a broken EXIF
// block yields what could be read of it.
//
// Example:
//   std::string json = ExtractImageMetadata(jpeg_bytes);  // {"make":"Canon",...}
std::string ExtractImageMetadata(std::string_view bytes);

// ------------------------------------------------------ evidence packages --
//
// A package is a BagIt 1.0 bag (RFC 8493) with SHA-256 manifests:
//   bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt
//   data/checkpoint.txt        the log's signed checkpoint (C2SP signed note)
//   data/verifier-key.txt      the log's verifier key, one line
//   data/items/<id>/<name>     an item's original bytes
//   data/items/<id>/item.json  its metadata, and its custody entries (base64
//                              of the leaf bytes) each with an inclusion
//                              proof against the checkpoint
// docs/custody.md describes how to check one by hand.

inline constexpr std::string_view kBagItDeclaration =
    "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
inline constexpr std::string_view kPackageCheckpoint = "data/checkpoint.txt";
inline constexpr std::string_view kPackageVerifierKey = "data/verifier-key.txt";
inline constexpr std::string_view kPackageItems = "data/items/";
inline constexpr std::string_view kPackageItemJson = "item.json";

// One line of a manifest: a file of the bag and its SHA-256.
struct BagManifestLine {
  std::string path;  // relative to the bag, '/'-separated: "data/items/1/a.jpg"
  Hash sha256{};
};

// Returns manifest text, one "<lowercase hex>  <path>" line per file (the
// `sha256sum` format), in the given order; CR, LF and '%' in paths are
// percent-encoded as RFC 8493 §2.1.3 asks.
std::string FormatBagManifest(const std::vector<BagManifestLine>& lines);
// Parses a manifest strictly as FormatBagManifest writes it (lowercase hex,
// two spaces, LF after every line), so that any changed byte is either
// rejected or changes a hash or a path. Paths must be relative without
// empty, "." or ".." segments, and unique. kDataLoss naming `file_name`,
// the line and what was expected.
Result<std::vector<BagManifestLine>> ParseBagManifest(std::string_view text,
                                                      std::string_view file_name);

// bag-info.txt: labelled values in order (labels may repeat).
using BagInfo = std::vector<std::pair<std::string, std::string>>;
// Returns "Label: value" lines; a value's line breaks become continuation
// lines indented by two spaces (RFC 8493 §2.2.2).
std::string FormatBagInfo(const BagInfo& info);
// Parses bag-info text, joining continuation lines with LF. kDataLoss naming
// the line when a label is empty or has no ": ", or the text does not end in LF.
Result<BagInfo> ParseBagInfo(std::string_view text);

// What VerifyPackage checked and found.
struct PackageReport {
  int64_t payload_files = 0;
  int64_t items = 0;
  int64_t entries = 0;                   // custody entries whose inclusion proofs were checked
  std::optional<Checkpoint> checkpoint;  // when it opened
  std::vector<std::string> problems;     // empty: the package is intact
};

// Checks the package in folder `dir` offline: bagit.txt; both manifests
// parse; every payload file is listed and every listed file exists; every
// file re-hashes to its manifest line; Payload-Oxum matches; the checkpoint
// opens with `trusted` (else with the packaged verifier key); every custody
// entry of every item decodes, belongs to the item and is included in the
// checkpoint's tree; every item's file hashes to the SHA-256 its ingest
// entry recorded. Each problem names the file (and entry) at fault. Returns
// an error status only when `dir` is not a folder.
//
// Example:
//   ASSIGN_OR_RETURN(PackageReport report, VerifyPackage("case-7.bag", std::nullopt));
//   for (const std::string& problem : report.problems) std::cerr << problem << "\n";
Result<PackageReport> VerifyPackage(const std::string& dir,
                                    const std::optional<NoteVerifier>& trusted);

}  // namespace sijil::vault

#endif  // SIJIL_VAULT_VAULT_H_
