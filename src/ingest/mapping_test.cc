#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "ingest/ingest.h"

namespace sijil::ingest {
namespace {

using Kind = ColumnTarget::Kind;

Field FieldOf(const ColumnMapping& mapping, size_t column) {
  EXPECT_EQ(mapping.columns[column].kind, Kind::kField) << "column " << column;
  return mapping.columns[column].field;
}

TEST(MapColumnsTest, KnowsArabicHeaders) {
  const std::vector<std::string> header = {
      "الرقم",         "الاسم",          "اسم الأب",      "اسم الجد", "الكنية",  "اسم الأم",
      "الجنس",         "تاريخ الولادة",  "المحافظة",      "المنطقة",  "المدينة", "تاريخ الاعتقال",
      "مكان الاعتقال", "الجهة المعتقلة", "مكان الاحتجاز", "الحالة",   "ملاحظات", "رقم الملف"};
  ColumnMapping mapping = MapColumns(header, {}).value();
  const std::vector<Field> expected = {
      Field::kRecordId,    Field::kGivenName,      Field::kFatherName, Field::kGrandfatherName,
      Field::kFamilyName,  Field::kMotherName,     Field::kSex,        Field::kBirthDate,
      Field::kGovernorate, Field::kDistrict,       Field::kCity,       Field::kArrestDate,
      Field::kArrestPlace, Field::kArrestingParty, Field::kFacility,   Field::kStatus,
      Field::kNotes};
  for (size_t column = 0; column < expected.size(); ++column) {
    EXPECT_EQ(FieldOf(mapping, column), expected[column]) << header[column];
  }
  EXPECT_EQ(mapping.columns.back().kind, Kind::kExtra);
}

TEST(MapColumnsTest, NameIsFullNameUnlessPartsArePresent) {
  EXPECT_EQ(FieldOf(MapColumns({"Name", "Sex"}, {}).value(), 0), Field::kFullName);
  EXPECT_EQ(FieldOf(MapColumns({"الاسم", "الجنس"}, {}).value(), 0), Field::kFullName);
  EXPECT_EQ(FieldOf(MapColumns({"Name", "Surname"}, {}).value(), 0), Field::kGivenName);
}

TEST(MapColumnsTest, IgnoresCaseSpacingAndSpellingVariants) {
  ColumnMapping mapping =
      MapColumns({"Father's Name", "DATE_OF_BIRTH", " Date of arrest ", "اسم الجد", "Age"}, {})
          .value();
  EXPECT_EQ(FieldOf(mapping, 0), Field::kFatherName);
  EXPECT_EQ(FieldOf(mapping, 1), Field::kBirthDate);
  EXPECT_EQ(FieldOf(mapping, 2), Field::kArrestDate);
  EXPECT_EQ(FieldOf(mapping, 3), Field::kGrandfatherName);
  EXPECT_EQ(mapping.columns[4].kind, Kind::kAge);
}

TEST(MapColumnsTest, ArabicSpellingVariantsAreOneField) {
  Result<ColumnMapping> mapping = MapColumns({"اسم الأب", "اسم الاب"}, {});
  EXPECT_FALSE(mapping.ok());
}

TEST(MapColumnsTest, RejectsTwoColumnsForOneField) {
  Result<ColumnMapping> mapping = MapColumns({"sex", "Gender"}, {});
  ASSERT_FALSE(mapping.ok());
  EXPECT_NE(mapping.status().message().find("columns 1 ('sex') and 2 ('Gender')"),
            std::string::npos)
      << mapping.status().message();
}

TEST(MapColumnsTest, OverridesWin) {
  MappingOverrides overrides{{{"Detention centre", "facility"}, {"sex", "extra"}}};
  ColumnMapping mapping = MapColumns({"Detention centre", "sex"}, overrides).value();
  EXPECT_EQ(FieldOf(mapping, 0), Field::kFacility);
  EXPECT_EQ(mapping.columns[1].kind, Kind::kExtra);
  EXPECT_FALSE(MapColumns({"a"}, MappingOverrides{{{"a", "nickname"}}}).ok());
}

TEST(LoadMappingFileTest, ReadsJsonAndRejectsUnknownFields) {
  const std::string path = testing::TempDir() + "/mapping.json";
  std::ofstream(path) << R"({"Detention centre": "facility", "Year": "birth_year"})";
  MappingOverrides overrides = LoadMappingFile(path).value();
  ASSERT_EQ(overrides.columns.size(), 2u);
  std::ofstream(path) << R"({"Detention centre": "prison_name"})";
  Result<MappingOverrides> bad = LoadMappingFile(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("Detention centre"), std::string::npos);
  std::ofstream(path) << "[1, 2";
  EXPECT_FALSE(LoadMappingFile(path).ok());
  EXPECT_EQ(LoadMappingFile(path + ".missing").status().code(), StatusCode::kNotFound);
  std::remove(path.c_str());
}

TEST(ParseMappingTest, EveryTargetNameMapsAColumnAndErrorsNameTheOrigin) {
  const std::vector<std::string_view> names = ColumnTargetNames();
  EXPECT_EQ(names.back(), "extra");
  for (std::string_view name : names) {
    const std::string json = R"({"Column X": ")" + std::string(name) + R"("})";
    Result<MappingOverrides> overrides = ParseMapping(json, "form field 'mapping'");
    ASSERT_TRUE(overrides.ok()) << name << ": " << overrides.status().ToString();
    Result<ColumnMapping> mapping = MapColumns({"Column X"}, *overrides);
    ASSERT_TRUE(mapping.ok()) << name;
    EXPECT_EQ(ColumnTargetName(mapping->columns[0]), name);
  }
  Result<MappingOverrides> bad = ParseMapping(R"({"Column X": 3})", "form field 'mapping'");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind("form field 'mapping': column 'Column X'", 0), 0u)
      << bad.status().message();
}

class RecordBuilderTest : public testing::Test {
 protected:
  bool Build(const std::vector<std::string>& cells) {
    TableRow row{7, cells};
    errors_.clear();
    return builder_->Build(row, &record_, &errors_);
  }
  std::vector<std::string> header_ = {"ID",    "الاسم الكامل", "الجنس", "تاريخ الاعتقال",
                                      "العمر", "رقم الملف"};
  std::unique_ptr<RecordBuilder> builder_ = RecordBuilder::Create(header_, {}).value();
  Record record_;
  std::vector<FieldError> errors_;
};

TEST_F(RecordBuilderTest, BuildsARecordKeepingRawAndExtras) {
  ASSERT_TRUE(Build({"A-1", " محمد  أحمد الحلبي ", "ذكر", "نيسان 2013", "30", "F/77"}));
  EXPECT_EQ(record_.record_id, "A-1");
  EXPECT_EQ(record_.full_name, "محمد أحمد الحلبي");
  EXPECT_EQ(record_.sex, Sex::kMale);
  EXPECT_EQ(record_.arrest_date.ToString(), "2013-04");
  EXPECT_EQ(record_.birth_date.ToString(), "1983");  // age 30 at arrest in 2013
  EXPECT_EQ(record_.normalized.given_name, "محمد");
  EXPECT_EQ(record_.normalized.family_name, "الحلبي");
  ASSERT_EQ(record_.extra.size(), 1u);
  EXPECT_EQ(record_.extra[0], Attribute("رقم الملف", "F/77"));
  ASSERT_EQ(record_.raw.size(), 6u);
  EXPECT_EQ(record_.raw[1].second, " محمد  أحمد الحلبي ");
}

TEST_F(RecordBuilderTest, ReportsEveryBadCellWithLineAndColumn) {
  EXPECT_FALSE(Build({"A-2", "Khaled", "x", "31/02/2013", "two hundred", ""}));
  ASSERT_EQ(errors_.size(), 3u);
  EXPECT_EQ(errors_[0].column, "الجنس");
  EXPECT_EQ(errors_[0].line, 7);
  EXPECT_EQ(errors_[1].column, "تاريخ الاعتقال");
  EXPECT_EQ(errors_[2].column, "العمر");
  const std::string message = errors_[1].ToString("list.csv");
  EXPECT_EQ(message.rfind("list.csv:7: column 'تاريخ الاعتقال': value '31/02/2013': expected", 0),
            0u)
      << message;
}

TEST_F(RecordBuilderTest, RejectsRaggedRowsAndFutureDates) {
  EXPECT_FALSE(Build({"A-3", "x"}));
  EXPECT_NE(errors_[0].expected.find("ragged"), std::string::npos);
  EXPECT_FALSE(Build({"A-4", "x", "M", "2099", "", ""}));
  EXPECT_NE(errors_[0].expected.find("future"), std::string::npos);
}

TEST_F(RecordBuilderTest, GeneratesStableIdsForRowsWithoutOne) {
  ASSERT_TRUE(Build({"", "Omar", "M", "2012", "", ""}));
  const std::string first = record_.record_id;
  ASSERT_TRUE(Build({"", "Omar", "M", "2012", "", ""}));
  EXPECT_EQ(record_.record_id, first + "-2");
  EXPECT_EQ(first.rfind("row-", 0), 0u);
}

}  // namespace
}  // namespace sijil::ingest
