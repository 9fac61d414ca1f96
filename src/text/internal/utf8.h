// Private to text: decoding and encoding UTF-8 one code point at a time.
// Inline because every normaliser calls these once per code point.
#ifndef SIJIL_TEXT_INTERNAL_UTF8_H_
#define SIJIL_TEXT_INTERNAL_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace sijil::text::internal {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at s[*pos] (which must be < s.size()) and advances
// *pos past it. A malformed, overlong, surrogate, out-of-range or truncated
// sequence yields U+FFFD, advances by one byte and sets *valid to false.
inline char32_t DecodeUtf8(std::string_view s, size_t* pos, bool* valid) {
  const size_t start = *pos;
  const auto lead = static_cast<unsigned char>(s[start]);
  *valid = true;
  if (lead < 0x80) {
    ++*pos;
    return lead;
  }
  size_t length = 0;
  char32_t c = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, c = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, c = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, c = lead & 0x07, min = 0x10000;
  }
  bool ok = length != 0 && length <= s.size() - start;
  for (size_t i = 1; ok && i < length; ++i) {
    const auto next = static_cast<unsigned char>(s[start + i]);
    ok = (next & 0xC0) == 0x80;
    c = (c << 6) | (next & 0x3F);
  }
  ok = ok && c >= min && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF);
  if (!ok) {
    *valid = false;
    ++*pos;
    return kReplacement;
  }
  *pos += length;
  return c;
}

// Appends the UTF-8 encoding of `c` (a scalar value) to *out.
inline void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    const char bytes[] = {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
    out->append(bytes, 2);
  } else if (c < 0x10000) {
    const char bytes[] = {static_cast<char>(0xE0 | (c >> 12)),
                          static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
                          static_cast<char>(0x80 | (c & 0x3F))};
    out->append(bytes, 3);
  } else {
    const char bytes[] = {
        static_cast<char>(0xF0 | (c >> 18)), static_cast<char>(0x80 | ((c >> 12) & 0x3F)),
        static_cast<char>(0x80 | ((c >> 6) & 0x3F)), static_cast<char>(0x80 | (c & 0x3F))};
    out->append(bytes, 4);
  }
}

}  // namespace sijil::text::internal

#endif  // SIJIL_TEXT_INTERNAL_UTF8_H_
