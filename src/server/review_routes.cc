// The review queue: doubtful pairs of records and reviewers' decisions.
#include <charconv>

#include "link/link.h"
#include "server/internal/api.h"
#include "server/internal/state.h"

namespace sijil::server::internal {
namespace {

nlohmann::json RefJson(const store::RecordRef& ref) {
  return {{"source", ref.source}, {"record_id", ref.record_id}};
}

nlohmann::json ItemJson(const store::ReviewItem& item) {
  return {{"id", item.id},
          {"a", RefJson(item.a)},
          {"b", RefJson(item.b)},
          {"weight", item.weight},
          {"probability", item.probability}};
}

Result<int64_t> ItemId(const RouteContext& context) {
  const std::string& text = context.request.path_params.at(0);
  int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return InvalidArgumentError("review id: expected a positive integer");
  }
  return id;
}

// Returns true when the caller may see both records of `item`.
Result<bool> MaySeePair(const RouteContext& context, const store::ReviewItem& item) {
  for (const store::RecordRef* ref : {&item.a, &item.b}) {
    Result<store::StoredRecord> stored = VisibleRecord(context, *ref);
    if (stored.status().code() == StatusCode::kNotFound) return false;
    RETURN_IF_ERROR(stored.status());
  }
  return true;
}

// Returns review item `id` when the caller may see both its records.
Result<store::ReviewItem> VisibleItem(const RouteContext& context, int64_t id) {
  ASSIGN_OR_RETURN(store::ReviewItem item, context.store.GetReviewItem(id));
  ASSIGN_OR_RETURN(bool visible, MaySeePair(context, item));
  if (!visible) return NotFoundError("no review item " + std::to_string(id));
  return item;
}

// Each comparison's level and weight under the latest link run's model, by
// record field (a comparison of several fields, such as place, is shown on
// each). The values compared are left out: the records beside them show
// them, redacted for this reader.
Result<nlohmann::json> Contributions(store::Store& store, const Record& a, const Record& b) {
  ASSIGN_OR_RETURN(std::optional<store::LinkRunInfo> run, store.LatestLinkRun());
  if (!run || run->model_json.empty()) {
    return nlohmann::json{
        {"available", false}, {"link_run", run ? run->id : 0}, {"fields", nlohmann::json::array()}};
  }
  ASSIGN_OR_RETURN(link::PairExplanation why, link::Explain(run->model_json, a, b));
  nlohmann::json fields = nlohmann::json::array();
  for (const link::ComparisonExplanation& comparison : why.comparisons) {
    for (const std::string& field : comparison.fields) {
      fields.push_back({{"field", field},
                        {"comparison", comparison.name},
                        {"agreement", comparison.level},
                        {"weight", comparison.weight}});
    }
  }
  return nlohmann::json{{"available", true},           {"link_run", run->id},
                        {"fields", std::move(fields)}, {"prior_weight", why.prior_weight},
                        {"weight", why.weight},        {"probability", why.probability}};
}

Result<Reply> Decide(RouteContext& context, store::LinkDecisionKind kind) {
  ASSIGN_OR_RETURN(int64_t id, ItemId(context));
  ASSIGN_OR_RETURN(store::ReviewItem item, VisibleItem(context, id));
  const std::string note = context.body.value("note", "");
  ASSIGN_OR_RETURN(store::LinkDecision decision,
                   context.store.AddLinkDecision({.a = item.a,
                                                  .b = item.b,
                                                  .decision = kind,
                                                  .decided_by = context.principal->name,
                                                  .note = note}));
  return Reply{200,
               {{"id", id},
                {"decision", kind == store::LinkDecisionKind::kMatch ? "match" : "non_match"},
                {"decided_by", decision.decided_by},
                {"decided_at", decision.decided_at}},
               {}};
}

}  // namespace

Result<Reply> HandleReviewList(RouteContext& context) {
  ASSIGN_OR_RETURN(int64_t limit, context.QueryInt("limit", 50, 1, 1000));
  ASSIGN_OR_RETURN(std::vector<store::ReviewItem> queue, context.store.ListReviewQueue());
  nlohmann::json items = nlohmann::json::array();
  int64_t total = 0;
  for (const store::ReviewItem& item : queue) {
    ASSIGN_OR_RETURN(bool visible, MaySeePair(context, item));
    if (!visible) continue;
    if (total++ < limit) items.push_back(ItemJson(item));
  }
  return Reply{200, {{"items", std::move(items)}, {"total", total}}, {}};
}

Result<Reply> HandleReviewItem(RouteContext& context) {
  ASSIGN_OR_RETURN(int64_t id, ItemId(context));
  ASSIGN_OR_RETURN(store::ReviewItem item, VisibleItem(context, id));
  nlohmann::json body = ItemJson(item);
  std::vector<store::StoredRecord> records;
  for (const auto& [side, ref] : {std::pair{"record_a", &item.a}, std::pair{"record_b", &item.b}}) {
    ASSIGN_OR_RETURN(store::StoredRecord stored, VisibleRecord(context, *ref));
    if (context.clearance() == auth::Sensitivity::kConfidential &&
        auth::HasConfidentialContent(stored.record)) {
      RETURN_IF_ERROR(context.AuditRead("record " + ref->source + "/" + ref->record_id));
    }
    ASSIGN_OR_RETURN(body[side], RecordJson(context, stored));
    records.push_back(std::move(stored));
  }
  ASSIGN_OR_RETURN(body["contributions"],
                   Contributions(context.store, records[0].record, records[1].record));
  return Reply{200, std::move(body), {}};
}

Result<Reply> HandleReviewAccept(RouteContext& context) {
  return Decide(context, store::LinkDecisionKind::kMatch);
}

Result<Reply> HandleReviewReject(RouteContext& context) {
  return Decide(context, store::LinkDecisionKind::kNonMatch);
}

}  // namespace sijil::server::internal
