#include "server/server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "estimate/estimate.h"
#include "server/internal/api.h"
#include "server/internal/test_server.h"

namespace sijil::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TestClient;
using testing::TestDatabase;

nlohmann::json Json(const httplib::Result& result) {
  return nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
}

// Percent-encodes every byte outside unreserved ASCII.
std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '_' || c == '.') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

std::string ErrorCode(const httplib::Result& result) {
  return Json(result).value("/error/code"_json_pointer, std::string());
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer({}); }
  void TearDown() override { server_->Stop(); }

  void StartServer(ServerOptions options, bool with_key = true) {
    options.db_path = database_.path();
    if (with_key) options.data_cipher = database_.cipher();
    options.port = 0;
    options.threads = 16;
    options.web_dir = "";
    options.access_log = &access_log_;
    options.accounts.cost = auth::PasswordCost::Minimum();
    options.clock = [this] { return now_.load(); };
    Result<std::unique_ptr<Server>> server = Server::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }

  // Imports `records` into `source` in one batch (and so one import).
  void ImportRecords(const std::string& source, const std::vector<Record>& records) {
    std::unique_ptr<store::Store> store = store::OpenSqliteStore(database_.path()).value();
    auto batch = store
                     ->BeginImport({.source = source,
                                    .file_name = source + ".csv",
                                    .file_sha256 = std::string(64, source.back()),
                                    .format = "csv",
                                    .encoding = "utf-8"})
                     .value();
    for (const Record& record : records) ASSERT_TRUE(batch->Put(record).ok());
    ASSERT_TRUE(batch->Commit(0).ok());
  }

  TestDatabase database_;
  std::ostringstream access_log_;
  std::atomic<int64_t> now_ = 1'800'000'000;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, LoginSetsAStrictHttpOnlyCookieAndMeNamesTheUser) {
  TestClient client(server_->port());
  httplib::Result login = client.http().Post(
      "/api/login", R"({"name":"analyst","password":"correct horse battery staple"})",
      "application/json");
  ASSERT_TRUE(login);
  ASSERT_EQ(login->status, 200) << login->body;
  const std::string cookie = login->get_header_value("Set-Cookie");
  EXPECT_THAT(cookie, HasSubstr("sijil="));
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(cookie, Not(HasSubstr("Secure")));  // plain HTTP on loopback
  EXPECT_EQ(Json(login)["user"]["role"], "analyst");
  EXPECT_EQ(login->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_THAT(login->get_header_value("Content-Security-Policy"),
              HasSubstr("frame-ancestors 'none'"));

  ASSERT_EQ(client.Login("analyst"), 200);
  httplib::Result me = client.Get("/api/me");
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(Json(me)["user"]["name"], "analyst");
  EXPECT_EQ(Json(me)["clearance"], "restricted");
}

TEST_F(ServerTest, WrongPasswordIsUnauthenticatedAndRepeatedFailuresAreThrottled) {
  TestClient client(server_->port());
  EXPECT_EQ(client.Login("viewer", "wrong password here"), 401);
  int status = 0;
  for (int attempt = 0; attempt < 10 && status != 429; ++attempt) {
    status = client.Login("viewer", "wrong password here");
  }
  EXPECT_EQ(status, 429);
  // Even the right password waits until the lock-out ends.
  EXPECT_EQ(client.Login("viewer"), 429);
  now_ += 16 * 60;
  EXPECT_EQ(client.Login("viewer"), 200);
}

TEST_F(ServerTest, AnonymousCallsAreUnauthenticated) {
  TestClient client(server_->port());
  httplib::Result sources = client.Get("/api/sources");
  EXPECT_EQ(sources->status, 401);
  EXPECT_EQ(ErrorCode(sources), "unauthenticated");
  EXPECT_EQ(client.Get("/api/openapi.json")->status, 200);
}

TEST_F(ServerTest, UnsafeMethodsNeedTheCsrfToken) {
  TestClient client(server_->port());
  ASSERT_EQ(client.Login("reviewer"), 200);
  client.set_send_csrf(false);
  httplib::Result without = client.Post("/api/logout", "");
  EXPECT_EQ(without->status, 403);
  EXPECT_EQ(client.Get("/api/me")->status, 200);  // still logged in
  client.set_send_csrf(true);
  EXPECT_EQ(client.Post("/api/logout", R"({"all":true})")->status, 400);
  EXPECT_EQ(client.Post("/api/logout", "{}")->status, 200);
  EXPECT_EQ(client.Get("/api/me")->status, 401);
}

TEST_F(ServerTest, LoggingInAgainReplacesTheSession) {
  TestClient client(server_->port());
  ASSERT_EQ(client.Login("viewer"), 200);
  const std::string first = client.cookie();
  client.set_send_csrf(false);
  ASSERT_EQ(client.Login("analyst"), 200);  // with the old cookie, without a CSRF token
  EXPECT_NE(client.cookie(), first);
  EXPECT_EQ(Json(client.Get("/api/me"))["user"]["name"], "analyst");
  client.set_cookie(first);
  EXPECT_EQ(client.Get("/api/me")->status, 401);
}

