// Sealed record values: round trips, fresh nonces, wrong keys, moved values.
#include <gtest/gtest.h>

#include "vault/vault.h"

namespace sijil::vault {
namespace {

TEST(ValueCipherTest, SealsAndOpensWithFreshNonces) {
  const ValueCipher cipher(SecretKey::Random());
  const std::string where = SealedValueContext("list-a", "17", "notes");
  const std::string first = cipher.Seal("الشاهد: أبو خالد", where);
  const std::string second = cipher.Seal("الشاهد: أبو خالد", where);
  EXPECT_TRUE(IsSealedValue(first));
  EXPECT_EQ(first.find("أبو"), std::string::npos);
  EXPECT_NE(first, second);  // a fresh nonce per value
  Result<std::string> opened = cipher.Open(first, where);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, "الشاهد: أبو خالد");
}

TEST(ValueCipherTest, WrongKeyDoesNotOpen) {
  const std::string where = SealedValueContext("list-a", "17", "notes");
  const std::string sealed = ValueCipher(SecretKey::Random()).Seal("CANARY", where);
  Result<std::string> opened = ValueCipher(SecretKey::Random()).Open(sealed, where);
  EXPECT_EQ(opened.status().code(), StatusCode::kDataLoss);
}

TEST(ValueCipherTest, ValueMovedToAnotherRecordOrFieldDoesNotOpen) {
  const ValueCipher cipher(SecretKey::Random());
  const std::string sealed = cipher.Seal("CANARY", SealedValueContext("list-a", "17", "notes"));
  for (const std::string& elsewhere :
       {SealedValueContext("list-a", "18", "notes"), SealedValueContext("list-b", "17", "notes"),
        SealedValueContext("list-a", "17", "extra:phone")}) {
    EXPECT_EQ(cipher.Open(sealed, elsewhere).status().code(), StatusCode::kDataLoss);
  }
}

TEST(ValueCipherTest, RejectsDamagedAndUnsealedText) {
  const ValueCipher cipher(SecretKey::Random());
  const std::string where = SealedValueContext("list-a", "17", "notes");
  EXPECT_EQ(cipher.Open("plain text", where).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(cipher.Open(std::string(kSealedValuePrefix) + "AAAA", where).status().code(),
            StatusCode::kDataLoss);
  std::string sealed = cipher.Seal("CANARY", where);
  sealed[sealed.size() - 3] = sealed[sealed.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(cipher.Open(sealed, where).ok());
}

TEST(ValueCipherTest, OpenRecordValuesNamesTheSlotThatFailed) {
  const ValueCipher cipher(SecretKey::Random());
  Record record;
  record.record_id = "17";
  record.notes = cipher.Seal("witness CANARY", SealedValueContext("list-a", "17", "notes"));
  record.extra = {
      {"phone", cipher.Seal("0999", SealedValueContext("list-a", "17", "extra:phone"))}};
  record.raw = {{"name", "Ahmad"}, {"phone", record.extra[0].second}};  // a swapped ciphertext
  Status status = OpenRecordValues(cipher, "list-a", &record);
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("record '17' raw:phone"), std::string::npos) << status.ToString();

  record.raw[1].second = cipher.Seal("0999", SealedValueContext("list-a", "17", "raw:phone"));
  ASSERT_TRUE(OpenRecordValues(cipher, "list-a", &record).ok());
  EXPECT_EQ(record.notes, "witness CANARY");
  EXPECT_EQ(record.extra[0].second, "0999");
  EXPECT_EQ(record.raw[1].second, "0999");
  EXPECT_EQ(record.raw[0].second, "Ahmad");
}

}  // namespace
}  // namespace sijil::vault
