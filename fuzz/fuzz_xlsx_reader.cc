#include "fuzz_table_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sijil::fuzz::ReadEverything(data, size, {.format = sijil::ingest::Format::kXlsx});
  return 0;
}
