// The word layer of name keys: tokens, word roles, and the key of one word.
// The rules are explained in docs/text.md ("Name keys").
#include "text/internal/name_words.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <unordered_map>

#include "text/internal/chars.h"
#include "text/internal/embedded_data.h"
#include "text/internal/utf8.h"
#include "text/text.h"

namespace sijil::text::internal {
namespace {

// ---- Tokenizing -----------------------------------------------------------

constexpr char16_t kFoldDrop = 0;      // marks, tatweel: not part of the word
constexpr char16_t kFoldSeparate = 1;  // digits, punctuation: ends the word

// The fold of each code point of the Arabic block, U+0600..U+06FF.
constexpr std::array<char16_t, 256> MakeArabicFold() {
  std::array<char16_t, 256> table{};
  table.fill(kFoldSeparate);
  const auto map = [&table](char16_t from, char16_t to) { table[from - 0x0600] = to; };
  for (char16_t c = 0x0621; c <= 0x063A; ++c) map(c, c);
  for (char16_t c = 0x0641; c <= 0x064A; ++c) map(c, c);
  for (char16_t c : {0x0622, 0x0623, 0x0625, 0x0670, 0x0671, 0x0672, 0x0673, 0x0675})
    map(c, 0x0627);
  for (char16_t c : {0x0624, 0x0626, 0x0676, 0x0678}) map(c, 0x0621);
  for (char16_t c : {0x06A9, 0x06AA, 0x06AF}) map(c, 0x0643);
  for (char16_t c : {0x06CC, 0x06CD, 0x06D0, 0x06D2, 0x06D3}) map(c, 0x064A);
  for (char16_t c : {0x06BE, 0x06C1, 0x06C2, 0x06C3}) map(c, 0x0647);
  for (char16_t c : {0x06C0, 0x06D5}) map(c, 0x0629);
  for (char16_t c : {0x06C4, 0x06C5, 0x06C6, 0x06C7, 0x06C8, 0x06C9, 0x06CB}) map(c, 0x0648);
  map(0x067E, 0x0628);  // پ
  map(0x0686, 0x062C);  // چ
  map(0x0698, 0x0632);  // ژ
  map(0x06A4, 0x0641);  // ڤ
  for (char16_t c = 0x0610; c <= 0x061A; ++c) map(c, kFoldDrop);
  for (char16_t c = 0x064B; c <= 0x065F; ++c) map(c, kFoldDrop);
  for (char16_t c = 0x06D6; c <= 0x06ED; ++c) map(c, kFoldDrop);
  map(0x0640, kFoldDrop);  // tatweel
  map(0x061C, kFoldDrop);  // Arabic letter mark
  return table;
}
constexpr std::array<char16_t, 256> kArabicFold = MakeArabicFold();

// Latin long vowels written with a macron stay long: ā -> "aa", ī -> "ii".
char LongVowel(char32_t c) {
  switch (c) {
    case 0x0100:
    case 0x0101:
      return 'a';
    case 0x0112:
    case 0x0113:
      return 'e';
    case 0x012A:
    case 0x012B:
      return 'i';
    case 0x014C:
    case 0x014D:
      return 'o';
    case 0x016A:
    case 0x016B:
      return 'u';
    default:
      return 0;
  }
}

bool IsMark(char32_t c) {
  const int8_t type = u_charType(static_cast<UChar32>(c));
  return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK;
}

// Builds one token at a time into a TokenList.
class TokenWriter {
 public:
  explicit TokenWriter(TokenList* out) : out_(out) {}

  void Put(size_t begin, size_t end, std::string_view fold, bool letter) {
    if (!open_) {
      current_ = {.begin = begin, .end = end, .fold_begin = out_->folds.size(), .fold_end = 0};
      open_ = true;
      has_letter_ = false;
    }
    current_.end = end;
    out_->folds.append(fold);
    has_letter_ = has_letter_ || letter;
  }
  // A mark inside a word (tashkeel, a combining accent) extends its range.
  void Extend(size_t end) {
    if (open_) current_.end = end;
  }
  void Close() {
    if (!open_) return;
    open_ = false;
    if (!has_letter_) {  // a lone apostrophe is no word
      out_->folds.resize(current_.fold_begin);
      return;
    }
    current_.fold_end = out_->folds.size();
    out_->tokens.push_back(current_);
  }

