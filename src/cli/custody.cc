#include "cli/custody.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace sijil::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSlotContext = "sijil vault key slot v1";
constexpr std::string_view kBlobKeyContext = "sijil blob key v1:";

Status Errno(const std::string& what, const std::string& path) {
  return InvalidArgumentError(what + " " + path + ": " + std::strerror(errno));
}

// Owns a file descriptor.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

vault::ReadFn FdReader(int fd, const std::string& path) {
  return [fd, path](char* buffer, size_t size) -> Result<size_t> {
    while (true) {
      const ssize_t got = read(fd, buffer, size);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno != EINTR) return Errno("cannot read", path);
    }
  };
}

vault::WriteFn FdWriter(int fd, const std::string& path) {
  return [fd, path](std::string_view bytes) -> Status {
    while (!bytes.empty()) {
      const ssize_t put = write(fd, bytes.data(), bytes.size());
      if (put < 0 && errno == EINTR) continue;
      if (put < 0) return Errno("cannot write", path);
      bytes.remove_prefix(static_cast<size_t>(put));
    }
    return OkStatus();
  };
}

// Writes a new blob file, starting its writeback to disk every kWindow
// bytes and waiting for the window before, so the disk works while we
// encrypt and the final fsync finds little left to do; written pages are
// then dropped from the cache (nobody reads a blob just stored).
class BlobFileWriter {
 public:
  BlobFileWriter(int fd, const std::string& path) : fd_(fd), write_(FdWriter(fd, path)) {}

