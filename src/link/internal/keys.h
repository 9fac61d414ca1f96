// The text functions linkage needs, in one place: name units, cross-script
// keys, similarity and places. They forward to the text module.
#ifndef SIJIL_LINK_INTERNAL_KEYS_H_
#define SIJIL_LINK_INTERNAL_KEYS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sijil::link::internal {

// Returns the cross-script key of one name unit ("" for an empty unit).
std::string UnitKey(std::string_view unit);
// Returns the name units of a full name, in written order.
std::vector<std::string> NameUnits(std::string_view full_name);
// Returns the key of a multi-word text: the unit keys joined by spaces.
std::string TextKey(std::string_view text);
// Returns the key of a free-text value for a kText comparison: a known place
// of detention gives its gazetteer key (one key for "سجن صيدنايا العسكري"
// and "Sednaya Prison"), "not known" gives "" (no value), anything else its
// TextKey.
std::string FreeTextKey(std::string_view text);
// True when `key` (from FreeTextKey) names a place of detention.
bool IsFacilityKey(std::string_view key);
// Returns the Jaro-Winkler similarity of two keys, in [0, 1].
double Similarity(std::string_view a, std::string_view b);
// True when two different keys of three letters or more are one edit apart
// (a letter added, dropped, changed, or two neighbours swapped): المعة /
// الجمعة, يزن / ينز. Jaro-Winkler, which weighs the first letters most,
// scores some of these far apart.
bool OneEditApart(std::string_view a, std::string_view b);

// Canonical place keys; "" where not known.
struct Place {
  std::string governorate;
  std::string district;
  std::string city;
};
// Resolves governorate, district and city cells (any script) to canonical
// keys, the most specific cell that resolves winning.
Place ResolvePlaceCells(std::string_view governorate, std::string_view district,
                        std::string_view city);

}  // namespace sijil::link::internal

#endif  // SIJIL_LINK_INTERNAL_KEYS_H_
