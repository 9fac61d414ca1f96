#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <fstream>
#include <map>
#include <sstream>

#include "ingest/ingest.h"
#include "ingest/internal/test_util.h"

namespace sijil::ingest {
namespace {

using testing_util::Cells;
using testing_util::ReadTable;
using testing_util::Table;

// Builds an .xlsx package from its parts with libzip and returns its bytes.
std::string MakeXlsx(const std::map<std::string, std::string>& parts) {
  const std::string path = ::testing::TempDir() + "/t" + std::to_string(getpid()) + ".xlsx";
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(zip, nullptr);
  for (const auto& [name, content] : parts) {
    zip_source_t* source = zip_source_buffer(zip, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(zip, name.c_str(), source, ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(zip), 0);
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::remove(path.c_str());
  return bytes.str();
}

const char kWorkbook[] =
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
    R"(<sheets><sheet name="Summary" sheetId="1" r:id="rId1"/>)"
    R"(<sheet name="القائمة" sheetId="2" r:id="rId2"/></sheets></workbook>)";
const char kRels[] =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>)";
const char kStrings[] =
    R"(<sst><si><t>id</t></si><si><t>الاسم</t></si><si><t>تاريخ الاعتقال</t></si>)"
    R"(<si><r><t>محمد </t></r><r><t>الحلبي</t></r><rPh><t>ignored</t></rPh></si></sst>)";
const char kStyles[] =
    R"(<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>)"
    R"(<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>)";
const char kSheet1[] =
    R"(<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>only</t></is></c></row></sheetData></worksheet>)";
const char kSheet2[] =
    R"(<worksheet><sheetData>)"
    R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>)"
    R"(<row r="3"><c r="A3"><v>1985</v></c><c r="B3" t="s"><v>3</v></c><c r="C3" s="1"><v>41371</v></c></row>)"
    R"(<row r="4"><c r="C4" s="2"><v>40909</v></c></row>)"
    R"(<row r="5"><c r="A5" t="b"><v>1</v></c><c r="B5" t="str"><v>formula</v></c><c r="E5" t="inlineStr"><is><t></t></is></c></row>)"
    R"(</sheetData></worksheet>)";

std::string Workbook() {
  return MakeXlsx({{"[Content_Types].xml", "<Types/>"},
                   {"xl/workbook.xml", kWorkbook},
                   {"xl/_rels/workbook.xml.rels", kRels},
                   {"xl/sharedStrings.xml", kStrings},
                   {"xl/styles.xml", kStyles},
                   {"xl/worksheets/sheet1.xml", kSheet1},
                   {"xl/worksheets/sheet2.xml", kSheet2}});
}

TEST(XlsxReaderTest, ReadsSharedRichSparseAndDateCells) {
  Result<Table> table = ReadTable(Workbook(), "list.xlsx", TableOptions{.sheet = "القائمة"});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->header, Cells({"id", "الاسم", "تاريخ الاعتقال"}));
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0].line, 3);
  EXPECT_EQ(table->rows[0].cells, Cells({"1985", "محمد الحلبي", "2013-04-07"}));
  EXPECT_EQ(table->rows[1].cells, Cells({"", "", "2012-01-01"}));
  EXPECT_EQ(table->rows[2].cells, Cells({"TRUE", "formula", ""}));
}

TEST(XlsxReaderTest, SelectsSheetsByNameOrIndex) {
  Result<Table> first = ReadTable(Workbook(), "list.xlsx");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->header, Cells({"only"}));
  Result<Table> second = ReadTable(Workbook(), "list.xlsx", TableOptions{.sheet = "2"});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->header.size(), 3u);
  Result<Table> missing = ReadTable(Workbook(), "list.xlsx", TableOptions{.sheet = "Other"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("'Summary', 'القائمة'"), std::string::npos);
}

TEST(XlsxReaderTest, RejectsFilesThatAreNotXlsx) {
  Result<Table> table = ReadTable("id,name\n", "fake.xlsx");
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().find("fake.xlsx: not an XLSX file"), std::string::npos);
  std::string broken = MakeXlsx({{"xl/workbook.xml", "<workbook><sheets>"}});
  EXPECT_FALSE(ReadTable(broken, "broken.xlsx").ok());
}

TEST(XlsxReaderTest, DetectedByContentWithoutExtension) {
  Result<std::unique_ptr<TableReader>> reader = OpenTableFromBuffer(Workbook(), "upload", {});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->format(), Format::kXlsx);
}

}  // namespace
}  // namespace sijil::ingest
