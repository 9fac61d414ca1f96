// Sealing single record values: XChaCha20-Poly1305 with associated data.
#include <sodium.h>

#include "vault/vault.h"

namespace sijil::vault {
namespace {

constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Opens the value in `slot` when it is sealed; errors name where it failed.
Status OpenSlot(const ValueCipher& cipher, std::string_view source, const Record& record,
                const std::string& slot, std::string* value) {
  if (!IsSealedValue(*value)) return OkStatus();
  Result<std::string> plain =
      cipher.Open(*value, SealedValueContext(source, record.record_id, slot));
  if (!plain.ok()) {
    return DataLossError("source '" + std::string(source) + "' record '" + record.record_id + "' " +
                         slot + ": " + plain.status().message());
  }
  *value = *std::move(plain);
  return OkStatus();
}

}  // namespace

std::string ValueCipher::Seal(std::string_view plaintext, std::string_view context) const {
  std::string box(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  unsigned char* nonce = Bytes(box);
  randombytes_buf(nonce, kNonceBytes);
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceBytes, nullptr, Bytes(plaintext),
                                             plaintext.size(), Bytes(context), context.size(),
                                             nullptr, nonce, key_.data());
  return std::string(kSealedValuePrefix) + Base64(box);
}

Result<std::string> ValueCipher::Open(std::string_view sealed, std::string_view context) const {
  if (!IsSealedValue(sealed)) return InvalidArgumentError("not a sealed value");
  ASSIGN_OR_RETURN(std::string box,
                   FromBase64(sealed.substr(kSealedValuePrefix.size()), "sealed value"));
  if (box.size() < kNonceBytes + kTagBytes) {
    return DataLossError("a sealed value has only " + std::to_string(box.size()) + " bytes");
  }
  std::string plain(box.size() - kNonceBytes - kTagBytes, '\0');
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          Bytes(plain), nullptr, nullptr, Bytes(box) + kNonceBytes, box.size() - kNonceBytes,
          Bytes(context), context.size(), Bytes(box), key_.data()) != 0) {
    return DataLossError(
        "the sealed value does not authenticate (altered, sealed under another data key, or "
        "moved from another record or field)");
  }
  return plain;
}

std::string SealedValueContext(std::string_view source, std::string_view record_id,
                               std::string_view slot) {
  // Length-prefixed parts, so no choice of names makes two places collide.
  std::string context = "sijil sealed value v1";
  for (std::string_view part : {source, record_id, slot}) {
    context += '\n' + std::to_string(part.size()) + ':';
    context += part;
  }
  return context;
}

Status OpenRecordValues(const ValueCipher& cipher, std::string_view source, Record* record) {
  for (Field field : AllFields()) {
    std::string value = record->Get(field);
    if (!IsSealedValue(value)) continue;
    RETURN_IF_ERROR(OpenSlot(cipher, source, *record, std::string(FieldName(field)), &value));
    RETURN_IF_ERROR(record->Set(field, value));
  }
  for (auto& [header, value] : record->extra) {
    RETURN_IF_ERROR(OpenSlot(cipher, source, *record, "extra:" + header, &value));
  }
  for (auto& [header, value] : record->raw) {
    RETURN_IF_ERROR(OpenSlot(cipher, source, *record, "raw:" + header, &value));
  }
  return OkStatus();
}

}  // namespace sijil::vault
