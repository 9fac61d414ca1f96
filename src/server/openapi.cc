// The OpenAPI 3.1 document, generated from the route table.
#include "server/internal/api.h"

namespace sijil::server::internal {
namespace {

nlohmann::json PathParameters(std::string_view pattern) {
  nlohmann::json parameters = nlohmann::json::array();
  for (size_t open = pattern.find('{'); open != std::string_view::npos;
       open = pattern.find('{', open + 1)) {
    const size_t close = pattern.find('}', open);
    parameters.push_back({{"name", pattern.substr(open + 1, close - open - 1)},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
  }
  return parameters;
}

nlohmann::json RequestBody(const Route& route) {
  if (route.body == BodyKind::kMultipart) {
    return {{"required", true},
            {"content",
             {{"multipart/form-data",
               {{"schema",
                 {{"type", "object"},
                  {"properties", {{"file", {{"type", "string"}, {"format", "binary"}}}}}}}}}}}};
  }
  nlohmann::json properties = nlohmann::json::object();
  nlohmann::json required = nlohmann::json::array();
  for (const BodyField& field : route.fields) {
    nlohmann::json schema = {{"type", field.type}};
    if (field.type == "string") schema["maxLength"] = field.max_bytes;
    properties[std::string(field.name)] = std::move(schema);
    if (field.required) required.push_back(field.name);
  }
  return {{"required", true},
          {"content",
           {{"application/json",
             {{"schema",
               {{"type", "object"},
                {"properties", std::move(properties)},
                {"required", std::move(required)},
                {"additionalProperties", false}}}}}}}};
}

nlohmann::json Operation(const Route& route) {
  nlohmann::json parameters = PathParameters(route.pattern);
  for (const QueryParam& param : route.params) {
    parameters.push_back({{"name", param.name},
                          {"in", "query"},
                          {"required", false},
                          {"description", param.description},
                          {"schema", {{"type", param.type}}}});
  }
  const nlohmann::json error_ref = {
      {"description", "error"},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
  nlohmann::json operation = {
      {"summary", route.summary},
      {"tags", {route.tag}},
      {"x-permission", auth::PermissionName(route.permission)},
      {"parameters", std::move(parameters)},
      {"responses",
       {{"200",
         {{"description", "OK"}, {"content", {{"application/json", nlohmann::json::object()}}}}},
        {"400", error_ref},
        {"401", error_ref},
        {"403", error_ref},
        {"404", error_ref}}}};
  if (route.permission == auth::Permission::kPublic) {
    operation["security"] = nlohmann::json::array();
  }
  if (route.body != BodyKind::kNone) operation["requestBody"] = RequestBody(route);
  return operation;
}

}  // namespace

nlohmann::json OpenApiDocument() {
  nlohmann::json paths = nlohmann::json::object();
  for (const Route& route : Routes()) {
    std::string method(route.method);
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[std::string(route.pattern)][method] = Operation(route);
  }
  return {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "Sijil API"},
        {"version", "0.1.0"},
        {"description",
         "Records, persons, review, statistics and evidence. Log in with POST /api/login "
         "(session cookie; send X-CSRF-Token on unsafe methods) or send "
         "Authorization: Bearer TOKEN. Each operation's x-permission names what it needs."}}},
      {"paths", std::move(paths)},
      {"security", {{{"session", nlohmann::json::array()}}, {{"bearer", nlohmann::json::array()}}}},
      {"components",
       {{"securitySchemes",
         {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "sijil"}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
        {"schemas",
         {{"Error",
           {{"type", "object"},
            {"required", {"error"}},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"required", {"code", "message"}},
                {"properties",
                 {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}}}}}}}};
}

}  // namespace sijil::server::internal
