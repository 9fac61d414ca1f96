#include "link/internal/keys.h"

#include <algorithm>
#include <cstdint>

#include "text/text.h"

namespace sijil::link::internal {

std::string UnitKey(std::string_view unit) {
  std::string key = text::NormalizeName(unit);
  std::erase(key, ' ');
  return key;
}

std::vector<std::string> NameUnits(std::string_view full_name) {
  text::NameParts parts = text::SplitFullName(full_name);
  std::vector<std::string> units;
  for (std::string* part : {&parts.given, &parts.father, &parts.grandfather, &parts.family}) {
    if (!part->empty()) units.push_back(std::move(*part));
  }
  return units;
}

std::string TextKey(std::string_view text) { return text::NormalizeName(text); }

double Similarity(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return 0;
  if (a == b) return 1;
  const int len_a = static_cast<int>(a.size());
  const int len_b = static_cast<int>(b.size());
  const int window = std::max(0, std::max(len_a, len_b) / 2 - 1);
  uint64_t used_b[4] = {0, 0, 0, 0};
  std::string matched_a;
  for (int i = 0; i < len_a && i < 256; ++i) {
    const int lo = std::max(0, i - window);
    const int hi = std::min(std::min(len_b, 256) - 1, i + window);
    for (int j = lo; j <= hi; ++j) {
      if ((used_b[j / 64] >> (j % 64) & 1) == 0 && a[i] == b[j]) {
        used_b[j / 64] |= uint64_t{1} << (j % 64);
        matched_a.push_back(a[i]);
        break;
      }
    }
  }
  if (matched_a.empty()) return 0;
  int transpositions = 0;
  size_t k = 0;
  for (int j = 0; j < len_b && j < 256; ++j) {
    if ((used_b[j / 64] >> (j % 64) & 1) == 0) continue;
    if (b[j] != matched_a[k]) ++transpositions;
    ++k;
  }
  const double matches = static_cast<double>(matched_a.size());
  const double jaro =
      (matches / len_a + matches / len_b + (matches - transpositions / 2.0) / matches) / 3.0;
  int prefix = 0;
  while (prefix < 4 && prefix < len_a && prefix < len_b && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

Place ResolvePlaceCells(std::string_view governorate, std::string_view district,
                        std::string_view city) {
  return Place{.governorate = TextKey(governorate),
               .district = TextKey(district),
               .city = TextKey(city)};
}

}  // namespace sijil::link::internal
