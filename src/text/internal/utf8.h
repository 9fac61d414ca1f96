// Private to text: decoding and encoding UTF-8 one code point at a time.
#ifndef SIJIL_TEXT_INTERNAL_UTF8_H_
#define SIJIL_TEXT_INTERNAL_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace sijil::text::internal {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at s[*pos] and advances *pos past it. An invalid or
// truncated sequence yields U+FFFD and advances by one byte; sets *valid.
char32_t DecodeUtf8(std::string_view s, size_t* pos, bool* valid);

// Appends the UTF-8 encoding of `c` to *out.
void AppendUtf8(char32_t c, std::string* out);

}  // namespace sijil::text::internal

#endif  // SIJIL_TEXT_INTERNAL_UTF8_H_