TEST_F(ServerTest, SessionsExpireWhenIdleAndAtTheAbsoluteTimeout) {
  TestClient client(server_->port());
  ASSERT_EQ(client.Login("viewer"), 200);
  now_ += 29 * 60;
  EXPECT_EQ(client.Get("/api/me")->status, 200);
  now_ += 31 * 60;
  EXPECT_EQ(client.Get("/api/me")->status, 401);

  ASSERT_EQ(client.Login("viewer"), 200);
  for (int step = 0; step < 14; ++step) {  // 14 x 50 minutes, never idle 30
    now_ += 25 * 60;
    EXPECT_EQ(client.Get("/api/me")->status, 200);
    now_ += 25 * 60;
    EXPECT_EQ(client.Get("/api/me")->status, 200);
  }
  now_ += 25 * 60;  // 12 h 05 min since login
  EXPECT_EQ(client.Get("/api/me")->status, 401);
}

TEST_F(ServerTest, BearerTokensNeedNoCsrf) {
  std::string token;
  {
    std::unique_ptr<store::Store> store = store::OpenSqliteStore(database_.path()).value();
    auth::Accounts accounts(store->Auth(), {});
    token = accounts.CreateApiToken("reviewer", "script", now_).value();
  }
  TestClient client(server_->port());
  httplib::Headers headers = {{"Authorization", "Bearer " + token}};
  httplib::Result review = client.http().Get("/api/review", headers);
  ASSERT_EQ(review->status, 200);
  ASSERT_EQ(Json(review)["items"].size(), 1u);
  const int64_t id = Json(review)["items"][0]["id"];
  httplib::Result accept = client.http().Post("/api/review/" + std::to_string(id) + "/accept",
                                              headers, R"({"note":"same"})", "application/json");
  EXPECT_EQ(accept->status, 200) << accept->body;
  EXPECT_EQ(Json(accept)["decided_by"], "reviewer");
  headers = {{"Authorization", "Bearer not-a-token"}};
  EXPECT_EQ(client.http().Get("/api/review", headers)->status, 401);
}

TEST_F(ServerTest, StrictJsonBodies) {
  TestClient client(server_->port());
  const auto post = [&](const std::string& body) {
    return client.http().Post("/api/login", body, "application/json");
  };
  httplib::Result unknown =
      post(R"({"name":"viewer","password":"correct horse battery staple","admin":true})");
  EXPECT_EQ(unknown->status, 400);
  EXPECT_THAT(Json(unknown)["error"]["message"].get<std::string>(), HasSubstr("unknown field"));
  EXPECT_EQ(post(R"({"name":"viewer"})")->status, 400);
  EXPECT_EQ(post(R"({"name":1,"password":"x"})")->status, 400);
  EXPECT_EQ(post("[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]")->status, 413);
  EXPECT_EQ(post("{\"name\":\"\xff\"}")->status, 400);
  EXPECT_EQ(
      client.http()
          .Post("/api/login", R"({"name":"viewer","password":"correct horse battery staple"})",
                "text/plain")
          ->status,
      400);
  EXPECT_EQ(client.Get("/api/records?nonsense=1")->status, 401);
  ASSERT_EQ(client.Login("viewer"), 200);
  EXPECT_EQ(client.Get("/api/records?nonsense=1")->status, 400);
  EXPECT_EQ(client.Get("/api/records?limit=abc")->status, 400);
  EXPECT_EQ(client.Get("/api/nowhere")->status, 404);
}

TEST_F(ServerTest, SearchFindsArabicNamesAndRanksThem) {
  TestClient client(server_->port());
  ASSERT_EQ(client.Login("viewer"), 200);
  httplib::Result found = client.Get("/api/search?q=" + Encode("محمد الحلبي"));
  ASSERT_EQ(found->status, 200) << found->body;
  nlohmann::json results = Json(found)["results"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["record_id"], "pub");
  EXPECT_EQ(results[0]["person_id"], "P-pub");
  EXPECT_EQ(results[0]["full_name"], "محمد الحلبي");
  EXPECT_GT(results[0]["score"].get<double>(), 0.9);
  // Typed in Latin letters, and only a prefix of the last name.
  found = client.Get("/api/search?q=" + Encode("Mohammad al-Halabi"));
  ASSERT_EQ(Json(found)["results"].size(), 1u);
  EXPECT_EQ(Json(found)["results"][0]["record_id"], "pub");
  found = client.Get("/api/search?q=" + Encode("Muhammad hal"));
  ASSERT_EQ(Json(found)["results"].size(), 1u);
  found = client.Get("/api/search?q=FATIMA");
  ASSERT_EQ(Json(found)["results"].size(), 1u);
  EXPECT_EQ(Json(found)["results"][0]["record_id"], "conf");
}

