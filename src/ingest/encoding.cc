// Decoding input bytes to UTF-8: validation for UTF-8, a table for
// Windows-1256 (a single-byte code page, so chunks can split anywhere).
#include <unicode/ucnv.h>

#include <array>

#include "ingest/internal/readers.h"
#include "text/text.h"

namespace sijil::ingest::internal {
namespace {

// UTF-8 for each Windows-1256 byte, built once from ICU's converter.
const std::array<std::string, 256>& Windows1256Table() {
  static const std::array<std::string, 256> table = [] {
    std::array<std::string, 256> utf8;
    UErrorCode error = U_ZERO_ERROR;
    UConverter* converter = ucnv_open("windows-1256", &error);
    for (int byte = 0; byte < 256; ++byte) {
      const char in = static_cast<char>(byte);
      char out[8] = {};
      UErrorCode conversion_error = U_ZERO_ERROR;
      int32_t length = 0;
      if (converter != nullptr) {
        length =
            ucnv_toAlgorithmic(UCNV_UTF8, converter, out, sizeof out, &in, 1, &conversion_error);
      }
      utf8[byte] = U_SUCCESS(conversion_error) && length > 0 ? std::string(out, length)
                                                             : std::string("\xEF\xBF\xBD");
    }
    if (converter != nullptr) ucnv_close(converter);
    return utf8;
  }();
  return table;
}

// Returns how many bytes at the end of `bytes` start an incomplete sequence.
size_t IncompleteTail(std::string_view bytes) {
  const size_t limit = std::min<size_t>(3, bytes.size());
  for (size_t back = 1; back <= limit; ++back) {
    const unsigned char c = static_cast<unsigned char>(bytes[bytes.size() - back]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte: keep looking for the lead
    const size_t needed = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

int64_t LineAt(std::string_view bytes, size_t offset, int64_t first_line) {
  int64_t line = first_line;
  for (size_t i = 0; i < offset; ++i) line += bytes[i] == '\n';
  return line;
}

}  // namespace

Encoding DetectEncoding(std::string_view sample, bool sample_is_whole_file) {
  if (!sample_is_whole_file) sample.remove_suffix(IncompleteTail(sample));
  return text::IsValidUtf8(sample) ? Encoding::kUtf8 : Encoding::kWindows1256;
}

Decoder::Decoder(Encoding encoding, std::string name)
    : encoding_(encoding), name_(std::move(name)) {}

Status Decoder::Decode(std::string_view bytes, bool last, int64_t line, std::string* out) {
  if (encoding_ == Encoding::kWindows1256) {
    const auto& table = Windows1256Table();
    for (char c : bytes) {
      const unsigned char byte = static_cast<unsigned char>(c);
      if (byte < 0x80) {
        out->push_back(c);
      } else {
        out->append(table[byte]);
      }
    }
    return OkStatus();
  }
  std::string joined;
  if (!carry_.empty()) {
    joined = carry_ + std::string(bytes);
    bytes = joined;
    carry_.clear();
  }
  const size_t tail = last ? 0 : IncompleteTail(bytes);
  const std::string_view complete = bytes.substr(0, bytes.size() - tail);
  const size_t bad = text::FindInvalidUtf8(complete);
  if (bad != std::string_view::npos) {
    return InvalidArgumentError(name_ + ":" + std::to_string(LineAt(complete, bad, line)) +
                                ": invalid UTF-8 (if the file is Windows Arabic, use "
                                "--encoding windows-1256)");
  }
  out->append(complete);
  carry_.assign(bytes.substr(bytes.size() - tail));
  return OkStatus();
}

}  // namespace sijil::ingest::internal
