#include "core/csv_writer.h"

#include <gtest/gtest.h>

#include <sstream>

namespace sijil {
namespace {

TEST(CsvWriterTest, QuotesOnlyWhenNeeded) {
  std::ostringstream out;
  CsvWriter writer(out);
  writer.WriteRow({"a", "b,c", "say \"hi\"", "line\nbreak", "محمد", ""});
  writer.WriteRow(std::vector<std::string>{"1", "2"});
  EXPECT_EQ(out.str(), "a,\"b,c\",\"say \"\"hi\"\"\",\"line\nbreak\",محمد,\n1,2\n");
}

TEST(CsvWriterTest, HonoursOtherDelimiters) {
  std::ostringstream out;
  CsvWriter writer(out, ';');
  writer.WriteRow({"a,b", "c;d"});
  EXPECT_EQ(out.str(), "a,b;\"c;d\"\n");
}

}  // namespace
}  // namespace sijil