TEST_F(ServerTest, OpenApiDescribesEveryRoute) {
  TestClient client(server_->port());
  nlohmann::json document = Json(client.Get("/api/openapi.json"));
  EXPECT_EQ(document["openapi"], "3.1.0");
  for (const internal::Route& route : internal::Routes()) {
    std::string method(route.method);
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    EXPECT_TRUE(document["paths"][std::string(route.pattern)].contains(method)) << route.pattern;
  }
}

TEST_F(ServerTest, ConfidentialReadsAreAudited) {
  TestClient client(server_->port());
  ASSERT_EQ(client.Login("documenter"), 200);
  httplib::Result record = client.Get("/api/records/lista/conf");
  ASSERT_EQ(record->status, 200);
  EXPECT_THAT(record->body, HasSubstr("CANARYNOTES"));
  std::unique_ptr<store::Store> store = store::OpenSqliteStore(database_.path()).value();
  std::vector<store::AuditRow> audit = store->Auth().ListAudit(10).value();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit[0].user, "documenter");
  EXPECT_EQ(audit[0].action, "read_confidential");
  EXPECT_EQ(audit[0].object, "record lista/conf");
  EXPECT_EQ(audit[0].reason, "GET /api/records/{source}/{record_id}");
}

// ---------------------------------------------------------------------------
// The authorization matrix: every route x every role (and anonymous) x each
// sensitivity level of record the route can address.

std::vector<std::string> PathsFor(const internal::Route& route,
                                  const std::vector<std::string>& review_ids) {
  std::vector<std::string> paths = {std::string(route.pattern)};
  const auto expand = [&](std::string_view name, const std::vector<std::string>& values) {
    std::vector<std::string> expanded;
    for (const std::string& path : paths) {
      const size_t at = path.find(name);
      if (at == std::string::npos) {
        expanded.push_back(path);
        continue;
      }
      for (const std::string& value : values) {
        expanded.push_back(path.substr(0, at) + value + path.substr(at + name.size()));
      }
    }
    paths = std::move(expanded);
  };
  expand("{source}", {"lista"});
  expand("{record_id}", {"pub", "res", "conf", "secret"});
  expand("{person_id}", {"P-pub", "P-res", "P-conf"});
  expand("{id}",
         route.pattern.starts_with("/api/vault") ? std::vector<std::string>{"1"} : review_ids);
  return paths;
}

std::string BodyFor(const internal::Route& route) {
  if (route.pattern == "/api/login") {
    return R"({"name":"viewer","password":"correct horse battery staple"})";
  }
  return route.body == internal::BodyKind::kJson ? "{}" : "";
}

bool SeesAny(const std::string& text, const std::vector<std::string>& canaries) {
  for (const std::string& canary : canaries) {
    if (text.find(canary) != std::string::npos) return true;
  }
  return false;
}

