// Sources, records, search, persons and the dashboard counts.
#include <algorithm>

#include "server/internal/api.h"
#include "server/internal/search_keys.h"
#include "server/internal/state.h"
#include "text/text.h"

namespace sijil::server::internal {
namespace {

// Audits the read when `record` shows confidential content to the caller.
Status AuditIfConfidential(RouteContext& context, const store::StoredRecord& stored) {
  if (context.clearance() < auth::Sensitivity::kConfidential ||
      !auth::HasConfidentialContent(stored.record)) {
    return OkStatus();
  }
  return context.AuditRead("record " + stored.source + "/" + stored.record.record_id);
}

std::string DisplayName(const Record& record) {
  if (!record.full_name.empty()) return record.full_name;
  std::string name;
  for (const std::string* part :
       {&record.given_name, &record.father_name, &record.grandfather_name, &record.family_name}) {
    if (part->empty()) continue;
    if (!name.empty()) name += ' ';
    name += *part;
  }
  return name;
}

nlohmann::json SearchHitJson(const store::StoredRecord& stored, const std::string& person_id,
                             double score) {
  const Record& record = stored.record;
  return {{"source", stored.source},
          {"record_id", record.record_id},
          {"person_id", person_id},
          {"full_name", DisplayName(record)},
          {"given_name", record.given_name},
          {"father_name", record.father_name},
          {"grandfather_name", record.grandfather_name},
          {"family_name", record.family_name},
          {"sex", record.Get(Field::kSex)},
          {"birth_date", record.Get(Field::kBirthDate)},
          {"governorate", record.governorate},
          {"arrest_date", record.Get(Field::kArrestDate)},
          {"status", record.Get(Field::kStatus)},
          {"score", score}};
}

}  // namespace

Result<Reply> HandleSources(RouteContext& context) {
  ASSIGN_OR_RETURN(std::vector<store::SourceInfo> sources,
                   context.store.ListSources(context.clearance()));
  nlohmann::json list = nlohmann::json::array();
  for (const store::SourceInfo& source : sources) {
    list.push_back({{"name", source.name},
                    {"records", source.records},
                    {"imports", source.imports},
                    {"created_at", source.created_at}});
  }
  return Reply{200, {{"sources", std::move(list)}}, {}};
}

Result<Reply> HandleRecords(RouteContext& context) {
  ASSIGN_OR_RETURN(int64_t limit, context.QueryInt("limit", 50, 1, 500));
  ASSIGN_OR_RETURN(int64_t offset, context.QueryInt("offset", 0, 0, INT64_MAX / 2));
  const std::string source = context.Query("source");
  // Lists leave out raw cells and extra attributes: open a record for those.
  ASSIGN_OR_RETURN(std::vector<store::StoredRecord> records,
                   context.store.ListRecords({.source = source,
                                              .limit = limit,
                                              .offset = offset,
                                              .with_raw = false,
                                              .clearance = context.clearance()}));
  nlohmann::json list = nlohmann::json::array();
  bool confidential = false;
  for (const store::StoredRecord& stored : records) {
    ASSIGN_OR_RETURN(nlohmann::json json, RecordJson(context, stored));
    list.push_back(std::move(json));
    confidential = confidential || auth::HasConfidentialContent(stored.record);
  }
  if (confidential && context.clearance() == auth::Sensitivity::kConfidential) {
    RETURN_IF_ERROR(context.AuditRead("records list offset " + std::to_string(offset) + " limit " +
                                      std::to_string(limit)));
  }
  return Reply{200, {{"records", std::move(list)}, {"limit", limit}, {"offset", offset}}, {}};
}

Result<Reply> HandleRecord(RouteContext& context) {
  const store::RecordRef ref{context.request.path_params.at(0), context.request.path_params.at(1)};
  ASSIGN_OR_RETURN(store::StoredRecord stored, VisibleRecord(context, ref));
  ASSIGN_OR_RETURN(std::vector<std::string> persons, context.store.Search().PersonIdsOf({ref}));
  RETURN_IF_ERROR(AuditIfConfidential(context, stored));
  ASSIGN_OR_RETURN(nlohmann::json body, RecordJson(context, stored));
  body["person_id"] = persons.at(0);
  return Reply{200, std::move(body), {}};
}

Result<Reply> HandleSearch(RouteContext& context) {
  ASSIGN_OR_RETURN(int64_t limit, context.QueryInt("limit", 20, 1, 100));
  const std::string query = context.Query("q");
  if (query.size() > 200) return InvalidArgumentError("query parameter 'q': longer than 200 bytes");
  const std::vector<store::SearchTerm> terms = QueryTerms(query);
  if (terms.empty()) return Reply{200, {{"results", nlohmann::json::array()}}, {}};
  RETURN_IF_ERROR(context.state.CatchUpSearchIndex(context.store));
  // Rank a few times more candidates than asked for, best first.
  ASSIGN_OR_RETURN(std::vector<store::RecordRef> refs,
                   context.store.Search().SearchRecords(terms, context.Query("source"),
                                                        std::min<int64_t>(limit * 5, 200), 0,
                                                        context.clearance()));
  ASSIGN_OR_RETURN(std::vector<std::string> persons, context.store.Search().PersonIdsOf(refs));
  struct Hit {
    double score;
    size_t ref_idx;
    store::StoredRecord stored;
  };
  std::vector<Hit> hits;
  for (size_t ref_idx = 0; ref_idx < refs.size(); ++ref_idx) {
    ASSIGN_OR_RETURN(store::StoredRecord stored, VisibleRecord(context, refs[ref_idx]));
    const double score = MatchScore(query, DisplayName(stored.record));
    hits.push_back({score, ref_idx, std::move(stored)});
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const Hit& a, const Hit& b) { return a.score > b.score; });
  if (hits.size() > static_cast<size_t>(limit)) hits.resize(static_cast<size_t>(limit));
  nlohmann::json results = nlohmann::json::array();
  for (const Hit& hit : hits) {
    results.push_back(SearchHitJson(hit.stored, persons[hit.ref_idx], hit.score));
  }
  return Reply{200, {{"results", std::move(results)}}, {}};
}

