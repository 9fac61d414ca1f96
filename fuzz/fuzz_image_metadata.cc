// EXIF extraction (libexif and our JPEG frame walk) on arbitrary bytes:
// never crash, always return a JSON object.
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "vault/vault.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const nlohmann::json metadata =
      nlohmann::json::parse(sijil::vault::ExtractImageMetadata(input), nullptr, false);
  if (!metadata.is_object()) std::abort();
  return 0;
}
