// text: the base layer for names and values in Arabic and Latin script.
//
// Lists spell the same name many ways: أحمد/احمد/إحمد, فاطمة/فاطمه, مُحَمَّد with
// vowel marks, محـــمد with tatweel, Muḥammad/MOHAMMAD, Sa'id/Said. These
// functions reduce such variants to one form for search and linkage; callers
// keep what was imported and store these forms beside it.
//
// Every function accepts any bytes and never fails: invalid UTF-8 is read as
// U+FFFD (one per bad byte), so every string returned is valid UTF-8. All are
// pure, keep no references to their arguments, and are safe to call from many
// threads at once. They are written for bulk import (a million records of
// several fields in seconds): one pass per call, one allocation (the result),
// and ICU only for code points outside ASCII and the Arabic block.
//
// Example:
//   text::NormalizeName("مُحَمَّد  الحلبيّ") == "محمد الحلبي"
//   text::NormalizeName("Muḥammad al-Ḥalabi") == "muhammad al halabi"
//   text::SplitFullName("عبد الرحمن محمد الزعبي") ==
//       {.given = "عبد الرحمن", .father = "محمد", .family = "الزعبي"}
#ifndef SIJIL_TEXT_TEXT_H_
#define SIJIL_TEXT_TEXT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sijil::text {

// Returns true if `s` is well-formed UTF-8: no overlong forms, no surrogates
// (ED A0..BF xx), nothing above U+10FFFF (F4 90+ or F5..FF), no stray
// continuation byte and no truncated sequence.
bool IsValidUtf8(std::string_view s);

// Returns the byte offset of the first invalid UTF-8 sequence in `s`, or
// std::string_view::npos when `s` is valid. Used to report "line 12, byte 40"
// when a file is not UTF-8.
size_t FindInvalidUtf8(std::string_view s);

// Returns `s` with Arabic-Indic (٠-٩, U+0660..0669) and Persian (۰-۹,
// U+06F0..06F9) digits replaced by ASCII digits; nothing else changes, except
// invalid bytes becoming U+FFFD. Example: "٧/٤/٢٠١٣" -> "7/4/2013".
std::string AsciiDigits(std::string_view s);

// Returns the Arabic normal form of `s`:
//  - alef forms أ إ آ ٱ (and wavy/high-hamza alefs) -> ا; ة -> ه; ى -> ي;
//    hamza carriers ؤ -> و and ئ -> ي; a lone hamza ء is kept;
//  - Persian/Urdu variants folded: ک -> ك, ی ې ے -> ي, ۀ ہ ھ ە -> ه;
//  - removed: tashkeel (U+064B..U+065F, superscript alef U+0670), Quranic
//    marks (U+0610..061A, U+06D6..06ED), tatweel U+0640, and invisible
//    controls (ZWSP, ZWNJ, ZWJ, LRM/RLM/ALM, bidi embeddings and isolates,
//    soft hyphen, BOM);
//  - Arabic-Indic and Persian digits -> ASCII;
//  - whitespace (including no-break and typographic spaces) collapsed to one
//    space and trimmed.
// Other characters, including Latin letters and punctuation, pass through.
// Example: "  مُحَمَّد   مصطفى " -> "محمد مصطفي".
std::string NormalizeArabic(std::string_view s);

// Returns the Latin folding of `s`: each character outside ASCII and the
// Arabic block is replaced by its compatibility decomposition (NFKD) without
// combining marks, fully case folded (ß -> ss, dotless ı -> i); ASCII is
// lower-cased; transliteration marks for ayn and hamza (' ` ´ ʿ ʾ ʻ ʼ ‘ ’)
// are removed; hyphens and dashes become spaces; invisible controls are
// removed; whitespace is collapsed and trimmed. Arabic-block characters pass
// through unchanged (Arabic presentation forms, being outside the block, are
// decomposed into ordinary letters). Other punctuation is kept.
// Examples: "ʿAbd al-Raḥmān" -> "abd al rahman", "Sa'id" -> "said",
// "STRAßE" -> "strasse".
std::string FoldLatin(std::string_view s);

// Returns the form stored in the normalised name fields and used to compare
// names and header synonyms: FoldLatin and NormalizeArabic combined in one
// pass, then every punctuation mark or symbol (ASCII, Arabic ، ؛ ؟ and the
// Unicode P* and S* categories) turned into a space, and whitespace collapsed.
// U+FFFD is kept. The result is a fixed point: NormalizeName(NormalizeName(s))
// == NormalizeName(s).
// Examples: "(أبو بكر)" -> "ابو بكر", "DATE_OF_BIRTH" -> "date of birth".
std::string NormalizeName(std::string_view s);

// The writing system of a string's letters.
enum class Script { kEmpty, kArabic, kLatin, kMixed, kOther };

