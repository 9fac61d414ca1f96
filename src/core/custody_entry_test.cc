#include "core/custody_entry.h"

#include <gtest/gtest.h>

namespace sijil {
namespace {

CustodyEntry Sample() {
  return CustodyEntry{.index = 42,
                      .time = "2026-01-02T03:04:05Z",
                      .kind = "ingest",
                      .fields = {{"size", "12"}, {"name", "a%b\nc"}, {"case", "دمشق"}}};
}

TEST(CustodyEntryTest, EncodesCanonicallyWithSortedEscapedFields) {
  Result<std::string> bytes = EncodeCustodyEntry(Sample());
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(*bytes,
            "sijil-custody v1\nindex 42\ntime 2026-01-02T03:04:05Z\nkind ingest\n"
            "case دمشق\nname a%25b%0Ac\nsize 12\n");
}

TEST(CustodyEntryTest, RoundTripsThroughDecode) {
  const std::string bytes = *EncodeCustodyEntry(Sample());
  Result<CustodyEntry> decoded = DecodeCustodyEntry(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->index, 42);
  EXPECT_EQ(decoded->Get("name"), "a%b\nc");
  EXPECT_EQ(decoded->Get("missing"), "");
  EXPECT_EQ(*EncodeCustodyEntry(*decoded), bytes);
}

TEST(CustodyEntryTest, RejectsEveryNonCanonicalSpelling) {
  const std::string good = *EncodeCustodyEntry(Sample());
  const std::string header = "sijil-custody v1\nindex 42\ntime 2026-01-02T03:04:05Z\nkind ingest\n";
  const std::vector<std::string> bad = {
      "",
      "sijil-custody v2\n",
      good.substr(0, good.size() - 1),                                     // no final LF
      header + "size 12\ncase x\n",                                        // unsorted
      header + "case x\ncase y\n",                                         // repeated
      header + "name a%2\n",                                               // short escape
      header + "name a%0a\n",                                              // lowercase hex
      header + "name a%41\n",                                              // needless escape
      header + "name a\tb\n",                                              // raw control byte
      header + "Name x\n",                                                 // bad key
      header + "kind x\n",                                                 // reserved key
      header + "novalue\n",                                                // no space
      "sijil-custody v1\nindex 042\ntime 2026-01-02T03:04:05Z\nkind a\n",  // leading zero
      "sijil-custody v1\nindex -1\ntime 2026-01-02T03:04:05Z\nkind a\n",
      "sijil-custody v1\nindex -0\ntime 2026-01-02T03:04:05Z\nkind a\n",  // found by fuzzing
      "sijil-custody v1\nindex +1\ntime 2026-01-02T03:04:05Z\nkind a\n",
      "sijil-custody v1\nindex 1\ntime 2026-13-02T03:04:05Z\nkind a\n",
      "sijil-custody v1\nindex 1\ntime 2026-01-02T03:04:05Z\nkind A\n",
      "sijil-custody v1\ntime 2026-01-02T03:04:05Z\nindex 1\nkind a\n",
  };
  for (const std::string& bytes : bad) {
    Result<CustodyEntry> decoded = DecodeCustodyEntry(bytes);
    EXPECT_FALSE(decoded.ok()) << "accepted: " << bytes;
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss);
    }
  }
}

TEST(CustodyEntryTest, EncodeRejectsInvalidEntries) {
  CustodyEntry entry = Sample();
  entry.fields.push_back({"time", "x"});
  EXPECT_EQ(EncodeCustodyEntry(entry).status().code(), StatusCode::kInvalidArgument);
  entry = Sample();
  entry.fields.push_back({"size", "13"});
  EXPECT_EQ(EncodeCustodyEntry(entry).status().code(), StatusCode::kInvalidArgument);
  entry = Sample();
  entry.time = "2026-01-02 03:04:05";
  EXPECT_EQ(EncodeCustodyEntry(entry).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sijil
