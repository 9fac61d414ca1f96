// Private to server: the keys that make names searchable across scripts.
//
// A name is cut into name units (text::SplitNameUnits: compounds such as
// "عبد الرحمن" stay one unit, articles stay attached) and each unit gives its
// cross-script key (text::NameKey), so "Mohammad al-Halabi" and "محمد الحلبي"
// both give {"mhmd", "hlb"}. Keys are ASCII, as the store's prefix search
// needs. Ranking then compares the units themselves.
#ifndef SIJIL_SERVER_INTERNAL_SEARCH_KEYS_H_
#define SIJIL_SERVER_INTERNAL_SEARCH_KEYS_H_

#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace sijil::server::internal {

// Returns the distinct keys of `name` (any field of a person's name).
std::vector<std::string> NameKeys(std::string_view name);

// Returns the search terms of a query typed by a user: one per name unit
// (at most `max_terms`); the last one is a prefix when it has fewer than
// four letters (the user is probably still typing it).
std::vector<store::SearchTerm> QueryTerms(std::string_view query, size_t max_terms = 8);

// Returns how well `query` matches `name`, in [0, 1]: each query unit
// scores its best unit of the name (1 for the same normalised spelling, 0.9
// for the same cross-script key, 0.7 for a key prefix of the last unit,
// else their Jaro-Winkler similarity times 0.5), summed over the larger of
// the two unit counts.
double MatchScore(std::string_view query, std::string_view name);

}  // namespace sijil::server::internal

#endif  // SIJIL_SERVER_INTERNAL_SEARCH_KEYS_H_