TEST_F(ServerTest, AuthorizationMatrixFromTheRouteTable) {
  std::vector<std::string> review_ids;
  {
    std::unique_ptr<store::Store> store = store::OpenSqliteStore(database_.path()).value();
    const std::vector<store::ReviewItem> queue = store->ListReviewQueue().value();
    for (const store::ReviewItem& item : queue) {
      review_ids.push_back(std::to_string(item.id));
    }
  }
  struct Caller {
    std::optional<auth::Role> role;
    std::unique_ptr<TestClient> client;
  };
  std::vector<Caller> callers;
  callers.push_back({std::nullopt, std::make_unique<TestClient>(server_->port())});
  for (auth::Role role : auth::kAllRoles) {
    callers.push_back({role, std::make_unique<TestClient>(server_->port())});
    ASSERT_EQ(callers.back().client->Login(std::string(auth::RoleName(role))), 200);
  }
  int checked = 0;
  for (const internal::Route& route : internal::Routes()) {
    if (route.pattern == "/api/logout") continue;  // would end the sessions; tested above
    for (const std::string& path : PathsFor(route, review_ids)) {
      for (Caller& caller : callers) {
        SCOPED_TRACE(std::string(route.method) + " " + path + " as " +
                     (caller.role ? std::string(auth::RoleName(*caller.role)) : "anonymous"));
        const std::string body = BodyFor(route);
        // Logging in again would replace the caller's session: use a fresh client.
        TestClient fresh(server_->port());
        TestClient& client = route.pattern == "/api/login" ? fresh : *caller.client;
        httplib::Result result = route.method == "GET" ? client.Get(path) : client.Post(path, body);
        ASSERT_TRUE(result);
        ++checked;
        const bool is_public = route.permission == auth::Permission::kPublic;
        if (!caller.role) {
          if (!is_public) {
            EXPECT_EQ(result->status, 401);
          }
        } else if (!auth::Allows(*caller.role, route.permission)) {
          EXPECT_EQ(result->status, 403);
        } else {
          EXPECT_NE(result->status, 401);
          EXPECT_NE(result->status, 403);
        }
        const auth::Sensitivity clearance =
            caller.role ? auth::ClearanceOf(*caller.role) : auth::Sensitivity::kPublic;
        // Sealed text never leaves the server: it is opened or left out.
        EXPECT_FALSE(SeesAny(result->body, {std::string(kSealedValuePrefix)})) << result->body;
        if (clearance < auth::Sensitivity::kConfidential) {
          EXPECT_FALSE(SeesAny(result->body, testing::kConfidentialCanaries)) << result->body;
          EXPECT_FALSE(SeesAny(result->body, {"witness phone"}));
        }
        if (clearance < auth::Sensitivity::kRestricted) {
          EXPECT_FALSE(SeesAny(result->body, testing::kRestrictedCanaries)) << result->body;
        }
      }
    }
  }
  EXPECT_GT(checked, 6 * static_cast<int>(internal::Routes().size()) - 6);
  server_->Stop();
  const std::string log = access_log_.str();
  EXPECT_FALSE(SeesAny(log, testing::kConfidentialCanaries));
  EXPECT_FALSE(SeesAny(log, testing::kRestrictedCanaries));
  // No paths with ids, no query strings, no user names.
  EXPECT_THAT(log, Not(HasSubstr("lista/conf")));
  EXPECT_THAT(log, Not(HasSubstr("?")));
  EXPECT_THAT(log, HasSubstr("/api/records/{source}/{record_id}"));
  std::istringstream lines(log);
  const std::set<std::string> allowed = {"ts", "method", "route", "status", "ms", "bytes", "role"};
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json entry = nlohmann::json::parse(line);
    for (const auto& [key, value] : entry.items()) {
      EXPECT_TRUE(allowed.contains(key)) << line;
    }
  }
}

TEST_F(ServerTest, VaultItemsShowCustodyAndHideProvenanceFromUnclearedRoles) {
  TestClient analyst(server_->port());
  ASSERT_EQ(analyst.Login("analyst"), 200);
  httplib::Result item = analyst.Get("/api/vault/1");
  ASSERT_EQ(item->status, 200) << item->body;
  EXPECT_EQ(Json(item)["case_name"], "case-1");
  EXPECT_FALSE(Json(item).contains("captured_by"));
  EXPECT_EQ(Json(item)["custody"][0]["kind"], "ingest");
  EXPECT_EQ(Json(item)["verification"]["status"], "no_checkpoint");
  TestClient admin(server_->port());
  ASSERT_EQ(admin.Login("admin"), 200);
  EXPECT_EQ(Json(admin.Get("/api/vault"))["items"][0]["captured_by"], "CANARYWITNESS");
  // The import, the link run and the item.
  EXPECT_EQ(Json(admin.Get("/api/log/head"))["log_size"], 3);
  TestClient viewer(server_->port());
  ASSERT_EQ(viewer.Login("viewer"), 200);
  EXPECT_EQ(viewer.Get("/api/vault")->status, 403);
}

TEST_F(ServerTest, EstimatesNeedPersonsAcrossTwoSources) {
  TestClient client(server_->port());
  ASSERT_EQ(client.Login("analyst"), 200);
  httplib::Result one_source = client.Get("/api/estimates");
  EXPECT_EQ(one_source->status, 409);
  EXPECT_THAT(Json(one_source)["error"]["message"].get<std::string>(),
              HasSubstr("at least two sources"));
}

