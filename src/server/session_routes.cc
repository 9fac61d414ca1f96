// Login, logout, me, and the API description.
#include "server/internal/api.h"
#include "server/internal/state.h"

namespace sijil::server::internal {
namespace {

nlohmann::json UserJson(const auth::Principal& who) {
  return {{"name", who.name}, {"role", auth::RoleName(who.role)}};
}

Reply TooManyAttempts(int64_t wait_seconds) {
  return {429,
          ErrorBody("too_many_attempts", "too many failed logins; try again in " +
                                             std::to_string(wait_seconds) + " seconds"),
          {{"Retry-After", std::to_string(wait_seconds)}}};
}

}  // namespace

Result<Reply> HandleLogin(RouteContext& context) {
  const std::string name = context.body["name"];
  const std::string password = context.body["password"];
  ServerState& state = context.state;
  const int64_t now = state.Now();
  const std::string name_key = "name:" + name;
  const std::string address_key = "addr:" + context.request.remote_addr;
  const int64_t wait = std::max(state.name_throttle().RetryAfter(name_key, now),
                                state.address_throttle().RetryAfter(address_key, now));
  if (wait > 0) return TooManyAttempts(wait);
  auth::Accounts accounts(context.store.Auth(), state.options().accounts);
  Result<auth::NewSession> session = accounts.Login(name, password, now);
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kUnauthenticated) {
      state.name_throttle().RecordFailure(name_key, now);
      state.address_throttle().RecordFailure(address_key, now);
    }
    return session.status();
  }
  state.name_throttle().RecordSuccess(name_key);
  state.address_throttle().RecordSuccess(address_key);
  // A session cookie the browser still sent is replaced, never reused.
  if (!context.request.session_token.empty()) {
    RETURN_IF_ERROR(accounts.Logout(context.request.session_token));
  }
  return Reply{200,
               {{"user", UserJson(session->principal)}, {"csrf_token", session->csrf_token}},
               {{"Set-Cookie", state.SessionCookie(session->token)}}};
}

Result<Reply> HandleLogout(RouteContext& context) {
  auth::Accounts accounts(context.store.Auth(), context.state.options().accounts);
  if (!context.request.session_token.empty()) {
    RETURN_IF_ERROR(accounts.Logout(context.request.session_token));
  }
  return Reply{200, {{"ok", true}}, {{"Set-Cookie", context.state.SessionCookie("")}}};
}

Result<Reply> HandleMe(RouteContext& context) {
  const auth::Principal& who = *context.principal;
  nlohmann::json permissions = nlohmann::json::array();
  for (auth::Permission permission : auth::kAllPermissions) {
    if (auth::Allows(who.role, permission)) permissions.push_back(auth::PermissionName(permission));
  }
  nlohmann::json body = {{"user", UserJson(who)},
                         {"clearance", auth::SensitivityName(auth::ClearanceOf(who.role))},
                         {"permissions", std::move(permissions)},
                         {"auth", who.method == auth::AuthMethod::kSession ? "session" : "token"}};
  // The page may reload: hand the CSRF token back to its session.
  if (who.method == auth::AuthMethod::kSession) body["csrf_token"] = who.csrf_token;
  return Reply{200, std::move(body), {}};
}

Result<Reply> HandleOpenApi(RouteContext& /*context*/) { return Reply{200, OpenApiDocument(), {}}; }

}  // namespace sijil::server::internal
