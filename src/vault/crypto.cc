// Keys, key wrapping and streaming blob encryption (libsodium).
#include <sodium.h>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include "vault/vault.h"

namespace sijil::vault {
namespace {

constexpr std::string_view kBlobMagic = "SJVBLOB1";
constexpr size_t kPrefixBytes = 8 + 4;  // magic + chunk size, bound as associated data
constexpr size_t kChunkOverhead = crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr size_t kMinChunk = 1 << 10;
constexpr size_t kMaxChunk = 1 << 26;
// Buffers in flight between the encrypting thread and the hashing thread.
constexpr size_t kSlots = 4;

[[maybe_unused]] const bool kSodiumReady = sodium_init() >= 0;

unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Reads until `size` bytes or the end; returns the count.
Result<size_t> ReadFull(const ReadFn& read, char* buffer, size_t size) {
  size_t total = 0;
  while (total < size) {
    ASSIGN_OR_RETURN(size_t got, read(buffer + total, size - total));
    if (got == 0) break;
    total += got;
  }
  return total;
}

// Hashes two byte streams on a worker thread, in submission order, so
// hashing overlaps with encryption and I/O on the caller's thread.
class BackgroundHasher {
 public:
  BackgroundHasher() : worker_([this] { Run(); }) {}
  ~BackgroundHasher() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    worker_.join();
  }

  // Queues `first` and `second`; both must stay valid until WaitFor(n) with
  // n past this submission returns.
  void Submit(std::string_view first, std::string_view second) {
    {
      std::lock_guard lock(mu_);
      queue_.push_back({first, second});
      ++submitted_;
    }
    wake_.notify_all();
  }
  // Blocks until the first `count` submissions are hashed.
  void WaitFor(uint64_t count) {
    std::unique_lock lock(mu_);
    done_cv_.wait(lock, [&] { return done_ >= count; });
  }
  std::pair<Hash, Hash> Finish() {
    WaitFor(submitted_);
    return {first_.Finish(), second_.Finish()};
  }

 private:
  void Run() {
    while (true) {
      std::pair<std::string_view, std::string_view> job;
      {
        std::unique_lock lock(mu_);
        wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = queue_.front();
        queue_.pop_front();
      }
      first_.Update(job.first);
      second_.Update(job.second);
      {
        std::lock_guard lock(mu_);
        ++done_;
      }
      done_cv_.notify_all();
    }
  }

  Sha256Stream first_, second_;
  std::mutex mu_;
  std::condition_variable wake_, done_cv_;
  std::deque<std::pair<std::string_view, std::string_view>> queue_;
  uint64_t submitted_ = 0;  // only touched by the caller's thread outside mu_ reads
  uint64_t done_ = 0;
  bool stop_ = false;
  std::thread worker_;  // last: starts after the members it uses exist
};

std::string BlobPrefix(uint32_t chunk) {
  std::string prefix(kBlobMagic);
  for (int shift = 0; shift < 32; shift += 8) prefix.push_back(static_cast<char>(chunk >> shift));
  return prefix;
}

Status Damaged(std::string_view what) {
  return DataLossError("blob is damaged: " + std::string(what));
}

}  // namespace

// ---- SecretKey ----

SecretKey::SecretKey() = default;
SecretKey::~SecretKey() { sodium_memzero(bytes_.data(), bytes_.size()); }
SecretKey::SecretKey(const SecretKey&) = default;
SecretKey& SecretKey::operator=(const SecretKey&) = default;

SecretKey SecretKey::Random() {
  SecretKey key;
  randombytes_buf(key.bytes_.data(), key.bytes_.size());
  return key;
}

Result<SecretKey> SecretKey::FromBytes(std::string_view bytes) {
  SecretKey key;
  if (bytes.size() < key.bytes_.size()) return InvalidArgumentError("a key has 32 bytes");
  std::memcpy(key.bytes_.data(), bytes.data(), key.bytes_.size());
  return key;
}

std::string NewSalt() {
  std::string salt(crypto_pwhash_SALTBYTES, '\0');
  randombytes_buf(salt.data(), salt.size());
  return salt;
}

