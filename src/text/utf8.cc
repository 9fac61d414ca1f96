// UTF-8 validation.
#include "text/internal/utf8.h"

#include <cstdint>
#include <cstring>

#include "text/text.h"

namespace sijil::text {

size_t FindInvalidUtf8(std::string_view s) {
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  size_t pos = 0;
  while (pos < s.size()) {
    // Most cells are ASCII or start with ASCII: skip it eight bytes at a time.
    if (s.size() - pos >= 8) {
      uint64_t chunk;
      std::memcpy(&chunk, s.data() + pos, sizeof(chunk));
      if ((chunk & kHighBits) == 0) {
        pos += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const size_t start = pos;
    bool valid = true;
    internal::DecodeUtf8(s, &pos, &valid);
    if (!valid) return start;
  }
  return std::string_view::npos;
}

bool IsValidUtf8(std::string_view s) { return FindInvalidUtf8(s) == std::string_view::npos; }

}  // namespace sijil::text
