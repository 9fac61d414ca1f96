// The server's request input: strict JSON bodies and search queries. Beyond
// not crashing, checks that an accepted body holds only declared fields of
// the declared types within their limits, that a refusal never echoes the
// body, and that search terms are ASCII and scores lie in [0, 1].
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "server/internal/json_input.h"
#include "server/internal/search_keys.h"

namespace {

using sijil::server::internal::BodyField;

void Check(bool condition) {
  if (!condition) std::abort();
}

constexpr BodyField kLogin[] = {{"name", "string", true, 64}, {"password", "string", true, 256}};
constexpr BodyField kMixed[] = {
    {"note", "string", false, 16}, {"count", "integer", false, 0}, {"flag", "boolean", true, 0}};

void CheckAccepted(const nlohmann::json& value, std::span<const BodyField> fields) {
  Check(value.is_object());
  for (const auto& [key, field_value] : value.items()) {
    const BodyField* declared = nullptr;
    for (const BodyField& field : fields) {
      if (field.name == key) declared = &field;
    }
    Check(declared != nullptr);
    if (declared->type == "string") {
      Check(field_value.is_string() &&
            field_value.get_ref<const std::string&>().size() <= declared->max_bytes);
    } else if (declared->type == "integer") {
      Check(field_value.is_number_integer());
    } else {
      Check(field_value.is_boolean());
    }
  }
  for (const BodyField& field : fields) {
    Check(!field.required || value.contains(std::string(field.name)));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace internal = sijil::server::internal;
  if (size == 0) return 0;
  const std::span<const BodyField> fields =
      (data[0] & 1) != 0 ? std::span<const BodyField>(kLogin) : std::span<const BodyField>(kMixed);
  const size_t max_bytes = (data[0] & 2) != 0 ? 64 : 4096;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);

  sijil::Result<nlohmann::json> parsed = internal::ParseJsonBody(body, fields, max_bytes);
  if (parsed.ok()) {
    CheckAccepted(*parsed, fields);
    Check(body.size() <= max_bytes);
    Check(internal::JsonNestingDepth(body, internal::kMaxJsonDepth) <= internal::kMaxJsonDepth);
  } else if (body.size() >= 12) {
    Check(parsed.status().message().find(body) == std::string::npos);
  }

  for (const sijil::store::SearchTerm& term : internal::QueryTerms(body)) {
    Check(!term.key.empty());
    for (char c : term.key) Check(static_cast<unsigned char>(c) < 0x80);
  }
  const double score = internal::MatchScore(body, body);
  Check(score >= 0 && score <= 1);
  return 0;
}
