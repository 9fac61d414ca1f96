// Tests of the store's AuthStore and SearchStore on a real SQLite file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/store.h"

namespace sijil::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class AuthStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/sijil_auth_store_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    Result<std::unique_ptr<Store>> store = OpenSqliteStore((dir_ / "sijil.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = *std::move(store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Imports records named by `names` (given names) into `source`.
  void ImportNames(const std::string& source, const std::vector<std::string>& names,
                   const std::string& sha) {
    Result<std::unique_ptr<ImportBatch>> batch =
        store_->BeginImport({source, "list.csv", sha, "csv", "utf-8"});
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    for (size_t name_idx = 0; name_idx < names.size(); ++name_idx) {
      Record record;
      record.record_id = "r" + std::to_string(name_idx);
      record.given_name = names[name_idx];
      record.governorate = name_idx % 2 == 0 ? "حلب" : "حمص";
      ASSERT_TRUE((*batch)->Put(record).ok());
    }
    ASSERT_TRUE((*batch)->Commit(0).ok());
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(AuthStoreTest, AddsFindsAndListsUsers) {
  AuthStore& auth = store_->Auth();
  Result<int64_t> id = auth.AddUser({.name = "amal", .role = "documenter", .password_hash = "h1"});
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_TRUE(auth.AddUser({.name = "basel", .role = "viewer", .password_hash = "h2"}).ok());
  Result<std::optional<UserRow>> found = auth.FindUser("amal");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, *id);
  EXPECT_EQ((*found)->role, "documenter");
  EXPECT_EQ((*found)->password_hash, "h1");
  EXPECT_FALSE((*auth.UserById(*id + 100)).has_value());
  std::vector<std::string> names;
  Result<std::vector<UserRow>> users = auth.ListUsers();
  ASSERT_TRUE(users.ok());
  for (const UserRow& user : *users) names.push_back(user.name);
  EXPECT_THAT(names, ElementsAre("amal", "basel"));
}

TEST_F(AuthStoreTest, RefusesADuplicateUserName) {
  AuthStore& auth = store_->Auth();
  ASSERT_TRUE(auth.AddUser({.name = "amal", .role = "viewer", .password_hash = "h"}).ok());
  Result<int64_t> again = auth.AddUser({.name = "amal", .role = "admin", .password_hash = "h"});
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(again.status().message(), HasSubstr("'amal' already exists"));
}

TEST_F(AuthStoreTest, KeepsTouchesAndDeletesSessions) {
  AuthStore& auth = store_->Auth();
  const int64_t user = *auth.AddUser({.name = "amal", .role = "viewer", .password_hash = "h"});
  ASSERT_TRUE(auth.PutSession({"hash1", user, "csrf", 100, 100}).ok());
  ASSERT_TRUE(auth.TouchSession("hash1", 160).ok());
  Result<std::optional<SessionRow>> session = auth.FindSession("hash1");
  ASSERT_TRUE(session.ok() && session->has_value());
  EXPECT_EQ((*session)->last_seen_at, 160);
  EXPECT_EQ((*session)->created_at, 100);
  EXPECT_EQ((*session)->csrf_token, "csrf");
  ASSERT_TRUE(auth.DeleteSession("hash1").ok());
  EXPECT_FALSE(auth.FindSession("hash1")->has_value());
  EXPECT_TRUE(auth.DeleteSession("hash1").ok());
}

TEST_F(AuthStoreTest, FindsApiTokensByHash) {
  AuthStore& auth = store_->Auth();
  const int64_t user = *auth.AddUser({.name = "amal", .role = "viewer", .password_hash = "h"});
  ASSERT_TRUE(auth.AddApiToken({.token_hash = "t1", .user_id = user, .label = "script"}).ok());
  Result<std::optional<ApiTokenRow>> token = auth.FindApiToken("t1");
  ASSERT_TRUE(token.ok() && token->has_value());
  EXPECT_EQ((*token)->label, "script");
  EXPECT_FALSE(auth.FindApiToken("t2")->has_value());
}

TEST_F(AuthStoreTest, AuditLogIsAppendOnly) {
  AuthStore& auth = store_->Auth();
  ASSERT_TRUE(
      auth.AppendAudit({.user = "amal", .action = "read", .object = "a/1", .reason = "x"}).ok());
  ASSERT_TRUE(
      auth.AppendAudit({.user = "amal", .action = "read", .object = "a/2", .reason = "y"}).ok());
  Result<std::vector<AuditRow>> entries = auth.ListAudit(10);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].object, "a/2");
  EXPECT_FALSE((*entries)[0].at.empty());
}

