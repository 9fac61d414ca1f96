// The httplib adapter: routes from the table, authentication, CSRF, limits,
// security headers, JSON errors, access logs and static files.
#include "server/server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <thread>

#include "server/internal/api.h"
#include "server/internal/json_input.h"
#include "server/internal/state.h"

namespace sijil::server {
namespace internal {
namespace {

// No inline script or style anywhere: the UI is built files only.
const httplib::Headers kSecurityHeaders = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
     "form-action 'self'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Cross-Origin-Resource-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};

bool IsUnsafeMethod(std::string_view method) { return method != "GET" && method != "HEAD"; }

// Returns the regex httplib matches for an OpenAPI path pattern.
std::string PathRegex(std::string_view pattern) {
  std::string regex;
  for (size_t pos = 0; pos < pattern.size(); ++pos) {
    if (pattern[pos] == '{') {
      pos = pattern.find('}', pos);
      regex += "([^/]+)";
    } else {
      regex += pattern[pos];
    }
  }
  return regex;
}

std::string CookieValue(const httplib::Request& request, std::string_view name) {
  for (size_t header_idx = 0; header_idx < request.get_header_value_count("Cookie"); ++header_idx) {
    const std::string cookies = request.get_header_value("Cookie", header_idx);
    size_t start = 0;
    while (start < cookies.size()) {
      size_t end = cookies.find(';', start);
      if (end == std::string::npos) end = cookies.size();
      std::string_view pair(cookies.data() + start, end - start);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
        return std::string(pair.substr(name.size() + 1));
      }
      start = end + 1;
    }
  }
  return "";
}

std::string BearerToken(const httplib::Request& request) {
  const std::string header = request.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  return header.starts_with(kPrefix) ? header.substr(kPrefix.size()) : "";
}

void SendJson(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_header("Cache-Control", "no-store");
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json; charset=utf-8");
}

void SendError(httplib::Response& response, const Status& status) {
  SendJson(response, HttpStatusFor(status.code()),
           ErrorBody(StatusCodeName(status.code()), status.message()));
}

// Fills the handler's view of `request`.
ApiRequest ToApiRequest(const httplib::Request& request, std::string_view cookie_name) {
  ApiRequest api;
  api.method = request.method;
  for (size_t match_idx = 1; match_idx < request.matches.size(); ++match_idx) {
    api.path_params.push_back(request.matches[match_idx].str());
  }
  for (const auto& [name, value] : request.params) api.query.emplace(name, value);
  api.content_type = request.get_header_value("Content-Type");
  api.body = request.body;
  for (const auto& [name, part] : request.files) {
    api.parts[name] = {part.filename, part.content_type, part.content};
  }
  api.remote_addr = request.remote_addr;
  api.session_token = CookieValue(request, cookie_name);
  return api;
}

// Who is calling: a bearer token, else the session cookie, else nobody. A
// credential that is sent but invalid is an error even on public routes.
Result<std::optional<auth::Principal>> Authenticate(ServerState& state, store::Store& store,
                                                    const httplib::Request& request,
                                                    const ApiRequest& api) {
  auth::Accounts accounts(store.Auth(), state.options().accounts);
  if (std::string bearer = BearerToken(request); !bearer.empty()) {
    ASSIGN_OR_RETURN(auth::Principal who, accounts.AuthenticateApiToken(bearer));
    return std::optional<auth::Principal>(std::move(who));
  }
  if (!api.session_token.empty()) {
    ASSIGN_OR_RETURN(auth::Principal who,
                     accounts.AuthenticateSession(api.session_token, state.Now()));
    return std::optional<auth::Principal>(std::move(who));
  }
  return std::optional<auth::Principal>();
}

Status CheckQuery(const Route& route, const ApiRequest& api) {
  for (const auto& [name, value] : api.query) {
    bool known = false;
    for (const QueryParam& param : route.params) known = known || param.name == name;
    if (!known) return InvalidArgumentError("unknown query parameter for this route");
  }
  return OkStatus();
}

Status CheckCsrf(const httplib::Request& request, const auth::Principal& who) {
  if (!IsUnsafeMethod(request.method) || who.method != auth::AuthMethod::kSession) {
    return OkStatus();
  }
  if (!auth::ConstantTimeEquals(request.get_header_value("X-CSRF-Token"), who.csrf_token)) {
    return PermissionDeniedError("missing or wrong X-CSRF-Token header");
  }
  return OkStatus();
}

Status ParseBody(const Route& route, const ApiRequest& api, size_t max_json_bytes,
                 nlohmann::json* body) {
  switch (route.body) {
    case BodyKind::kNone:
      // Nothing, or an empty JSON object (what fetch() clients tend to send).
      if (api.body.empty()) return OkStatus();
      return ParseJsonBody(api.body, {}, max_json_bytes).status();
    case BodyKind::kJson: {
      if (!api.content_type.starts_with("application/json")) {
        return InvalidArgumentError("expected Content-Type: application/json");
      }
      ASSIGN_OR_RETURN(*body, ParseJsonBody(api.body, route.fields, max_json_bytes));
      return OkStatus();
    }
    case BodyKind::kMultipart:
      if (!api.content_type.starts_with("multipart/form-data")) {
        return InvalidArgumentError("expected Content-Type: multipart/form-data");
      }
      return OkStatus();
  }
  return OkStatus();
}

// Runs one API request through the checks every route shares.
Result<Reply> Dispatch(ServerState& state, const Route& route, const httplib::Request& request,
                       std::optional<auth::Principal>* caller) {
  const ApiRequest api = ToApiRequest(request, state.cookie_name());
  ASSIGN_OR_RETURN(StorePool::Lease store, state.pool().Acquire());
  Result<std::optional<auth::Principal>> who = Authenticate(state, *store, request, api);
  // A stale cookie must not stop anyone from logging in again.
  if (!who.ok() && route.permission != auth::Permission::kPublic) return who.status();
  if (who.ok()) *caller = std::move(who).value();
  if (route.permission != auth::Permission::kPublic) {
    if (!caller->has_value()) return UnauthenticatedError("log in first");
    if (!auth::Allows((*caller)->role, route.permission)) {
      return PermissionDeniedError("your role may not do this");
    }
  }
  // Public routes change nothing of a session (login replaces it); JSON
  // bodies and SameSite=Strict already keep other sites out.
  if (caller->has_value() && route.permission != auth::Permission::kPublic) {
    RETURN_IF_ERROR(CheckCsrf(request, **caller));
  }
  RETURN_IF_ERROR(CheckQuery(route, api));
  RouteContext context{route, api, state, *store, *caller, {}};
  RETURN_IF_ERROR(ParseBody(route, api, state.options().max_json_bytes, &context.body));
  return route.handler(context);
}

std::string AccessLine(std::string_view method, std::string_view route, int status, double millis,
                       size_t bytes, std::string_view role) {
  nlohmann::json line = {{"ts", auth::UnixNow()}, {"method", method}, {"route", route},
                         {"status", status},      {"ms", millis},     {"bytes", bytes}};
  if (!role.empty()) line["role"] = role;
  return line.dump();
}

void ServeRoute(ServerState& state, const Route& route, const httplib::Request& request,
                httplib::Response& response) {
  const auto started = std::chrono::steady_clock::now();
  std::optional<auth::Principal> caller;
  Result<Reply> reply = Dispatch(state, route, request, &caller);
  if (reply.ok()) {
    for (const auto& [name, value] : reply->headers) response.set_header(name, value);
    SendJson(response, reply->status, reply->body);
  } else {
    SendError(response, reply.status());
  }
  const double millis =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  state.LogAccess(AccessLine(request.method, route.pattern, response.status, millis,
                             response.body.size(),
                             caller ? auth::RoleName(caller->role) : std::string_view()));
}

std::string MediaTypeOf(const std::filesystem::path& path) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}};
  const std::string extension = path.extension().string();
  for (const auto& [suffix, type] : kTypes) {
    if (extension == suffix) return std::string(type);
  }
  return "application/octet-stream";
}

