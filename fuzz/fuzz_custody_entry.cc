// DecodeCustodyEntry on arbitrary bytes: never crashes, and whatever it
// accepts re-encodes to exactly the same bytes (one spelling per entry).
#include <cstdlib>
#include <string_view>

#include "core/custody_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  sijil::Result<sijil::CustodyEntry> entry = sijil::DecodeCustodyEntry(input);
  if (!entry.ok()) return 0;
  sijil::Result<std::string> again = sijil::EncodeCustodyEntry(*entry);
  if (!again.ok() || *again != input) std::abort();
  return 0;
}
