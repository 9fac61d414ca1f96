#include <gtest/gtest.h>

#include "text/text.h"

namespace sijil::text {
namespace {

TEST(GazetteerTest, ResolvesGovernorate) {
  ASSERT_TRUE(ResolvePlace("درعا").has_value());
  EXPECT_EQ(ResolvePlace("Deraa")->governorate, "Daraa");
}

}  // namespace
}  // namespace sijil::text
