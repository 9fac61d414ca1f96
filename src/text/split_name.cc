// Splitting a full name into given, father, grandfather and family parts.
//
// Words are matched against the word lists by their NormalizeName form, so
// "أبو", "ابو", "Abu" and "ABU" are the same prefix; the parts are cut from
// the input as written.
#include <algorithm>
#include <array>
#include <vector>

#include "text/internal/chars.h"
#include "text/internal/utf8.h"
#include "text/text.h"

namespace sijil::text {
namespace {

using internal::DecodeUtf8;
using internal::IsSpace;

// Words that bind to the word after them: "عبد الرحمن", "أبو بكر", "آل سعود",
// "Abdul Rahman", "Abu Bakr", "Al Zoubi", "El Hassan".
constexpr std::array<std::string_view, 20> kPrefixWords = {
    "عبد",    "ابو",    "ابي",    "ابا",    "ال",  "abd",  "abdul", "abdel", "abdal", "abdol",
    "abdoul", "abd al", "abd el", "abd ul", "abu", "abou", "abo",   "bou",   "al",    "el"};

// Words that bind to the word before them: "نور الدين", "فتح الله",
// "Nour al-Din", "Nour Eddin", "Saif ad-Din", "Fath Allah".
constexpr std::array<std::string_view, 22> kSuffixWords = {
    "الدين",   "الله",    "al din",  "ad din", "ud din", "ed din", "el din", "al deen",
    "ad deen", "el deen", "ud deen", "din",    "deen",   "eddin",  "eddine", "uddin",
    "aldin",   "eldin",   "addin",   "allah",  "ullah",  "alla"};

// Words that mean "son of" / "daughter of" between a person's names.
constexpr std::array<std::string_view, 8> kConnectorWords = {"بن",  "ابن", "بنت",  "bin",
                                                             "ibn", "ben", "bint", "ebn"};

template <size_t N>
bool IsOneOf(std::string_view key, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), key) != words.end();
}

// A word of the input and its normalised form.
struct Word {
  std::string_view text;
  std::string key;
};

// One or more consecutive words that form a single name: [first, last] index
// into the words, and the joined keys.
struct Unit {
  size_t first_word;
  size_t last_word;
  std::string key;
  bool wants_next;       // ends with a prefix word
  bool after_connector;  // came right after بن/bin; a suffix then starts no compound
};

std::vector<Word> SplitWords(std::string_view s) {
  std::vector<Word> words;
  size_t word_start = 0;
  bool in_word = false;
  for (size_t pos = 0; pos < s.size();) {
    const size_t start = pos;
    bool valid = true;
    const char32_t c = DecodeUtf8(s, &pos, &valid);
    if (IsSpace(c)) {
      if (in_word) words.push_back({s.substr(word_start, start - word_start), {}});
      in_word = false;
    } else if (!in_word) {
      word_start = start;
      in_word = true;
    }
  }
  if (in_word) words.push_back({s.substr(word_start), {}});
  for (Word& word : words) word.key = NormalizeName(word.text);
  return words;
}

void Extend(Unit& unit, size_t word_idx, const std::string& key) {
  unit.last_word = word_idx;
  unit.key.push_back(' ');
  unit.key += key;
}

// "Nour al Din": the detached article made "al Din" a unit of its own, which
// belongs to the name before it.
void MergeDetachedSuffix(std::vector<Unit>& units) {
  if (units.size() < 2) return;
  const Unit& last = units.back();
  if (last.wants_next || last.after_connector || !IsOneOf(last.key, kSuffixWords)) return;
  Unit& previous = units[units.size() - 2];
  previous.last_word = last.last_word;
  previous.key += ' ' + last.key;
  units.pop_back();
}

// Appends the words of `unit` to *out as written, one space between words.
// Invalid UTF-8 becomes U+FFFD so the parts are always valid UTF-8.
void AppendUnitText(const std::vector<Word>& words, const Unit& unit, std::string* out) {
  for (size_t word_idx = unit.first_word; word_idx <= unit.last_word; ++word_idx) {
    if (words[word_idx].key.empty()) continue;  // punctuation standing alone
    if (!out->empty()) out->push_back(' ');
    const std::string_view text = words[word_idx].text;
    for (size_t pos = 0; pos < text.size();) {
      const size_t start = pos;
      bool valid = true;
      const char32_t c = DecodeUtf8(text, &pos, &valid);
      if (valid) {
        out->append(text.substr(start, pos - start));
      } else {
        internal::AppendUtf8(c, out);
      }
    }
  }
}

}  // namespace

NameParts SplitFullName(std::string_view full_name) {
  const std::vector<Word> words = SplitWords(full_name);
  std::vector<Unit> units;
  bool father_marked = false;
  bool after_connector = false;
  for (size_t word_idx = 0; word_idx < words.size(); ++word_idx) {
    const std::string& key = words[word_idx].key;
    if (key.empty()) continue;
    if (!units.empty() && units.back().wants_next) {
      Extend(units.back(), word_idx, key);
      units.back().wants_next = IsOneOf(key, kPrefixWords);
      if (!units.back().wants_next) MergeDetachedSuffix(units);
      continue;
    }
    if (!units.empty() && IsOneOf(key, kConnectorWords)) {
      father_marked = father_marked || units.size() == 1;
      after_connector = true;
      continue;
    }
    if (!units.empty() && !after_connector && IsOneOf(key, kSuffixWords)) {
      Extend(units.back(), word_idx, key);
      MergeDetachedSuffix(units);
      continue;
    }
    units.push_back({.first_word = word_idx,
                     .last_word = word_idx,
                     .key = key,
                     .wants_next = IsOneOf(key, kPrefixWords),
                     .after_connector = after_connector});
    after_connector = false;
  }

  NameParts parts;
  const auto assign = [&](size_t unit_idx, std::string* part) {
    AppendUnitText(words, units[unit_idx], part);
  };
  switch (units.size()) {
    case 0:
      break;
    case 1:
      assign(0, &parts.given);
      break;
    case 2:
      assign(0, &parts.given);
      assign(1, father_marked ? &parts.father : &parts.family);
      break;
    case 3:
      assign(0, &parts.given);
      assign(1, &parts.father);
      assign(2, &parts.family);
      break;
    default:
      assign(0, &parts.given);
      assign(1, &parts.father);
      assign(2, &parts.grandfather);
      for (size_t unit_idx = 3; unit_idx < units.size(); ++unit_idx) {
        assign(unit_idx, &parts.family);
      }
      break;
  }
  return parts;
}

}  // namespace sijil::text