TEST(EstimateTest, HistoriesCountPersonsByThePatternOfTheirSources) {
  std::vector<store::PersonMember> members = {{{"a", "1"}, "P1"}, {{"b", "9"}, "P1"},
                                              {{"a", "2"}, "P2"}, {{"b", "8"}, "P3"},
                                              {{"a", "3"}, "P4"}, {{"a", "4"}, "P4"}};
  Result<estimate::CaptureHistories> histories = internal::HistoriesOfPersons(members);
  ASSERT_TRUE(histories.ok()) << histories.status().ToString();
  EXPECT_EQ(histories->lists, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(histories->counts, (std::vector<int64_t>{0, 2, 1, 1}));  // a only: P2, P4
}

// Cleared roles do see what they are cleared for, so the matrix above is
// not passing because nothing is ever shown.
TEST_F(ServerTest, ClearedRolesSeeTheirLevels) {
  TestClient analyst(server_->port());
  ASSERT_EQ(analyst.Login("analyst"), 200);
  httplib::Result record = analyst.Get("/api/records/lista/conf");
  EXPECT_THAT(record->body, HasSubstr("CANARYMOTHER"));
  EXPECT_THAT(record->body, HasSubstr("CANARYNATID"));
  EXPECT_THAT(record->body, Not(HasSubstr("CANARYNOTES")));
  EXPECT_FALSE(Json(record).contains("notes"));  // removed, not blanked
  TestClient admin(server_->port());
  ASSERT_EQ(admin.Login("admin"), 200);
  EXPECT_THAT(admin.Get("/api/persons/P-conf")->body, HasSubstr("CANARYWITNESS"));
}

// A record whose own level is above a reader's clearance does not exist for
// that reader: not in lists, search, persons, review or counts.
TEST_F(ServerTest, RecordsAboveTheReadersLevelAreInvisible) {
  for (const char* name : {"viewer", "analyst", "reviewer"}) {
    SCOPED_TRACE(name);
    TestClient client(server_->port());
    ASSERT_EQ(client.Login(name), 200);
    EXPECT_EQ(client.Get("/api/records/lista/secret")->status, 404);
    EXPECT_EQ(Json(client.Get("/api/records/lista/nosuch"))["error"],
              Json(client.Get("/api/records/lista/secret"))["error"]);
    EXPECT_EQ(Json(client.Get("/api/search?q=CANARYSECRET"))["results"].size(), 0u);
    EXPECT_EQ(Json(client.Get("/api/records"))["records"].size(), 3u);
    EXPECT_EQ(Json(client.Get("/api/persons/P-pub"))["records"].size(), 1u);
    EXPECT_EQ(Json(client.Get("/api/stats"))["records"], 3);
    if (std::string(name) == "reviewer") {
      EXPECT_EQ(Json(client.Get("/api/review"))["total"], 1);
    }
  }
  TestClient admin(server_->port());
  ASSERT_EQ(admin.Login("admin"), 200);
  EXPECT_EQ(admin.Get("/api/records/lista/secret")->status, 200);
  EXPECT_EQ(Json(admin.Get("/api/search?q=CANARYSECRET"))["results"].size(), 1u);
  EXPECT_EQ(Json(admin.Get("/api/records"))["records"].size(), 4u);
  EXPECT_EQ(Json(admin.Get("/api/persons/P-pub"))["records"].size(), 2u);
  EXPECT_EQ(Json(admin.Get("/api/stats"))["records"], 4);
  EXPECT_EQ(Json(admin.Get("/api/review"))["total"], 2);
}

// The dashboard counts one governorate however it is written, under the
// gazetteer's key and Arabic name, and ambiguous dates by their year.
TEST_F(ServerTest, DashboardCountsOneGovernoratePerPlaceAndAmbiguousDatesByYear) {
  TestClient admin(server_->port());
  ASSERT_EQ(admin.Login("admin"), 200);
  const nlohmann::json before = Json(admin.Get("/api/stats"));
  const std::vector<std::pair<std::string, std::string>> places_and_dates = {
      {"حلب", "[2013-04-07,2013-07-04]"},
      {"Aleppo", "2013-05"},
      {"محافظة حلب", "2012"},
      {"Atlantis", "2012-01-02"}};
  std::vector<Record> records(places_and_dates.size());
  for (size_t row = 0; row < records.size(); ++row) {
    records[row].record_id = "c" + std::to_string(row);
    records[row].full_name = "محمد";
    records[row].governorate = places_and_dates[row].first;
    records[row].arrest_date = PartialDate::Parse(places_and_dates[row].second).value();
  }
  ImportRecords("listc", records);
  const nlohmann::json after = Json(admin.Get("/api/stats"));
  auto count_of = [](const nlohmann::json& stats, const char* facet, const std::string& value) {
    for (const nlohmann::json& entry : stats[facet]) {
      if (entry["value"] == value) return entry["count"].get<int64_t>();
    }
    return int64_t{0};
  };
  auto added = [&](const char* facet, const std::string& value) {
    return count_of(after, facet, value) - count_of(before, facet, value);
  };
  EXPECT_EQ(added("governorate", "Aleppo"), 3);
  EXPECT_EQ(count_of(after, "governorate", "حلب"), 0);
  EXPECT_EQ(added("governorate", "Atlantis"), 1);
  EXPECT_EQ(after["governorate"][0]["value"], "Aleppo");
  EXPECT_EQ(after["governorate"][0]["value_ar"], "حلب");
  EXPECT_EQ(added("arrest_year", "2013"), 2);
  EXPECT_EQ(added("arrest_year", "2012"), 2);
  EXPECT_EQ(count_of(after, "arrest_year", "[201"), 0);
}

// Counts are of what the reader may see: a source's records and the persons
// an estimate counts leave out records above the reader's level.
TEST_F(ServerTest, CountsAndEstimatesLeaveOutRecordsAboveTheReadersLevel) {
  {
    Record shared, only_b, hidden;
    shared.record_id = "b1";
    shared.full_name = "محمد الحلبي";
    only_b.record_id = "b3";
    only_b.full_name = "Omar Khatib";
    hidden.record_id = "b2";
    hidden.full_name = "CANARYSECRET";
    hidden.sensitivity = Sensitivity::kConfidential;
    ImportRecords("listb", {shared, only_b, hidden});
    std::unique_ptr<store::Store> store = store::OpenSqliteStore(database_.path()).value();
    store::Linkage linkage;
    linkage.run.settings_json = linkage.run.model_json = "{}";
    linkage.members = {{{"lista", "pub"}, "P-pub"},  {{"listb", "b1"}, "P-pub"},
                       {{"lista", "res"}, "P-res"},  {{"lista", "conf"}, "P-conf"},
                       {{"lista", "secret"}, "P-s"}, {{"listb", "b2"}, "P-s"},
                       {{"listb", "b3"}, "P-b3"}};
    ASSERT_TRUE(store->SaveLinkage(linkage).ok());
  }
  // The count `count_key` of the entry named `name` in the answer's `list_key`.
  auto count_of = [](const nlohmann::json& answer, const char* list_key, const char* count_key,
                     const std::string& name) {
    for (const nlohmann::json& entry : answer[list_key]) {
      if (entry["name"] == name) return entry[count_key].get<int64_t>();
    }
    return int64_t{-1};
  };
  auto persons_on = [&](const nlohmann::json& estimates, const std::string& list) {
    return count_of(estimates, "lists", "persons", list);
  };
  auto records_of = [&](const nlohmann::json& sources, const std::string& name) {
    return count_of(sources, "sources", "records", name);
  };
  TestClient analyst(server_->port());
  ASSERT_EQ(analyst.Login("analyst"), 200);
  const nlohmann::json sources = Json(analyst.Get("/api/sources"));
  EXPECT_EQ(records_of(sources, "lista"), 3);
  EXPECT_EQ(records_of(sources, "listb"), 2);
  httplib::Result estimates = analyst.Get("/api/estimates");
  ASSERT_EQ(estimates->status, 200) << estimates->body;
  EXPECT_EQ(Json(estimates)["clearance"], "restricted");
  EXPECT_EQ(persons_on(Json(estimates), "lista"), 3);
  EXPECT_EQ(persons_on(Json(estimates), "listb"), 2);
  EXPECT_THAT(estimates->body, Not(HasSubstr("CANARY")));

  TestClient admin(server_->port());
  ASSERT_EQ(admin.Login("admin"), 200);
  EXPECT_EQ(records_of(Json(admin.Get("/api/sources")), "lista"), 4);
  EXPECT_EQ(records_of(Json(admin.Get("/api/sources")), "listb"), 3);
  estimates = admin.Get("/api/estimates");
  ASSERT_EQ(estimates->status, 200) << estimates->body;
  EXPECT_EQ(Json(estimates)["clearance"], "confidential");
  EXPECT_EQ(persons_on(Json(estimates), "lista"), 4);
  EXPECT_EQ(persons_on(Json(estimates), "listb"), 3);
  // Two lists fit one model, so the average over models is that model.
  const nlohmann::json fit = Json(estimates)["estimates"][0];
  EXPECT_EQ(fit["model_average"]["models"], 1);
  EXPECT_NEAR(fit["model_average"]["estimate"].get<double>(), fit["estimate"].get<double>(), 1e-9);
}

// Sealed values are opened for cleared readers only when the server holds
// the data key; without it they are left out for everyone.
TEST_F(ServerTest, SealedValuesNeedTheServersKey) {
  TestClient admin(server_->port());
  ASSERT_EQ(admin.Login("admin"), 200);
  const nlohmann::json opened = Json(admin.Get("/api/records/lista/conf"));
  EXPECT_EQ(opened["notes"], "witness CANARYNOTES saw him");
  EXPECT_THAT(opened["raw"].dump(), HasSubstr("CANARYWITNESS"));
  server_->Stop();
  StartServer({}, /*with_key=*/false);
  TestClient keyless(server_->port());
  ASSERT_EQ(keyless.Login("admin"), 200);
  const std::string body = keyless.Get("/api/records/lista/conf")->body;
  EXPECT_THAT(body, Not(HasSubstr("CANARYNOTES")));
  EXPECT_THAT(body, Not(HasSubstr("CANARYWITNESS")));
  EXPECT_THAT(body, Not(HasSubstr(std::string(kSealedValuePrefix))));
  EXPECT_THAT(body, HasSubstr("CANARYNATID"));  // restricted values are not sealed
}

// A review pair comes with each field's part in the match weight, from the
// latest link run's model; the compared values are not repeated there, so
// redaction of the records is all a reader sees of them.
TEST_F(ServerTest, ReviewPairsExplainEachFieldsContribution) {
  TestClient reviewer(server_->port());
  ASSERT_EQ(reviewer.Login("reviewer"), 200);
  const int64_t id = Json(reviewer.Get("/api/review"))["items"][0]["id"];
  httplib::Result item = reviewer.Get("/api/review/" + std::to_string(id));
  ASSERT_EQ(item->status, 200) << item->body;
  const nlohmann::json contributions = Json(item)["contributions"];
  EXPECT_EQ(contributions["available"], true);
  std::map<std::string, nlohmann::json> by_field;
  for (const nlohmann::json& field : contributions["fields"]) by_field[field["field"]] = field;
  ASSERT_TRUE(by_field.count("given_name")) << contributions.dump();
  EXPECT_EQ(by_field["given_name"]["agreement"], "different");  // Fatima / Ahmad
  // Both CANARYMOTHER. (Weights of a model fitted on three records say
  // little; that they add up is checked below.)
  EXPECT_THAT(by_field["mother_name"]["agreement"].get<std::string>(),
              ::testing::AnyOf("exact", "same key"));
  EXPECT_EQ(by_field["governorate"]["comparison"], "place");
  double sum = contributions["prior_weight"];
  std::set<std::string> counted;
  for (const nlohmann::json& field : contributions["fields"]) {
    if (counted.insert(field["comparison"]).second) sum += field["weight"].get<double>();
  }
  EXPECT_NEAR(sum, contributions["weight"].get<double>(), 1e-9);
  EXPECT_THAT(contributions.dump(), Not(HasSubstr("CANARY")));
}

class ServerWithHooksTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.hooks.import_file = [this](store::Store&, const ListUpload& upload) {
      uploads_.push_back(upload);
      std::ifstream in(upload.path);
      std::string first_line;
      std::getline(in, first_line);
      return Result<nlohmann::json>(
          nlohmann::json{{"outcome", "dry_run"},
                         {"first_line", first_line},
                         {"file", std::filesystem::path(upload.path).filename().string()}});
    };
    StartServer(options);
  }
  std::vector<ListUpload> uploads_;
};

