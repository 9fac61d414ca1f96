#include <gtest/gtest.h>

#include <fstream>

#include "ingest/ingest.h"
#include "ingest/internal/test_util.h"

namespace sijil::ingest {
namespace {

using testing_util::Cells;
using testing_util::ReadTable;
using testing_util::Table;

Table Read(const std::string& data, TableOptions options = {}) {
  Result<Table> table = ReadTable(data, "t.csv", options);
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return table.ok() ? *table : Table{};
}

TEST(CsvReaderTest, QuotedNewlinesEscapesAndLineNumbers) {
  Table table =
      Read("id,name,notes\n1,\"Ali, Omar\",\"said \"\"hi\"\"\"\n2,Huda,\"two\nlines\"\n3,x,y\n");
  EXPECT_EQ(table.header, Cells({"id", "name", "notes"}));
  ASSERT_EQ(table.rows.size(), 3u);
  EXPECT_EQ(table.rows[0].cells, Cells({"1", "Ali, Omar", "said \"hi\""}));
  EXPECT_EQ(table.rows[1].cells, Cells({"2", "Huda", "two\nlines"}));
  EXPECT_EQ(table.rows[0].line, 2);
  EXPECT_EQ(table.rows[1].line, 3);
  EXPECT_EQ(table.rows[2].line, 5);
}

TEST(CsvReaderTest, BomCrlfAndBlankLines) {
  Table table = Read("\xEF\xBB\xBFid,name\r\n1,محمد\r\n\r\n2,علي\r\n");
  EXPECT_EQ(table.header, Cells({"id", "name"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[1].cells, Cells({"2", "علي"}));
  EXPECT_EQ(table.rows[1].line, 4);
}

TEST(CsvReaderTest, DetectsEachDelimiter) {
  for (char delimiter : {',', ';', '\t', '|'}) {
    std::string data = "id?name?sex\n1?\"Omar, Ali\"?M\n2?Huda?F\n";
    std::replace(data.begin(), data.end(), '?', delimiter);
    Table table = Read(data);
    EXPECT_EQ(table.header, Cells({"id", "name", "sex"})) << delimiter;
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(table.rows[0].cells[1], "Omar, Ali") << delimiter;
  }
}

TEST(CsvReaderTest, ForcedDelimiterWins) {
  Table table = Read("a;b,c\n1;2,3\n", TableOptions{.delimiter = ','});
  EXPECT_EQ(table.header, Cells({"a;b", "c"}));
}

TEST(CsvReaderTest, RaggedRowsAreReturnedAsTheyAre) {
  Table table = Read("a,b,c\n1,2\n1,2,3,4\n");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].cells.size(), 2u);
  EXPECT_EQ(table.rows[1].cells.size(), 4u);
}

TEST(CsvReaderTest, EmptyFileAndHeaderOnly) {
  Result<Table> empty = ReadTable("", "empty.csv");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(), "empty.csv: file is empty (expected a header row)");
  Table header_only = Read("id,name\n");
  EXPECT_EQ(header_only.header.size(), 2u);
  EXPECT_TRUE(header_only.rows.empty());
}

TEST(CsvReaderTest, DuplicateAndEmptyHeaders) {
  Result<Table> duplicate = ReadTable("id,name,name\n", "dup.csv");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.status().message().find("columns 2 and 3 are both named 'name'"),
            std::string::npos);
  EXPECT_EQ(Read(" id ,,x\n").header, Cells({"id", "column_2", "x"}));
}

TEST(CsvReaderTest, UnterminatedQuoteNamesTheLineItOpened) {
  Result<Table> table = ReadTable("id,notes\n1,ok\n2,\"never\nclosed\n", "q.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message().rfind("q.csv:3: unterminated quoted field", 0), 0u)
      << table.status().message();
}

TEST(CsvReaderTest, TenMegabyteField) {
  const std::string big(10 << 20, 'x');
  Table table = Read("id,blob\n1,\"" + big + "\"\n2," + big + "\n");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].cells[1].size(), big.size());
  EXPECT_EQ(table.rows[1].cells[1], big);
}

TEST(CsvReaderTest, Windows1256IsDetectedAndForced) {
  // "الاسم" header and "محمد" in Windows-1256.
  const std::string data = "id,\xC7\xE1\xC7\xD3\xE3\n1,\xE3\xCD\xE3\xCF\n";
  Table detected = Read(data);
  EXPECT_EQ(detected.header[1], "الاسم");
  EXPECT_EQ(detected.rows[0].cells[1], "محمد");
  Result<std::unique_ptr<TableReader>> reader = OpenTableFromBuffer(data, "w.csv", {});
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->encoding(), Encoding::kWindows1256);
  Table forced =
      Read("id,name\n1,\xE3\xCD\xE3\xCF\n", TableOptions{.encoding = Encoding::kWindows1256});
  EXPECT_EQ(forced.rows[0].cells[1], "محمد");
}

TEST(CsvReaderTest, InvalidUtf8LateInAForcedUtf8FileNamesTheLine) {
  std::string data = "id,name\n";
  for (int i = 0; i < 200000; ++i) data += std::to_string(i) + ",محمد\n";
  data += "x,\xE3\xCD\xE3\xCF\n";
  Result<Table> table = ReadTable(data, "late.csv", TableOptions{.encoding = Encoding::kUtf8});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message().rfind("late.csv:200002: invalid UTF-8", 0), 0u)
      << table.status().message();
}

TEST(CsvReaderTest, ManyRowsKeepTheirLineNumbers) {
  std::string data = "id,name,city\n";
  for (int i = 0; i < 200000; ++i) data += std::to_string(i) + ",\"محمد\nأحمد\",حلب\n";
  Table table = Read(data);
  ASSERT_EQ(table.rows.size(), 200000u);
  EXPECT_EQ(table.rows[199999].line, 2 + 2 * 199999);
  EXPECT_EQ(table.rows[199999].cells[0], "199999");
}

TEST(CsvReaderTest, ReadsFromDisk) {
  const std::string path = ::testing::TempDir() + "/disk.csv";
  std::ofstream(path) << "a,b\n1,2\n";
  Result<std::unique_ptr<TableReader>> reader = OpenTable(path, {});
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->format(), Format::kCsv);
  EXPECT_EQ(OpenTable(path + ".missing", {}).status().code(), StatusCode::kNotFound);
}

TEST(FormatTest, NamesParse) {
  EXPECT_EQ(ParseFormat("XLSX").value(), Format::kXlsx);
  EXPECT_EQ(ParseEncoding("cp1256").value(), Encoding::kWindows1256);
  EXPECT_EQ(ParseEncoding("UTF-8").value(), Encoding::kUtf8);
  EXPECT_FALSE(ParseFormat("ods").ok());
  EXPECT_FALSE(ParseEncoding("latin1").ok());
}

}  // namespace
}  // namespace sijil::ingest
