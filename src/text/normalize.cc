// Arabic normalisation, Latin folding and the name form built from both.
//
// Each function is one pass over the code points of its input, writing into
// the output string only. Arabic is folded by a 256-entry table; ICU is asked
// only about code points outside ASCII and the Arabic block.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <array>

#include "text/internal/chars.h"
#include "text/internal/utf8.h"
#include "text/text.h"

namespace sijil::text {
namespace {

using internal::AppendUtf8;
using internal::DecodeUtf8;
using internal::IsArabicBlock;
using internal::IsHyphen;
using internal::IsInvisibleControl;
using internal::IsSpace;
using internal::IsTransliterationMark;
using internal::kReplacement;

// A table entry meaning "remove this code point".
constexpr char16_t kDrop = 0;

// The replacement of each code point of the Arabic block, U+0600..U+06FF.
constexpr std::array<char16_t, 256> MakeArabicTable() {
  std::array<char16_t, 256> table{};
  for (size_t offset = 0; offset < table.size(); ++offset) {
    table[offset] = static_cast<char16_t>(0x0600 + offset);
  }
  const auto map = [&table](char16_t from, char16_t to) { table[from - 0x0600] = to; };
  const auto drop = [&table](char16_t first, char16_t last) {
    for (char16_t c = first; c <= last; ++c) table[c - 0x0600] = kDrop;
  };
  // Alef with hamza above/below, madda, wasla, wavy hamza, high hamza.
  for (char16_t alef : {0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673, 0x0675}) map(alef, 0x0627);
  // Ta marbuta and the Persian/Urdu heh forms -> heh.
  for (char16_t heh : {0x0629, 0x06BE, 0x06C0, 0x06C1, 0x06C2, 0x06C3, 0x06D5}) map(heh, 0x0647);
  // Hamza on waw -> waw.
  for (char16_t waw : {0x0624, 0x0676}) map(waw, 0x0648);
  // Alef maqsura, hamza on ya, and the Persian/Urdu ya forms -> ya.
  for (char16_t ya : {0x0649, 0x0626, 0x0678, 0x06CC, 0x06CD, 0x06D0, 0x06D2, 0x06D3}) {
    map(ya, 0x064A);
  }
  // Persian keheh and its variants -> kaf.
  for (char16_t kaf : {0x06A9, 0x06AA}) map(kaf, 0x0643);
  // Arabic-Indic and Persian digits -> ASCII.
  for (char16_t digit = 0; digit < 10; ++digit) {
    map(0x0660 + digit, u'0' + digit);
    map(0x06F0 + digit, u'0' + digit);
  }
  drop(0x0600, 0x0605);  // number signs (format characters)
  drop(0x0610, 0x061A);  // honorific and Quranic signs above letters
  drop(0x061C, 0x061C);  // Arabic letter mark (bidi)
  drop(0x0640, 0x0640);  // tatweel
  drop(0x064B, 0x065F);  // harakat: fathatan .. wavy hamza below
  drop(0x0670, 0x0670);  // superscript alef
  drop(0x06D6, 0x06ED);  // Quranic annotation marks
  return table;
}
constexpr std::array<char16_t, 256> kArabicTable = MakeArabicTable();

char16_t NormalizeArabicChar(char32_t c) { return kArabicTable[c - 0x0600]; }

// Arabic-block punctuation and signs, which NormalizeName turns into spaces.
bool IsArabicPunctuation(char32_t c) {
  return (c >= 0x0606 && c <= 0x060F) || c == 0x061B || (c >= 0x061D && c <= 0x061F) ||
         (c >= 0x066A && c <= 0x066D) || c == 0x06D4 || c == 0x06FD || c == 0x06FE;
}

// Characters every pass handles by the rules in chars.h, without ICU.
bool IsPlainSeparatorOrMark(char32_t c) {
  return IsSpace(c) || IsHyphen(c) || IsInvisibleControl(c) || IsTransliterationMark(c);
}

// ASCII rules as 128-entry tables: the character to write, ' ' for a word
// separator, or kDropAscii (not an ASCII byte, so NUL can pass through).
constexpr char kDropAscii = static_cast<char>(0xFF);

// FoldLatin: lower-case letters, drop ' and `, whitespace and '-' separate.
constexpr std::array<char, 128> MakeFoldAsciiTable() {
  std::array<char, 128> table{};
  for (int c = 0; c < 128; ++c) {
    if (c >= 'A' && c <= 'Z') {
      table[c] = static_cast<char>(c + ('a' - 'A'));
    } else if (c == '\'' || c == '`') {
      table[c] = kDropAscii;
    } else if (c == '-' || c == ' ' || (c >= '\t' && c <= '\r')) {
      table[c] = ' ';
    } else {
      table[c] = static_cast<char>(c);
    }
  }
  return table;
}
constexpr std::array<char, 128> kFoldAscii = MakeFoldAsciiTable();

// NormalizeName: keep lower-cased letters and digits, drop ' and `, and
// everything else (punctuation, symbols, controls) separates words.
constexpr std::array<char, 128> MakeNameAsciiTable() {
  std::array<char, 128> table{};
  for (int c = 0; c < 128; ++c) {
    if (c >= 'A' && c <= 'Z') {
      table[c] = static_cast<char>(c + ('a' - 'A'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      table[c] = static_cast<char>(c);
    } else if (c == '\'' || c == '`') {
      table[c] = kDropAscii;
    } else {
      table[c] = ' ';
    }
  }
  return table;
}
constexpr std::array<char, 128> kNameAscii = MakeNameAsciiTable();

// Builds the output string: runs of spaces become one space, and spaces at
// either end are dropped.
class CollapsingWriter {
 public:
  explicit CollapsingWriter(size_t capacity) { out_.reserve(capacity); }

  void Space() { pending_space_ = !out_.empty(); }
  void PutAscii(char c) {
    FlushSpace();
    out_.push_back(c);
  }
  // Applies an entry of kFoldAscii or kNameAscii.
  void PutAsciiRule(char rule) {
    if (rule == ' ') {
      Space();
    } else if (rule != kDropAscii) {
      FlushSpace();
      out_.push_back(rule);
    }
  }
  void Put(char32_t c) {
    FlushSpace();
    AppendUtf8(c, &out_);
  }
  std::string Take() && { return std::move(out_); }

 private:
  void FlushSpace() {
    if (pending_space_) out_.push_back(' ');
    pending_space_ = false;
  }

  std::string out_;
  bool pending_space_ = false;
};

// The process-wide NFKD instance: ICU owns it and its methods are const and
// thread-safe. Null when ICU's data is missing; folding then degrades to
// case folding alone rather than failing.
const icu::Normalizer2* NfkdInstance() {
  static const icu::Normalizer2* const nfkd = [] {
    UErrorCode error = U_ZERO_ERROR;
    const icu::Normalizer2* instance = icu::Normalizer2::getNFKDInstance(error);
    return U_SUCCESS(error) ? instance : nullptr;
  }();
  return nfkd;
}

bool IsCombiningMark(UChar32 c) {
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK;
}

// Calls emit(d) for each code point d of the compatibility decomposition of
// `c`, combining marks removed, each fully case folded (ß -> "ss"). Dotless ı
// becomes i: Turkish spellings of Arabic names use it where others write i.
template <typename Emit>
void DecomposeAndFold(char32_t c, const Emit& emit) {
  icu::UnicodeString decomposition;  // short mappings stay in its inline buffer
  const icu::Normalizer2* nfkd = NfkdInstance();
  if (nfkd == nullptr || !nfkd->getDecomposition(static_cast<UChar32>(c), decomposition)) {
    decomposition.setTo(static_cast<UChar32>(c));
  }
  for (int32_t index = 0; index < decomposition.length();) {
    const UChar32 part = decomposition.char32At(index);
    index += U16_LENGTH(part);
    if (IsCombiningMark(part)) continue;
    if (part == 0x0131) {
      emit(U'i');
      continue;
    }
    std::array<UChar, 2> source{};
    int32_t source_length = 0;
    U16_APPEND_UNSAFE(source.data(), source_length, part);
    std::array<UChar, 8> folded{};  // full case folding yields at most 3 code points
    UErrorCode error = U_ZERO_ERROR;
    const int32_t folded_length = u_strFoldCase(folded.data(), folded.size(), source.data(),
                                                source_length, U_FOLD_CASE_DEFAULT, &error);
    if (U_FAILURE(error)) {
      emit(static_cast<char32_t>(part));
      continue;
    }
    for (int32_t folded_index = 0; folded_index < folded_length;) {
      UChar32 folded_char;
      U16_NEXT(folded.data(), folded_index, folded_length, folded_char);
      if (!IsCombiningMark(folded_char)) emit(static_cast<char32_t>(folded_char));
    }
  }
}

// Writes a code point that is already decomposed and case folded, under the
// FoldLatin rules.
void EmitFolded(char32_t c, CollapsingWriter& out) {
  if (c < 0x80) {
    out.PutAsciiRule(kFoldAscii[c]);
    return;
  }
  if (IsSpace(c) || IsHyphen(c)) {
    out.Space();
  } else if (!IsInvisibleControl(c) && !IsTransliterationMark(c)) {
    out.Put(c);
  }
}

// Punctuation and symbol categories (P*, S*), asked of ICU for code points
// outside ASCII and the Arabic block.
bool IsPunctuationOrSymbol(char32_t c) {
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL:
      return true;
    default:
      return false;
  }
}

// Writes a code point that is already decomposed and case folded, under the
// NormalizeName rules: letters and digits are kept (Arabic ones normalised),
// transliteration marks and invisible controls dropped, everything else is a
// word separator. U+FFFD, the stand-in for invalid bytes, is kept.
void EmitNameChar(char32_t c, CollapsingWriter& out) {
  if (c < 0x80) {
    out.PutAsciiRule(kNameAscii[c]);
    return;
  }
  if (IsArabicBlock(c)) {
    const char16_t normalized = NormalizeArabicChar(c);
    if (normalized == kDrop) return;
    if (IsArabicPunctuation(c)) {
      out.Space();
    } else {
      out.Put(normalized);
    }
    return;
  }
  if (IsInvisibleControl(c) || IsTransliterationMark(c)) return;
  if (IsSpace(c) || IsHyphen(c) || (c != kReplacement && IsPunctuationOrSymbol(c))) {
    out.Space();
  } else {
    out.Put(c);
  }
}

// The letters of the Arabic block, as opposed to its digits, marks and signs.
bool IsArabicBlockLetter(char32_t c) {
  return (c >= 0x0620 && c <= 0x064A) || c == 0x066E || c == 0x066F ||
         (c >= 0x0671 && c <= 0x06D3) || c == 0x06D5 || c == 0x06EE || c == 0x06EF ||
         (c >= 0x06FA && c <= 0x06FC) || c == 0x06FF;
}

}  // namespace

std::string AsciiDigits(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) {
    bool valid = true;
    char32_t c = DecodeUtf8(s, &pos, &valid);
    if (c >= 0x0660 && c <= 0x0669) c = '0' + (c - 0x0660);
    if (c >= 0x06F0 && c <= 0x06F9) c = '0' + (c - 0x06F0);
    AppendUtf8(c, &out);
  }
  return out;
}

std::string NormalizeArabic(std::string_view s) {
  CollapsingWriter out(s.size());
  for (size_t pos = 0; pos < s.size();) {
    const auto byte = static_cast<unsigned char>(s[pos]);
    if (byte < 0x80) {
      ++pos;
      if (IsSpace(byte)) {
        out.Space();
      } else {
        out.PutAscii(static_cast<char>(byte));
      }
      continue;
    }
    bool valid = true;
    const char32_t c = DecodeUtf8(s, &pos, &valid);
    if (IsArabicBlock(c)) {
      if (const char16_t normalized = NormalizeArabicChar(c); normalized != kDrop) {
        out.Put(normalized);
      }
    } else if (IsSpace(c)) {
      out.Space();
    } else if (!IsInvisibleControl(c)) {
      out.Put(c);
    }
  }
  return std::move(out).Take();
}

std::string FoldLatin(std::string_view s) {
  CollapsingWriter out(s.size());
  const auto emit = [&out](char32_t c) { EmitFolded(c, out); };
  for (size_t pos = 0; pos < s.size();) {
    const auto byte = static_cast<unsigned char>(s[pos]);
    if (byte < 0x80) {
      ++pos;
      EmitFolded(byte, out);
      continue;
    }
    bool valid = true;
    const char32_t c = DecodeUtf8(s, &pos, &valid);
    if (!valid || IsArabicBlock(c)) {
      out.Put(c);
    } else if (IsPlainSeparatorOrMark(c)) {
      EmitFolded(c, out);
    } else {
      DecomposeAndFold(c, emit);
    }
  }
  return std::move(out).Take();
}

std::string NormalizeName(std::string_view s) {
  CollapsingWriter out(s.size());
  const auto emit = [&out](char32_t c) { EmitNameChar(c, out); };
  for (size_t pos = 0; pos < s.size();) {
    const auto byte = static_cast<unsigned char>(s[pos]);
    if (byte < 0x80) {
      ++pos;
      EmitNameChar(byte, out);
      continue;
    }
    bool valid = true;
    const char32_t c = DecodeUtf8(s, &pos, &valid);
    if (!valid) {
      out.Put(kReplacement);
    } else if (IsArabicBlock(c) || IsPlainSeparatorOrMark(c)) {
      EmitNameChar(c, out);
    } else {
      DecomposeAndFold(c, emit);
    }
  }
  return std::move(out).Take();
}

Script DetectScript(std::string_view s) {
  bool arabic = false;
  bool latin = false;
  bool other = false;
  for (size_t pos = 0; pos < s.size();) {
    bool valid = true;
    const char32_t c = DecodeUtf8(s, &pos, &valid);
    if (c < 0x80) {
      latin = latin || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    } else if (IsArabicBlock(c)) {
      arabic = arabic || IsArabicBlockLetter(c);
    } else if (valid && u_isalpha(static_cast<UChar32>(c))) {
      UErrorCode error = U_ZERO_ERROR;
      switch (uscript_getScript(static_cast<UChar32>(c), &error)) {
        case USCRIPT_LATIN:
          latin = true;
          break;
        case USCRIPT_ARABIC:
          arabic = true;
          break;
        case USCRIPT_COMMON:  // modifier letters such as ʿ and ʾ
        case USCRIPT_INHERITED:
          break;
        default:
          other = true;
          break;
      }
    }
  }
  const int scripts = int{arabic} + int{latin} + int{other};
  if (scripts == 0) return Script::kEmpty;
  if (scripts > 1) return Script::kMixed;
  if (arabic) return Script::kArabic;
  return latin ? Script::kLatin : Script::kOther;
}

}  // namespace sijil::text