TEST_F(AuthStoreTest, IndexesNewRecordsOnceAndSearchesAllTerms) {
  ImportNames("list_1", {"a", "b", "c"}, "sha1");
  SearchStore& search = store_->Search();
  Result<std::vector<NamesToIndex>> pending = search.NextToIndex(10);
  ASSERT_TRUE(pending.ok()) << pending.status().ToString();
  ASSERT_EQ(pending->size(), 3u);
  EXPECT_EQ((*pending)[1].names[1], "b");
  std::vector<std::pair<int64_t, std::string>> keys = {{(*pending)[0].row_id, "mhmd"},
                                                       {(*pending)[0].row_id, "hlb"},
                                                       {(*pending)[1].row_id, "mhmd"},
                                                       {(*pending)[2].row_id, "hlbn"}};
  ASSERT_TRUE(search.AddSearchKeys(keys, pending->back().row_id).ok());
  EXPECT_TRUE(search.NextToIndex(10)->empty());

  auto ids = [&](const std::vector<SearchTerm>& terms, std::string_view source = "") {
    std::vector<std::string> out;
    Result<std::vector<RecordRef>> refs =
        search.SearchRecords(terms, source, 10, 0, Sensitivity::kConfidential);
    EXPECT_TRUE(refs.ok()) << refs.status().ToString();
    if (!refs.ok()) return out;
    for (const RecordRef& ref : *refs) {
      out.push_back(ref.source + "/" + ref.record_id);
    }
    return out;
  };
  EXPECT_THAT(ids({{"mhmd", false}}), ElementsAre("list_1/r0", "list_1/r1"));
  EXPECT_THAT(ids({{"mhmd", false}, {"hlb", false}}), ElementsAre("list_1/r0"));
  EXPECT_THAT(ids({{"hlb", true}}), ElementsAre("list_1/r0", "list_1/r2"));
  EXPECT_THAT(ids({{"hlb", true}}, "list_2"), ElementsAre());
  EXPECT_EQ(search.SearchRecords({}, "", 10, 0, Sensitivity::kConfidential).status().code(),
            StatusCode::kInvalidArgument);
}

// 103 records share the common key "mhmd"; a few also have rarer keys, so a
// search reads the rare rows and looks the common key up per candidate
// (more than 20 times as many rows as candidates).
TEST_F(AuthStoreTest, SearchesCommonKeysByLookupWithLimitOffsetAndSource) {
  ImportNames("list_1", std::vector<std::string>(100, "x"), "sha1");
  ImportNames("list_2", std::vector<std::string>(3, "y"), "sha2");
  SearchStore& search = store_->Search();
  Result<std::vector<NamesToIndex>> pending = search.NextToIndex(200);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 103u);
  std::vector<std::pair<int64_t, std::string>> keys;
  for (const NamesToIndex& names : *pending) keys.emplace_back(names.row_id, "mhmd");
  // Rare keys on rows 10, 20 and 30 of list_1 and on row 1 of list_2; row 20
  // has two keys under the same prefix.
  for (int row_idx : {10, 20, 30, 101}) keys.emplace_back((*pending)[row_idx].row_id, "hlb");
  keys.emplace_back((*pending)[20].row_id, "hlbn");
  keys.emplace_back((*pending)[30].row_id, "zzz");  // not a prefix match of hlb
  ASSERT_TRUE(search.AddSearchKeys(keys, pending->back().row_id).ok());

  auto ids = [&](const std::vector<SearchTerm>& terms, std::string_view source, int64_t limit,
                 int64_t offset) {
    std::vector<std::string> out;
    Result<std::vector<RecordRef>> refs =
        search.SearchRecords(terms, source, limit, offset, Sensitivity::kConfidential);
    EXPECT_TRUE(refs.ok()) << refs.status().ToString();
    if (refs.ok()) {
      for (const RecordRef& ref : *refs) out.push_back(ref.source + "/" + ref.record_id);
    }
    return out;
  };
  const std::vector<SearchTerm> both = {{"mhmd", false}, {"hlb", true}};
  EXPECT_THAT(ids(both, "", 10, 0),
              ElementsAre("list_1/r10", "list_1/r20", "list_1/r30", "list_2/r1"));
  EXPECT_THAT(ids(both, "", 2, 1), ElementsAre("list_1/r20", "list_1/r30"));
  EXPECT_THAT(ids(both, "list_2", 10, 0), ElementsAre("list_2/r1"));
  EXPECT_THAT(ids({{"hlb", false}, {"zzz", false}, {"mhmd", false}}, "", 10, 0),
              ElementsAre("list_1/r30"));
  EXPECT_EQ(ids({{"mhmd", false}}, "", 200, 0).size(), 103u);
  EXPECT_THAT(ids({{"nothing", false}, {"mhmd", false}}, "", 10, 0), ElementsAre());
}

