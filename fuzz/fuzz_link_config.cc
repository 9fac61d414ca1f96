// The linkage config parser and the model JSON reader (through Explain) on
// arbitrary bytes: never crash, never throw, and an accepted config prints
// back to JSON that parses to the same config.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "link/link.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace link = sijil::link;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  sijil::Result<link::LinkConfig> config = link::ParseConfig(input);
  if (config.ok()) {
    const std::string printed = link::ConfigToJson(*config);
    sijil::Result<link::LinkConfig> again = link::ParseConfig(printed);
    if (!again.ok() || link::ConfigToJson(*again) != printed) std::abort();
  }
  sijil::Record a, b;
  a.full_name = "محمد أحمد الحلبي";
  b.given_name = "Mohammad";
  b.family_name = "al-Halabi";
  link::Explain(input, a, b).IgnoreError();
  return 0;
}
