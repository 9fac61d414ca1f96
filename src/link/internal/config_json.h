// LinkConfig to and from a parsed JSON value (shared by the config file and
// the model JSON, which embeds its config).
#ifndef SIJIL_LINK_INTERNAL_CONFIG_JSON_H_
#define SIJIL_LINK_INTERNAL_CONFIG_JSON_H_

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "link/link.h"

namespace sijil::link::internal {

nlohmann::json ConfigToJsonValue(const LinkConfig& config);
// Reads a config; members missing keep DefaultConfig() values. Errors name
// the member path. Never throws.
Result<LinkConfig> ConfigFromJsonValue(const nlohmann::json& json);

}  // namespace sijil::link::internal

#endif  // SIJIL_LINK_INTERNAL_CONFIG_JSON_H_
