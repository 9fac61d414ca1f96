// Private to text: the character classes every normaliser agrees on.
#ifndef SIJIL_TEXT_INTERNAL_CHARS_H_
#define SIJIL_TEXT_INTERNAL_CHARS_H_

namespace sijil::text::internal {

// Spaces that separate words: ASCII whitespace, no-break and typographic
// spaces, line and paragraph separators.
inline bool IsSpace(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Invisible controls that spreadsheets and right-to-left editors insert:
// soft hyphen, Arabic letter mark, zero-width (non-)joiners, bidi marks,
// embeddings and isolates, word joiner, byte order mark.
inline bool IsInvisibleControl(char32_t c) {
  return c == 0xAD || c == 0x061C || c == 0x180E || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

// Marks that transliterations use for ayn and hamza ("Sa'id", "ʿAbd",
// "Ma’mun"): dropped rather than spaced, so the word stays whole.
inline bool IsTransliterationMark(char32_t c) {
  return c == '\'' || c == '`' || c == 0xB4 || c == 0x2B9 || c == 0x2BB || c == 0x2BC ||
         c == 0x2BE || c == 0x2BF || c == 0x2018 || c == 0x2019 || c == 0x2032;
}

// Hyphens and dashes, which join name words ("al-Zoubi") and become spaces.
inline bool IsHyphen(char32_t c) {
  return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 ||
         c == 0xFF0D;
}

// The Arabic block, U+0600..U+06FF: letters, marks, digits and punctuation
// handled by table, without ICU.
inline bool IsArabicBlock(char32_t c) { return c >= 0x0600 && c <= 0x06FF; }

}  // namespace sijil::text::internal

#endif  // SIJIL_TEXT_INTERNAL_CHARS_H_
