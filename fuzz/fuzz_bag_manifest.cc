// BagIt manifest and bag-info parsers on arbitrary text: never crash; an
// accepted manifest has exactly one spelling (it re-formats to the input),
// and bag-info re-parses to the same fields after formatting.
#include <cstdlib>
#include <string_view>

#include "vault/vault.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sijil::vault;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  sijil::Result<std::vector<BagManifestLine>> manifest =
      ParseBagManifest(input, "manifest-sha256.txt");
  if (manifest.ok() && FormatBagManifest(*manifest) != input) std::abort();
  sijil::Result<BagInfo> info = ParseBagInfo(input);
  if (info.ok()) {
    sijil::Result<BagInfo> again = ParseBagInfo(FormatBagInfo(*info));
    if (!again.ok() || *again != *info) std::abort();
  }
  return 0;
}