Result<SecretKey> KeyFromPassphrase(std::string_view passphrase, std::string_view salt,
                                    const KdfParams& params) {
  if (passphrase.empty()) return InvalidArgumentError("the vault passphrase is empty");
  if (salt.size() != crypto_pwhash_SALTBYTES) return InvalidArgumentError("bad Argon2id salt");
  std::string derived(32, '\0');
  if (crypto_pwhash(Bytes(derived), derived.size(), passphrase.data(), passphrase.size(),
                    Bytes(salt), params.opslimit, params.memlimit,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhaustedError("Argon2id ran out of memory (" +
                                  std::to_string(params.memlimit >> 20) + " MiB)");
  }
  Result<SecretKey> key = SecretKey::FromBytes(derived);
  sodium_memzero(derived.data(), derived.size());
  return key;
}

Result<SecretKey> KeyFromKeyFile(std::string_view contents) {
  if (contents.size() < 32) {
    return InvalidArgumentError(
        "a key file must hold at least 32 bytes (e.g. head -c 32 "
        "/dev/urandom); this one has " +
        std::to_string(contents.size()));
  }
  static constexpr std::string_view kContext = "sijil vault key file v1";
  std::string derived(32, '\0');
  crypto_generichash(Bytes(derived), derived.size(), Bytes(contents), contents.size(),
                     Bytes(kContext), kContext.size());
  Result<SecretKey> key = SecretKey::FromBytes(derived);
  sodium_memzero(derived.data(), derived.size());
  return key;
}

SecretKey LogSigningSeed(const SecretKey& vault_key) {
  std::string seed(32, '\0');
  crypto_kdf_derive_from_key(Bytes(seed), seed.size(), 1, "sijillog", vault_key.data());
  SecretKey result = *SecretKey::FromBytes(seed);
  sodium_memzero(seed.data(), seed.size());
  return result;
}

std::string WrapKey(const SecretKey& wrapping, const SecretKey& key, std::string_view context) {
  std::string out(
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + 32 + crypto_aead_xchacha20poly1305_ietf_ABYTES,
      '\0');
  unsigned char* nonce = Bytes(out);
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                             nullptr, key.data(), 32, Bytes(context),
                                             context.size(), nullptr, nonce, wrapping.data());
  return out;
}

Result<SecretKey> UnwrapKey(const SecretKey& wrapping, std::string_view wrapped,
                            std::string_view context) {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  if (wrapped.size() != kNonce + 32 + crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return DataLossError("a wrapped key has " + std::to_string(wrapped.size()) + " bytes");
  }
  std::string key(32, '\0');
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          Bytes(key), nullptr, nullptr, Bytes(wrapped) + kNonce, wrapped.size() - kNonce,
          Bytes(context), context.size(), Bytes(wrapped), wrapping.data()) != 0) {
    return PermissionDeniedError("the key does not unlock this wrapped key");
  }
  Result<SecretKey> result = SecretKey::FromBytes(key);
  sodium_memzero(key.data(), key.size());
  return result;
}

// ---- Blobs ----

Result<StreamDigest> EncryptBlob(const SecretKey& file_key, const ReadFn& read,
                                 const WriteFn& write) {
  const std::string prefix = BlobPrefix(kBlobChunkSize);
  crypto_secretstream_xchacha20poly1305_state state;
  std::string header(crypto_secretstream_xchacha20poly1305_HEADERBYTES, '\0');
  crypto_secretstream_xchacha20poly1305_init_push(&state, Bytes(header), file_key.data());
  StreamDigest digest;
  const std::string start = prefix + header;
  std::vector<std::string> plain(kSlots, std::string(kBlobChunkSize, '\0'));
  std::vector<std::string> cipher(kSlots, std::string(kBlobChunkSize + kChunkOverhead, '\0'));
  // Declared after the buffers it reads, so it stops before they go away.
  BackgroundHasher hasher;
  hasher.Submit("", start);
  RETURN_IF_ERROR(write(start));
  for (uint64_t chunk = 0;; ++chunk) {
    const size_t slot = chunk % kSlots;
    // Chunk `chunk` reuses the buffers of chunk - kSlots (submission chunk - kSlots + 1).
    if (chunk >= kSlots) hasher.WaitFor(chunk - kSlots + 2);
    ASSIGN_OR_RETURN(size_t got, ReadFull(read, plain[slot].data(), kBlobChunkSize));
    const bool last = got < kBlobChunkSize;
    unsigned long long written = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, Bytes(cipher[slot]), &written, Bytes(plain[slot]), got, Bytes(prefix),
        prefix.size(),
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
             : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    const std::string_view out(cipher[slot].data(), written);
    hasher.Submit(std::string_view(plain[slot].data(), got), out);
    RETURN_IF_ERROR(write(out));
    digest.plain_size += got;
    digest.cipher_size += written;
    if (last) break;
  }
  digest.cipher_size += start.size();
  std::tie(digest.plain_sha256, digest.cipher_sha256) = hasher.Finish();
  return digest;
}