Result<Reply> HandlePerson(RouteContext& context) {
  const std::string& person_id = context.request.path_params.at(0);
  ASSIGN_OR_RETURN(std::vector<store::PersonMember> members,
                   context.store.ListPersonMembers(person_id, context.clearance()));
  nlohmann::json records = nlohmann::json::array();
  for (const store::PersonMember& member : members) {
    // A person shows only the records the caller may see.
    Result<store::StoredRecord> stored = VisibleRecord(context, member.record);
    if (stored.status().code() == StatusCode::kNotFound) continue;
    RETURN_IF_ERROR(stored.status());
    RETURN_IF_ERROR(AuditIfConfidential(context, *stored));
    ASSIGN_OR_RETURN(nlohmann::json json, RecordJson(context, *stored));
    records.push_back(std::move(json));
  }
  if (records.empty()) return NotFoundError("no person with this id");
  return Reply{200, {{"person_id", person_id}, {"records", std::move(records)}}, {}};
}

namespace {

// Governorates written in several ways ("حلب", "Aleppo", "Halab") count as
// one, under the gazetteer's key and with its Arabic name; unknown values
// stay as written.
nlohmann::json GovernorateCounts(const std::vector<store::Facet>& facets) {
  std::vector<store::Facet> merged;
  for (const store::Facet& facet : facets) {
    const std::optional<text::PlaceMatch> place = text::ResolvePlace(facet.value);
    const std::string value = place ? place->governorate : facet.value;
    auto same = std::find_if(merged.begin(), merged.end(),
                             [&value](const store::Facet& m) { return m.value == value; });
    if (same == merged.end()) {
      merged.push_back({value, facet.count});
    } else {
      same->count += facet.count;
    }
  }
  std::stable_sort(merged.begin(), merged.end(),
                   [](const store::Facet& a, const store::Facet& b) { return a.count > b.count; });
  nlohmann::json list = nlohmann::json::array();
  for (const store::Facet& facet : merged) {
    nlohmann::json entry = {{"value", facet.value}, {"count", facet.count}};
    if (std::string arabic = text::GovernorateArabicName(facet.value); !arabic.empty()) {
      entry["value_ar"] = std::move(arabic);
    }
    list.push_back(std::move(entry));
  }
  return list;
}

}  // namespace

Result<Reply> HandleStats(RouteContext& context) {
  store::SearchStore& search = context.store.Search();
  ASSIGN_OR_RETURN(int64_t total, search.CountRecords(context.clearance()));
  nlohmann::json body = {{"records", total}};
  for (std::string_view facet : {"governorate", "arrest_year", "facility", "status", "sex"}) {
    const bool governorate = facet == "governorate";
    ASSIGN_OR_RETURN(std::vector<store::Facet> counts,
                     search.CountRecordsBy(facet, governorate ? 1000 : 100, context.clearance()));
    if (governorate) {
      body[std::string(facet)] = GovernorateCounts(counts);
      continue;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const store::Facet& count : counts) {
      list.push_back({{"value", count.value}, {"count", count.count}});
    }
    body[std::string(facet)] = std::move(list);
  }
  return Reply{200, std::move(body), {}};
}

}  // namespace sijil::server::internal
