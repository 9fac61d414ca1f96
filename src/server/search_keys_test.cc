#include "server/internal/search_keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sijil::server::internal {
namespace {

bool Matches(std::string_view query, std::string_view name) {
  return MatchScore(QueryTerms(query), name) > 0;
}

TEST(SearchKeysTest, KeysAreAsciiAndIgnoreArticlesAndMarks) {
  for (const std::string& key : NameKeys("مُحَمَّد الحلبيّ Sa'id al-Halabi")) {
    for (char c : key) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << key;
  }
  EXPECT_EQ(NameKeys("Sa'id AL-HALABI"), NameKeys("said halabi"));
  EXPECT_EQ(NameKeys("محمد"), NameKeys("مُحَمَّد"));
  EXPECT_TRUE(NameKeys("").empty());
}

TEST(SearchKeysTest, QueriesMatchPrefixesAndTheArabicStem) {
  EXPECT_TRUE(Matches("halab", "Mohammad al-Halabi"));
  EXPECT_TRUE(Matches("الحلبي", "محمد الحلبي"));
  EXPECT_TRUE(Matches("حلبي", "محمد الحلبي"));
  EXPECT_FALSE(Matches("homs", "محمد الحلبي"));
  const std::vector<store::SearchTerm> terms = QueryTerms("ahmad hala");
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_FALSE(terms[0].prefix);
  EXPECT_TRUE(terms[1].prefix);
}

TEST(SearchKeysTest, ExactMatchesScoreHigherThanPrefixes) {
  const double exact = MatchScore(QueryTerms("ahmad haddad"), "Ahmad Haddad");
  const double prefix = MatchScore(QueryTerms("ahmad hadd"), "Ahmad Haddad");
  EXPECT_DOUBLE_EQ(exact, 1.0);
  EXPECT_LT(prefix, exact);
  EXPECT_GT(prefix, 0.5);
}

}  // namespace
}  // namespace sijil::server::internal
