#include "server/server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

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

  void StartServer(ServerOptions options) {
    options.db_path = database_.path();
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
  EXPECT_EQ(client.Post("/api/logout", "")->status, 200);
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

std::vector<std::string> PathsFor(const internal::Route& route, int64_t review_id) {
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
  expand("{record_id}", {"pub", "res", "conf"});
  expand("{person_id}", {"P-pub", "P-res", "P-conf"});
  expand("{id}", {std::to_string(review_id)});
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
  int64_t review_id = 0;
  {
    std::unique_ptr<store::Store> store = store::OpenSqliteStore(database_.path()).value();
    review_id = store->ListReviewQueue().value().at(0).id;
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
    for (const std::string& path : PathsFor(route, review_id)) {
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

}  // namespace
}  // namespace sijil::server
