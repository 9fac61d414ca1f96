// The route table, and what all handlers share.
#include <algorithm>
#include <charconv>

#include "server/internal/api.h"
#include "server/internal/state.h"

namespace sijil::server::internal {
namespace {

using auth::Permission;

constexpr BodyField kLoginFields[] = {{"name", "string", true, 64},
                                      {"password", "string", true, 256}};
constexpr BodyField kDecisionFields[] = {{"note", "string", false, 4000}};

constexpr QueryParam kRecordsParams[] = {
    {"source", "string", "only records of this source"},
    {"limit", "integer", "at most this many (1-500, default 50)"},
    {"offset", "integer", "skip this many"}};
constexpr QueryParam kSearchParams[] = {
    {"q", "string", "a name in Arabic or Latin letters, whole or in part"},
    {"source", "string", "only records of this source"},
    {"limit", "integer", "at most this many results (1-100, default 20)"}};
constexpr QueryParam kImportParams[] = {
    {"dry_run", "integer", "1: validate and preview without writing (default 0)"}};
constexpr QueryParam kVaultParams[] = {{"case", "string", "only items of this case"}};
constexpr QueryParam kLimitParams[] = {{"limit", "integer", "at most this many (default 50)"}};

constexpr Route kRoutes[] = {
    {"POST",
     "/api/login",
     Permission::kPublic,
     "Log in: sets the session cookie and returns the CSRF token",
     HandleLogin,
     BodyKind::kJson,
     kLoginFields,
     {},
     "session"},
    {"POST",
     "/api/logout",
     Permission::kAuthenticated,
     "End the session",
     HandleLogout,
     BodyKind::kNone,
     {},
     {},
     "session"},
    {"GET",
     "/api/me",
     Permission::kAuthenticated,
     "Who is logged in",
     HandleMe,
     BodyKind::kNone,
     {},
     {},
     "session"},
    {"GET",
     "/api/openapi.json",
     Permission::kPublic,
     "This API description (OpenAPI 3.1)",
     HandleOpenApi,
     BodyKind::kNone,
     {},
     {},
     "meta"},
    {"GET",
     "/api/sources",
     Permission::kReadSources,
     "Sources with their record counts",
     HandleSources,
     BodyKind::kNone,
     {},
     {},
     "records"},
    {"GET",
     "/api/records",
     Permission::kReadRecords,
     "Current records, redacted for the caller",
     HandleRecords,
     BodyKind::kNone,
     {},
     kRecordsParams,
     "records"},
    {"GET",
     "/api/records/{source}/{record_id}",
     Permission::kReadRecords,
     "One record with its versions, redacted for the caller",
     HandleRecord,
     BodyKind::kNone,
     {},
     {},
     "records"},
    {"GET",
     "/api/search",
     Permission::kReadRecords,
     "Fuzzy name search across Arabic and Latin script",
     HandleSearch,
     BodyKind::kNone,
     {},
     kSearchParams,
     "records"},
    {"GET",
     "/api/persons/{person_id}",
     Permission::kReadRecords,
     "A person: every linked record with its source",
     HandlePerson,
     BodyKind::kNone,
     {},
     {},
     "persons"},
    {"GET",
     "/api/stats",
     Permission::kViewStats,
     "Counts by governorate, arrest year, facility, status and sex",
     HandleStats,
     BodyKind::kNone,
     {},
     {},
     "records"},
    {"GET",
     "/api/review",
     Permission::kReview,
     "Pairs waiting for a reviewer",
     HandleReviewList,
     BodyKind::kNone,
     {},
     kLimitParams,
     "review"},
    {"GET",
     "/api/review/{id}",
     Permission::kReview,
     "One pair, both records side by side",
     HandleReviewItem,
     BodyKind::kNone,
     {},
     {},
     "review"},
    {"POST",
     "/api/review/{id}/accept",
     Permission::kReview,
     "Decide: the same person",
     HandleReviewAccept,
     BodyKind::kJson,
     kDecisionFields,
     {},
     "review"},
    {"POST",
     "/api/review/{id}/reject",
     Permission::kReview,
     "Decide: different persons",
     HandleReviewReject,
     BodyKind::kJson,
     kDecisionFields,
     {},
     "review"},
    {"GET",
     "/api/estimates",
     Permission::kViewStats,
     "Estimated total (log-linear MSE, best model by AIC) over the linked persons",
     HandleEstimates,
     BodyKind::kNone,
     {},
     {},
     "estimates"},
    {"POST",
     "/api/imports",
     Permission::kImport,
     "Import a list (multipart: file, source, format, encoding, mapping: a JSON object of "
     "column header to field); dry_run=1 previews it",
     HandleImport,
     BodyKind::kMultipart,
     {},
     kImportParams,
     "imports"},
    {"GET",
     "/api/vault",
     Permission::kReadEvidence,
     "Evidence items",
     HandleVaultList,
     BodyKind::kNone,
     {},
     kVaultParams,
     "evidence"},
    {"GET",
     "/api/vault/{id}",
     Permission::kReadEvidence,
     "One evidence item: metadata, custody entries, verification against the log",
     HandleVaultItem,
     BodyKind::kNone,
     {},
     {},
     "evidence"},
    {"POST",
     "/api/vault",
     Permission::kAddEvidence,
     "Add evidence (multipart: file, case_name, description, captured_at, captured_by, source)",
     HandleVaultAdd,
     BodyKind::kMultipart,
     {},
     {},
     "evidence"},
    {"GET",
     "/api/log/head",
     Permission::kReadEvidence,
     "The custody log's size and latest signed checkpoint",
     HandleLogHead,
     BodyKind::kNone,
     {},
     {},
     "evidence"},
};

}  // namespace

std::span<const Route> Routes() { return kRoutes; }

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kResourceExhausted:
      return 413;
    case StatusCode::kDataLoss:
      return 500;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kCancelled:
      return 499;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

nlohmann::json ErrorBody(std::string_view code, std::string_view message) {
  return {{"error", {{"code", code}, {"message", message}}}};
}

auth::Sensitivity RouteContext::clearance() const {
  return principal ? auth::ClearanceOf(principal->role) : auth::Sensitivity::kPublic;
}

std::string RouteContext::Query(std::string_view name, std::string_view fallback) const {
  auto found = request.query.find(std::string(name));
  return found == request.query.end() ? std::string(fallback) : found->second;
}

Result<int64_t> RouteContext::QueryInt(std::string_view name, int64_t fallback, int64_t min,
                                       int64_t max) const {
  auto found = request.query.find(std::string(name));
  if (found == request.query.end()) return fallback;
  const std::string& text = found->second;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return InvalidArgumentError("query parameter '" + std::string(name) +
                                "': expected an integer from " + std::to_string(min) + " to " +
                                std::to_string(max));
  }
  return value;
}

