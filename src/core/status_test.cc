#include "core/status.h"

#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <vector>

namespace sijil {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return InvalidArgumentError(std::to_string(n) + " is odd");
  return n / 2;
}

Result<int> Quarter(int n) {
  ASSIGN_OR_RETURN(int half, Half(n));
  ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int n) {
  RETURN_IF_ERROR(Half(n));
  return OkStatus();
}

TEST(StatusTest, OkHasNoMessage) {
  Status ok(StatusCode::kOk, "ignored");
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.message(), "");
  EXPECT_EQ(ok.ToString(), "ok");
}

TEST(StatusTest, ErrorCarriesCodeAndContext) {
  Status error = NotFoundError("no source 'x'").WithContext("import");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.code(), StatusCode::kNotFound);
  EXPECT_EQ(error.ToString(), "not_found: import: no source 'x'");
}

TEST(ResultTest, PropagatesValuesAndErrors) {
  EXPECT_EQ(Quarter(12).value(), 3);
  Result<int> odd = Quarter(6);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.status().message(), "3 is odd");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(5).code(), StatusCode::kInvalidArgument);
}

Result<std::vector<std::string>> Names() {
  return std::vector<std::string>{"Ahmad al-Hassan", "Fatima Khalil"};
}

// A range-for binds the range to a reference that lives to the loop's end,
// but a temporary inside it does not: value() on a temporary must therefore
// hand back the value, not a reference into the dying Result (ASan reported
// heap-use-after-free when it did).
TEST(ResultTest, ValueOfATemporaryIsMovedOutOfIt) {
  static_assert(std::is_same_v<decltype(Names().value()), std::vector<std::string>>);
  static_assert(std::is_same_v<decltype(*Names()), std::vector<std::string>>);
  std::string joined;
  for (const std::string& name : Names().value()) joined += name + ";";
  EXPECT_EQ(joined, "Ahmad al-Hassan;Fatima Khalil;");
}

}  // namespace
}  // namespace sijil
