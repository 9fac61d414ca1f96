// SHA-256, hex and base64 helpers.
#include <openssl/evp.h>
#include <sodium.h>

#include "vault/vault.h"

namespace sijil::vault {
namespace {

const EVP_MD* Sha256Md() {
  // Fetched once: EVP_sha256() per call would look the algorithm up again.
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

struct Sha256Stream::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256Stream::Sha256Stream() : context_(std::make_unique<Context>()) {
  // Only allocation failure can make these fail; SHA-256 itself cannot.
  const int ok = EVP_DigestInit_ex(context_->ctx, Sha256Md(), nullptr);
  assert(ok == 1 && "SHA-256 init failed");
  (void)ok;
}

Sha256Stream::~Sha256Stream() = default;

void Sha256Stream::Update(std::string_view bytes) {
  EVP_DigestUpdate(context_->ctx, bytes.data(), bytes.size());
}

Hash Sha256Stream::Finish() {
  Hash digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_->ctx, digest.data(), &length);
  return digest;
}

Hash Sha256(std::string_view bytes) {
  // One context per thread: small inputs (tree nodes) dominate.
  struct FreeContext {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
  };
  thread_local std::unique_ptr<EVP_MD_CTX, FreeContext> owned(EVP_MD_CTX_new());
  EVP_MD_CTX* ctx = owned.get();
  Hash digest{};
  unsigned int length = 0;
  EVP_DigestInit_ex(ctx, Sha256Md(), nullptr);
  EVP_DigestUpdate(ctx, bytes.data(), bytes.size());
  EVP_DigestFinal_ex(ctx, digest.data(), &length);
  return digest;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0xF]);
  }
  return hex;
}

std::string ToHex(const Hash& hash) { return ToHex(AsBytes(hash)); }

Result<Hash> HashFromHex(std::string_view hex, std::string_view what) {
  Hash hash{};
  if (hex.size() != hash.size() * 2) {
    return InvalidArgumentError(std::string(what) + ": expected 64 hex digits, got " +
                                std::to_string(hex.size()) + " characters");
  }
  for (size_t at = 0; at < hash.size(); ++at) {
    const int high = HexDigit(hex[2 * at]);
    const int low = HexDigit(hex[2 * at + 1]);
    if (high < 0 || low < 0) {
      return InvalidArgumentError(std::string(what) + ": '" + std::string(hex) +
                                  "' is not hexadecimal");
    }
    hash[at] = static_cast<uint8_t>(high * 16 + low);
  }
  return hash;
}

std::string Base64(std::string_view bytes) {
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string text(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  text.pop_back();  // the terminating NUL
  return text;
}

Result<std::string> FromBase64(std::string_view text, std::string_view what) {
  std::string bytes(text.size() / 4 * 3 + 3, '\0');
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), nullptr, &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return InvalidArgumentError(std::string(what) + ": not valid base64");
  }
  bytes.resize(length);
  // Only the canonical spelling (zero padding bits) is accepted.
  if (Base64(bytes) != text)
    return InvalidArgumentError(std::string(what) + ": not canonical base64");
  return bytes;
}

}  // namespace sijil::vault
