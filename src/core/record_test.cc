#include "core/record.h"

#include <gtest/gtest.h>

namespace sijil {
namespace {

TEST(RecordTest, FieldNamesRoundTrip) {
  for (Field field : AllFields()) {
    EXPECT_EQ(FieldFromName(FieldName(field)), field);
  }
  EXPECT_EQ(FieldFromName("nickname"), std::nullopt);
}

TEST(RecordTest, SetAndGetCanonicalText) {
  Record record;
  ASSERT_TRUE(record.Set(Field::kGivenName, "محمد").ok());
  ASSERT_TRUE(record.Set(Field::kSex, "F").ok());
  ASSERT_TRUE(record.Set(Field::kArrestDate, "2012-03").ok());
  ASSERT_TRUE(record.Set(Field::kStatus, "died_in_custody").ok());
  EXPECT_EQ(record.Get(Field::kGivenName), "محمد");
  EXPECT_EQ(record.Get(Field::kSex), "F");
  EXPECT_EQ(record.Get(Field::kArrestDate), "2012-03");
  EXPECT_EQ(record.Get(Field::kStatus), "died_in_custody");
  EXPECT_EQ(record.Get(Field::kBirthDate), "");
}

TEST(RecordTest, SetRejectsNonCanonicalValues) {
  Record record;
  EXPECT_FALSE(record.Set(Field::kSex, "male").ok());
  EXPECT_FALSE(record.Set(Field::kStatus, "dead").ok());
  EXPECT_FALSE(record.Set(Field::kBirthDate, "7/4/2013").ok());
}

}  // namespace
}  // namespace sijil