 private:
  TokenList* out_;
  Token current_{};
  bool open_ = false;
  bool has_letter_ = false;
};

// Code points outside ASCII and the Arabic block: ICU decides.
void PutOtherCodePoint(std::string_view s, size_t start, size_t pos, char32_t c,
                       TokenWriter* writer) {
  if (IsTransliterationMark(c)) {
    writer->Put(start, pos, "'", false);
  } else if (IsInvisibleControl(c) || IsMark(c)) {
    writer->Extend(pos);
  } else if (c == 0x00E7 || c == 0x00C7) {  // ç: "Fayçal"
    writer->Put(start, pos, "s", true);
  } else if (const char vowel = LongVowel(c); vowel != 0) {
    const char doubled[] = {vowel, vowel};
    writer->Put(start, pos, std::string_view(doubled, 2), true);
  } else if (u_isalpha(static_cast<UChar32>(c))) {
    const std::string folded = FoldLatin(s.substr(start, pos - start));
    std::string letters;
    for (const char byte : folded) {
      if ((byte >= 'a' && byte <= 'z') || (byte & 0x80) != 0) letters.push_back(byte);
    }
    writer->Put(start, pos, letters, true);
  } else {
    writer->Close();
  }
}

// ---- Word roles -------------------------------------------------------------

template <size_t N>
bool IsOneOf(std::string_view fold, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), fold) != words.end();
}

constexpr std::array<std::string_view, 9> kConnectors = {"bin", "ibn", "ben", "bint", "ebn",
                                                         "bnt", "بن",  "ابن", "بنت"};
constexpr std::array<std::string_view, 5> kArticles = {"al", "el", "il", "ul", "ال"};
// Articles assimilated to the next word's first consonant: "ash-Shami".
constexpr std::array<std::string_view, 28> kSunArticles = {
    "as", "ash", "ad", "adh", "az", "ar", "an", "at", "ath", "es",  "esh", "ed", "ez", "er",
    "en", "et",  "ud", "us",  "uz", "ur", "un", "ut", "is",  "ish", "id",  "iz", "ir", "in"};
constexpr std::array<std::string_view, 10> kAbdForms = {
    "abd", "abdul", "abdel", "abdal", "abdol", "abdoul", "abdil", "abdu", "abdou", "عبد"};
constexpr std::array<std::string_view, 8> kAbuForms = {"abu", "abou", "abo", "aboo",
                                                       "bou", "ابو",  "ابي", "ابا"};
constexpr std::array<std::string_view, 14> kAllahForms = {
    "allah", "alla", "ullah", "ulla", "ellah",  "ella",   "illah",
    "ollah", "olla", "llah",  "lah",  "allaah", "ullaah", "الله"};
constexpr std::array<std::string_view, 18> kDinForms = {
    "din",   "deen",  "dine",  "eddin", "eddine", "eddeen", "uddin", "uddine", "uddeen",
    "addin", "iddin", "aldin", "eldin", "aldeen", "eldeen", "oddin", "دين",    "الدين"};
// Joined endings of a compound with ad-Din or Allah: "Nureddin", "Fathallah".
constexpr std::array<std::string_view, 14> kDinEndings = {
    "eddine", "eddin", "eddeen", "uddine", "uddin",  "uddeen", "addine",
    "addin",  "iddin", "aldine", "aldin",  "aldeen", "eldine", "eldin"};
constexpr std::array<std::string_view, 8> kAllahEndings = {"ullah", "allah", "ollah", "ellah",
                                                           "illah", "ulla",  "alla",  "olla"};
// Words that begin with ال but are not article + name.
constexpr std::array<std::string_view, 4> kArabicAlNames = {"الياس", "الهام", "الفت", "اليسا"};

// "'Abd" is "abd" for telling what a word is.
std::string_view TrimMarks(std::string_view fold) {
  while (!fold.empty() && fold.front() == '\'') fold.remove_prefix(1);
  while (!fold.empty() && fold.back() == '\'') fold.remove_suffix(1);
  return fold;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool IsLatinVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == '\'';
}
bool IsAsciiLetter(char c) { return c >= 'a' && c <= 'z'; }
// Consonants that assimilate the article: "ar-Rifai", "an-Nouri".
bool IsSunLetter(char c) {
  return c == 't' || c == 'd' || c == 'r' || c == 'z' || c == 's' || c == 'n' || c == 'l';
}
// Arabic letters are two bytes in UTF-8; so is every fold character >= 0x80.
size_t ArabicLetters(std::string_view fold) { return fold.size() / 2; }

