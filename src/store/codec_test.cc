#include "store/internal/codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sijil::store::internal {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(PairsJsonTest, RoundTripsArabicQuotesAndControlCharacters) {
  const std::vector<Attribute> pairs = {{"الاسم", "محمد \"أبو\" علي"},
                                        {"back\\slash", "tab\there\nnewline"},
                                        {"", ""},
                                        {"x", "\x01"}};
  std::string json;
  ASSERT_TRUE(AppendPairsJson(pairs, "raw", &json).ok());
  Result<std::vector<Attribute>> parsed = ParsePairsJson(json);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, pairs);
}

TEST(PairsJsonTest, EmptyListIsAnEmptyArray) {
  std::string json;
  ASSERT_TRUE(AppendPairsJson({}, "extra", &json).ok());
  EXPECT_EQ(json, "[]");
  EXPECT_TRUE(ParsePairsJson(json)->empty());
}

TEST(PairsJsonTest, RejectsInvalidUtf8WithTheColumnName) {
  std::string json;
  Status status = AppendPairsJson({{"notes", "bad \xC3\x28 byte"}}, "raw", &json);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("raw column 'notes'"));
  // Overlong encoding of '/' and a lone surrogate are not UTF-8 either.
  EXPECT_FALSE(AppendPairsJson({{"a", "\xC0\xAF"}}, "raw", &json).ok());
  EXPECT_FALSE(AppendPairsJson({{"a", "\xED\xA0\x80"}}, "raw", &json).ok());
}

TEST(PairsJsonTest, ParseRejectsOtherShapesAsDataLoss) {
  EXPECT_EQ(ParsePairsJson("{").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ParsePairsJson("{}").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ParsePairsJson("[[\"a\"]]").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ParsePairsJson("[[\"a\", 1]]").status().code(), StatusCode::kDataLoss);
}

Sha256 HashOf(const Record& record) {
  FieldTexts texts;
  CanonicalTexts(record, &texts);
  std::string extra;
  std::string raw;
  EXPECT_TRUE(AppendPairsJson(record.extra, "extra", &extra).ok());
  EXPECT_TRUE(AppendPairsJson(record.raw, "raw", &raw).ok());
  ContentHasher hasher;
  return hasher.Hash(texts, record.normalized, extra, raw, record.sensitivity).value();
}

TEST(ContentHashTest, IsStableAndSeesEveryPart) {
  Record record;
  record.record_id = "R1";
  record.given_name = "محمد";
  record.extra = {{"a", "b"}};
  record.raw = {{"ID", "R1"}};
  const Sha256 base = HashOf(record);
  EXPECT_EQ(HashOf(record), base);

  Record changed = record;
  changed.normalized.given_name = "محمد";
  EXPECT_NE(HashOf(changed), base);
  changed = record;
  changed.raw.emplace_back("x", "");
  EXPECT_NE(HashOf(changed), base);
  changed = record;
  changed.sex = Sex::kFemale;
  EXPECT_NE(HashOf(changed), base);
}

TEST(ContentHashTest, LengthPrefixesRemoveAmbiguity) {
  Record a;
  a.extra = {{"ab", "c"}};
  Record b;
  b.extra = {{"a", "bc"}};
  EXPECT_NE(HashOf(a), HashOf(b));
  Record c;
  c.given_name = "x";
  Record d;
  d.father_name = "x";
  EXPECT_NE(HashOf(c), HashOf(d));
  Record e;
  e.extra = {{"k", "v"}};
  Record f;
  f.raw = {{"k", "v"}};
  EXPECT_NE(HashOf(e), HashOf(f));
}

TEST(NowUtcTest, IsIso8601Utc) {
  EXPECT_THAT(NowUtc(), MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
}

}  // namespace
}  // namespace sijil::store::internal
