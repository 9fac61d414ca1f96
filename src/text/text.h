// text: the base layer for names and values in Arabic and Latin script.
//
// Lists spell the same name many ways: أحمد/احمد/إحمد, فاطمة/فاطمه, مُحَمَّد with
// vowel marks, محـــمد with tatweel, Muḥammad/MOHAMMAD. These functions reduce
// such variants to one form for search and linkage; they never change what is
// stored as imported. All take UTF-8 and return valid UTF-8: invalid bytes in
// the input become U+FFFD rather than passing through.
//
// Example:
//   text::NormalizeName("مُحَمَّد  الحلبيّ") == "محمد الحلبي"
//   text::NormalizeName("Muḥammad al-Ḥalabi") == "muhammad al halabi"
//   text::SplitFullName("عبد الرحمن محمد الزعبي") ==
//       {.given = "عبد الرحمن", .father = "محمد", .family = "الزعبي"}
#ifndef SIJIL_TEXT_TEXT_H_
#define SIJIL_TEXT_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace sijil::text {

// Returns true if `s` is well-formed UTF-8: no overlong forms, no surrogates,
// nothing above U+10FFFF, no truncated sequence.
bool IsValidUtf8(std::string_view s);
// Returns the byte offset of the first invalid UTF-8 sequence in `s`, or
// std::string_view::npos when `s` is valid.
size_t FindInvalidUtf8(std::string_view s);

// Replaces Arabic-Indic (٠-٩) and Persian (۰-۹) digits with ASCII digits.
std::string AsciiDigits(std::string_view s);

// Arabic normalisation: alef forms أ إ آ ٱ -> ا; ة -> ه; ى -> ي; hamza carriers
// ؤ -> و and ئ -> ي; Persian ک ی -> ك ي; tashkeel (U+064B-U+065F, U+0670),
// Quranic marks and tatweel removed; Arabic-Indic and Persian digits -> ASCII;
// zero-width and bidi controls removed; whitespace collapsed and trimmed.
// Other scripts pass through with whitespace collapsed.
std::string NormalizeArabic(std::string_view s);

// Latin folding: compatibility decomposition (ICU NFKD), combining marks
// removed, full case folding (ß -> ss; dotless ı -> i), transliteration marks
// for ayn and hamza (' ʿ ʾ ’ ‘ `) removed, hyphens -> space, whitespace
// collapsed. Other punctuation is kept. ASCII input takes a fast path.
std::string FoldLatin(std::string_view s);

// The normalised form stored for names and used to compare header and value
// synonyms: FoldLatin, then NormalizeArabic, then punctuation -> space
// (Latin and Arabic punctuation), whitespace collapsed.
std::string NormalizeName(std::string_view s);

enum class Script { kEmpty, kArabic, kLatin, kMixed, kOther };
// Returns the script of the letters in `s`; digits, punctuation and spaces
// are ignored (so "123" is kEmpty).
Script DetectScript(std::string_view s);

struct NameParts {
  std::string given;
  std::string father;
  std::string grandfather;
  std::string family;
  friend bool operator==(const NameParts&, const NameParts&) = default;
};

// Splits a full name written in one field into parts, keeping compounds
// together. Rules (docs/text.md):
//  1. Tokens are grouped into name units. A unit absorbs the next token after
//     a prefix word (عبد, أبو/ابو/أبي, Abd, Abdul, Abdel, Abu, Abou, and the
//     detached articles Al/El/ال), so "عبد الرحمن", "أبو بكر", "Abd al-Rahman",
//     "Al Zoubi" are one unit each; and a suffix word (الدين, الله, al-Din,
//     ad-Din, ud-Din, Allah) joins the unit before it ("نور الدين",
//     "Nour al-Din", "فتح الله").
//  2. Connectors بن/ابن/بنت/bin/ibn/ben/bint between units are dropped; a
//     connector right after the first unit marks the next unit as the father
//     even when no family name follows ("محمد بن سلمان").
//  3. Units fill given, father, grandfather and family: 1 -> given;
//     2 -> given + family; 3 -> given + father + family; 4 -> all four;
//     more -> the units after the third all form the family name.
// Parts keep the input's spelling (whitespace collapsed), not normalised.
NameParts SplitFullName(std::string_view full_name);

}  // namespace sijil::text

#endif  // SIJIL_TEXT_TEXT_H_
