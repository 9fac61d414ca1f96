// Keys, wrapping and streaming blob encryption, with damage of every kind.
#include <gtest/gtest.h>

#include <random>

#include "vault/vault.h"

namespace sijil::vault {
namespace {

ReadFn ReaderOf(const std::string& bytes) {
  auto offset = std::make_shared<size_t>(0);
  return [&bytes, offset](char* buffer, size_t size) -> Result<size_t> {
    const size_t n = std::min(size, bytes.size() - *offset);
    std::copy_n(bytes.data() + *offset, n, buffer);
    *offset += n;
    return n;
  };
}

WriteFn WriterTo(std::string* out) {
  return [out](std::string_view bytes) {
    out->append(bytes);
    return OkStatus();
  };
}

std::string RandomBytes(size_t size, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  return bytes;
}

Result<std::string> Decrypt(const SecretKey& key, const std::string& blob) {
  std::string plain;
  ASSIGN_OR_RETURN(StreamDigest digest, DecryptBlob(key, ReaderOf(blob), WriterTo(&plain)));
  if (digest.plain_sha256 != Sha256(plain)) return InternalError("digest differs");
  return plain;
}

TEST(CryptoTest, BlobsRoundTripAtChunkBoundaries) {
  const SecretKey key = SecretKey::Random();
  for (size_t size : {size_t{0}, size_t{1}, kBlobChunkSize - 1, kBlobChunkSize, kBlobChunkSize + 1,
                      3 * kBlobChunkSize + 5}) {
    const std::string plain = RandomBytes(size, size);
    std::string blob;
    Result<StreamDigest> digest = EncryptBlob(key, ReaderOf(plain), WriterTo(&blob));
    ASSERT_TRUE(digest.ok());
    EXPECT_EQ(digest->plain_sha256, Sha256(plain)) << size;
    EXPECT_EQ(digest->plain_size, size);
    EXPECT_EQ(digest->cipher_sha256, Sha256(blob));
    EXPECT_EQ(digest->cipher_size, blob.size());
    if (size >= 64) {
      EXPECT_EQ(blob.find(plain.substr(0, 64)), std::string::npos) << "plaintext";
    }
    Result<std::string> back = Decrypt(key, blob);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, plain);
  }
}

TEST(CryptoTest, ReadingCanSkipTheBlobHash) {
  const SecretKey key = SecretKey::Random();
  const std::string plain = RandomBytes(2 * kBlobChunkSize + 3, 7);
  std::string blob;
  ASSERT_TRUE(EncryptBlob(key, ReaderOf(plain), WriterTo(&blob)).ok());
  for (BlobHashes hashes : {BlobHashes::kPlainAndCipher, BlobHashes::kPlainOnly}) {
    std::string back;
    Result<StreamDigest> digest = DecryptBlob(key, ReaderOf(blob), WriterTo(&back), hashes);
    ASSERT_TRUE(digest.ok());
    EXPECT_EQ(back, plain);
    EXPECT_EQ(digest->plain_sha256, Sha256(plain));
    EXPECT_EQ(digest->cipher_sha256, hashes == BlobHashes::kPlainOnly ? Hash{} : Sha256(blob));
    EXPECT_EQ(digest->cipher_size, blob.size());
  }
  std::string damaged = blob;
  damaged[100] ^= 0x04;
  std::string ignored;
  EXPECT_EQ(DecryptBlob(key, ReaderOf(damaged), WriterTo(&ignored), BlobHashes::kPlainOnly)
                .status()
                .code(),
            StatusCode::kDataLoss);
}

TEST(CryptoTest, EveryKindOfDamageFailsClosed) {
  const SecretKey key = SecretKey::Random();
  const std::string plain = RandomBytes(2 * kBlobChunkSize + 100, 1);
  std::string blob;
  ASSERT_TRUE(EncryptBlob(key, ReaderOf(plain), WriterTo(&blob)).ok());
  const size_t chunk = kBlobChunkSize + 17, start = 12 + 24;
  std::vector<std::pair<std::string, std::string>> damaged;
  for (size_t at : {size_t{0}, size_t{9}, size_t{20}, start, start + chunk + 5, blob.size() - 1}) {
    std::string flipped = blob;
    flipped[at] ^= 0x01;
    damaged.push_back({"flip at " + std::to_string(at), flipped});
  }
  damaged.push_back({"truncated at a chunk boundary", blob.substr(0, start + chunk)});
  damaged.push_back({"truncated mid chunk", blob.substr(0, start + chunk + 10)});
  damaged.push_back({"header only", blob.substr(0, start)});
  damaged.push_back({"trailing byte", blob + "x"});
  std::string swapped = blob;
  std::swap_ranges(swapped.begin() + start, swapped.begin() + start + chunk,
                   swapped.begin() + start + chunk);
  damaged.push_back({"chunks swapped", swapped});
  std::string duplicated = blob;
  duplicated.insert(start + chunk, blob.substr(start, chunk));
  damaged.push_back({"chunk duplicated", duplicated});
  for (const auto& [what, bytes] : damaged) {
    Result<std::string> back = Decrypt(key, bytes);
    EXPECT_EQ(back.status().code(), StatusCode::kDataLoss) << what;
  }
  EXPECT_EQ(Decrypt(SecretKey::Random(), blob).status().code(), StatusCode::kDataLoss);
}

TEST(CryptoTest, WrappedKeysNeedTheRightKeyAndContext) {
  const SecretKey vault_key = SecretKey::Random(), file_key = SecretKey::Random();
  const std::string wrapped = WrapKey(vault_key, file_key, "blob-a");
  Result<SecretKey> back = UnwrapKey(vault_key, wrapped, "blob-a");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->view(), file_key.view());
  EXPECT_EQ(UnwrapKey(vault_key, wrapped, "blob-b").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(UnwrapKey(SecretKey::Random(), wrapped, "blob-a").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(UnwrapKey(vault_key, wrapped.substr(1), "blob-a").status().code(),
            StatusCode::kDataLoss);
}

TEST(CryptoTest, PassphrasesAndKeyFilesDeriveStableKeys) {
  const KdfParams fast{.opslimit = 1, .memlimit = 8192};
  const std::string salt = NewSalt();
  const SecretKey a = *KeyFromPassphrase("correct horse", salt, fast);
  EXPECT_EQ(a.view(), KeyFromPassphrase("correct horse", salt, fast)->view());
  EXPECT_NE(a.view(), KeyFromPassphrase("correct horsf", salt, fast)->view());
  EXPECT_NE(a.view(), KeyFromPassphrase("correct horse", NewSalt(), fast)->view());
  EXPECT_EQ(KeyFromPassphrase("", salt, fast).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(KeyFromPassphrase("x", "short", fast).status().code(), StatusCode::kInvalidArgument);
  const std::string file = RandomBytes(32, 3);
  EXPECT_EQ(KeyFromKeyFile(file)->view(), KeyFromKeyFile(file)->view());
  EXPECT_EQ(KeyFromKeyFile("short").status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(LogSigningSeed(a).view(), a.view());
}

TEST(CryptoTest, SniffsCommonEvidenceTypes) {
  EXPECT_EQ(SniffMediaType("\xFF\xD8\xFF\xE0rest"), "image/jpeg");
  EXPECT_EQ(SniffMediaType("\x89PNG\r\n\x1a\nxx"), "image/png");
  EXPECT_EQ(SniffMediaType("%PDF-1.7"), "application/pdf");
  EXPECT_EQ(SniffMediaType(std::string("\0\0\0\x18"
                                       "ftypmp42",
                                       12)),
            "video/mp4");
  EXPECT_EQ(SniffMediaType("plain words\n"), "text/plain");
  EXPECT_EQ(SniffMediaType(std::string("\0\1\2", 3)), "application/octet-stream");
}

}  // namespace
}  // namespace sijil::vault
