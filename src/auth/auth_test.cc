#include "auth/auth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace sijil::auth {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kPassword = "correct horse battery";

TEST(PolicyTest, RoleNamesRoundTrip) {
  for (Role role : kAllRoles) EXPECT_EQ(RoleFromName(RoleName(role)).value(), role);
  Result<Role> bad = RoleFromName("root");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("expected admin, analyst"));
}

TEST(PolicyTest, DeniesImportAndAdministrationToReadOnlyRoles) {
  EXPECT_TRUE(Allows(Role::kDocumenter, Permission::kImport));
  EXPECT_TRUE(Allows(Role::kAdmin, Permission::kImport));
  EXPECT_FALSE(Allows(Role::kViewer, Permission::kImport));
  EXPECT_FALSE(Allows(Role::kAnalyst, Permission::kImport));
  EXPECT_FALSE(Allows(Role::kReviewer, Permission::kManageUsers));
  EXPECT_FALSE(Allows(Role::kDocumenter, Permission::kViewAudit));
  EXPECT_FALSE(Allows(Role::kAdmin, static_cast<Permission>(99)));
  for (Role role : kAllRoles) EXPECT_TRUE(Allows(role, Permission::kReadRecords));
}

Record WitnessRecord() {
  Record record;
  record.record_id = "7";
  record.given_name = "محمد";
  record.mother_name = "فاطمة";
  record.arrest_place = "حاجز الجسر";
  record.notes = "الشاهد: أبو خالد";
  record.extra = {{"رقم هاتف الشاهد", "0999"}, {"national_id", "0101"}};
  record.raw = {{"الاسم", "محمد"}, {"ملاحظات", "الشاهد: أبو خالد"}};
  return record;
}

TEST(PolicyTest, RedactionRemovesEverythingAboveTheClearance) {
  const Record record = WitnessRecord();
  const Record viewer = RedactRecord(record, Sensitivity::kPublic);
  EXPECT_EQ(viewer.given_name, "محمد");
  EXPECT_EQ(viewer.mother_name, "");
  EXPECT_EQ(viewer.arrest_place, "");
  EXPECT_EQ(viewer.notes, "");
  EXPECT_TRUE(viewer.extra.empty());
  EXPECT_TRUE(viewer.raw.empty());

  const Record analyst = RedactRecord(record, Sensitivity::kRestricted);
  EXPECT_EQ(analyst.mother_name, "فاطمة");
  EXPECT_EQ(analyst.notes, "");
  ASSERT_EQ(analyst.extra.size(), 1u);
  EXPECT_EQ(analyst.extra[0].first, "national_id");
  // Raw cells follow their column: the notes cell goes, the name stays.
  EXPECT_EQ(analyst.raw, (std::vector<Attribute>{{"الاسم", "محمد"}}));

  EXPECT_EQ(RedactRecord(record, Sensitivity::kConfidential), record);
  EXPECT_TRUE(HasConfidentialContent(record));
  EXPECT_FALSE(HasConfidentialContent(viewer));
}

TEST(PolicyTest, RawCellsTakeTheLevelOfTheirColumn) {
  Record record = WitnessRecord();
  record.raw = {{"given_name", "محمد"},  {"mother_name", "فاطمة"},
                {"national_id", "0101"}, {"رقم هاتف الشاهد", "0999"},
                {"اسم الأم", "فاطمة"},   {"Witness", std::string(kSealedValuePrefix) + "AAAA"}};
  std::vector<Sensitivity> levels;
  for (const Attribute& cell : record.raw) levels.push_back(RawCellSensitivity(record, cell));
  EXPECT_EQ(levels,
            (std::vector<Sensitivity>{Sensitivity::kPublic, Sensitivity::kRestricted,
                                      Sensitivity::kRestricted, Sensitivity::kConfidential,
                                      Sensitivity::kRestricted, Sensitivity::kConfidential}));
  // Sealed values reach a cleared reader still sealed, and nobody else.
  record.notes = std::string(kSealedValuePrefix) + "BBBB";
  EXPECT_EQ(RedactRecord(record, Sensitivity::kConfidential).notes, record.notes);
  EXPECT_EQ(RedactRecord(record, Sensitivity::kRestricted).raw.size(), 4u);
  DropSealedValues(&record);
  EXPECT_EQ(record.notes, "");
  EXPECT_EQ(record.raw.size(), 5u);
}

TEST(PolicyTest, RecordsAboveTheClearanceAreNotSeen) {
  Record record = WitnessRecord();
  record.sensitivity = Sensitivity::kRestricted;
  EXPECT_FALSE(MaySee(record, Sensitivity::kPublic));
  EXPECT_TRUE(MaySee(record, Sensitivity::kRestricted));
  EXPECT_TRUE(MaySee(record, Sensitivity::kConfidential));
}

TEST(PolicyTest, ClassifiesWitnessAndContactColumnsAsConfidential) {
  for (std::string_view header : {"Witness name", "PHONE", "e-mail", "عنوان السكن", "اسم الشاهد"}) {
    EXPECT_EQ(AttributeSensitivity(header), Sensitivity::kConfidential) << header;
  }
  EXPECT_EQ(AttributeSensitivity("national_id"), Sensitivity::kRestricted);
  EXPECT_EQ(ClearanceOf(Role::kViewer), Sensitivity::kPublic);
  EXPECT_EQ(ClearanceOf(Role::kDocumenter), Sensitivity::kConfidential);
}

