// The text functions on arbitrary bytes: valid UTF-8 out, idempotent
// normalisation, and name parts only from non-empty names.
#include <cstdlib>
#include <string_view>

#include "text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sijil::text;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string name = NormalizeName(input);
  if (!IsValidUtf8(name) || !IsValidUtf8(NormalizeArabic(input)) || !IsValidUtf8(FoldLatin(input))) {
    std::abort();
  }
  if (NormalizeName(name) != name) std::abort();
  const NameParts parts = SplitFullName(input);
  if (name.empty() && !(parts.given.empty() && parts.family.empty())) std::abort();
  DetectScript(input);
  return 0;
}
