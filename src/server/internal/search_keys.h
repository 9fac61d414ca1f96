// Private to server: the keys that make names searchable.
//
// A name is cut into words after text::NormalizeName; each word gives one
// key. Arabic words also give a key without the article "ال" and Latin ones
// lose a separate article word ("al", "el"), so "al-Halabi" and "Halabi"
// meet. Keys are ASCII, as the store's prefix search needs: Latin words are
// kept as they are, others are hex-encoded.
#ifndef SIJIL_SERVER_INTERNAL_SEARCH_KEYS_H_
#define SIJIL_SERVER_INTERNAL_SEARCH_KEYS_H_

#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace sijil::server::internal {

// Returns the distinct keys of `name` (any field of a person's name).
std::vector<std::string> NameKeys(std::string_view name);

// Returns the search terms of a query typed by a user: one per word, the
// last one a prefix (the user may still be typing it); words shorter than
// two letters are prefixes too.
std::vector<store::SearchTerm> QueryTerms(std::string_view query);

// Returns how well `query_terms` cover the words of `name`, in [0, 1]: a
// word matched exactly counts 1, by prefix 0.8, over the larger of the
// query's and the name's word counts.
double MatchScore(const std::vector<store::SearchTerm>& query_terms, std::string_view name);

}  // namespace sijil::server::internal

#endif  // SIJIL_SERVER_INTERNAL_SEARCH_KEYS_H_
