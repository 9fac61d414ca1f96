// ParseDate on arbitrary text: never crashes; whatever it accepts round-trips
// through the canonical text form.
#include <cstdlib>
#include <string_view>

#include "ingest/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  sijil::Result<sijil::PartialDate> date = sijil::ingest::ParseDate(input);
  if (!date.ok()) return 0;
  sijil::Result<sijil::PartialDate> again = sijil::PartialDate::Parse(date->ToString());
  if (!again.ok() || !(*again == *date)) std::abort();
  sijil::ingest::ParseSex(input).IgnoreError();
  sijil::ingest::ParseStatus(input).IgnoreError();
  return 0;
}
