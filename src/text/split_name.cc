// Splitting a full name into given, father, grandfather and family parts.
#include <array>
#include <vector>

#include "text/text.h"

namespace sijil::text {
namespace {

// Words that bind to the word after them: "عبد الرحمن", "أبو بكر", "Al Zoubi".
bool IsPrefixWord(const std::string& key) {
  static const std::array<std::string_view, 16> kPrefixes = {
      "عبد", "ابو", "ابي", "ال", "abd", "abdul", "abdel", "abdal", "abdol", "abu", "abou", "abo",
      "al", "el", "bou", "abdoul"};
  for (std::string_view prefix : kPrefixes) {
    if (key == prefix) return true;
  }
  return false;
}

// Words that bind to the word before them: "نور الدين", "Nour al-Din", "فتح الله".
bool IsSuffixWord(const std::string& key) {
  static const std::array<std::string_view, 14> kSuffixes = {
      "الدين", "الله", "al din", "ad din", "ud din", "ed din", "el din", "eddin", "uddin",
      "addin", "allah", "ullah", "al deen", "ad deen"};
  for (std::string_view suffix : kSuffixes) {
    if (key == suffix) return true;
  }
  return false;
}

bool IsConnector(const std::string& key) {
  return key == "بن" || key == "ابن" || key == "بنت" || key == "bin" || key == "ibn" ||
         key == "ben" || key == "bint";
}

struct Unit {
  std::string text;  // as written
  std::string key;   // normalised, for the rules
  bool open = false;  // ends with a prefix word and still wants the next word
};

std::vector<std::string> SplitOnSpaces(std::string_view s) {
  std::vector<std::string> words;
  std::string current;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::string Join(const std::vector<Unit>& units, size_t from) {
  std::string joined;
  for (size_t i = from; i < units.size(); ++i) {
    if (!joined.empty()) joined.push_back(' ');
    joined += units[i].text;
  }
  return joined;
}

}  // namespace

NameParts SplitFullName(std::string_view full_name) {
  std::vector<Unit> units;
  bool father_marked = false;
  for (std::string& word : SplitOnSpaces(full_name)) {
    const std::string key = NormalizeName(word);
    if (key.empty()) continue;
    if (!units.empty() && !units.back().open && IsConnector(key)) {
      father_marked = father_marked || units.size() == 1;
      continue;
    }
    if (!units.empty() && (units.back().open || IsSuffixWord(key))) {
      Unit& unit = units.back();
      unit.text += " " + word;
      unit.key += " " + key;
      unit.open = IsPrefixWord(key);
      // "Nour al Din": the detached article made "al Din" a unit of its own.
      if (!unit.open && units.size() >= 2 && IsSuffixWord(unit.key)) {
        Unit suffix = std::move(units.back());
        units.pop_back();
        units.back().text += " " + suffix.text;
        units.back().key += " " + suffix.key;
      }
      continue;
    }
    units.push_back({word, key, IsPrefixWord(key)});
  }
  NameParts parts;
  switch (units.size()) {
    case 0: return parts;
    case 1: parts.given = units[0].text; return parts;
    case 2:
      parts.given = units[0].text;
      (father_marked ? parts.father : parts.family) = units[1].text;
      return parts;
    case 3:
      parts.given = units[0].text;
      parts.father = units[1].text;
      parts.family = units[2].text;
      return parts;
    default:
      parts.given = units[0].text;
      parts.father = units[1].text;
      parts.grandfather = units[2].text;
      parts.family = Join(units, 3);
      return parts;
  }
}

}  // namespace sijil::text