// Returns the script of the letters in `s`. Digits, punctuation, marks,
// spaces, invalid bytes and script-neutral letters (the transliteration
// marks ʿ ʾ) are ignored, so "2013-04-07" is kEmpty and "ʿAbd" is kLatin.
// kMixed means letters of two or more scripts; kOther one script that is
// neither Arabic nor Latin.
Script DetectScript(std::string_view s);

// A person's name in its four customary Syrian parts. Empty means unknown.
struct NameParts {
  std::string given;
  std::string father;
  std::string grandfather;
  std::string family;
  friend bool operator==(const NameParts&, const NameParts&) = default;
};

// Splits a full name written in one field (Arabic or Latin script) into
// parts, keeping compound names together. Rules (docs/text.md has examples):
//  1. Words are split on whitespace; a word that normalises to nothing
//     (a lone "-" or "،") is ignored.
//  2. Words are grouped into name units. A prefix word joins the word after
//     it: عبد, أبو/ابو/أبي/أبا, the family prefix آل and a detached article
//     ال, and in Latin Abd, Abdul, Abdel, Abdal, Abu, Abou, Abo, Al, El; so
//     "عبد الرحمن", "أبو بكر", "آل سعود", "Abd al-Rahman", "Abd el Rahman",
//     "Al Zoubi" are one unit each. A suffix word joins the unit before it:
//     الدين, الله, al-Din, ad-Din, ud-Din, el-Din, Din, Eddin, Allah, Ullah;
//     so "نور الدين", "فتح الله", "Nour al-Din", "Nour al Din" are one unit.
//     A word written joined ("عبدالله", "Abdulrahman", "Nureddin", "al-Zoubi")
//     is one unit already.
//  3. Connectors بن/ابن/بنت and bin/ibn/ben/bint/ebn between units are
//     dropped. A connector right after the first unit marks the next unit as
//     the father, even when no family name follows: "محمد بن سلمان" gives
//     father "سلمان". A suffix word right after a connector starts a unit of
//     its own.
//  4. Units fill the parts: 1 -> given; 2 -> given + family; 3 -> given +
//     father + family; 4 -> given + father + grandfather + family; 5 or more
//     -> given, father, grandfather, and the rest joined as the family name
//     ("محمد أحمد علي الحاج علي" has family "الحاج علي").
// Parts keep the input's spelling, articles included ("al-Halabi" stays
// "al-Halabi"), with one space between words; pass them to NormalizeName for
// the normalised forms. The result is all empty exactly when
// NormalizeName(full_name) is empty; otherwise `given` is set.
NameParts SplitFullName(std::string_view full_name);

// Cross-script key of one name unit (a single name or a compound such as
// "عبد الرحمن", "Abd al-Rahman", "Abdulrahman", "أبو بكر"): Arabic and Latin
// spellings of the same name give the same key. ASCII, lowercase, "" for empty.
// The key is a consonant skeleton with a few vowel marks; the rules are in
// docs/text.md ("Name keys"). Examples: "Mohammad", "Mhd", "محمد" -> "mhmd";
// "al-Zoubi", "الزعبي" -> "zb"; "Hussein", "حسين" -> "hsyn". Given several
// units ("Mohammad Ahmad"), returns their keys separated by one space.
std::string NameKey(std::string_view name);

// Splits a full name in either script into name units (compounds kept
// together, article attached to its name), in order. Connectors (بن, ibn,
// bint...) are dropped; units keep the input's spelling with one space
// between words. Example: "Abd al-Rahman bin Mohammad al-Zoubi" ->
// {"Abd al-Rahman", "Mohammad", "al-Zoubi"}.
std::vector<std::string> SplitNameUnits(std::string_view full_name);

// Jaro-Winkler similarity in [0,1] over code points (prefix scale 0.1, at
// most 4 prefix code points). 1 for two empty strings, 0 if one is empty.
double JaroWinkler(std::string_view a, std::string_view b);

// Resolves a place name (Arabic or Latin, any listed spelling, with or without
// article/"governorate"/"محافظة") to canonical keys; nullopt when unknown.
// Keys are the first column of data/places/*.tsv (the usual English name).
struct PlaceMatch {
  std::string governorate, district, city;  // "" where not implied
  friend bool operator==(const PlaceMatch&, const PlaceMatch&) = default;
};
std::optional<PlaceMatch> ResolvePlace(std::string_view name);

// Returns the Arabic name of a governorate key ("Aleppo" -> "حلب"), "" when
// the key is not one.
std::string GovernorateArabicName(std::string_view governorate);

// Resolves the name of a place of detention (any listed spelling, Arabic or
// Latin, or a name carrying the number of exactly one security branch, such
// as "Branch 215") to its key in data/places/facilities.tsv ("saydnaya",
// "branch_215"; "unknown" for "غير معروف" / "Not known"); nullopt when unknown.
std::optional<std::string> ResolveFacility(std::string_view name);

}  // namespace sijil::text

#endif  // SIJIL_TEXT_TEXT_H_
