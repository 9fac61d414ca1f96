// Shared body of the reader fuzz targets: open the bytes as one format and
// read every row; malformed input must give an error, never a crash or hang.
#ifndef SIJIL_FUZZ_FUZZ_TABLE_READER_H_
#define SIJIL_FUZZ_FUZZ_TABLE_READER_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ingest/ingest.h"
#include "text/text.h"

namespace sijil::fuzz {

inline void ReadEverything(const uint8_t* data, size_t size, const ingest::TableOptions& options) {
  Result<std::unique_ptr<ingest::TableReader>> reader = ingest::OpenTableFromBuffer(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz", options);
  if (!reader.ok()) return;
  ingest::TableRow row;
  for (const std::string& name : (*reader)->header()) {
    if (!text::IsValidUtf8(name)) std::abort();
  }
  while (true) {
    Result<bool> more = (*reader)->Next(&row);
    if (!more.ok() || !*more) return;
    for (const std::string& cell : row.cells) {
      if (!text::IsValidUtf8(cell)) std::abort();  // readers promise UTF-8 cells
    }
  }
}

}  // namespace sijil::fuzz

#endif  // SIJIL_FUZZ_FUZZ_TABLE_READER_H_