// Serves a file of the web UI; client-side routes get index.html.
void ServeStatic(ServerState& state, const httplib::Request& request, httplib::Response& response) {
  namespace fs = std::filesystem;
  const fs::path root = state.options().web_dir;
  fs::path relative = fs::path(request.path).relative_path().lexically_normal();
  std::error_code error;
  fs::path file;
  if (!relative.empty() && *relative.begin() != ".." &&
      relative.string().find('\0') == std::string::npos) {
    file = root / relative;
  }
  if (file.empty() || !fs::is_regular_file(file, error)) file = root / "index.html";
  std::ifstream in(file, std::ios::binary);
  if (state.options().web_dir.empty() || !in) {
    SendError(response, NotFoundError("no such page (the web UI is not built)"));
    return;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  response.status = 200;
  // Hashed asset names never change; index.html must be re-read.
  response.set_header("Cache-Control", file.filename() == "index.html"
                                           ? "no-cache"
                                           : "public, max-age=31536000, immutable");
  response.set_content(bytes.str(), MediaTypeOf(file));
}

void RegisterRoutes(httplib::Server& http, ServerState& state) {
  for (const Route& route : Routes()) {
    auto handler = [&state, &route](const httplib::Request& request, httplib::Response& response) {
      ServeRoute(state, route, request, response);
    };
    const std::string regex = PathRegex(route.pattern);
    if (route.method == "GET") {
      http.Get(regex, handler);
    } else {
      http.Post(regex, handler);
    }
  }
  const auto not_found = [&state](const httplib::Request& request, httplib::Response& response) {
    SendError(response, NotFoundError("no such API route"));
    state.LogAccess(
        AccessLine(request.method, "unmatched", response.status, 0, response.body.size(), ""));
  };
  http.Get("/api/.*", not_found);
  http.Post("/api/.*", not_found);
  http.Put("/api/.*", not_found);
  http.Delete("/api/.*", not_found);
  http.Get(".*", [&state](const httplib::Request& request, httplib::Response& response) {
    ServeStatic(state, request, response);
  });
}

class HttpServer final : public Server {
 public:
  HttpServer(std::unique_ptr<httplib::Server> http, std::unique_ptr<ServerState> state)
      : http_(std::move(http)), state_(std::move(state)) {}
  ~HttpServer() override { Stop(); }

  Status Listen(const ServerOptions& options) {
    if (options.port == 0) {
      port_ = http_->bind_to_any_port(options.bind);
      if (port_ < 0) return UnavailableError("cannot bind to " + options.bind);
    } else {
      if (!http_->bind_to_port(options.bind, options.port)) {
        return UnavailableError("cannot bind to " + options.bind + ":" +
                                std::to_string(options.port) + " (in use?)");
      }
      port_ = options.port;
    }
    listener_ = std::thread([this] {
      http_->listen_after_bind();
      listener_done_ = true;
    });
    // httplib 0.11 has no wait_until_ready: a Stop() before the loop runs
    // would be lost and Wait() would never return.
    while (!http_->is_running() && !listener_done_) std::this_thread::yield();
    if (listener_done_) return UnavailableError("the server stopped while starting");
    return OkStatus();
  }

  int port() const override { return port_; }
  bool tls() const override { return state_->tls(); }
  void Stop() override {
    http_->stop();
    Wait();
  }
  void Wait() override {
    std::lock_guard lock(join_mu_);
    if (listener_.joinable()) listener_.join();
  }

 private:
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<ServerState> state_;
  int port_ = 0;
  std::atomic<bool> listener_done_ = false;
  std::mutex join_mu_;
  std::thread listener_;
};

Result<std::unique_ptr<httplib::Server>> NewHttpServer(const ServerOptions& options) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return InvalidArgumentError("--tls-cert and --tls-key go together");
  }
  if (options.tls_cert.empty()) return std::make_unique<httplib::Server>();
  auto https =
      std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
  if (!https->is_valid()) {
    return InvalidArgumentError("cannot load the TLS certificate " + options.tls_cert +
                                " and key " + options.tls_key);
  }
  return std::unique_ptr<httplib::Server>(std::move(https));
}

}  // namespace
}  // namespace internal

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  using namespace internal;  // NOLINT(google-build-using-namespace)
  const size_t workers = options.threads > 0 ? static_cast<size_t>(options.threads) : 32;
  const size_t connections =
      std::min<size_t>(workers, 2 * std::max(1u, std::thread::hardware_concurrency()));
  ASSIGN_OR_RETURN(std::unique_ptr<httplib::Server> http, NewHttpServer(options));
  auto state = std::make_unique<ServerState>(options, !options.tls_cert.empty(), connections);
  {
    ASSIGN_OR_RETURN(StorePool::Lease store, state->pool().Acquire());
    RETURN_IF_ERROR(state->CatchUpSearchIndex(*store));
  }
  http->new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  http->set_default_headers(kSecurityHeaders);
  http->set_payload_max_length(options.max_body_bytes);
  http->set_read_timeout(options.read_timeout_seconds, 0);
  http->set_write_timeout(options.write_timeout_seconds, 0);
  http->set_keep_alive_max_count(1000);
  http->set_keep_alive_timeout(options.keep_alive_seconds);
  http->set_tcp_nodelay(true);
  http->set_exception_handler(
      [](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
        SendError(response, InternalError("internal error"));
      });
  http->set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& response) {
        if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        SendJson(response, response.status,
                 ErrorBody(response.status == 413 ? "payload_too_large" : "http_error",
                           "HTTP " + std::to_string(response.status)));
        return httplib::Server::HandlerResponse::Handled;
      }));
  RegisterRoutes(*http, *state);
  auto server = std::make_unique<HttpServer>(std::move(http), std::move(state));
  RETURN_IF_ERROR(server->Listen(options));
  return std::unique_ptr<Server>(std::move(server));
}

Status Serve(const ServerOptions& options, std::ostream& out) {
  // Signals are taken by sigwait below, not by handlers: every thread
  // started from here inherits the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ASSIGN_OR_RETURN(std::unique_ptr<Server> server, Server::Start(options));
  out << "sijil: serving " << (server->tls() ? "https" : "http") << "://" << options.bind << ":"
      << server->port() << "/ (Ctrl-C to stop)" << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  out << "sijil: stopping (signal " << received << ")" << std::endl;
  server->Stop();
  return OkStatus();
}

}  // namespace sijil::server
