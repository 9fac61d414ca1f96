// Private to server: the route table and what a handler sees.
#ifndef SIJIL_SERVER_INTERNAL_API_H_
#define SIJIL_SERVER_INTERNAL_API_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/auth.h"
#include "core/status.h"
#include "estimate/estimate.h"
#include "server/server.h"
#include "store/store.h"

namespace sijil::server::internal {

class ServerState;

// One uploaded part of a multipart/form-data body.
struct UploadedPart {
  std::string filename;
  std::string content_type;
  std::string content;
};

// A request as handlers see it: no HTTP library types.
struct ApiRequest {
  std::string method;
  std::vector<std::string> path_params;  // in pattern order
  std::multimap<std::string, std::string> query;
  std::string content_type;
  std::string body;
  std::map<std::string, UploadedPart> parts;  // multipart bodies
  std::string remote_addr;
  std::string session_token;  // the session cookie's value, if sent
};

// What a handler answers: a JSON body and extra headers.
struct Reply {
  int status = 200;
  nlohmann::json body = nlohmann::json::object();
  std::vector<std::pair<std::string, std::string>> headers;
};

struct RouteContext;
using Handler = Result<Reply> (*)(RouteContext& context);

// A request field of a JSON body: unknown fields are rejected.
struct BodyField {
  std::string_view name;
  std::string_view type;  // JSON Schema type: "string", "integer", "boolean"
  bool required = false;
  size_t max_bytes = 1024;  // strings only
};

// A query parameter, documented and checked (unknown ones are rejected).
struct QueryParam {
  std::string_view name;
  std::string_view type;  // "string" or "integer"
  std::string_view description;
};

enum class BodyKind { kNone, kJson, kMultipart };

struct Route {
  std::string_view method;   // "GET" or "POST"
  std::string_view pattern;  // OpenAPI path, e.g. "/api/records/{source}/{record_id}"
  auth::Permission permission;
  std::string_view summary;
  Handler handler;
  BodyKind body = BodyKind::kNone;
  std::span<const BodyField> fields = {};
  std::span<const QueryParam> params = {};
  std::string_view tag = "api";
};

// Everything a handler may use for one request.
struct RouteContext {
  const Route& route;
  const ApiRequest& request;
  ServerState& state;
  store::Store& store;
  // Set for every route but kPublic ones (where it is set when sent).
  std::optional<auth::Principal> principal;
  // The JSON body, checked against route.fields (kJson routes only).
  nlohmann::json body;

  // Returns the caller's clearance (public when anonymous).
  auth::Sensitivity clearance() const;
  // Returns query parameter `name`, or `fallback`.
  std::string Query(std::string_view name, std::string_view fallback = "") const;
  // Returns integer query parameter `name` in [min, max], or `fallback`.
  Result<int64_t> QueryInt(std::string_view name, int64_t fallback, int64_t min, int64_t max) const;
  // Appends an audit entry: the caller read confidential `object`.
  Status AuditRead(const std::string& object);
};

// The route table, in the order OpenAPI lists them.
std::span<const Route> Routes();

// Returns the OpenAPI 3.1 document describing Routes().
nlohmann::json OpenApiDocument();

// Returns the HTTP status for a Status code (one function, as STYLE.md asks).
int HttpStatusFor(StatusCode code);
// Returns {"error": {"code", "message"}}.
nlohmann::json ErrorBody(std::string_view code, std::string_view message);

// Returns the current version of `ref` when the caller may see it; kNotFound
// alike when it has none and when its level is above the caller's clearance,
// so a hidden record cannot be told from a missing one.
Result<store::StoredRecord> VisibleRecord(const RouteContext& context, const store::RecordRef& ref);

// Returns the JSON of one stored record, redacted for the caller: fields
// above its clearance left out; sealed values opened with the server's data
// key for a caller cleared for them, else left out.
Result<nlohmann::json> RecordJson(const RouteContext& context, const store::StoredRecord& stored);

// Handlers, by file.
Result<Reply> HandleLogin(RouteContext& context);
Result<Reply> HandleLogout(RouteContext& context);
Result<Reply> HandleMe(RouteContext& context);
Result<Reply> HandleOpenApi(RouteContext& context);
Result<Reply> HandleSources(RouteContext& context);
Result<Reply> HandleRecords(RouteContext& context);
Result<Reply> HandleRecord(RouteContext& context);
Result<Reply> HandleSearch(RouteContext& context);
Result<Reply> HandlePerson(RouteContext& context);
Result<Reply> HandleStats(RouteContext& context);
Result<Reply> HandleReviewList(RouteContext& context);
Result<Reply> HandleReviewItem(RouteContext& context);
Result<Reply> HandleReviewAccept(RouteContext& context);
Result<Reply> HandleReviewReject(RouteContext& context);
Result<Reply> HandleImport(RouteContext& context);
Result<Reply> HandleVaultList(RouteContext& context);
Result<Reply> HandleVaultItem(RouteContext& context);
Result<Reply> HandleVaultAdd(RouteContext& context);
Result<Reply> HandleLogHead(RouteContext& context);
Result<Reply> HandleEstimates(RouteContext& context);

// Returns the capture histories of linked persons: one list per source.
// kFailedPrecondition with fewer than two sources or more than the engine takes.
Result<estimate::CaptureHistories> HistoriesOfPersons(
    const std::vector<store::PersonMember>& members);

}  // namespace sijil::server::internal

#endif  // SIJIL_SERVER_INTERNAL_API_H_
