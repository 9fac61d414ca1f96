// NameKey, SplitNameUnits and JaroWinkler: name units and their cross-script
// keys (docs/text.md, "Name keys"). The word rules live in name_words.cc.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "text/internal/chars.h"
#include "text/internal/name_words.h"
#include "text/internal/utf8.h"
#include "text/text.h"

namespace sijil::text {
namespace {

using internal::Token;
using internal::TokenList;
using internal::WordRole;

// Consecutive tokens that make one name: [first, last].
struct UnitSpan {
  size_t first;
  size_t last;
  bool wants_next;       // ends with an article, عبد or أبو
  bool only_articles;    // so far nothing but articles ("al" of "Nour al Din")
  bool after_connector;  // came right after بن/bin: a suffix then starts no compound
};

bool IsPrefixRole(WordRole role) {
  return role == WordRole::kArticle || role == WordRole::kAbd || role == WordRole::kAbu;
}

WordRole RoleAt(const TokenList& list, size_t i) {
  const std::string_view next =
      i + 1 < list.tokens.size() ? list.Fold(list.tokens[i + 1]) : std::string_view();
  return internal::RoleOf(list.Fold(list.tokens[i]), next);
}

// Groups tokens into name units: prefixes (articles, عبد, أبو) join the next
// word, suffixes (الدين, الله) the previous one, connectors are dropped.
void GroupUnits(const TokenList& list, std::vector<UnitSpan>* units) {
  units->clear();
  bool after_connector = false;
  for (size_t i = 0; i < list.tokens.size(); ++i) {
    const WordRole role = RoleAt(list, i);
    if (!units->empty() && units->back().wants_next) {
      UnitSpan& unit = units->back();
      unit.last = i;
      unit.wants_next = IsPrefixRole(role);
      // "Nour al Din": the article began a unit that belongs to the name before.
      if (role == WordRole::kSuffix && unit.only_articles && !unit.after_connector &&
          units->size() >= 2) {
        (*units)[units->size() - 2].last = i;
        units->pop_back();
      }
      if (!units->empty())
        units->back().only_articles = units->back().only_articles && role == WordRole::kArticle;
      continue;
    }
    if (!units->empty() && role == WordRole::kConnector) {
      after_connector = true;
      continue;
    }
    if (!units->empty() && !after_connector && role == WordRole::kSuffix) {
      units->back().last = i;
      continue;
    }
    units->push_back({.first = i,
                      .last = i,
                      .wants_next = IsPrefixRole(role),
                      .only_articles = role == WordRole::kArticle,
                      .after_connector = after_connector});
    after_connector = false;
  }
}

// Appends the key of one unit: its words' keys, articles and connectors left
// out unless the unit has nothing else.
void AppendUnitKey(const TokenList& list, const UnitSpan& unit, std::string* out) {
  bool has_name = false;
  for (size_t i = unit.first; i <= unit.last; ++i) {
    const WordRole role = RoleAt(list, i);
    has_name = has_name || (role != WordRole::kArticle && role != WordRole::kConnector);
  }
  for (size_t i = unit.first; i <= unit.last; ++i) {
    const WordRole role = RoleAt(list, i);
    if (has_name && (role == WordRole::kArticle || role == WordRole::kConnector)) continue;
    internal::AppendWordKey(list.Fold(list.tokens[i]), true, out);
  }
}

// The scratch space of one thread: keys are computed without allocating once
// these have grown.
struct Scratch {
  TokenList tokens;
  std::vector<UnitSpan> units;
};
Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Appends s as written, with each run of whitespace as one space and invalid
// bytes as U+FFFD.
void AppendCleanText(std::string_view s, std::string* out) {
  bool space = false;
  for (size_t pos = 0; pos < s.size();) {
    const size_t start = pos;
    bool valid = true;
    const char32_t c = internal::DecodeUtf8(s, &pos, &valid);
    if (internal::IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out->empty()) out->push_back(' ');
    space = false;
    if (valid) {
      out->append(s.substr(start, pos - start));
    } else {
      internal::AppendUtf8(c, out);
    }
  }
}

// Decodes s into code points (invalid bytes as U+FFFD).
void DecodeAll(std::string_view s, std::vector<char32_t>* out) {
  out->clear();
  for (size_t pos = 0; pos < s.size();) {
    bool valid = true;
    out->push_back(internal::DecodeUtf8(s, &pos, &valid));
  }
}

}  // namespace

std::string NameKey(std::string_view name) {
  Scratch& scratch = ThreadScratch();
  internal::Tokenize(name, &scratch.tokens);
  GroupUnits(scratch.tokens, &scratch.units);
  std::string key;
  for (const UnitSpan& unit : scratch.units) {
    const size_t before = key.size();
    if (before > 0) key.push_back(' ');
    AppendUnitKey(scratch.tokens, unit, &key);
    if (key.size() == before + (before > 0 ? 1 : 0)) key.resize(before);  // unit keyed to nothing
  }
  return key;
}

std::vector<std::string> SplitNameUnits(std::string_view full_name) {
  Scratch& scratch = ThreadScratch();
  internal::Tokenize(full_name, &scratch.tokens);
  GroupUnits(scratch.tokens, &scratch.units);
  std::vector<std::string> units;
  units.reserve(scratch.units.size());
  for (const UnitSpan& unit : scratch.units) {
    const Token& first = scratch.tokens.tokens[unit.first];
    const Token& last = scratch.tokens.tokens[unit.last];
    std::string text;
    AppendCleanText(full_name.substr(first.begin, last.end - first.begin), &text);
    units.push_back(std::move(text));
  }
  return units;
}

double JaroWinkler(std::string_view a, std::string_view b) {
  thread_local std::vector<char32_t> s1;
  thread_local std::vector<char32_t> s2;
  thread_local std::vector<char> matched1;
  thread_local std::vector<char> matched2;
  DecodeAll(a, &s1);
  DecodeAll(b, &s2);
  if (s1.empty() && s2.empty()) return 1.0;
  if (s1.empty() || s2.empty()) return 0.0;
  const size_t window = std::max(s1.size(), s2.size()) / 2;
  const size_t reach = window > 0 ? window - 1 : 0;
  matched1.assign(s1.size(), 0);
  matched2.assign(s2.size(), 0);
  size_t matches = 0;
  for (size_t i = 0; i < s1.size(); ++i) {
    const size_t lo = i > reach ? i - reach : 0;
    const size_t hi = std::min(s2.size(), i + reach + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (matched2[j] || s1[i] != s2[j]) continue;
      matched1[i] = matched2[j] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  for (size_t i = 0, j = 0; i < s1.size(); ++i) {
    if (!matched1[i]) continue;
    while (!matched2[j]) ++j;
    if (s1[i] != s2[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(s1.size()) + m / static_cast<double>(s2.size()) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < s1.size() && prefix < s2.size() && s1[prefix] == s2[prefix]) {
    ++prefix;
  }
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

}  // namespace sijil::text
