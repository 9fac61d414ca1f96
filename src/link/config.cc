// The default detainee configuration and the JSON config format.
#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <utility>

#include "link/internal/config_json.h"
#include "link/internal/prepare.h"
#include "link/link.h"

namespace sijil::link {
namespace {

constexpr std::array<std::pair<ComparisonMethod, std::string_view>, 5> kMethods = {{
    {ComparisonMethod::kName, "name"},
    {ComparisonMethod::kSex, "sex"},
    {ComparisonMethod::kDate, "date"},
    {ComparisonMethod::kPlace, "place"},
    {ComparisonMethod::kText, "text"},
}};

constexpr std::array<std::pair<BlockKey, std::string_view>, 17> kBlockKeys = {{
    {BlockKey::kGivenKey, "given_key"},
    {BlockKey::kFatherKey, "father_key"},
    {BlockKey::kGrandfatherKey, "grandfather_key"},
    {BlockKey::kFamilyKey, "family_key"},
    {BlockKey::kMotherKey, "mother_key"},
    {BlockKey::kFirstUnitKey, "first_unit_key"},
    {BlockKey::kLastUnitKey, "last_unit_key"},
    {BlockKey::kBirthYear, "birth_year"},
    {BlockKey::kBirthYearNear, "birth_year_near"},
    {BlockKey::kArrestYearMonth, "arrest_year_month"},
    {BlockKey::kArrestDate, "arrest_date"},
    {BlockKey::kCity, "city"},
    {BlockKey::kGovernorate, "governorate"},
    {BlockKey::kSex, "sex"},
    {BlockKey::kGivenLoose, "given_loose"},
    {BlockKey::kFamilyLoose, "family_loose"},
    {BlockKey::kFatherLoose, "father_loose"},
}};

template <typename Table>
std::string OneOf(const Table& table) {
  std::string names;
  for (const auto& [value, name] : table) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

ComparisonConfig NameComparison(std::string field) {
  return ComparisonConfig{.name = field,
                          .method = ComparisonMethod::kName,
                          .fields = {field},
                          .term_frequency = true,
                          .review_when_different = field == "given_name"};
}

BlockingRule Rule(std::vector<BlockKey> keys, bool train, int max_block_size = 100) {
  BlockingRule rule{.keys = std::move(keys), .max_block_size = max_block_size, .train = train};
  for (BlockKey key : rule.keys) {
    if (!rule.name.empty()) rule.name += "+";
    rule.name += BlockKeyName(key);
  }
  return rule;
}

using Json = nlohmann::json;

Status ReadNumber(const Json& json, const char* member, const std::string& where, double low,
                  double high, double& out) {
  if (!json.contains(member)) return OkStatus();
  const Json& value = json[member];
  if (!value.is_number() || value.get<double>() < low || value.get<double>() > high) {
    return InvalidArgumentError(where + member + ": expected a number in [" + Json(low).dump() +
                                ", " + Json(high).dump() + "]");
  }
  out = value.get<double>();
  return OkStatus();
}

template <typename Int>
Status ReadInteger(const Json& json, const char* member, const std::string& where, int64_t low,
                   int64_t high, Int& out) {
  if (!json.contains(member)) return OkStatus();
  const Json& value = json[member];
  if (!value.is_number_integer() || value.get<int64_t>() < low || value.get<int64_t>() > high) {
    return InvalidArgumentError(where + member + ": expected an integer in [" +
                                std::to_string(low) + ", " + std::to_string(high) + "]");
  }
  out = static_cast<Int>(value.get<int64_t>());
  return OkStatus();
}

Result<std::string> ReadString(const Json& json, const char* member, const std::string& where) {
  if (!json.contains(member) || !json[member].is_string() ||
      json[member].get<std::string>().empty()) {
    return InvalidArgumentError(where + member + ": expected a non-empty string");
  }
  return json[member].get<std::string>();
}

Result<ComparisonConfig> ReadComparison(const Json& json, const std::string& where) {
  if (!json.is_object()) return InvalidArgumentError(where + ": expected an object");
  ComparisonConfig comparison;
  ASSIGN_OR_RETURN(comparison.name, ReadString(json, "name", where + "."));
  ASSIGN_OR_RETURN(std::string method, ReadString(json, "method", where + "."));
  bool known = false;
  for (const auto& [value, name] : kMethods) {
    if (name == method) {
      comparison.method = value;
      known = true;
    }
  }
  if (!known) {
    return InvalidArgumentError(where + ".method: '" + method + "' is not one of " +
                                OneOf(kMethods));
  }
  if (!json.contains("fields") || !json["fields"].is_array()) {
    return InvalidArgumentError(where + ".fields: expected an array of field names");
  }
  for (const Json& field : json["fields"]) {
    if (!field.is_string()) return InvalidArgumentError(where + ".fields: expected strings");
    comparison.fields.push_back(field.get<std::string>());
  }
  for (auto [member, flag] :
       {std::pair{"term_frequency", &comparison.term_frequency},
        std::pair{"review_when_different", &comparison.review_when_different}}) {
    if (!json.contains(member)) continue;
    if (!json[member].is_boolean()) {
      return InvalidArgumentError(where + "." + member + ": expected true or false");
    }
    *flag = json[member].get<bool>();
  }
  RETURN_IF_ERROR(
      ReadNumber(json, "close_threshold", where + ".", 0.01, 1, comparison.close_threshold));
  RETURN_IF_ERROR(
      ReadNumber(json, "similar_threshold", where + ".", 0.01, 1, comparison.similar_threshold));
  return comparison;
}

Result<BlockingRule> ReadRule(const Json& json, const std::string& where) {
  if (!json.is_object()) return InvalidArgumentError(where + ": expected an object");
  BlockingRule rule;
  ASSIGN_OR_RETURN(rule.name, ReadString(json, "name", where + "."));
  if (!json.contains("keys") || !json["keys"].is_array() || json["keys"].empty()) {
    return InvalidArgumentError(where + ".keys: expected a non-empty array of " +
                                OneOf(kBlockKeys));
  }
  for (const Json& key : json["keys"]) {
    bool known = false;
    for (const auto& [value, name] : kBlockKeys) {
      if (key.is_string() && key.get<std::string>() == name) {
        rule.keys.push_back(value);
        known = true;
      }
    }
    if (!known) {
      return InvalidArgumentError(where + ".keys: " + key.dump() + " is not one of " +
                                  OneOf(kBlockKeys));
    }
  }
  RETURN_IF_ERROR(
      ReadInteger(json, "max_block_size", where + ".", 2, 1'000'000, rule.max_block_size));
  if (json.contains("train")) {
    if (!json["train"].is_boolean())
      return InvalidArgumentError(where + ".train: expected true or false");
    rule.train = json["train"].get<bool>();
  }
  return rule;
}

template <typename T, typename ReadFn>
Status ReadList(const Json& json, const char* member, ReadFn read, std::vector<T>& out) {
  if (!json.contains(member)) return OkStatus();
  if (!json[member].is_array() || json[member].empty()) {
    return InvalidArgumentError(std::string(member) + ": expected a non-empty array");
  }
  out.clear();
  for (size_t i = 0; i < json[member].size(); ++i) {
    ASSIGN_OR_RETURN(T item,
                     read(json[member][i], std::string(member) + "[" + std::to_string(i) + "]"));
    out.push_back(std::move(item));
  }
  return OkStatus();
}

Status ReadConfig(const Json& json, LinkConfig& config) {
  if (!json.is_object()) return InvalidArgumentError("config: expected a JSON object");
  static constexpr std::array<std::string_view, 10> kMembers = {
      "match_threshold", "review_lower", "max_cluster_size", "em_max_iterations", "em_tolerance",
      "u_sample_pairs",  "comparisons",  "blocking",         "version",           "description"};
  for (const auto& [member, value] : json.items()) {
    if (std::find(kMembers.begin(), kMembers.end(), member) == kMembers.end()) {
      return InvalidArgumentError(member +
                                  ": unknown member (expected one of match_threshold, "
                                  "review_lower, max_cluster_size, em_max_iterations, "
                                  "em_tolerance, u_sample_pairs, comparisons, blocking)");
    }
  }
  RETURN_IF_ERROR(ReadNumber(json, "match_threshold", "", 0.001, 0.999999, config.match_threshold));
  RETURN_IF_ERROR(ReadNumber(json, "review_lower", "", 0, 0.999999, config.review_lower));
  if (config.review_lower > config.match_threshold) {
    return InvalidArgumentError("review_lower: must not exceed match_threshold");
  }
  RETURN_IF_ERROR(ReadInteger(json, "max_cluster_size", "", 2, 100'000, config.max_cluster_size));
  RETURN_IF_ERROR(ReadInteger(json, "em_max_iterations", "", 0, 10'000, config.em_max_iterations));
  RETURN_IF_ERROR(ReadNumber(json, "em_tolerance", "", 0, 1, config.em_tolerance));
  RETURN_IF_ERROR(
      ReadInteger(json, "u_sample_pairs", "", 0, int64_t{1} << 40, config.u_sample_pairs));
  RETURN_IF_ERROR(ReadList(json, "comparisons", ReadComparison, config.comparisons));
  RETURN_IF_ERROR(ReadList(json, "blocking", ReadRule, config.blocking));
  return internal::CompileComparisons(config.comparisons).status();
}

}  // namespace

std::string_view ComparisonMethodName(ComparisonMethod method) {
  for (const auto& [value, name] : kMethods) {
    if (value == method) return name;
  }
  return "";
}

std::string_view BlockKeyName(BlockKey key) {
  for (const auto& [value, name] : kBlockKeys) {
    if (value == key) return name;
  }
  return "";
}

LinkConfig DefaultConfig() {
  using enum BlockKey;
  LinkConfig config;
  config.comparisons = {
      NameComparison("given_name"),
      NameComparison("father_name"),
      NameComparison("grandfather_name"),
      NameComparison("family_name"),
      NameComparison("mother_name"),
      {.name = "sex", .method = ComparisonMethod::kSex, .fields = {"sex"}},
      {.name = "birth_date", .method = ComparisonMethod::kDate, .fields = {"birth_date"}},
      {.name = "place",
       .method = ComparisonMethod::kPlace,
       .fields = {"governorate", "district", "city"}},
      {.name = "arrest_date", .method = ComparisonMethod::kDate, .fields = {"arrest_date"}},
      {.name = "facility", .method = ComparisonMethod::kText, .fields = {"facility"}},
  };
  // EM trains on the pairs of the rules on given and family name: rules
  // without the given name find mostly relatives, and broad rules mostly
  // people born or arrested at the same time and place, which EM would take
  // for matches.
  config.blocking = {
      Rule({kGivenLoose, kFamilyLoose}, true),
      Rule({kGivenLoose, kFamilyLoose, kBirthYearNear}, true),
      Rule({kGivenLoose, kFamilyLoose, kFatherLoose}, true),
      Rule({kGivenKey, kFatherKey, kBirthYearNear}, true),
      Rule({kGivenLoose, kFamilyLoose, kArrestYearMonth}, true),
      Rule({kGivenLoose, kFamilyLoose, kGovernorate}, true),
      Rule({kGivenLoose, kFatherLoose, kGovernorate}, false),
      Rule({kFamilyLoose, kFatherLoose, kMotherKey}, false),
      Rule({kFamilyLoose, kBirthYear, kGovernorate}, false),
      Rule({kFamilyLoose, kMotherKey, kBirthYearNear}, false),
      Rule({kGivenLoose, kMotherKey}, false, 50),
      Rule({kGivenLoose, kBirthYear, kGovernorate}, false, 50),
      Rule({kGivenLoose, kArrestYearMonth, kGovernorate}, false, 50),
      Rule({kGivenLoose, kArrestDate}, false, 50),
      Rule({kFamilyLoose, kArrestDate}, false, 50),
      Rule({kGivenLoose, kCity}, false, 20),
      Rule({kFamilyLoose, kCity}, false, 20),
  };
  return config;
}

namespace internal {

Json ConfigToJsonValue(const LinkConfig& config) {
  Json comparisons = Json::array();
  for (const ComparisonConfig& comparison : config.comparisons) {
    comparisons.push_back({{"name", comparison.name},
                           {"method", ComparisonMethodName(comparison.method)},
                           {"fields", comparison.fields},
                           {"term_frequency", comparison.term_frequency},
                           {"close_threshold", comparison.close_threshold},
                           {"similar_threshold", comparison.similar_threshold},
                           {"review_when_different", comparison.review_when_different}});
  }
  Json blocking = Json::array();
  for (const BlockingRule& rule : config.blocking) {
    Json keys = Json::array();
    for (BlockKey key : rule.keys) keys.push_back(BlockKeyName(key));
    blocking.push_back({{"name", rule.name},
                        {"keys", keys},
                        {"max_block_size", rule.max_block_size},
                        {"train", rule.train}});
  }
  return {{"match_threshold", config.match_threshold},
          {"review_lower", config.review_lower},
          {"max_cluster_size", config.max_cluster_size},
          {"em_max_iterations", config.em_max_iterations},
          {"em_tolerance", config.em_tolerance},
          {"u_sample_pairs", config.u_sample_pairs},
          {"comparisons", comparisons},
          {"blocking", blocking}};
}

Result<LinkConfig> ConfigFromJsonValue(const Json& json) {
  LinkConfig config = DefaultConfig();
  RETURN_IF_ERROR(ReadConfig(json, config));
  return config;
}

}  // namespace internal

Result<LinkConfig> ParseConfig(std::string_view json_text) {
  Json json = Json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (json.is_discarded()) return InvalidArgumentError("config: not valid JSON");
  return internal::ConfigFromJsonValue(json);
}

std::string ConfigToJson(const LinkConfig& config) {
  return internal::ConfigToJsonValue(config).dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace sijil::link
