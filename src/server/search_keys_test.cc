#include "server/internal/search_keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sijil::server::internal {
namespace {

// True when the index keys of `name` satisfy every term of `query`.
bool Finds(std::string_view query, std::string_view name) {
  const std::vector<std::string> keys = NameKeys(name);
  const std::vector<store::SearchTerm> terms = QueryTerms(query);
  if (terms.empty()) return false;
  for (const store::SearchTerm& term : terms) {
    const bool hit = std::any_of(keys.begin(), keys.end(), [&](const std::string& key) {
      return term.prefix ? key.starts_with(term.key) : key == term.key;
    });
    if (!hit) return false;
  }
  return true;
}

TEST(SearchKeysTest, KeysAreAsciiAndCrossScript) {
  for (const std::string& key : NameKeys("مُحَمَّد الحلبيّ Sa'id al-Halabi")) {
    for (char c : key) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << key;
  }
  EXPECT_EQ(NameKeys("Mohammad al-Halabi"), NameKeys("محمد الحلبي"));
  EXPECT_EQ(NameKeys("محمد"), NameKeys("مُحَمَّد"));
  EXPECT_TRUE(NameKeys("").empty());
  EXPECT_TRUE(QueryTerms(" - ").empty());
}

TEST(SearchKeysTest, QueriesFindAcrossScriptsAndByPrefix) {
  EXPECT_TRUE(Finds("Mohammad al-Halabi", "محمد الحلبي"));
  EXPECT_TRUE(Finds("محمد الحلبي", "Muhammad Halabi"));
  EXPECT_TRUE(Finds("halab", "Mohammad al-Halabi"));
  EXPECT_FALSE(Finds("homsi", "محمد الحلبي"));
  const std::vector<store::SearchTerm> terms = QueryTerms("ahmad hal");
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_FALSE(terms[0].prefix);
  EXPECT_TRUE(terms[1].prefix);
  EXPECT_FALSE(QueryTerms("ahmad halabi")[1].prefix);
}

TEST(SearchKeysTest, TheSameSpellingRanksAboveAnotherScript) {
  const double same = MatchScore("محمد الحلبي", "محمد الحلبي");
  const double cross = MatchScore("Mohammad al-Halabi", "محمد الحلبي");
  const double partial = MatchScore("Mohammad", "محمد الحلبي");
  EXPECT_DOUBLE_EQ(same, 1.0);
  EXPECT_LT(cross, same);
  EXPECT_GT(cross, 0.8);
  EXPECT_LT(partial, cross);
  EXPECT_EQ(MatchScore("", "محمد"), 0);
}

}  // namespace
}  // namespace sijil::server::internal