Result<StreamDigest> DecryptBlob(const SecretKey& file_key, const ReadFn& read,
                                 const WriteFn& write, BlobHashes hashes) {
  const bool hash_cipher = hashes == BlobHashes::kPlainAndCipher;
  std::string start(kPrefixBytes + crypto_secretstream_xchacha20poly1305_HEADERBYTES, '\0');
  ASSIGN_OR_RETURN(size_t got, ReadFull(read, start.data(), start.size()));
  if (got != start.size() || !std::string_view(start).starts_with(kBlobMagic)) {
    return Damaged("no SJVBLOB1 header");
  }
  uint32_t chunk_size = 0;
  for (int at = 3; at >= 0; --at) {
    chunk_size = (chunk_size << 8) | static_cast<unsigned char>(start[8 + at]);
  }
  if (chunk_size < kMinChunk || chunk_size > kMaxChunk) return Damaged("bad chunk size");
  const std::string_view prefix = std::string_view(start).substr(0, kPrefixBytes);
  crypto_secretstream_xchacha20poly1305_state state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&state, Bytes(start) + kPrefixBytes,
                                                      file_key.data()) != 0) {
    return Damaged("bad stream header");
  }
  StreamDigest digest;
  digest.cipher_size = start.size();
  std::vector<std::string> plain(kSlots, std::string(chunk_size, '\0'));
  std::vector<std::string> cipher(kSlots, std::string(chunk_size + kChunkOverhead, '\0'));
  BackgroundHasher hasher;  // after the buffers it reads
  hasher.Submit("", hash_cipher ? std::string_view(start) : "");
  for (uint64_t chunk = 0;; ++chunk) {
    const size_t slot = chunk % kSlots;
    if (chunk >= kSlots) hasher.WaitFor(chunk - kSlots + 2);
    ASSIGN_OR_RETURN(size_t in, ReadFull(read, cipher[slot].data(), cipher[slot].size()));
    if (in < kChunkOverhead) {
      return Damaged("truncated after chunk " + std::to_string(chunk) + " (no final chunk)");
    }
    unsigned long long out = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&state, Bytes(plain[slot]), &out, &tag,
                                                   Bytes(cipher[slot]), in, Bytes(prefix),
                                                   prefix.size()) != 0) {
      return Damaged("chunk " + std::to_string(chunk) + " fails authentication");
    }
    const bool last = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (!last && in < cipher[slot].size()) {
      return Damaged("truncated in chunk " + std::to_string(chunk));
    }
    const std::string_view bytes(plain[slot].data(), out);
    hasher.Submit(bytes, hash_cipher ? std::string_view(cipher[slot].data(), in) : "");
    RETURN_IF_ERROR(write(bytes));
    digest.plain_size += out;
    digest.cipher_size += in;
    if (last) {
      char extra = 0;
      ASSIGN_OR_RETURN(size_t trailing, ReadFull(read, &extra, 1));
      if (trailing != 0) return Damaged("bytes after the final chunk");
      break;
    }
  }
  std::tie(digest.plain_sha256, digest.cipher_sha256) = hasher.Finish();
  if (!hash_cipher) digest.cipher_sha256 = {};
  return digest;
}

}  // namespace sijil::vault