// ---- Symbols ----------------------------------------------------------------
//
// A word is first written as symbols, one per sound slot:
//   consonant classes: b d f g h j k l m n r s t z (lower case); 'H' is the h
//     of a digraph (kh sh gh th dh ch, خ ش غ ث ذ), written h but never
//     dropped at the end of a word;
//   'w' 'y': consonantal waw/ya (set by ResolveSemivowels);
//   'W' 'Y': waw/ya, or Latin w/y, not yet known to be consonant or vowel;
//   'A' 'E' 'I' 'O' 'U': vowels (Arabic ا ى are 'A');
//   '\'': ayn and hamza (ع ء أ-in-word, Latin ' `); 'T': ta marbuta ة.

constexpr size_t kMaxSymbols = 96;  // longer words are keyed on their start

struct Symbols {
  std::array<char, kMaxSymbols> s{};
  size_t n = 0;
  void Push(char c) {
    if (n < kMaxSymbols) s[n++] = c;
  }
  void Push(char c, char d) {
    Push(c);
    Push(d);
  }
};

bool IsVowelSymbol(char c) { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U'; }
bool IsConsonantSymbol(char c) { return (c >= 'a' && c <= 'z') || c == 'H'; }
// Consonants that bound a vowel slot; the h of a digraph belongs to its
// first letter.
bool IsSlotConsonant(char c) { return c >= 'a' && c <= 'z'; }

void PushArabicSymbols(char32_t c, Symbols* out) {
  switch (c) {
    case 0x0621:
    case 0x0639:
      out->Push('\'');
      break;  // ء ع
    case 0x0627:
    case 0x0649:
      out->Push('A');
      break;  // ا ى
    case 0x0628:
      out->Push('b');
      break;
    case 0x062A:
    case 0x0637:
      out->Push('t');
      break;  // ت ط
    case 0x0629:
      out->Push('T');
      break;  // ة
    case 0x062B:
      out->Push('t', 'H');
      break;  // ث
    case 0x062C:
      out->Push('j');
      break;
    case 0x062D:
    case 0x0647:
      out->Push('h');
      break;  // ح ه
    case 0x062E:
      out->Push('k', 'H');
      break;  // خ
    case 0x062F:
    case 0x0636:
      out->Push('d');
      break;  // د ض
    case 0x0630:
      out->Push('d', 'H');
      break;  // ذ
    case 0x0631:
      out->Push('r');
      break;
    case 0x0632:
    case 0x0638:
      out->Push('z');
      break;  // ز ظ
    case 0x0633:
    case 0x0635:
      out->Push('s');
      break;  // س ص
    case 0x0634:
      out->Push('s', 'H');
      break;  // ش
    case 0x063A:
      out->Push('g', 'H');
      break;  // غ
    case 0x0641:
      out->Push('f');
      break;
    case 0x0642:
    case 0x0643:
      out->Push('k');
      break;  // ق ك
    case 0x0644:
      out->Push('l');
      break;
    case 0x0645:
      out->Push('m');
      break;
    case 0x0646:
      out->Push('n');
      break;
    case 0x0648:
      out->Push('W');
      break;
    case 0x064A:
      out->Push('Y');
      break;
    default:
      break;
  }
}

// Latin letters, with the digraphs of transliteration. A doubled consonant
// ("Mohammad", "Hassan") is one: Latin doubles what Arabic marks by shadda,
// which Arabic lists leave out.
void PushLatinSymbols(std::string_view fold, size_t* i, Symbols* out) {
  const char c = fold[*i];
  const char next = *i + 1 < fold.size() ? fold[*i + 1] : 0;
  if (c == next && !IsLatinVowel(c)) return;
  // French "ou" before a vowel at the start of a word is w: "Oualid", "Ouissam".
  if (*i == 0 && c == 'o' && next == 'u' && fold.size() > 2 && IsLatinVowel(fold[2]) &&
      fold[2] != '\'') {
    out->Push('W');
    ++*i;
    return;
  }
  switch (c) {
    case 'a':
      out->Push('A');
      break;
    case 'e':
      out->Push('E');
      break;
    case 'i':
      out->Push('I');
      break;
    case 'o':
      out->Push('O');
      break;
    case 'u':
      out->Push('U');
      break;
    case 'w':
      out->Push('W');
      break;
    case 'y':
      out->Push('Y');
      break;
    case '\'':
      out->Push('\'');
      break;
    case 'c':
      if (next == 'h') {
        out->Push('s', 'H');  // French "ch": Chadi, Bachar
        ++*i;
      } else {
        out->Push(next == 'e' || next == 'i' || next == 'y' ? 's' : 'k');
      }
      break;
    case 'd':
      if (next == 'j') {
        out->Push('j');  // French "dj": Djamil
        ++*i;
      } else {
        out->Push('d');
      }
      break;
    case 'p':
      if (next == 'h') {
        out->Push('f');
        ++*i;
      } else {
        out->Push('b');
      }
      break;
    case 'h': {
      const char previous = *i > 0 ? fold[*i - 1] : 0;
      const bool digraph = previous == 'k' || previous == 's' || previous == 'g' ||
                           previous == 't' || previous == 'd' || previous == 'z';
      out->Push(digraph ? 'H' : 'h');
      break;
    }
    case 'q':
      out->Push('k');
      break;
    case 'v':
      out->Push('f');
      break;
    case 'x':
      out->Push('k', 's');
      break;
    default:
      if (IsAsciiLetter(c)) out->Push(c);
      break;
  }
}

Symbols ToSymbols(std::string_view fold) {
  Symbols symbols;
  for (size_t i = 0; i < fold.size(); ++i) {
    const auto byte = static_cast<unsigned char>(fold[i]);
    if (byte < 0x80) {
      PushLatinSymbols(fold, &i, &symbols);
      continue;
    }
    size_t pos = i;
    bool valid = true;
    const char32_t c = DecodeUtf8(fold, &pos, &valid);
    if (c == 0x0647 && pos == fold.size() && symbols.n >= 3) {
      symbols.Push('T');  // a final ه after three letters is ة typed as ه (فاطمه)
    } else if (IsArabicBlock(c)) {
      PushArabicSymbols(c, &symbols);
    }
    i = pos - 1;  // other scripts carry no sound we key on
  }
  return symbols;
}

// Decides which waw/ya (and Latin i) are consonants: at the start of a word,
// or before a vowel ("Ziad", "Alia", عالية, حياة, "Sayyid"). A Latin "ie" at
// the end of a word stays a vowel ("Rabie").
void ResolveSemivowels(Symbols* symbols) {
  const size_t n = symbols->n;
  auto& s = symbols->s;
  for (size_t k = 0; k < n; ++k) {
    const char next = k + 1 < n ? s[k + 1] : 0;
    const bool next_is_vowel = IsVowelSymbol(next) || next == 'T' || next == 'W' || next == 'Y';
    if (s[k] == 'W' || s[k] == 'Y') {
      if (k == 0 || next_is_vowel) s[k] = s[k] == 'W' ? 'w' : 'y';
    } else if (s[k] == 'I' && k > 0 && IsVowelSymbol(next) && next != 'I' &&
               !(next == 'E' && k + 2 == n)) {
      s[k] = 'y';
    }
  }
}

size_t CountConsonants(const Symbols& symbols, size_t end) {
  return static_cast<size_t>(
      std::count_if(symbols.s.begin(), symbols.s.begin() + end, IsConsonantSymbol));
}

// The long vowel heard in a vowel slot, as a consonant-like mark: 'y' for
// ي / i ee ei ai ay ie, 'w' for و / ou oo uu aw ow; 0 for none (a, e, o, u,
// which Latin writers use for short vowels as well).
char LongVowelMark(const Symbols& symbols, size_t begin, size_t end) {
  char mark = 0;
  for (size_t k = begin; k < end; ++k) {
    const char c = symbols.s[k];
    const char next = k + 1 < end ? symbols.s[k + 1] : 0;
    if (c == 'I' || c == 'Y' || (c == 'E' && next == 'E')) mark = 'y';
    // "ou" before another vowel is a short u before ayn or hamza: "Souad", "Fouad".
    const char after_pair = k + 2 < end ? symbols.s[k + 2] : 0;
    const bool long_u_pair =
        (c == 'O' && (next == 'U' || next == 'O')) || (c == 'U' && next == 'U');
    if (mark == 0 && (c == 'W' || (long_u_pair && !IsVowelSymbol(after_pair)))) mark = 'w';
  }
  return mark;
}

bool IsTrailingVowel(char c) {
  return IsVowelSymbol(c) || c == '\'' || c == 'T' || c == 'W' || c == 'Y';
}

// The key of one plain word (no compound left in it): see docs/text.md.
void AppendSymbolsKey(Symbols symbols, std::string* out) {
  ResolveSemivowels(&symbols);
  const auto& s = symbols.s;
  // Final vowels, ة, and a final h after two consonants are not keyed: Latin
  // writers drop or add them ("Fatima"/"Fatmeh"/فاطمة, "Saleh"/صالح).
  size_t end = symbols.n;
  bool open = false;
  const auto trim_vowels = [&] {
    while (end > 0 && IsTrailingVowel(s[end - 1])) {
      --end;
      open = true;
    }
  };
  // A French mute e after a consonant closes the word: "Nesrine", "Imane".
  if (end >= 2 && s[end - 1] == 'E' && IsSlotConsonant(s[end - 2]) && s[end - 2] != 'h') --end;
  trim_vowels();
  if (end > 0 && s[end - 1] == 'h' && CountConsonants(symbols, end - 1) >= 2) {
    --end;
    open = true;
    trim_vowels();
  }
  if (end == 0) return;
  const bool onset = IsVowelSymbol(s[0]) || s[0] == '\'';
  // The long vowel of the last syllable of a word that ends in a consonant:
  // "Hussein"/حسين vs "Hassan"/حسن, "Mahmoud"/محمود vs "Mohammad"/محمد.
  size_t last = end;
  size_t previous = 0;
  bool has_previous = false;
  for (size_t k = end; k-- > 0;) {
    if (!IsSlotConsonant(s[k])) continue;
    if (last == end) {
      last = k;
    } else {
      previous = k;
      has_previous = true;
      break;
    }
  }
  char mark = 0;
  // Before the first consonant, one vowel is the onset ("Izz"), two are a
  // long vowel ("Eid"/عيد).
  const size_t run_begin = has_previous ? previous + 1 : 0;
  if (!open && last != end && (has_previous || last - run_begin >= 2)) {
    mark = LongVowelMark(symbols, run_begin, last);
  }
  // Consonants are written as they come, each once: two equal letters in
  // Arabic script are two consonants (ممدوح, ليلى), and Latin doubles were
  // merged in ToSymbols. The mark merges with an equal consonant before it
  // ("Dawood", "Sayyid").
  if (onset) out->push_back('a');
  char previous_consonant = 0;
  for (size_t k = 0; k < end; ++k) {
    if (!IsConsonantSymbol(s[k])) continue;
    if (k == last && mark != 0 && mark != previous_consonant) out->push_back(mark);
    previous_consonant = s[k] == 'H' ? 'h' : s[k];
    out->push_back(previous_consonant);
  }
}

// ---- Compounds written as one word ------------------------------------------

constexpr int kMaxCompoundDepth = 4;

void AppendKey(std::string_view fold, bool use_variants, int depth, std::string* out);

// After "abd" in a joined word: "ul-", "el", "al", "ur" (assimilated) and the
// like are the article of the name that follows.
std::string_view StripLinkingArticle(std::string_view rest) {
  size_t i = 0;
  while (i < rest.size() && IsLatinVowel(rest[i])) ++i;
  if (i > 0 && i + 1 < rest.size() && rest[i] == 'l') ++i;
  return rest.substr(i);
}

// A word that starts with the article: "alzoubi", "elkhatib", "assayed",
// "الزعبي". Returns the name without it, or an empty view.
std::string_view StripJoinedArticle(std::string_view fold) {
  if (StartsWith(fold, "ال")) {
    const std::string_view rest = fold.substr(std::string_view("ال").size());
    if (ArabicLetters(rest) >= 2 && !IsOneOf(fold, kArabicAlNames)) return rest;
    return {};
  }
  if (fold.size() < 6 || (fold[0] != 'a' && fold[0] != 'e')) return {};
  if (fold[1] == 'l' && !IsLatinVowel(fold[2]) && fold[2] != 'l') return fold.substr(2);
  if (IsSunLetter(fold[1]) && fold[2] == fold[1] && fold[1] != 'l') return fold.substr(2);
  return {};
}

// Appends the key of a joined compound and returns true, or returns false
// when `fold` is not one.
bool AppendJoinedCompoundKey(std::string_view fold, bool use_variants, int depth,
                             std::string* out) {
  // عبد + name, Abd + name: "عبدالرحمن", "Abdulrahman", "Abdurrahman", "Abdullah".
  for (const std::string_view abd : {std::string_view("abd"), std::string_view("عبد")}) {
    if (!StartsWith(fold, abd)) continue;
    std::string_view rest = fold.substr(abd.size());
    const bool latin = abd == "abd";
    if (!IsOneOf(rest, kAllahForms)) {
      if (latin) rest = StripLinkingArticle(rest);
      if (const std::string_view name = StripJoinedArticle(rest); !name.empty()) rest = name;
    }
    const bool is_name =
        IsOneOf(rest, kAllahForms) || (latin ? rest.size() >= 3 : ArabicLetters(rest) >= 2);
    if (!is_name) continue;
    out->append("abd");
    AppendKey(rest, use_variants, depth + 1, out);
    return true;
  }
  // أبو + name, Abu + name: "ابوبكر", "Abubakr", "Aboubakr".
  for (const std::string_view abu : {std::string_view("abou"), std::string_view("aboo"),
                                     std::string_view("abu"), std::string_view("abo")}) {
    if (!StartsWith(fold, abu)) continue;
    const std::string_view rest = fold.substr(abu.size());
    if (rest.size() < 3 || IsLatinVowel(rest[0])) continue;
    out->append("ab");
    AppendKey(rest, use_variants, depth + 1, out);
    return true;
  }
  if (StartsWith(fold, "ابو") && ArabicLetters(fold) >= 5) {
    out->append("ab");
    AppendKey(fold.substr(std::string_view("ابو").size()), use_variants, depth + 1, out);
    return true;
  }
  // name + ad-Din, name + Allah: "Nureddin", "نورالدين", "Fathallah", "نصرالله".
  const auto split_suffix = [&](std::string_view ending, size_t min_stem, std::string_view key) {
    if (!EndsWith(fold, ending) || fold.size() - ending.size() < min_stem) return false;
    AppendKey(fold.substr(0, fold.size() - ending.size()), use_variants, depth + 1, out);
    AppendKey(key, false, depth + 1, out);
    return true;
  };
  for (const std::string_view ending : kDinEndings) {
    if (split_suffix(ending, 2, "din")) return true;
  }
  if (split_suffix("الدين", 4, "دين")) return true;
  for (const std::string_view ending : kAllahEndings) {
    if (split_suffix(ending, 3, "الله")) return true;
  }
  if (split_suffix("الله", 4, "الله")) return true;
  // Article + name: "alzoubi", "الزعبي".
  if (const std::string_view name = StripJoinedArticle(fold); !name.empty()) {
    AppendKey(name, use_variants, depth + 1, out);
    return true;
  }
  return false;
}

// ---- The variants table -----------------------------------------------------

// A fold without transliteration marks, as the table is keyed: "Moh'd" -> "mohd".
bool LookupForm(std::string_view fold, std::array<char, 64>* buffer, std::string_view* form) {
  size_t n = 0;
  for (const char c : fold) {
    if (c == '\'') continue;
    if (n == buffer->size()) return false;
    (*buffer)[n++] = c;
  }
  *form = std::string_view(buffer->data(), n);
  return true;
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using VariantMap = std::unordered_map<std::string, std::string, StringHash, std::equal_to<>>;

// variants.tsv: "variant<TAB>canonical" per line, '#' comments, a header row.
// Each variant's key is the rule-based key of its canonical spelling.
VariantMap LoadVariants() {
  VariantMap map;
  TokenList tokens;
  std::string_view text = kVariantsTsv;
  bool header = true;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    const std::string_view variant = line.substr(0, tab);
    std::string_view canonical = line.substr(tab + 1);
    if (const size_t tab2 = canonical.find('\t'); tab2 != std::string_view::npos) {
      canonical = canonical.substr(0, tab2);
    }
    std::string key;
    Tokenize(canonical, &tokens);
    for (const Token& token : tokens.tokens) {
      const std::string_view fold = tokens.Fold(token);
      if (RoleOf(fold, {}) == WordRole::kArticle || RoleOf(fold, {}) == WordRole::kConnector) {
        continue;
      }
      AppendWordKey(fold, false, &key);
    }
    Tokenize(variant, &tokens);
    if (tokens.tokens.size() != 1) continue;  // variants are single words
    std::array<char, 64> buffer;
    std::string_view form;
    if (LookupForm(tokens.Fold(tokens.tokens[0]), &buffer, &form)) {
      map.emplace(std::string(form), std::move(key));
    }
  }
  return map;
}

const VariantMap& Variants() {
  static const VariantMap* const variants = new VariantMap(LoadVariants());
  return *variants;
}

void AppendKey(std::string_view fold, bool use_variants, int depth, std::string* out) {
  if (use_variants) {
    std::array<char, 64> buffer;
    std::string_view form;
    if (LookupForm(fold, &buffer, &form)) {
      const VariantMap& variants = Variants();
      if (const auto it = variants.find(form); it != variants.end()) {
        out->append(it->second);
        return;
      }
    }
  }
  fold = TrimMarks(fold);
  if (IsOneOf(fold, kAllahForms)) {
    out->append("lh");
    return;
  }
  if (IsOneOf(fold, kAbdForms)) {
    out->append("abd");
    return;
  }
  if (IsOneOf(fold, kAbuForms)) {
    out->append("ab");
    return;
  }
  if (IsOneOf(fold, kDinForms)) {
    AppendSymbolsKey(ToSymbols("din"), out);
    return;
  }
  if (depth < kMaxCompoundDepth && AppendJoinedCompoundKey(fold, use_variants, depth, out)) return;
  AppendSymbolsKey(ToSymbols(fold), out);
}

}  // namespace

