#include "fuzz_table_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using sijil::ingest::Encoding;
  using sijil::ingest::Format;
  sijil::fuzz::ReadEverything(data, size, {.format = Format::kCsv});
  sijil::fuzz::ReadEverything(data, size,
                              {.format = Format::kCsv, .encoding = Encoding::kWindows1256});
  return 0;
}
