// Arabic normalisation, Latin folding and the name form built from both.
#include <cctype>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "text/internal/utf8.h"
#include "text/text.h"

namespace sijil::text {
namespace {

using internal::AppendUtf8;
using internal::DecodeUtf8;

constexpr char32_t kDrop = 0;

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
         c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// Returns the normalised replacement of an Arabic-block or control code
// point: itself, another code point, or kDrop.
char32_t NormalizeArabicChar(char32_t c) {
  switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
      return 0x0627;  // alef forms -> bare alef
    case 0x0629: return 0x0647;  // ta marbuta -> ha
    case 0x0649: return 0x064A;  // alef maqsura -> ya
    case 0x0624: return 0x0648;  // waw with hamza -> waw
    case 0x0626: return 0x064A;  // ya with hamza -> ya
    case 0x06CC: return 0x064A;  // Persian yeh
    case 0x06A9: return 0x0643;  // Persian keheh -> kaf
    case 0x0640: return kDrop;   // tatweel
    case 0x0670: return kDrop;   // superscript alef
    case 0xFEFF: return kDrop;   // byte order mark / zero-width no-break space
    default: break;
  }
  if ((c >= 0x064B && c <= 0x065F) || (c >= 0x06D6 && c <= 0x06ED)) return kDrop;  // marks
  if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);
  if ((c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
      (c >= 0x2066 && c <= 0x2069)) {
    return kDrop;  // zero-width and bidi controls
  }
  return c;
}

// Appends code points to a string, collapsing runs of whitespace into one
// space and trimming both ends.
class SpaceCollapser {
 public:
  explicit SpaceCollapser(size_t reserve) { out_.reserve(reserve); }
  void Add(char32_t c) {
    if (IsSpace(c)) {
      pending_space_ = !out_.empty();
      return;
    }
    if (pending_space_) out_.push_back(' ');
    pending_space_ = false;
    AppendUtf8(c, &out_);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
  bool pending_space_ = false;
};

bool IsTransliterationMark(char32_t c) {
  return c == '\'' || c == '`' || c == 0x02BF || c == 0x02BE || c == 0x2019 || c == 0x2018 ||
         c == 0x02BB || c == 0x02BC || c == 0x00B4;
}

bool IsHyphen(char32_t c) { return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212; }

bool IsNamePunctuation(char32_t c) {
  if (c < 0x80) return c != ' ' && std::ispunct(static_cast<int>(c));
  return c == 0x060C || c == 0x061B || c == 0x061F || c == 0x066A || c == 0x066B ||
         c == 0x066C || c == 0x06D4 || c == 0x00AB || c == 0x00BB || c == 0x2026 ||
         (c >= 0x201C && c <= 0x201F);
}

// Folds text whose only non-ASCII letters are Arabic, which has no case or
// Latin diacritics: ASCII is lower-cased, Arabic passes through. Most names
// take this path; ICU is only needed for accented Latin and other scripts.
std::string FoldWithoutIcu(std::string_view s) {
  SpaceCollapser out(s.size());
  for (size_t pos = 0; pos < s.size();) {
    bool valid = true;
    const char32_t c = DecodeUtf8(s, &pos, &valid);
    if (IsTransliterationMark(c)) continue;
    if (IsHyphen(c)) {
      out.Add(' ');
    } else {
      out.Add(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
  }
  return out.Take();
}

bool NeedsIcu(std::string_view s) {
  for (size_t pos = 0; pos < s.size();) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    bool valid = true;
    const char32_t c = DecodeUtf8(s, &pos, &valid);
    if (!valid || c < 0x0600 || c > 0x06FF) return true;
  }
  return false;
}

// Replaces invalid UTF-8 with U+FFFD so ICU and our loops see only valid text.
std::string Sanitized(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) {
    bool valid = true;
    AppendUtf8(DecodeUtf8(s, &pos, &valid), &out);
  }
  return out;
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
  SpaceCollapser out(s.size());
  for (size_t pos = 0; pos < s.size();) {
    bool valid = true;
    const char32_t c = DecodeUtf8(s, &pos, &valid);
    const char32_t normalized = c < 0x80 ? c : NormalizeArabicChar(c);
    if (normalized != kDrop) out.Add(normalized);
  }
  return out.Take();
}

std::string FoldLatin(std::string_view s) {
  if (!NeedsIcu(s)) return FoldWithoutIcu(s);
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(error);
  const std::string clean = Sanitized(s);
  icu::UnicodeString decomposed;
  if (U_SUCCESS(error)) {
    decomposed = nfkd->normalize(icu::UnicodeString::fromUTF8(clean), error);
  }
  if (U_FAILURE(error)) return FoldWithoutIcu(clean);  // ICU data missing: degrade, never fail
  decomposed.foldCase();
  SpaceCollapser out(clean.size());
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK || IsTransliterationMark(c)) continue;
    if (IsHyphen(c)) {
      out.Add(' ');
    } else {
      out.Add(c == 0x0131 ? U'i' : static_cast<char32_t>(c));
    }
  }
  return out.Take();
}

std::string NormalizeName(std::string_view s) {
  // Folding first: NFKD turns Arabic presentation forms into letters that
  // NormalizeArabic must then see.
  const std::string folded = NormalizeArabic(FoldLatin(s));
  SpaceCollapser out(folded.size());
  for (size_t pos = 0; pos < folded.size();) {
    bool valid = true;
    const char32_t c = DecodeUtf8(folded, &pos, &valid);
    out.Add(IsNamePunctuation(c) ? U' ' : c);
  }
  return out.Take();
}

Script DetectScript(std::string_view s) {
  bool arabic = false, latin = false, other = false;
  for (size_t pos = 0; pos < s.size();) {
    bool valid = true;
    const char32_t c = DecodeUtf8(s, &pos, &valid);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
        (c >= 0x1E00 && c <= 0x1EFF)) {
      latin = true;
    } else if ((c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) ||
               (c >= 0x0750 && c <= 0x077F) || (c >= 0x08A0 && c <= 0x08FF) ||
               (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFC)) {
      arabic = true;
    } else if (c >= 0x80 && u_isalpha(static_cast<UChar32>(c))) {
      other = true;
    }
  }
  const int scripts = int{arabic} + int{latin} + int{other};
  if (scripts == 0) return Script::kEmpty;
  if (scripts > 1) return Script::kMixed;
  return arabic ? Script::kArabic : latin ? Script::kLatin : Script::kOther;
}

}  // namespace sijil::text