TEST_F(ServerWithHooksTest, ImportDryRunPreviewsMappedHeadersAndRows) {
  TestClient client(server_->port());
  ASSERT_EQ(client.Login("documenter"), 200);
  httplib::MultipartFormDataItems form = {
      {"file", "الاسم,الكنية,Detention\nمحمد,الحلبي,صيدنايا\n", "../../list.csv", "text/csv"},
      {"source", "listb", "", ""}};
  httplib::Headers headers = {{"Cookie", client.cookie()}, {"X-CSRF-Token", client.csrf()}};
  httplib::Result result = client.http().Post("/api/imports?dry_run=1", headers, form);
  ASSERT_EQ(result->status, 200) << result->body;
  const nlohmann::json body = Json(result);
  EXPECT_EQ(body["file"], "list.csv");  // the base name only
  EXPECT_EQ(body["first_line"], "الاسم,الكنية,Detention");
  EXPECT_EQ(body["preview"]["columns"][0]["maps_to"], "given_name");
  EXPECT_EQ(body["preview"]["columns"][1]["maps_to"], "family_name");
  EXPECT_EQ(body["preview"]["columns"][2]["maps_to"], "extra");
  EXPECT_EQ(body["preview"]["rows"][0]["cells"][2], "صيدنايا");
  EXPECT_THAT(body["preview"]["targets"], ::testing::Contains("facility"));
  ASSERT_EQ(uploads_.size(), 1u);
  EXPECT_EQ(uploads_[0].source, "listb");
  EXPECT_TRUE(uploads_[0].dry_run);
  EXPECT_EQ(uploads_[0].user, "documenter");

  // The wizard's own choice for a column reaches both the preview and the import.
  form.push_back({"mapping", R"({"Detention": "facility"})", "", ""});
  result = client.http().Post("/api/imports?dry_run=1", headers, form);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(Json(result)["preview"]["columns"][2]["maps_to"], "facility");
  ASSERT_EQ(uploads_.size(), 2u);
  ASSERT_EQ(uploads_[1].mapping.columns.size(), 1u);
  EXPECT_EQ(uploads_[1].mapping.columns[0].second, "facility");
  // Two columns for one field, or an unknown field, are the caller's error.
  form.back().content = R"({"Detention": "family_name"})";
  result = client.http().Post("/api/imports?dry_run=1", headers, form);
  EXPECT_EQ(result->status, 400);
  EXPECT_THAT(result->body, HasSubstr("family_name"));
  form.back().content = R"({"Detention": "prison"})";
  result = client.http().Post("/api/imports?dry_run=1", headers, form);
  EXPECT_EQ(result->status, 400);
  EXPECT_THAT(result->body, HasSubstr("form field 'mapping': column 'Detention'"));
  form.pop_back();
  EXPECT_EQ(uploads_.size(), 2u);

  form.push_back({"password", "x", "", ""});
  EXPECT_EQ(client.http().Post("/api/imports", headers, form)->status, 400);
  TestClient viewer(server_->port());
  ASSERT_EQ(viewer.Login("viewer"), 200);
  headers = {{"Cookie", viewer.cookie()}, {"X-CSRF-Token", viewer.csrf()}};
  EXPECT_EQ(viewer.http().Post("/api/imports", headers, form)->status, 403);
  // No evidence hook: adding evidence is unavailable, not an error of the caller.
  headers = {{"Cookie", client.cookie()}, {"X-CSRF-Token", client.csrf()}};
  form = {{"file", "bytes", "photo.jpg", "image/jpeg"}};
  EXPECT_EQ(client.http().Post("/api/vault", headers, form)->status, 503);
}

