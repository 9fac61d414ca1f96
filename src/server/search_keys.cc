#include "server/internal/search_keys.h"

#include <algorithm>

#include "text/text.h"

namespace sijil::server::internal {
namespace {

// A name unit with its comparison forms.
struct Unit {
  std::string normal;  // text::NormalizeName
  std::string key;     // text::NameKey, without spaces
};

std::vector<Unit> UnitsOf(std::string_view name) {
  std::vector<Unit> units;
  for (const std::string& unit : text::SplitNameUnits(name)) {
    std::string key = text::NameKey(unit);
    std::erase(key, ' ');
    if (key.empty()) continue;
    units.push_back({text::NormalizeName(unit), std::move(key)});
  }
  return units;
}

// A unit of fewer than four letters is probably still being typed. Longer
// ones are searched whole: a short key's prefix matches a large part of
// the index ("shm" is the start of many names).
bool IsShort(std::string_view normal) {
  const auto letters = std::count_if(normal.begin(), normal.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80 && c != ' ';
  });
  return letters < 4;
}

}  // namespace

std::vector<std::string> NameKeys(std::string_view name) {
  std::vector<std::string> keys;
  for (Unit& unit : UnitsOf(name)) keys.push_back(std::move(unit.key));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::vector<store::SearchTerm> QueryTerms(std::string_view query, size_t max_terms) {
  std::vector<Unit> units = UnitsOf(query);
  if (units.size() > max_terms) units.resize(max_terms);
  std::vector<store::SearchTerm> terms;
  for (size_t unit_idx = 0; unit_idx < units.size(); ++unit_idx) {
    const bool last = unit_idx + 1 == units.size();
    terms.push_back({units[unit_idx].key, last && IsShort(units[unit_idx].normal)});
  }
  return terms;
}

double MatchScore(std::string_view query, std::string_view name) {
  const std::vector<Unit> query_units = UnitsOf(query);
  const std::vector<Unit> name_units = UnitsOf(name);
  if (query_units.empty() || name_units.empty()) return 0;
  double points = 0;
  for (size_t query_idx = 0; query_idx < query_units.size(); ++query_idx) {
    const Unit& wanted = query_units[query_idx];
    const bool last = query_idx + 1 == query_units.size();
    double best = 0;
    for (const Unit& unit : name_units) {
      double score = 0.5 * text::JaroWinkler(wanted.normal, unit.normal);
      if (last && unit.key.starts_with(wanted.key)) score = std::max(score, 0.7);
      if (unit.key == wanted.key) score = std::max(score, 0.9);
      if (unit.normal == wanted.normal) score = 1;
      best = std::max(best, score);
    }
    points += best;
  }
  return points / static_cast<double>(std::max(query_units.size(), name_units.size()));
}

}  // namespace sijil::server::internal
