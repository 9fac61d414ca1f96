#include <gtest/gtest.h>

#include <string>

#include "text/text.h"

namespace sijil::text {
namespace {

TEST(NameKeyTest, SameNameAcrossScripts) {
  EXPECT_EQ(NameKey("Mohammad"), NameKey("محمد"));
  EXPECT_EQ(NameKey("Abdulrahman"), NameKey("عبد الرحمن"));
  EXPECT_EQ(NameKey("al-Zoubi"), NameKey("الزعبي"));
}

}  // namespace
}  // namespace sijil::text