class StaticFilesTest : public ServerTest {
 protected:
  void SetUp() override {
    web_dir_ = database_.dir() + "/dist";
    std::filesystem::create_directories(web_dir_ + "/assets");
    std::ofstream(web_dir_ + "/index.html") << "<!doctype html><title>Sijil</title>";
    std::ofstream(web_dir_ + "/assets/app-1234.js") << "console.log('sijil')";
    std::ofstream(database_.dir() + "/secret.txt") << "CANARYNOTES";
    ServerOptions options;
    StartServer(options);
  }
  void StartServer(ServerOptions options) {
    options.db_path = database_.path();
    options.port = 0;
    options.web_dir = web_dir_;
    Result<std::unique_ptr<Server>> server = Server::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }
  std::string web_dir_;
};

TEST_F(StaticFilesTest, ServesTheBuiltUiWithIndexFallbackAndNothingOutside) {
  TestClient client(server_->port());
  httplib::Result asset = client.Get("/assets/app-1234.js");
  ASSERT_EQ(asset->status, 200);
  EXPECT_THAT(asset->get_header_value("Content-Type"), HasSubstr("text/javascript"));
  EXPECT_THAT(asset->get_header_value("Cache-Control"), HasSubstr("immutable"));
  httplib::Result route = client.Get("/persons/P-1");
  ASSERT_EQ(route->status, 200);
  EXPECT_THAT(route->body, HasSubstr("<title>Sijil</title>"));
  EXPECT_THAT(route->get_header_value("Content-Security-Policy"), Not(HasSubstr("unsafe-inline")));
  EXPECT_THAT(client.Get("/../secret.txt")->body, Not(HasSubstr("CANARY")));
  EXPECT_THAT(client.Get("/%2e%2e/secret.txt")->body, Not(HasSubstr("CANARY")));
  EXPECT_EQ(client.Get("/api/nothing-here")->status, 404);
}

