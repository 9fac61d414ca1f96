#include "store/internal/codec.h"

#include <openssl/evp.h>

#include <chrono>
#include <ctime>
#include <exception>
#include <nlohmann/json.hpp>

namespace sijil::store::internal {
namespace {

// Returns the length of the valid UTF-8 sequence at `text[pos]`, 0 if invalid.
size_t Utf8SequenceLength(std::string_view text, size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  size_t length = 0;
  unsigned int min_code = 0;
  unsigned int code = 0;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, min_code = 0x80, code = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, min_code = 0x800, code = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, min_code = 0x10000, code = lead & 0x07;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[pos + i]);
    if ((next & 0xC0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if (code < min_code || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

bool AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  // Copies runs of bytes that need no escape in one append.
  size_t run_start = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x80) {
      const size_t length = Utf8SequenceLength(text, pos);
      if (length == 0) return false;
      pos += length;
      continue;
    }
    if (c != '"' && c != '\\' && c >= 0x20) {
      ++pos;
      continue;
    }
    out->append(text.substr(run_start, pos - run_start));
    if (c < 0x20) {
      const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out->append(escape, sizeof(escape));
    } else {
      const char escape[] = {'\\', static_cast<char>(c)};
      out->append(escape, sizeof(escape));
    }
    run_start = ++pos;
  }
  out->append(text.substr(run_start));
  out->push_back('"');
  return true;
}

void AppendField(std::string_view text, std::string* out) {
  char length[8];
  for (int byte = 0; byte < 8; ++byte) {
    length[byte] = static_cast<char>(static_cast<uint64_t>(text.size()) >> (8 * byte));
  }
  out->append(length, sizeof(length));
  out->append(text);
}

// Fetched once: an implicit fetch per digest costs more than hashing 1 KiB.
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

}  // namespace

namespace {

// Writes [name, value] arrays, or just the values, as one JSON array.
Status AppendAttributesJson(const std::vector<Attribute>& pairs, bool with_names,
                            std::string_view what, std::string* out) {
  out->push_back('[');
  for (size_t pair_idx = 0; pair_idx < pairs.size(); ++pair_idx) {
    if (pair_idx > 0) out->push_back(',');
    const Attribute& pair = pairs[pair_idx];
    if (with_names) out->push_back('[');
    const bool valid =
        (!with_names || (AppendJsonString(pair.first, out) && (out->push_back(','), true))) &&
        AppendJsonString(pair.second, out);
    if (!valid) {
      return InvalidArgumentError(std::string(what) + " column '" + pair.first +
                                  "': value is not valid UTF-8");
    }
    if (with_names) out->push_back(']');
  }
  out->push_back(']');
  return OkStatus();
}

}  // namespace

Status AppendPairsJson(const std::vector<Attribute>& pairs, std::string_view what,
                       std::string* out) {
  return AppendAttributesJson(pairs, /*with_names=*/true, what, out);
}

Status AppendValuesJson(const std::vector<Attribute>& pairs, std::string_view what,
                        std::string* out) {
  return AppendAttributesJson(pairs, /*with_names=*/false, what, out);
}

Result<std::vector<Attribute>> ParsePairsJson(std::string_view json) {
  try {
    const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_array()) return DataLossError("stored pair list is not a JSON array");
    std::vector<Attribute> pairs;
    pairs.reserve(parsed.size());
    for (const nlohmann::json& pair : parsed) {
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
        return DataLossError("stored pair list holds something other than [name, value]");
      }
      pairs.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
    }
    return pairs;
  } catch (const std::exception& e) {
    return DataLossError(std::string("stored pair list: ") + e.what());
  }
}

Result<std::vector<std::string>> ParseStringsJson(std::string_view json) {
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return DataLossError("stored string list is not a JSON array");
  std::vector<std::string> strings;
  strings.reserve(parsed.size());
  for (const nlohmann::json& item : parsed) {
    if (!item.is_string()) return DataLossError("stored string list holds a non-string");
    strings.push_back(item.get<std::string>());
  }
  return strings;
}

Result<std::vector<Attribute>> ParseValuesJson(std::string_view json,
                                               const std::vector<std::string>& header) {
  ASSIGN_OR_RETURN(std::vector<std::string> values, ParseStringsJson(json));
  if (values.size() > header.size()) {
    return DataLossError("stored raw cells outnumber the import's columns");
  }
  std::vector<Attribute> pairs;
  pairs.reserve(values.size());
  for (size_t column = 0; column < values.size(); ++column) {
    pairs.emplace_back(header[column], std::move(values[column]));
  }
  return pairs;
}

void CanonicalTexts(const Record& record, FieldTexts* texts) {
  for (Field field : AllFields()) (*texts)[static_cast<int>(field)] = record.Get(field);
}

struct ContentHasher::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

ContentHasher::ContentHasher() : context_(std::make_unique<Context>()) {}
ContentHasher::~ContentHasher() = default;

Result<Sha256> ContentHasher::Hash(const FieldTexts& texts, const NormalizedNames& normalized,
                                   std::string_view extra_json, std::string_view raw_json,
                                   Sensitivity sensitivity) {
  buffer_.clear();
  for (const std::string& text : texts) AppendField(text, &buffer_);
  for (const std::string* name :
       {&normalized.full_name, &normalized.given_name, &normalized.father_name,
        &normalized.grandfather_name, &normalized.family_name, &normalized.mother_name}) {
    AppendField(*name, &buffer_);
  }
  AppendField(extra_json, &buffer_);
  AppendField(raw_json, &buffer_);
  if (sensitivity != Sensitivity::kPublic) AppendField(SensitivityName(sensitivity), &buffer_);
  Sha256 digest{};
  unsigned int length = 0;
  const EVP_MD* md = Sha256Md();
  EVP_MD_CTX* ctx = context_->ctx;
  if (md == nullptr || ctx == nullptr || EVP_DigestInit_ex(ctx, md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx, buffer_.data(), buffer_.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, digest.data(), &length) != 1) {
    return InternalError("SHA-256 of a record failed (OpenSSL)");
  }
  return digest;
}

}  // namespace sijil::store::internal
