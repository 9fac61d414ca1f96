#include "server/internal/search_keys.h"

#include <algorithm>
#include <set>

#include "text/text.h"

namespace sijil::server::internal {
namespace {

constexpr std::string_view kArabicArticle = "\xD8\xA7\xD9\x84";  // ال

bool IsAscii(std::string_view word) {
  return std::all_of(word.begin(), word.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string KeyOf(std::string_view word) {
  if (IsAscii(word)) return "l" + std::string(word);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key = "u";
  for (char c : word) {
    key += kHex[static_cast<unsigned char>(c) >> 4];
    key += kHex[static_cast<unsigned char>(c) & 0xf];
  }
  return key;
}

std::vector<std::string> Words(std::string_view name) {
  const std::string normal = text::NormalizeName(name);
  std::vector<std::string> words;
  size_t start = 0;
  while (start < normal.size()) {
    size_t end = normal.find(' ', start);
    if (end == std::string::npos) end = normal.size();
    std::string word = normal.substr(start, end - start);
    if (word != "al" && word != "el" && word != kArabicArticle) words.push_back(std::move(word));
    start = end + 1;
  }
  return words;
}

// An Arabic word with the article, and its stem when long enough to mean
// something ("الحلبي" -> "حلبي").
void AddArabicStem(const std::string& word, std::vector<std::string>* forms) {
  if (word.starts_with(kArabicArticle) && word.size() >= kArabicArticle.size() + 4) {
    forms->push_back(word.substr(kArabicArticle.size()));
  }
}

}  // namespace

std::vector<std::string> NameKeys(std::string_view name) {
  std::set<std::string> keys;
  for (const std::string& word : Words(name)) {
    std::vector<std::string> forms = {word};
    AddArabicStem(word, &forms);
    for (const std::string& form : forms) keys.insert(KeyOf(form));
  }
  return {keys.begin(), keys.end()};
}

std::vector<store::SearchTerm> QueryTerms(std::string_view query) {
  std::vector<std::string> words = Words(query);
  std::vector<store::SearchTerm> terms;
  for (size_t word_idx = 0; word_idx < words.size(); ++word_idx) {
    std::string word = words[word_idx];
    std::vector<std::string> stem;
    AddArabicStem(word, &stem);
    // A query's Arabic article is optional: search the stem, a prefix of both.
    if (!stem.empty()) word = stem[0];
    const bool prefix = word_idx + 1 == words.size() || word.size() < 2 || !stem.empty();
    terms.push_back({KeyOf(word), prefix});
  }
  return terms;
}

double MatchScore(const std::vector<store::SearchTerm>& query_terms, std::string_view name) {
  const std::vector<std::string> words = Words(name);
  if (query_terms.empty() || words.empty()) return 0;
  std::vector<std::vector<std::string>> word_keys;
  for (const std::string& word : words) {
    std::vector<std::string> forms = {word};
    AddArabicStem(word, &forms);
    std::vector<std::string>& keys = word_keys.emplace_back();
    for (const std::string& form : forms) keys.push_back(KeyOf(form));
  }
  double points = 0;
  for (const store::SearchTerm& term : query_terms) {
    double best = 0;
    for (const std::vector<std::string>& keys : word_keys) {
      for (const std::string& key : keys) {
        if (key == term.key) best = 1;
        if (term.prefix && key.starts_with(term.key)) best = std::max(best, 0.8);
      }
    }
    points += best;
  }
  return points / static_cast<double>(std::max(query_terms.size(), words.size()));
}

}  // namespace sijil::server::internal