class TlsServerTest : public ServerTest {
 protected:
  void SetUp() override {
    cert_ = database_.dir() + "/cert.pem";
    key_ = database_.dir() + "/key.pem";
    ASSERT_TRUE(testing::WriteSelfSignedCertificate(cert_, key_));
    ServerOptions options;
    options.tls_cert = cert_;
    options.tls_key = key_;
    StartServer(options);
  }
  std::string cert_, key_;
};

TEST_F(TlsServerTest, ServesHttpsWithHostPrefixedSecureCookies) {
  ASSERT_TRUE(server_->tls());
  TestClient client(server_->port(), /*tls=*/true);
  httplib::Result login = client.http().Post(
      "/api/login", R"({"name":"viewer","password":"correct horse battery staple"})",
      "application/json");
  ASSERT_TRUE(login) << httplib::to_string(login.error());
  ASSERT_EQ(login->status, 200);
  const std::string cookie = login->get_header_value("Set-Cookie");
  EXPECT_TRUE(cookie.starts_with("__Host-sijil=")) << cookie;
  EXPECT_THAT(cookie, HasSubstr("; Secure"));
  EXPECT_THAT(cookie, HasSubstr("Path=/"));
  EXPECT_THAT(cookie, Not(HasSubstr("Domain")));
  // Plain HTTP to the TLS port gets no answer.
  httplib::Client plain("http://127.0.0.1:" + std::to_string(server_->port()));
  plain.set_read_timeout(2, 0);
  httplib::Result refused = plain.Get("/api/openapi.json");
  EXPECT_TRUE(!refused || refused->status != 200);
}

TEST(ServerStartTest, RefusesBadTlsFilesAndAMissingStore) {
  TestDatabase database;
  ServerOptions options;
  options.db_path = database.path();
  options.port = 0;
  options.tls_cert = database.dir() + "/missing.pem";
  options.tls_key = database.dir() + "/missing.key";
  EXPECT_EQ(Server::Start(options).status().code(), StatusCode::kInvalidArgument);
  options.tls_key = "";
  EXPECT_EQ(Server::Start(options).status().code(), StatusCode::kInvalidArgument);
  options.tls_cert = "";
  options.db_path = database.dir() + "/nowhere.db";
  EXPECT_EQ(Server::Start(options).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sijil::server
