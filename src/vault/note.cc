// C2SP signed notes (Ed25519) and tlog-checkpoint bodies.
#include <sodium.h>

#include <charconv>

#include "vault/vault.h"

namespace sijil::vault {
namespace {

constexpr char kEd25519Type = 0x01;
constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";  // em dash, space
// Notes are small; the limit keeps a hostile note from costing much.
constexpr size_t kMaxNoteBytes = 1 << 16;
constexpr int kMaxSignatures = 100;

bool IsKeyName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || c == '+' || byte == 0x7F) return false;
  }
  // Unicode spaces are multi-byte; we accept only printable ASCII names.
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

Status Malformed(std::string_view what) {
  return DataLossError("malformed signed note: " + std::string(what));
}

std::string KeyIdBytes(uint32_t id) {
  return {static_cast<char>(id >> 24), static_cast<char>(id >> 16), static_cast<char>(id >> 8),
          static_cast<char>(id)};
}

Result<uint64_t> ParseDecimal(std::string_view text, std::string_view what) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || (text.size() > 1 && text[0] == '0') || error != std::errc() ||
      end != text.data() + text.size()) {
    return DataLossError(std::string(what) + ": expected a decimal number, got '" +
                         std::string(text) + "'");
  }
  return value;
}

}  // namespace

uint32_t NoteKeyId(std::string_view name, std::string_view public_key) {
  std::string input(name);
  input.push_back('\n');
  input.push_back(kEd25519Type);
  input.append(public_key);
  const Hash digest = Sha256(input);
  return (uint32_t{digest[0]} << 24) | (uint32_t{digest[1]} << 16) | (uint32_t{digest[2]} << 8) |
         uint32_t{digest[3]};
}

// ---- NoteSigner ----

Result<NoteSigner> NoteSigner::FromSeed(std::string_view name, std::string_view seed) {
  if (!IsKeyName(name)) {
    return InvalidArgumentError("note key name '" + std::string(name) +
                                "' must be non-empty printable ASCII without spaces or '+'");
  }
  if (seed.size() != crypto_sign_SEEDBYTES) {
    return InvalidArgumentError("an Ed25519 seed has 32 bytes");
  }
  NoteSigner signer;
  signer.name_ = std::string(name);
  signer.public_key_.resize(crypto_sign_PUBLICKEYBYTES);
  signer.secret_key_.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(signer.public_key_.data()),
                           reinterpret_cast<unsigned char*>(signer.secret_key_.data()),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  return signer;
}

NoteSigner::~NoteSigner() { sodium_memzero(secret_key_.data(), secret_key_.size()); }
NoteSigner::NoteSigner(NoteSigner&&) noexcept = default;
NoteSigner& NoteSigner::operator=(NoteSigner&&) noexcept = default;

std::string FormatVerifierKey(std::string_view name, std::string_view public_key) {
  char id[9];
  std::snprintf(id, sizeof(id), "%08x", NoteKeyId(name, public_key));
  return std::string(name) + "+" + id + "+" +
         Base64(std::string(1, kEd25519Type) + std::string(public_key));
}

std::string NoteSigner::VerifierKey() const { return FormatVerifierKey(name_, public_key_); }

Result<std::string> NoteSigner::Sign(std::string_view text) const {
  if (text.empty() || text.back() != '\n') return InvalidArgumentError("note text must end in LF");
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                       reinterpret_cast<const unsigned char*>(secret_key_.data()));
  return std::string(text) + "\n" + std::string(kSignaturePrefix) + name_ + " " +
         Base64(KeyIdBytes(NoteKeyId(name_, public_key_)) + signature) + "\n";
}

// ---- Verifier keys and opening notes ----

