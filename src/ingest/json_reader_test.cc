#include <gtest/gtest.h>

#include "ingest/ingest.h"
#include "ingest/internal/test_util.h"

namespace sijil::ingest {
namespace {

using testing_util::Cells;
using testing_util::ReadTable;
using testing_util::Table;

TEST(JsonReaderTest, ArrayOfObjectsWithLateKeysAndNestedValues) {
  Result<Table> table = ReadTable(
      "[\n {\"id\": 1, \"name\": \"محمد\", \"age\": 30.5},\n"
      " {\"id\": 2, \"name\": null, \"tags\": [\"a\", 1], \"ok\": true}\n]\n",
      "list.json");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->header, Cells({"id", "name", "age", "tags", "ok"}));
  ASSERT_EQ(table->rows.size(), 2u);
  // The first row was read before "tags" and "ok" appeared.
  EXPECT_EQ(table->rows[0].cells, Cells({"1", "محمد", "30.5"}));
  EXPECT_EQ(table->rows[1].cells, Cells({"2", "", "", "[\"a\",1]", "true"}));
  EXPECT_EQ(table->rows[1].line, 3);
}

TEST(JsonReaderTest, NdjsonWithBlankLines) {
  Result<Table> table = ReadTable("{\"id\":\"a\"}\n\n{\"id\":\"b\",\"x\":\"}{\"}\n", "l.ndjson");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[1].cells, Cells({"b", "}{"}));
  EXPECT_EQ(table->rows[1].line, 3);
}

TEST(JsonReaderTest, ErrorsNameTheLine) {
  struct Case {
    const char* json;
    const char* message;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"[{\"id\":1,\"id\":2}]", "j.json:1: key 'id' appears twice in one object"},
           {"[{\"id\":1},\n 7]", "j.json:2: expected a JSON object"},
           {"[{\"id\":1},\n{\"id\": tru}]", "j.json:2: malformed JSON object"},
           {"[{\"id\":1}", "j.json:1: unterminated JSON array (expected ']')"},
           {"{\"id\":1}\n{\"id\":", "j.json:2: unterminated JSON object"},
           {"", "j.json: file is empty (expected a JSON array or objects)"},
       }) {
    Result<Table> table = ReadTable(c.json, "j.json");
    ASSERT_FALSE(table.ok()) << c.json;
    EXPECT_EQ(table.status().message(), c.message) << c.json;
  }
}

}  // namespace
}  // namespace sijil::ingest
