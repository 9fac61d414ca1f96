#include <gtest/gtest.h>

#include "vault/vault.h"

namespace sijil::vault {
namespace {

TEST(BagManifestTest, RoundTripsPathsWithReservedBytes) {
  const std::vector<BagManifestLine> lines = {{"data/a b.txt", Sha256("a")},
                                              {"data/100%\nreal\r.jpg", Sha256("b")},
                                              {"data/شهادة.pdf", Sha256("c")}};
  const std::string text = FormatBagManifest(lines);
  EXPECT_NE(text.find("data/100%25%0Areal%0D.jpg\n"), std::string::npos) << text;
  Result<std::vector<BagManifestLine>> parsed = ParseBagManifest(text, "m.txt");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->size(), 3u);
  for (size_t at = 0; at < lines.size(); ++at) {
    EXPECT_EQ((*parsed)[at].path, lines[at].path);
    EXPECT_EQ((*parsed)[at].sha256, lines[at].sha256);
  }
}

TEST(BagManifestTest, RejectsAnythingItDoesNotWrite) {
  const std::string hex = ToHex(Sha256("a"));
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::pair<std::string, std::string> cases[] = {
      {hex + "  data/a", "does not end in LF"},
      {hex + " data/a\n", "two spaces"},
      {upper + "  data/a\n", "lowercase hex"},
      {hex.substr(1) + "  data/a\n", "64 lowercase hex"},
      {hex + "  data/../x\n", "'..'"},
      {hex + "  /etc/passwd\n", "relative"},
      {hex + "  data//a\n", "empty"},
      {hex + "  data/a%41\n", "%25, %0A or %0D"},
      {hex + "  data/a\n" + hex + "  data/a\n", "listed twice"},
  };
  for (const auto& [text, expected] : cases) {
    Result<std::vector<BagManifestLine>> parsed = ParseBagManifest(text, "manifest-sha256.txt");
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kDataLoss);
    EXPECT_NE(parsed.status().message().find("manifest-sha256.txt"), std::string::npos);
    EXPECT_NE(parsed.status().message().find(expected), std::string::npos)
        << text << ": " << parsed.status().message();
  }
}

TEST(BagInfoTest, RoundTripsContinuationLines) {
  const BagInfo info = {{"Source-Organization", "Org"},
                        {"External-Description", "two\nlines"},
                        {"Source-Organization", "Second"}};
  const std::string text = FormatBagInfo(info);
  EXPECT_EQ(text,
            "Source-Organization: Org\nExternal-Description: two\n  lines\n"
            "Source-Organization: Second\n");
  Result<BagInfo> parsed = ParseBagInfo(text);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, info);
}

TEST(BagInfoTest, NamesTheBadLine) {
  Result<BagInfo> parsed = ParseBagInfo("A: b\nno label here\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("bag-info.txt line 2"), std::string::npos);
  EXPECT_FALSE(ParseBagInfo("  continued\n").ok());
  EXPECT_FALSE(ParseBagInfo(": empty label\n").ok());
}

}  // namespace
}  // namespace sijil::vault
