// Private to server: strict parsing of JSON request bodies.
//
// A body is accepted only when it is valid UTF-8, at most `max_bytes` long,
// nested at most kMaxJsonDepth deep, one JSON object whose keys are all
// declared fields (each at most once, of the declared type, strings within
// their byte limit) and which has every required field. Errors are
// kInvalidArgument naming the field and what was expected; they never echo
// the submitted values.
#ifndef SIJIL_SERVER_INTERNAL_JSON_INPUT_H_
#define SIJIL_SERVER_INTERNAL_JSON_INPUT_H_

#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "core/status.h"
#include "server/internal/api.h"

namespace sijil::server::internal {

inline constexpr int kMaxJsonDepth = 8;

// Returns the parsed object, or why it was refused (kResourceExhausted for
// size and depth, kInvalidArgument otherwise).
Result<nlohmann::json> ParseJsonBody(std::string_view body, std::span<const BodyField> fields,
                                     size_t max_bytes);

// Returns the deepest nesting of arrays and objects in `text` (strings
// skipped), stopping early once it passes `limit`.
int JsonNestingDepth(std::string_view text, int limit);

}  // namespace sijil::server::internal

#endif  // SIJIL_SERVER_INTERNAL_JSON_INPUT_H_
