#include "server/internal/json_input.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sijil::server::internal {
namespace {

using ::testing::HasSubstr;

constexpr BodyField kFields[] = {{"name", "string", true, 8}, {"count", "integer", false, 0}};

Status Parse(std::string_view body) { return ParseJsonBody(body, kFields, 256).status(); }

TEST(JsonInputTest, AcceptsDeclaredFields) {
  Result<nlohmann::json> parsed = ParseJsonBody(R"({"name":"amal","count":3})", kFields, 256);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ((*parsed)["name"], "amal");
  EXPECT_TRUE(Parse(R"({"name":"أمل"})").ok());
}

TEST(JsonInputTest, RefusesWhatIsNotDeclaredOrMalformed) {
  EXPECT_THAT(Parse(R"({"name":"a","secret":"CANARY"})").message(), HasSubstr("unknown field"));
  EXPECT_THAT(Parse(R"({"name":"a","secret":"CANARY"})").message(),
              ::testing::Not(HasSubstr("CANARY")));
  EXPECT_THAT(Parse(R"({"count":1})").message(), HasSubstr("missing field 'name'"));
  EXPECT_THAT(Parse(R"({"name":5})").message(), HasSubstr("expected string"));
  EXPECT_THAT(Parse(R"({"name":"a","count":1.5})").message(), HasSubstr("expected integer"));
  EXPECT_THAT(Parse(R"({"name":"123456789"})").message(), HasSubstr("longer than 8"));
  EXPECT_THAT(Parse(R"({"name":"a","name":"b"})").message(), HasSubstr("twice"));
  EXPECT_THAT(Parse(R"(["name"])").message(), HasSubstr("JSON object"));
  EXPECT_THAT(Parse(R"({"name":)").message(), HasSubstr("not JSON"));
  // Found by fuzz_request_json: nlohmann reports overflow as out_of_range.
  EXPECT_THAT(Parse(R"({"count":1e999})").message(), HasSubstr("out of range"));
  EXPECT_THAT(Parse("{\"name\":\"\xc3\x28\"}").message(), HasSubstr("invalid UTF-8 at byte 9"));
  EXPECT_EQ(Parse(std::string(300, ' ')).code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(Parse(R"({"name":[[[[[[[[["x"]]]]]]]]]})").code(), StatusCode::kResourceExhausted);
}

TEST(JsonInputTest, NestingDepthSkipsStrings) {
  EXPECT_EQ(JsonNestingDepth(R"({"a":[{"b":"[[[[{{"}]})", 10), 3);
  EXPECT_EQ(JsonNestingDepth(R"({"a":"\"[["})", 10), 1);
  EXPECT_EQ(JsonNestingDepth("", 10), 0);
}

}  // namespace
}  // namespace sijil::server::internal
