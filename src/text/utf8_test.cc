#include "text/internal/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "text/text.h"

namespace sijil::text {
namespace {

class ValidUtf8Test : public testing::TestWithParam<std::string> {};

TEST_P(ValidUtf8Test, IsAccepted) {
  EXPECT_TRUE(IsValidUtf8(GetParam())) << GetParam();
  EXPECT_EQ(FindInvalidUtf8(GetParam()), std::string_view::npos) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Texts, ValidUtf8Test,
                         testing::Values("", "abc",
                                         "a long ASCII line that takes the eight-byte path", "محمد",
                                         "Muḥammad", "😀", "\xEF\xBB\xBF",  // BOM
                                         "\x7F", "\xC2\x80",               // lowest two-byte
                                         "\xED\x9F\xBF",      // U+D7FF, just below the surrogates
                                         "\xEE\x80\x80",      // U+E000, just above them
                                         "\xF4\x8F\xBF\xBF",  // U+10FFFF
                                         std::string("nul\0inside", 10)));

struct BadCase {
  std::string bytes;
  size_t offset;
  const char* why;
};

class InvalidUtf8Test : public testing::TestWithParam<BadCase> {};

TEST_P(InvalidUtf8Test, IsFoundAtItsOffset) {
  EXPECT_FALSE(IsValidUtf8(GetParam().bytes)) << GetParam().why;
  EXPECT_EQ(FindInvalidUtf8(GetParam().bytes), GetParam().offset) << GetParam().why;
}

INSTANTIATE_TEST_SUITE_P(Sequences, InvalidUtf8Test,
                         testing::Values(BadCase{"ab\xC0\x80", 2, "overlong NUL"},
                                         BadCase{"\xC1\xBF", 0, "overlong two-byte"},
                                         BadCase{"\xE0\x80\xAF", 0, "overlong slash"},
                                         BadCase{"\xF0\x82\x82\xAC", 0, "overlong euro sign"},
                                         BadCase{"\xED\xA0\x80", 0, "high surrogate"},
                                         BadCase{"x\xED\xBF\xBF", 1, "low surrogate"},
                                         BadCase{"محمد\xD9", 8, "truncated at the end"},
                                         BadCase{"\xE2\x82", 0, "truncated three-byte"},
                                         BadCase{"\xD9x", 0, "lead byte followed by ASCII"},
                                         BadCase{"x\xF5\x80\x80\x80", 1, "F5 lead, above U+10FFFF"},
                                         BadCase{"\xF4\x90\x80\x80", 0, "U+110000"},
                                         BadCase{"ok\x80", 2, "stray continuation byte"},
                                         BadCase{"\xC3\xA9\xFF", 2, "FF never appears"},
                                         BadCase{"0123456789abcdef\xFE", 16,
                                                 "after the eight-byte path"},
                                         BadCase{"\xC8\xE3\xCD\xE3\xCF", 0, "Windows-1256 محمد"}));

TEST(AsciiDigitsTest, ReplacesArabicIndicAndPersianDigits) {
  EXPECT_EQ(AsciiDigits("٧/٤/٢٠١٣"), "7/4/2013");
  EXPECT_EQ(AsciiDigits("۲۰۱۳"), "2013");
  EXPECT_EQ(AsciiDigits("۱۹۸۵م"), "1985م");
  EXPECT_EQ(AsciiDigits("٠١٢٣٤٥٦٧٨٩"), "0123456789");
}

TEST(AsciiDigitsTest, LeavesEverythingElse) {
  EXPECT_EQ(AsciiDigits("abc 123"), "abc 123");
  EXPECT_EQ(AsciiDigits("أحمد  ٱ"), "أحمد  ٱ");
  EXPECT_EQ(AsciiDigits(""), "");
}

TEST(AsciiDigitsTest, ReplacesInvalidBytes) {
  EXPECT_EQ(AsciiDigits("\xFF٣"),
            "\uFFFD"
            "3");
}

TEST(Utf8InternalTest, RoundTripsEveryScalarValue) {
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string encoded;
    internal::AppendUtf8(c, &encoded);
    size_t pos = 0;
    bool valid = false;
    ASSERT_EQ(internal::DecodeUtf8(encoded, &pos, &valid), c);
    ASSERT_TRUE(valid);
    ASSERT_EQ(pos, encoded.size());
  }
}

}  // namespace
}  // namespace sijil::text