Result<NoteVerifier> ParseVerifierKey(std::string_view text) {
  const size_t first = text.find('+');
  const size_t second = first == std::string_view::npos ? first : text.find('+', first + 1);
  auto bad = [&](std::string_view why) {
    return InvalidArgumentError("verifier key '" + std::string(text) + "': " + std::string(why));
  };
  if (second == std::string_view::npos) return bad("expected <name>+<hex id>+<base64 key>");
  NoteVerifier verifier;
  verifier.name = std::string(text.substr(0, first));
  if (!IsKeyName(verifier.name)) return bad("bad key name");
  const std::string_view id_hex = text.substr(first + 1, second - first - 1);
  if (id_hex.size() != 8) return bad("the key id must be 8 hex digits");
  for (char c : id_hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return bad("the key id must be lowercase hex");
    }
  }
  std::from_chars(id_hex.data(), id_hex.data() + id_hex.size(), verifier.key_id, 16);
  Result<std::string> key = FromBase64(text.substr(second + 1), "verifier key");
  if (!key.ok()) return bad("the key is not base64");
  if (key->size() != 1 + crypto_sign_PUBLICKEYBYTES || (*key)[0] != kEd25519Type) {
    return bad("expected an Ed25519 key (type 0x01, 32 bytes)");
  }
  verifier.public_key = key->substr(1);
  if (NoteKeyId(verifier.name, verifier.public_key) != verifier.key_id) {
    return bad("the key id does not match the name and key");
  }
  return verifier;
}

Result<std::string> OpenNote(std::string_view note, const NoteVerifier& verifier) {
  if (note.size() > kMaxNoteBytes) return Malformed("too large");
  for (char c : note) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return Malformed("control character");
  }
  if (note.empty() || note.back() != '\n') return Malformed("must end in a newline");
  // The text ends at the last blank line ("\n\n").
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Malformed("no blank line before the signatures");
  const std::string_view text = note.substr(0, split + 1);
  std::string_view signatures = note.substr(split + 2);
  bool verified = false;
  int count = 0;
  while (!signatures.empty()) {
    const size_t end = signatures.find('\n');
    const std::string_view line = signatures.substr(0, end);
    signatures.remove_prefix(end + 1);
    if (++count > kMaxSignatures) return Malformed("too many signatures");
    if (!line.starts_with(kSignaturePrefix)) return Malformed("signature line without em dash");
    const std::string_view rest = line.substr(kSignaturePrefix.size());
    const size_t space = rest.find(' ');
    if (space == std::string_view::npos) return Malformed("signature line without a space");
    const std::string_view name = rest.substr(0, space);
    if (!IsKeyName(name)) return Malformed("bad key name in a signature line");
    Result<std::string> blob = FromBase64(rest.substr(space + 1), "signature");
    if (!blob.ok() || blob->size() < 5) return Malformed("bad signature encoding");
    const auto* bytes = reinterpret_cast<const unsigned char*>(blob->data());
    const uint32_t id = (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) |
                        (uint32_t{bytes[2]} << 8) | uint32_t{bytes[3]};
    if (name != verifier.name || id != verifier.key_id) continue;  // someone else's
    if (blob->size() != 4 + crypto_sign_BYTES ||
        crypto_sign_verify_detached(
            bytes + 4, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
            reinterpret_cast<const unsigned char*>(verifier.public_key.data())) != 0) {
      return DataLossError("the signature of " + verifier.name + " does not verify");
    }
    verified = true;
  }
  if (!verified) return DataLossError("the note has no signature by " + verifier.name);
  return std::string(text);
}

// ---- Checkpoints ----

std::string CheckpointText(const Checkpoint& checkpoint) {
  return checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
         Base64(AsBytes(checkpoint.root)) + "\n";
}

Result<Checkpoint> ParseCheckpointText(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    if (end == std::string_view::npos) return DataLossError("checkpoint: last line without LF");
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  if (lines.size() != 3) {
    return DataLossError("checkpoint: expected 3 lines (origin, size, root), got " +
                         std::to_string(lines.size()));
  }
  Checkpoint checkpoint;
  if (lines[0].empty()) return DataLossError("checkpoint: empty origin");
  checkpoint.origin = std::string(lines[0]);
  ASSIGN_OR_RETURN(checkpoint.size, ParseDecimal(lines[1], "checkpoint tree size"));
  Result<std::string> root = FromBase64(lines[2], "checkpoint root");
  if (!root.ok() || root->size() != checkpoint.root.size()) {
    return DataLossError("checkpoint: the root is not base64 of 32 bytes");
  }
  std::copy(root->begin(), root->end(), checkpoint.root.begin());
  return checkpoint;
}

Result<Checkpoint> OpenCheckpoint(std::string_view note, const NoteVerifier& verifier) {
  ASSIGN_OR_RETURN(std::string text, OpenNote(note, verifier));
  return ParseCheckpointText(text);
}

}  // namespace sijil::vault