Status RouteContext::AuditRead(const std::string& object) {
  return store.Auth().AppendAudit(
      {.user = principal ? principal->name : "",
       .action = "read_confidential",
       .object = object,
       .reason = std::string(route.method) + " " + std::string(route.pattern)});
}

Result<store::StoredRecord> VisibleRecord(const RouteContext& context,
                                          const store::RecordRef& ref) {
  static constexpr char kNone[] = "no record with this source and id";
  Result<std::vector<store::StoredRecord>> versions =
      context.store.RecordVersions(ref.source, ref.record_id);
  if (versions.status().code() == StatusCode::kNotFound) return NotFoundError(kNone);
  RETURN_IF_ERROR(versions.status());
  for (store::StoredRecord& version : *versions) {
    if (version.current && auth::MaySee(version.record, context.clearance())) {
      return std::move(version);
    }
  }
  return NotFoundError(kNone);
}

Result<nlohmann::json> RecordJson(const RouteContext& context, const store::StoredRecord& stored) {
  const auth::Sensitivity clearance = context.clearance();
  Record shown = auth::RedactRecord(stored.record, clearance);
  const vault::ValueCipher* cipher = context.state.options().data_cipher.get();
  if (cipher != nullptr) {
    RETURN_IF_ERROR(vault::OpenRecordValues(*cipher, stored.source, &shown));
  } else {
    auth::DropSealedValues(&shown);
  }
  nlohmann::json json = {{"source", stored.source}, {"version", stored.version}};
  for (Field field : AllFields()) {
    // Fields above the caller's clearance are left out, not blanked.
    if (auth::FieldSensitivity(field) > clearance) continue;
    json[std::string(FieldName(field))] = shown.Get(field);
  }
  nlohmann::json extra = nlohmann::json::array();
  for (const auto& [name, value] : shown.extra) extra.push_back({{"name", name}, {"value", value}});
  json["extra"] = std::move(extra);
  if (!shown.raw.empty()) {
    nlohmann::json raw = nlohmann::json::array();
    for (const auto& [name, value] : shown.raw) raw.push_back({{"name", name}, {"value", value}});
    json["raw"] = std::move(raw);
  }
  return json;
}

}  // namespace sijil::server::internal