TEST(PasswordTest, HashesWithArgon2idAndVerifies) {
  Result<std::string> hash = HashPassword(kPassword, PasswordCost::Minimum());
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*hash, kPassword));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery!"));
  EXPECT_FALSE(VerifyPassword("not a hash", kPassword));
  EXPECT_NE(*hash, HashPassword(kPassword, PasswordCost::Minimum()).value());
}

TEST(PasswordTest, PolicyWantsPassphrases) {
  EXPECT_TRUE(CheckPasswordPolicy(kPassword).ok());
  EXPECT_EQ(CheckPasswordPolicy("short").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckPasswordPolicy(std::string(257, 'x')).code(), StatusCode::kInvalidArgument);
}

TEST(SecretTest, TokensAreRandomAndHashedToHex) {
  const std::string a = RandomToken(), b = RandomToken();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(ConstantTimeEquals(a, a));
  EXPECT_FALSE(ConstantTimeEquals(a, b));
  EXPECT_FALSE(ConstantTimeEquals(a, a.substr(1)));
}

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/sijil_auth_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    store_ = store::OpenSqliteStore((dir_ / "sijil.db").string()).value();
    accounts_ = std::make_unique<Accounts>(store_->Auth(),
                                           AccountsOptions{.idle_timeout_seconds = 100,
                                                           .absolute_timeout_seconds = 1000,
                                                           .touch_interval_seconds = 10,
                                                           .cost = PasswordCost::Minimum()});
    ASSERT_TRUE(accounts_->AddUser("amal", Role::kDocumenter, kPassword).ok());
  }
  void TearDown() override {
    accounts_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Accounts> accounts_;
};

TEST_F(AccountsTest, StoresOnlyTheHashOfThePassword) {
  std::optional<store::UserRow> user = store_->Auth().FindUser("amal").value();
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->password_hash.find(kPassword), std::string::npos);
  EXPECT_TRUE(VerifyPassword(user->password_hash, kPassword));
  EXPECT_EQ(user->role, "documenter");
}

TEST_F(AccountsTest, RejectsBadNamesAndDuplicates) {
  EXPECT_EQ(accounts_->AddUser("a b", Role::kViewer, kPassword).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(accounts_->AddUser("amal", Role::kViewer, kPassword).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(accounts_->AddUser("basel", Role::kViewer, "short").status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(AccountsTest, LoginOpensASessionStoredByHash) {
  Result<NewSession> session = accounts_->Login("amal", kPassword, 1000);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(session->principal.role, Role::kDocumenter);
  EXPECT_FALSE(store_->Auth().FindSession(session->token).value().has_value());
  Result<Principal> who = accounts_->AuthenticateSession(session->token, 1050);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->name, "amal");
  EXPECT_EQ(who->csrf_token, session->csrf_token);
}

TEST_F(AccountsTest, WrongPasswordAndUnknownUserGiveTheSameError) {
  Result<NewSession> wrong = accounts_->Login("amal", "wrong password!", 1000);
  Result<NewSession> unknown = accounts_->Login("nobody", kPassword, 1000);
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.status(), unknown.status());
}

TEST_F(AccountsTest, SessionsExpireWhenIdleAndAtTheAbsoluteLimit) {
  const NewSession idle = accounts_->Login("amal", kPassword, 1000).value();
  EXPECT_EQ(accounts_->AuthenticateSession(idle.token, 1101).status().code(),
            StatusCode::kUnauthenticated);
  // Expired sessions are deleted, so coming back in time does not revive one.
  EXPECT_FALSE(accounts_->AuthenticateSession(idle.token, 1000).ok());

  const NewSession busy = accounts_->Login("amal", kPassword, 2000).value();
  for (int64_t now = 2050; now <= 2950; now += 50) {
    ASSERT_TRUE(accounts_->AuthenticateSession(busy.token, now).ok()) << now;
  }
  EXPECT_FALSE(accounts_->AuthenticateSession(busy.token, 3001).ok());
}

TEST_F(AccountsTest, LogoutEndsTheSession) {
  const NewSession session = accounts_->Login("amal", kPassword, 1000).value();
  ASSERT_TRUE(accounts_->Logout(session.token).ok());
  EXPECT_FALSE(accounts_->AuthenticateSession(session.token, 1001).ok());
  EXPECT_TRUE(accounts_->Logout(session.token).ok());
}

TEST_F(AccountsTest, ApiTokensAuthenticateAndAreStoredByHash) {
  Result<std::string> token = accounts_->CreateApiToken("amal", "nightly export", 1000);
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->rfind("sjl_", 0), 0u);
  Result<Principal> who = accounts_->AuthenticateApiToken(*token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->method, AuthMethod::kApiToken);
  EXPECT_FALSE(accounts_->AuthenticateApiToken(*token + "x").ok());
  EXPECT_EQ(accounts_->CreateApiToken("nobody", "x", 1).status().code(), StatusCode::kNotFound);
}

TEST(LoginThrottleTest, LocksOutAfterFiveFailuresAndDoubles) {
  LoginThrottle throttle;
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_EQ(throttle.RetryAfter("amal", 100), 0);
    throttle.RecordFailure("amal", 100);
  }
  EXPECT_EQ(throttle.RetryAfter("amal", 100), 0);
  throttle.RecordFailure("amal", 100);
  EXPECT_EQ(throttle.RetryAfter("amal", 100), 30);
  EXPECT_EQ(throttle.RetryAfter("basel", 100), 0);
  throttle.RecordFailure("amal", 130);
  EXPECT_EQ(throttle.RetryAfter("amal", 130), 60);
  throttle.RecordSuccess("amal");
  EXPECT_EQ(throttle.RetryAfter("amal", 130), 0);
}

}  // namespace
}  // namespace sijil::auth
