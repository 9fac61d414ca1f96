#include "link/internal/keys.h"

#include "text/text.h"

namespace sijil::link::internal {

std::string UnitKey(std::string_view unit) { return text::NameKey(unit); }

std::vector<std::string> NameUnits(std::string_view full_name) {
  return text::SplitNameUnits(full_name);
}

std::string TextKey(std::string_view text) {
  std::string key;
  for (const std::string& unit : text::SplitNameUnits(text)) {
    std::string unit_key = text::NameKey(unit);
    if (unit_key.empty()) continue;
    if (!key.empty()) key += ' ';
    key += unit_key;
  }
  return key;
}

namespace {

// Cannot start a TextKey, so a facility never equals a plain text.
constexpr char kFacilityPrefix = '@';

}  // namespace

std::string FreeTextKey(std::string_view text) {
  if (std::optional<std::string> facility = text::ResolveFacility(text)) {
    return *facility == "unknown" ? "" : kFacilityPrefix + *facility;
  }
  return TextKey(text);
}

bool IsFacilityKey(std::string_view key) { return key.starts_with(kFacilityPrefix); }

double Similarity(std::string_view a, std::string_view b) { return text::JaroWinkler(a, b); }

bool OneEditApart(std::string_view a, std::string_view b) {
  if (a.size() < 3 || b.size() < 3 || a == b) return false;
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() - b.size() > 1) return false;
  size_t prefix = 0;
  while (prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  if (a.size() > b.size()) return a.substr(prefix + 1) == b.substr(prefix);  // dropped
  if (a.substr(prefix + 1) == b.substr(prefix + 1)) return true;             // changed
  return prefix + 1 < a.size() && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix] &&
         a.substr(prefix + 2) == b.substr(prefix + 2);  // swapped
}

Place ResolvePlaceCells(std::string_view governorate, std::string_view district,
                        std::string_view city) {
  for (std::string_view cell : {city, district, governorate}) {
    if (cell.empty()) continue;
    if (std::optional<text::PlaceMatch> match = text::ResolvePlace(cell)) {
      return Place{
          .governorate = match->governorate, .district = match->district, .city = match->city};
    }
  }
  return Place{};
}

}  // namespace sijil::link::internal