// Keys of similar frequency are read side by side in row order: "two" on
// every second row, "three" on every third, "fiv..." (a prefix spanning two
// keys) on every fifth. Records having all of them are every 30th row.
// "once" is on rows 150 (also "two" and "three") and 151 (neither).
TEST_F(AuthStoreTest, SearchJoinsCommonKeysInRowOrder) {
  ImportNames("list_1", std::vector<std::string>(200, "x"), "sha1");
  SearchStore& search = store_->Search();
  Result<std::vector<NamesToIndex>> pending = search.NextToIndex(500);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 200u);
  std::vector<std::pair<int64_t, std::string>> keys;
  for (size_t row_idx = 0; row_idx < pending->size(); ++row_idx) {
    const int64_t row_id = (*pending)[row_idx].row_id;
    if (row_idx % 2 == 0) keys.emplace_back(row_id, "two");
    if (row_idx % 3 == 0) keys.emplace_back(row_id, "three");
    if (row_idx % 5 == 0) keys.emplace_back(row_id, row_idx % 10 == 0 ? "five" : "fiver");
    if (row_idx == 150 || row_idx == 151) keys.emplace_back(row_id, "once");
  }
  ASSERT_TRUE(search.AddSearchKeys(keys, pending->back().row_id).ok());
  const std::vector<SearchTerm> terms = {{"two", false}, {"fiv", true}, {"three", false}};
  Result<std::vector<RecordRef>> all =
      search.SearchRecords(terms, "", 100, 0, Sensitivity::kConfidential);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  std::vector<std::string> ids;
  for (const RecordRef& ref : *all) ids.push_back(ref.record_id);
  EXPECT_THAT(ids, ElementsAre("r0", "r30", "r60", "r90", "r120", "r150", "r180"));
  Result<std::vector<RecordRef>> page =
      search.SearchRecords(terms, "", 2, 3, Sensitivity::kConfidential);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].record_id, "r90");
  EXPECT_EQ((*page)[1].record_id, "r120");
  // A common prefix ("t": two and three) is looked up per candidate instead.
  Result<std::vector<RecordRef>> rare =
      search.SearchRecords({{"t", true}, {"once", false}}, "", 10, 0, Sensitivity::kConfidential);
  ASSERT_TRUE(rare.ok()) << rare.status().ToString();
  ASSERT_EQ(rare->size(), 1u);
  EXPECT_EQ((*rare)[0].record_id, "r150");
}

TEST_F(AuthStoreTest, PersonIdsOfRecordsAreEmptyUntilLinked) {
  ImportNames("list_1", {"a", "b"}, "sha1");
  Linkage linkage;
  linkage.members = {{{"list_1", "r1"}, "P7"}};
  ASSERT_TRUE(store_->SaveLinkage(linkage).ok());
  Result<std::vector<std::string>> persons =
      store_->Search().PersonIdsOf({{"list_1", "r0"}, {"list_1", "r1"}, {"nowhere", "r1"}});
  ASSERT_TRUE(persons.ok()) << persons.status().ToString();
  EXPECT_THAT(*persons, ElementsAre("", "P7", ""));
}

TEST_F(AuthStoreTest, CountsRecordsByFacet) {
  ImportNames("list_1", {"a", "b", "c"}, "sha1");
  Result<std::vector<Facet>> facets =
      store_->Search().CountRecordsBy("governorate", 10, Sensitivity::kConfidential);
  ASSERT_TRUE(facets.ok()) << facets.status().ToString();
  ASSERT_EQ(facets->size(), 2u);
  EXPECT_EQ((*facets)[0].value, "حلب");
  EXPECT_EQ((*facets)[0].count, 2);
  EXPECT_EQ(*store_->Search().CountRecords(Sensitivity::kConfidential), 3);
  EXPECT_EQ(store_->Search()
                .CountRecordsBy("x; DROP TABLE records", 10, Sensitivity::kConfidential)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sijil::store