void Tokenize(std::string_view s, TokenList* out) {
  out->tokens.clear();
  out->folds.clear();
  TokenWriter writer(out);
  for (size_t pos = 0; pos < s.size();) {
    const size_t start = pos;
    bool valid = true;
    const char32_t c = DecodeUtf8(s, &pos, &valid);
    if (c < 0x80) {
      const char byte = static_cast<char>(c);
      if (byte >= 'A' && byte <= 'Z') {
        const char lower = static_cast<char>(byte - 'A' + 'a');
        writer.Put(start, pos, std::string_view(&lower, 1), true);
      } else if (IsAsciiLetter(byte)) {
        writer.Put(start, pos, s.substr(start, 1), true);
      } else if (byte == '\'' || byte == '`') {
        writer.Put(start, pos, "'", false);
      } else {
        writer.Close();
      }
    } else if (!valid) {
      writer.Close();
    } else if (IsArabicBlock(c)) {
      const char16_t folded = kArabicFold[c - 0x0600];
      if (folded == kFoldSeparate) {
        writer.Close();
      } else if (folded == kFoldDrop) {
        writer.Extend(pos);
      } else {
        const char bytes[] = {static_cast<char>(0xC0 | (folded >> 6)),
                              static_cast<char>(0x80 | (folded & 0x3F))};
        writer.Put(start, pos, std::string_view(bytes, 2), folded != 0x0621);
      }
    } else if (IsSpace(c) || IsHyphen(c)) {
      writer.Close();
    } else {
      PutOtherCodePoint(s, start, pos, c, &writer);
    }
  }
  writer.Close();
}

WordRole RoleOf(std::string_view fold, std::string_view next_fold) {
  fold = TrimMarks(fold);
  next_fold = TrimMarks(next_fold);
  if (IsOneOf(fold, kConnectors)) return WordRole::kConnector;
  if (IsOneOf(fold, kArticles)) return WordRole::kArticle;
  if (IsOneOf(fold, kSunArticles) && !next_fold.empty() && StartsWith(next_fold, fold.substr(1))) {
    return WordRole::kArticle;
  }
  if (IsOneOf(fold, kAbdForms)) return WordRole::kAbd;
  if (IsOneOf(fold, kAbuForms)) return WordRole::kAbu;
  if (IsOneOf(fold, kDinForms) || IsOneOf(fold, kAllahForms)) return WordRole::kSuffix;
  return WordRole::kName;
}

void AppendWordKey(std::string_view fold, bool use_variants, std::string* out) {
  AppendKey(fold, use_variants, 0, out);
}

}  // namespace sijil::text::internal
