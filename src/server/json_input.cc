#include "server/internal/json_input.h"

#include <set>
#include <string>

#include "text/text.h"

namespace sijil::server::internal {
namespace {

bool HasType(const nlohmann::json& value, std::string_view type) {
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "boolean") return value.is_boolean();
  return false;
}

const BodyField* FindField(std::span<const BodyField> fields, std::string_view name) {
  for (const BodyField& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

}  // namespace

int JsonNestingDepth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

Result<nlohmann::json> ParseJsonBody(std::string_view body, std::span<const BodyField> fields,
                                     size_t max_bytes) {
  if (body.size() > max_bytes) {
    return ResourceExhaustedError("request body: more than " + std::to_string(max_bytes) +
                                  " bytes");
  }
  if (size_t bad = text::FindInvalidUtf8(body); bad != std::string_view::npos) {
    return InvalidArgumentError("request body: invalid UTF-8 at byte " + std::to_string(bad));
  }
  if (JsonNestingDepth(body, kMaxJsonDepth) > kMaxJsonDepth) {
    return ResourceExhaustedError("request body: JSON nested deeper than " +
                                  std::to_string(kMaxJsonDepth) + " levels");
  }
  // Duplicate keys of the top-level object are refused: which one wins
  // differs between parsers, so accepting them invites confusion.
  std::set<std::string> keys;
  bool duplicate = false;
  const auto on_event = [&](int depth, nlohmann::json::parse_event_t event,
                            nlohmann::json& parsed) {
    if (event == nlohmann::json::parse_event_t::key && depth == 1 &&
        !keys.insert(parsed.get<std::string>()).second) {
      duplicate = true;
    }
    return true;
  };
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(body, on_event);
  } catch (const nlohmann::json::parse_error& error) {
    return InvalidArgumentError("request body: not JSON (byte " + std::to_string(error.byte) + ")");
  } catch (const nlohmann::json::exception&) {
    // Numbers beyond a double (1e999) are out_of_range, not parse errors.
    return InvalidArgumentError("request body: a number is out of range");
  }
  if (!value.is_object()) return InvalidArgumentError("request body: expected a JSON object");
  if (duplicate) return InvalidArgumentError("request body: a field appears twice");
  for (const auto& [name, field_value] : value.items()) {
    const BodyField* field = FindField(fields, name);
    if (field == nullptr) {
      std::string expected;
      for (const BodyField& known : fields) {
        expected += (expected.empty() ? "" : ", ") + std::string(known.name);
      }
      // The unknown key is not echoed: it is caller-controlled text.
      return InvalidArgumentError("request body: unknown field (expected " +
                                  (expected.empty() ? std::string("none") : expected) + ")");
    }
    if (!HasType(field_value, field->type)) {
      return InvalidArgumentError("request body: field '" + std::string(field->name) +
                                  "': expected " + std::string(field->type));
    }
    if (field_value.is_string() &&
        field_value.get_ref<const std::string&>().size() > field->max_bytes) {
      return InvalidArgumentError("request body: field '" + std::string(field->name) +
                                  "': longer than " + std::to_string(field->max_bytes) + " bytes");
    }
  }
  for (const BodyField& field : fields) {
    if (field.required && !value.contains(std::string(field.name))) {
      return InvalidArgumentError("request body: missing field '" + std::string(field.name) + "'");
    }
  }
  return value;
}

}  // namespace sijil::server::internal