  Status operator()(std::string_view bytes) {
    RETURN_IF_ERROR(write_(bytes));
    written_ += static_cast<off_t>(bytes.size());
    if (written_ - started_ >= kWindow) {
      sync_file_range(fd_, started_, written_ - started_, SYNC_FILE_RANGE_WRITE);
      if (started_ >= kWindow) {
        const off_t previous = started_ - kWindow;
        sync_file_range(
            fd_, previous, kWindow,
            SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
        posix_fadvise(fd_, previous, kWindow, POSIX_FADV_DONTNEED);
      }
      started_ = written_;
    }
    return OkStatus();
  }

 private:
  static constexpr off_t kWindow = off_t{32} << 20;
  int fd_;
  vault::WriteFn write_;
  off_t written_ = 0, started_ = 0;
};

Status SyncPath(const std::string& path, int flags) {
  Fd fd(open(path.c_str(), flags));
  if (fd.get() < 0 || fsync(fd.get()) != 0) return Errno("cannot fsync", path);
  return OkStatus();
}

// Returns the first `size` bytes of the file (fewer when it is shorter).
Result<std::string> ReadHead(int fd, const std::string& path, size_t size) {
  std::string head(size, '\0');
  const ssize_t got = pread(fd, head.data(), head.size(), 0);
  if (got < 0) return Errno("cannot read", path);
  head.resize(static_cast<size_t>(got));
  return head;
}

std::string BlobPath(const std::string& db, const std::string& cipher_sha256) {
  return BlobDir(db) + "/" + cipher_sha256.substr(0, 2) + "/" + cipher_sha256;
}

Result<std::string> ReadSmallFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgumentError("cannot read key file " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

Result<std::string> Passphrase() {
  const char* env = std::getenv("SIJIL_VAULT_PASSPHRASE");
  if (env != nullptr) return std::string(env);
  Fd tty(open("/dev/tty", O_RDWR | O_NOCTTY));
  if (tty.get() < 0) {
    return InvalidArgumentError(
        "the vault needs a key: use --key-file F, set SIJIL_VAULT_PASSPHRASE, or run on a "
        "terminal to be prompted");
  }
  static constexpr std::string_view kPrompt = "vault passphrase: ";
  FdWriter(tty.get(), "/dev/tty")(kPrompt).IgnoreError();
  termios saved{};
  const bool is_tty = tcgetattr(tty.get(), &saved) == 0;
  if (is_tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(tty.get(), TCSAFLUSH, &quiet);
  }
  std::string line;
  char c = 0;
  while (read(tty.get(), &c, 1) == 1 && c != '\n') line.push_back(c);
  if (is_tty) tcsetattr(tty.get(), TCSAFLUSH, &saved);
  FdWriter(tty.get(), "/dev/tty")("\n").IgnoreError();
  return line;
}

// Derives the key-encryption key of `slot` from the user's secret.
Result<vault::SecretKey> SlotKey(const store::VaultKeySlot& slot, const std::string& secret) {
  if (slot.kind == "key_file") return vault::KeyFromKeyFile(secret);
  return vault::KeyFromPassphrase(secret, slot.salt,
                                  {.opslimit = static_cast<uint64_t>(slot.opslimit),
                                   .memlimit = static_cast<uint64_t>(slot.memlimit)});
}

Result<vault::NoteSigner> SignerFor(const vault::SecretKey& vault_key) {
  const vault::SecretKey seed = vault::LogSigningSeed(vault_key);
  ASSIGN_OR_RETURN(vault::NoteSigner unnamed, vault::NoteSigner::FromSeed("sijil", seed.view()));
  // The origin names this log uniquely: derived from its public key.
  const std::string origin =
      "sijil.log/" + vault::ToHex(vault::Sha256(unnamed.public_key())).substr(0, 16);
  return vault::NoteSigner::FromSeed(origin, seed.view());
}

// KDF cost for new passphrase slots. SIJIL_VAULT_KDF=interactive lowers it
// (64 MiB) for tests and weak machines; the default is libsodium MODERATE.
vault::KdfParams NewSlotParams() {
  const char* profile = std::getenv("SIJIL_VAULT_KDF");
  if (profile != nullptr && std::string_view(profile) == "interactive") {
    return {.opslimit = 2, .memlimit = 67108864};
  }
  return {};
}

Result<UnlockedVault> CreateVault(store::Store& store, const KeyOptions& key,
                                  const std::string& secret) {
  UnlockedVault vault;
  vault.key = vault::SecretKey::Random();
  store::VaultKeySlot slot;
  vault::SecretKey kek;
  if (!key.key_file.empty()) {
    slot.kind = "key_file";
    ASSIGN_OR_RETURN(kek, vault::KeyFromKeyFile(secret));
  } else {
    slot.kind = "passphrase";
    slot.salt = vault::NewSalt();
    const vault::KdfParams params = NewSlotParams();
    slot.opslimit = static_cast<int64_t>(params.opslimit);
    slot.memlimit = static_cast<int64_t>(params.memlimit);
    ASSIGN_OR_RETURN(kek, vault::KeyFromPassphrase(secret, slot.salt, params));
  }
  slot.wrapped_key = vault::WrapKey(kek, vault.key, kSlotContext);
  ASSIGN_OR_RETURN(vault::NoteSigner signer, SignerFor(vault.key));
  vault.config = {.origin = signer.name(), .public_key = signer.public_key(), .slots = {slot}};
  RETURN_IF_ERROR(store.custody().CreateConfig(vault.config));
  vault.signer = std::move(signer);
  return vault;
}

}  // namespace

std::string BlobDir(const std::string& db) { return db + ".vault"; }

void MaybeCrash(std::string_view step) {
  const char* at = std::getenv("SIJIL_VAULT_CRASH_AT");
  if (at != nullptr && step == at) raise(SIGKILL);
}

Result<UnlockedVault> UnlockVault(store::Store& store, const KeyOptions& key, bool create) {
  ASSIGN_OR_RETURN(std::optional<store::VaultConfig> config, store.custody().Config());
  if (!config && !create) {
    return FailedPreconditionError("this database has no vault yet (sijil vault add creates it)");
  }
  std::string secret;
  if (!key.key_file.empty()) {
    ASSIGN_OR_RETURN(secret, ReadSmallFile(key.key_file));
  } else {
    ASSIGN_OR_RETURN(secret, Passphrase());
  }
  if (!config) {
    Result<UnlockedVault> created = CreateVault(store, key, secret);
    std::fill(secret.begin(), secret.end(), '\0');
    if (created.status().code() != StatusCode::kAlreadyExists) return created;
    ASSIGN_OR_RETURN(config, store.custody().Config());  // another process won the race
    if (!key.key_file.empty()) {
      ASSIGN_OR_RETURN(secret, ReadSmallFile(key.key_file));
    } else {
      ASSIGN_OR_RETURN(secret, Passphrase());
    }
  }
  const std::string kind = key.key_file.empty() ? "passphrase" : "key_file";
  UnlockedVault vault;
  bool unlocked = false;
  for (const store::VaultKeySlot& slot : config->slots) {
    if (slot.kind != kind) continue;
    ASSIGN_OR_RETURN(vault::SecretKey kek, SlotKey(slot, secret));
    Result<vault::SecretKey> unwrapped = vault::UnwrapKey(kek, slot.wrapped_key, kSlotContext);
    if (unwrapped.ok()) {
      vault.key = *unwrapped;
      unlocked = true;
      break;
    }
  }
  std::fill(secret.begin(), secret.end(), '\0');
  if (!unlocked) {
    return PermissionDeniedError("the " +
                                 std::string(kind == "key_file" ? "key file" : "passphrase") +
                                 " does not unlock this vault");
  }
  ASSIGN_OR_RETURN(vault::NoteSigner signer, SignerFor(vault.key));
  if (signer.public_key() != config->public_key || signer.name() != config->origin) {
    return DataLossError("the vault's stored log key does not match its vault key");
  }
  vault.config = *std::move(config);
  vault.signer = std::move(signer);
  return vault;
}

bool KeyGiven(const KeyOptions& key) {
  const char* passphrase = std::getenv("SIJIL_VAULT_PASSPHRASE");
  return !key.key_file.empty() || (passphrase != nullptr && *passphrase != '\0');
}

Result<vault::ValueCipher> UnlockDataKey(store::Store& store, const KeyOptions& key, bool create) {
  ASSIGN_OR_RETURN(UnlockedVault unlocked, UnlockVault(store, key, create));
  return DataKeyCipher(store, unlocked, create);
}

Result<vault::ValueCipher> DataKeyCipher(store::Store& store, const UnlockedVault& unlocked,
                                         bool create) {
  store::CustodyStore& custody = store.custody();
  ASSIGN_OR_RETURN(std::optional<std::string> wrapped, custody.WrappedDataKey());
  if (!wrapped && !create) {
    return FailedPreconditionError("this database has no data key: nothing was sealed yet");
  }
  if (!wrapped) {
    const vault::SecretKey data_key = vault::SecretKey::Random();
    Status put =
        custody.PutWrappedDataKey(vault::WrapKey(unlocked.key, data_key, vault::kDataKeyContext));
    if (put.ok()) return vault::ValueCipher(data_key);
    if (put.code() != StatusCode::kAlreadyExists) return put;
    ASSIGN_OR_RETURN(wrapped, custody.WrappedDataKey());  // another process made it first
  }
  Result<vault::SecretKey> data_key =
      vault::UnwrapKey(unlocked.key, wrapped.value_or(""), vault::kDataKeyContext);
  if (!data_key.ok()) {
    return DataLossError("the store's data key does not open with its vault key: " +
                         data_key.status().message());
  }
  return vault::ValueCipher(*data_key);
}

namespace {

bool HasSealedValue(const Record& record) {
  for (Field field : AllFields()) {
    if (IsSealedValue(record.Get(field))) return true;
  }
  auto sealed = [](const Attribute& attribute) { return IsSealedValue(attribute.second); };
  return std::any_of(record.extra.begin(), record.extra.end(), sealed) ||
         std::any_of(record.raw.begin(), record.raw.end(), sealed);
}

std::string CommandUser() {
  for (const char* variable : {"SIJIL_USER", "USER"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && *value != '\0') return value;
  }
  return "unknown";
}

void MarkEncrypted(Record* record) {
  static constexpr std::string_view kShown = "(encrypted)";
  for (Field field : AllFields()) {
    if (IsSealedValue(record->Get(field))) record->Set(field, kShown).IgnoreError();
  }
  for (std::vector<Attribute>* list : {&record->extra, &record->raw}) {
    for (auto& [name, value] : *list) {
      if (IsSealedValue(value)) value = kShown;
    }
  }
}

}  // namespace

Result<std::string> RevealSealedValues(store::Store& store, const KeyOptions& key,
                                       std::string_view reason,
                                       std::vector<store::StoredRecord>* records) {
  size_t sealed = 0;
  for (const store::StoredRecord& stored : *records) sealed += HasSealedValue(stored.record);
  if (sealed == 0) return std::string();
  if (!KeyGiven(key)) {
    for (store::StoredRecord& stored : *records) MarkEncrypted(&stored.record);
    return std::to_string(sealed) +
           " record(s) hold encrypted confidential values; give --key-file FILE or "
           "$SIJIL_VAULT_PASSPHRASE to show them";
  }
  ASSIGN_OR_RETURN(vault::ValueCipher cipher, UnlockDataKey(store, key, /*create=*/false));
  const std::string user = CommandUser();
  for (store::StoredRecord& stored : *records) {
    if (!HasSealedValue(stored.record)) continue;
    RETURN_IF_ERROR(vault::OpenRecordValues(cipher, stored.source, &stored.record));
    RETURN_IF_ERROR(store.Auth().AppendAudit(
        {.user = user,
         .action = "read_confidential",
         .object = "record " + stored.source + "/" + stored.record.record_id,
         .reason = std::string(reason)}));
  }
  return std::string();
}

Result<AddResult> AddEvidence(store::Store& store, const std::string& db,
                              const UnlockedVault& vault, const std::string& path,
                              const AddOptions& options) {
  Fd in(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) return Errno("cannot open", path);
  ASSIGN_OR_RETURN(std::string head, ReadHead(in.get(), path, 4096));
  const std::string media_type = vault::SniffMediaType(head);
  std::string metadata = "{}";
  if (media_type.rfind("image/", 0) == 0) {
    // EXIF sits in the first segments; 1 MiB also covers large ICC profiles.
    ASSIGN_OR_RETURN(head, ReadHead(in.get(), path, size_t{1} << 20));
    metadata = vault::ExtractImageMetadata(head);
  }

  const std::string dir = BlobDir(db);
  std::error_code error;
  fs::create_directories(dir + "/tmp", error);
  if (error) return InvalidArgumentError("cannot create " + dir + ": " + error.message());
  std::string tmp = dir + "/tmp/XXXXXX.part";
  Fd out(mkstemps(tmp.data(), 5));
  if (out.get() < 0) return Errno("cannot create", tmp);
  auto discard = [&tmp] { std::remove(tmp.c_str()); };

  const vault::SecretKey file_key = vault::SecretKey::Random();
  posix_fadvise(in.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  Result<vault::StreamDigest> digest =
      vault::EncryptBlob(file_key, FdReader(in.get(), path), BlobFileWriter(out.get(), tmp));
  if (!digest.ok() || fsync(out.get()) != 0) {
    discard();
    return digest.ok() ? Errno("cannot fsync", tmp) : digest.status();
  }
  MaybeCrash("after_encrypt");
  const std::string sha256 = vault::ToHex(digest->plain_sha256);
  ASSIGN_OR_RETURN(std::optional<store::BlobInfo> existing, store.custody().FindBlob(sha256));
  std::optional<store::BlobInfo> new_blob;
  if (existing) {
    discard();
  } else {
    const std::string cipher_sha256 = vault::ToHex(digest->cipher_sha256);
    const std::string final_path = BlobPath(db, cipher_sha256);
    fs::create_directories(fs::path(final_path).parent_path(), error);
    if (error || rename(tmp.c_str(), final_path.c_str()) != 0) {
      discard();
      return Errno("cannot store blob", final_path);
    }
    RETURN_IF_ERROR(SyncPath(fs::path(final_path).parent_path().string(), O_RDONLY | O_DIRECTORY));
    MaybeCrash("after_rename");
    new_blob = store::BlobInfo{
        .sha256 = sha256,
        .size = static_cast<int64_t>(digest->plain_size),
        .cipher_sha256 = cipher_sha256,
        .cipher_size = static_cast<int64_t>(digest->cipher_size),
        .wrapped_key = vault::WrapKey(vault.key, file_key, std::string(kBlobKeyContext) + sha256)};
  }
  store::EvidenceItem item{.sha256 = sha256,
                           .size = static_cast<int64_t>(digest->plain_size),
                           .original_name = fs::path(path).filename().string(),
                           .media_type = media_type,
                           .case_name = options.case_name,
                           .description = options.description,
                           .captured_at = options.captured_at,
                           .captured_by = options.captured_by,
                           .source = options.source,
                           .derived_from = options.derived_from,
                           .transformation = options.transformation,
                           .metadata_json = metadata};
  if (options.derived_from > 0)
    RETURN_IF_ERROR(store.custody().Item(options.derived_from).status());
  // Names and descriptions stay out of the entry: entries travel in
  // packages and checkpoints are published; the hash is what custody needs.
  CustodyEntry entry{.kind = options.derived_from > 0 ? "derive" : "ingest",
                     .fields = {{"sha256", sha256},
                                {"size", std::to_string(item.size)},
                                {"media_type", item.media_type},
                                {"case", item.case_name}}};
  if (options.derived_from > 0) {
    entry.fields.push_back({"derived_from", std::to_string(options.derived_from)});
    entry.fields.push_back({"transformation", options.transformation});
  }
  MaybeCrash("before_commit");
  ASSIGN_OR_RETURN(item, store.custody().AddItem(item, new_blob, entry));
  return AddResult{std::move(item), new_blob.has_value()};
}

Status ExtractEvidence(store::Store& store, const std::string& db, const UnlockedVault& vault,
                       int64_t id, const std::string& out, const std::string& purpose) {
  ASSIGN_OR_RETURN(store::EvidenceItem item, store.custody().Item(id));
  ASSIGN_OR_RETURN(std::optional<store::BlobInfo> blob, store.custody().FindBlob(item.sha256));
  if (!blob) return DataLossError("item " + std::to_string(id) + ": its blob row is missing");
  const std::string path = BlobPath(db, blob->cipher_sha256);
  Fd in(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) {
    return DataLossError("item " + std::to_string(id) + ": blob file " + path + " is missing");
  }
  ASSIGN_OR_RETURN(
      vault::SecretKey file_key,
      vault::UnwrapKey(vault.key, blob->wrapped_key, std::string(kBlobKeyContext) + item.sha256));
  const std::string tmp = out + ".partial";
  Fd dest(open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (dest.get() < 0) return Errno("cannot create", tmp);
  Result<vault::StreamDigest> digest = vault::DecryptBlob(
      file_key, FdReader(in.get(), path), FdWriter(dest.get(), tmp), vault::BlobHashes::kPlainOnly);
  if (!digest.ok() || vault::ToHex(digest->plain_sha256) != item.sha256) {
    std::remove(tmp.c_str());
    if (!digest.ok()) return digest.status().WithContext("item " + std::to_string(id));
    return DataLossError("item " + std::to_string(id) + ": decrypted bytes have SHA-256 " +
                         vault::ToHex(digest->plain_sha256) + ", expected " + item.sha256);
  }
  if (rename(tmp.c_str(), out.c_str()) != 0) return Errno("cannot write", out);
  return store.custody()
      .Append({.kind = "export",
               .fields = {{"item", std::to_string(id)}, {"sha256", item.sha256}, {"to", purpose}}})
      .status();
}

Result<VerifyReport> VerifyVault(store::Store& store, const std::string& db,
                                 const UnlockedVault& vault) {
  VerifyReport report;
  ASSIGN_OR_RETURN(std::vector<store::BlobInfo> blobs, store.custody().Blobs());
  for (const store::BlobInfo& blob : blobs) {
    ++report.checked;
    const std::string path = BlobPath(db, blob.cipher_sha256);
    const std::string name = "blob " + blob.sha256.substr(0, 16);
    Fd in(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.get() < 0) {
      report.problems.push_back(name + ": file " + path + " is missing");
      continue;
    }
    Result<vault::SecretKey> file_key =
        vault::UnwrapKey(vault.key, blob.wrapped_key, std::string(kBlobKeyContext) + blob.sha256);
    if (!file_key.ok()) {
      report.problems.push_back(name + ": its wrapped key does not open (row edited?)");
      continue;
    }
    Result<vault::StreamDigest> digest = vault::DecryptBlob(
        *file_key, FdReader(in.get(), path), [](std::string_view) { return OkStatus(); });
    if (!digest.ok()) {
      report.problems.push_back(name + " (" + path + "): " + digest.status().message());
    } else if (vault::ToHex(digest->cipher_sha256) != blob.cipher_sha256) {
      report.problems.push_back(name + ": file hash differs from its name");
    } else if (vault::ToHex(digest->plain_sha256) != blob.sha256) {
      report.problems.push_back(name + ": content SHA-256 is " +
                                vault::ToHex(digest->plain_sha256));
    }
  }
  ASSIGN_OR_RETURN(std::vector<store::EvidenceItem> items, store.custody().Items(""));
  for (const store::EvidenceItem& item : items) {
    const std::string name = "item " + std::to_string(item.id);
    ASSIGN_OR_RETURN(std::vector<std::string> entries,
                     store.custody().LogEntries(item.log_index, 1));
    Result<CustodyEntry> entry = entries.empty() ? Result<CustodyEntry>(NotFoundError("missing"))
                                                 : DecodeCustodyEntry(entries[0]);
    if (!entry.ok() || entry->index != item.log_index) {
      report.problems.push_back(name + ": its ingest entry " + std::to_string(item.log_index) +
                                " is missing or unreadable");
    } else if (entry->Get("item") != std::to_string(item.id) ||
               entry->Get("sha256") != item.sha256 ||
               entry->Get("size") != std::to_string(item.size)) {
      report.problems.push_back(name + ": does not match its ingest entry " +
                                std::to_string(item.log_index) + " (sha256 " +
                                entry->Get("sha256") + ")");
    }
  }
  return report;
}

Result<vault::NoteVerifier> StoredVerifier(store::Store& store) {
  ASSIGN_OR_RETURN(std::optional<store::VaultConfig> config, store.custody().Config());
  if (!config) return FailedPreconditionError("this database has no vault (and no log key) yet");
  return vault::ParseVerifierKey(vault::FormatVerifierKey(config->origin, config->public_key));
}

Result<VerifyReport> VerifyLog(store::Store& store, const vault::NoteVerifier& verifier) {
  VerifyReport report;
  ASSIGN_OR_RETURN(std::vector<store::StoredCheckpoint> checkpoints, store.custody().Checkpoints());
  std::map<int64_t, vault::Hash> roots;  // recomputed, at each checkpoint size
  for (const auto& checkpoint : checkpoints) roots[checkpoint.tree_size] = {};
  std::map<int64_t, std::string> import_digests;
  vault::CompactRange range;
  constexpr int64_t kGroup = int64_t{1} << vault::kStoredLevelStride;
  std::vector<vault::Hash> group;  // leaf hashes of the current level-4 group
  std::vector<std::string> problems;
  int64_t next_index = 0;
  auto check_group = [&](int64_t group_index) -> Status {
    ASSIGN_OR_RETURN(std::vector<std::string> cached,
                     store.custody().LogHashes(vault::kStoredLevelStride, group_index, 1));
    if (!cached.empty() && cached[0] != vault::AsBytes(vault::RootOfLeafHashes(group))) {
      problems.push_back("entries " + std::to_string(group_index * kGroup) + ".." +
                         std::to_string(group_index * kGroup + kGroup - 1) +
                         " differ from the subtree hash cached when they were indexed");
    }
    group.clear();
    return OkStatus();
  };
  RETURN_IF_ERROR(store.custody().ForEachLogEntry(
      [&](int64_t index, std::string_view bytes, std::string_view leaf_hash) -> Status {
        if (index != next_index) {
          problems.push_back("entries " + std::to_string(next_index) + ".." +
                             std::to_string(index - 1) + " are missing (deleted)");
        }
        next_index = index + 1;
        const vault::Hash hash = vault::HashLeaf(bytes);
        Result<CustodyEntry> entry = DecodeCustodyEntry(bytes);
        if (!entry.ok()) {
          problems.push_back("entry " + std::to_string(index) + ": " + entry.status().message());
        } else if (entry->index != index) {
          problems.push_back("entry " + std::to_string(index) + " says it is entry " +
                             std::to_string(entry->index) + " (moved or reordered)");
        } else if (entry->kind == "import") {
          import_digests[std::stoll("0" + entry->Get("import"))] = entry->Get("records_sha256");
        }
        if (leaf_hash != vault::AsBytes(hash)) {
          problems.push_back("entry " + std::to_string(index) +
                             " was modified after it was appended (leaf hash differs)");
        }
        range.Append(hash);
        group.push_back(hash);
        if (static_cast<int64_t>(group.size()) == kGroup) {
          RETURN_IF_ERROR(check_group(index / kGroup));
        }
        auto at = roots.find(static_cast<int64_t>(range.size()));
        if (at != roots.end()) at->second = range.Root();
        return OkStatus();
      }));
  report.checked = static_cast<int64_t>(range.size());
  for (const auto& checkpoint : checkpoints) {
    ++report.checkpoints;
    const std::string name = "checkpoint at size " + std::to_string(checkpoint.tree_size);
    Result<vault::Checkpoint> opened = vault::OpenCheckpoint(checkpoint.note, verifier);
    if (!opened.ok()) {
      problems.push_back(name + ": " + opened.status().message());
    } else if (static_cast<int64_t>(opened->size) != checkpoint.tree_size ||
               opened->origin != verifier.name) {
      problems.push_back(name + ": its signed size or origin differs from its row");
    } else if (checkpoint.tree_size > report.checked) {
      problems.push_back(name + ": the log has only " + std::to_string(report.checked) +
                         " entries (entries were removed)");
    } else if (opened->root != roots[checkpoint.tree_size]) {
      problems.push_back(name + ": the entries no longer hash to its root (an entry before " +
                         std::to_string(checkpoint.tree_size) + " was changed)");
    }
  }
  ASSIGN_OR_RETURN(store::RecordAudit audit, store.custody().AuditRecords());
  problems.insert(problems.end(), audit.problems.begin(), audit.problems.end());
  std::map<int64_t, std::string> recomputed(audit.import_digests.begin(),
                                            audit.import_digests.end());
  ASSIGN_OR_RETURN(std::vector<store::ImportInfo> imports, store.ListImports(""));
  for (const store::ImportInfo& import : imports) {
    auto logged = import_digests.find(import.id.value);
    const std::string name = "import " + std::to_string(import.id.value) + " (" + import.file_name +
                             " into '" + import.source + "')";
    const std::string digest = recomputed.count(import.id.value) ? recomputed[import.id.value]
                                                                 : vault::ToHex(vault::Sha256(""));
    if (logged == import_digests.end()) {
      problems.push_back(name + ": has no custody entry");
    } else if (logged->second != digest) {
      problems.push_back(name +
                         ": its record rows differ from what its custody entry recorded "
                         "(rows edited, added or deleted)");
    }
  }
  report.problems = std::move(problems);
  return report;
}

Result<store::StoredCheckpoint> SignCheckpoint(store::Store& store, const UnlockedVault& vault) {
  std::unique_ptr<vault::LogStorage> storage = vault::NewStoreLogStorage(store.custody());
  vault::MerkleLog log(*storage);
  RETURN_IF_ERROR(log.Sync());
  ASSIGN_OR_RETURN(uint64_t size, storage->Size());
  ASSIGN_OR_RETURN(vault::Hash root, log.Root(size));
  const vault::Checkpoint checkpoint{.origin = vault.config.origin, .size = size, .root = root};
  ASSIGN_OR_RETURN(std::string note, vault.signer->Sign(vault::CheckpointText(checkpoint)));
  RETURN_IF_ERROR(store.custody().PutCheckpoint(static_cast<int64_t>(size), note));
  ASSIGN_OR_RETURN(std::vector<store::StoredCheckpoint> all, store.custody().Checkpoints());
  for (const store::StoredCheckpoint& stored : all) {
    if (stored.tree_size == static_cast<int64_t>(size)) return stored;
  }
  return InternalError("the checkpoint just stored is missing");
}

nlohmann::json ItemJson(const store::EvidenceItem& item) {
  nlohmann::json out = {{"id", item.id},
                        {"sha256", item.sha256},
                        {"size", item.size},
                        {"name", item.original_name},
                        {"media_type", item.media_type},
                        {"case", item.case_name},
                        {"description", item.description},
                        {"captured_at", item.captured_at},
                        {"captured_by", item.captured_by},
                        {"source", item.source},
                        {"added_at", item.added_at},
                        {"log_index", item.log_index},
                        {"metadata", nlohmann::json::parse(item.metadata_json, nullptr, false)}};
  if (item.derived_from > 0) {
    out["derived_from"] = item.derived_from;
    out["transformation"] = item.transformation;
  }
  return out;
}

}  // namespace sijil::cli
