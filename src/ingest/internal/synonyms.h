// Private to ingest: matching user-written values and headers against lists
// of known spellings, whatever their script, case, diacritics or spacing.
#ifndef SIJIL_INGEST_INTERNAL_SYNONYMS_H_
#define SIJIL_INGEST_INTERNAL_SYNONYMS_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/text.h"

namespace sijil::ingest::internal {

// Reduces text to the key synonyms are compared under: normalised Arabic,
// folded Latin, punctuation dropped, underscores treated as spaces.
inline std::string SynonymKey(std::string_view text) {
  std::string spaced(text);
  for (char& c : spaced) {
    if (c == '_') c = ' ';
  }
  return text::NormalizeName(spaced);
}

// Maps every written spelling of a value, by SynonymKey, to the value.
template <typename T>
class SynonymTable {
 public:
  SynonymTable(std::initializer_list<std::pair<T, std::vector<std::string_view>>> entries) {
    for (const auto& [value, spellings] : entries) {
      for (std::string_view spelling : spellings) by_key_[SynonymKey(spelling)] = value;
    }
  }
  // Returns the value `text` spells, or nullptr.
  const T* Find(std::string_view text) const {
    auto it = by_key_.find(SynonymKey(text));
    return it == by_key_.end() ? nullptr : &it->second;
  }

 private:
  std::unordered_map<std::string, T> by_key_;
};

}  // namespace sijil::ingest::internal

#endif  // SIJIL_INGEST_INTERNAL_SYNONYMS_H_
