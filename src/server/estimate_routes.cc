// The estimate of the total: log-linear MSE over the linked persons.
#include <map>
#include <set>

#include "estimate/estimate.h"
#include "server/internal/api.h"
#include "server/internal/state.h"

namespace sijil::server::internal {

Result<estimate::CaptureHistories> HistoriesOfPersons(
    const std::vector<store::PersonMember>& members) {
  std::set<std::string> sources;
  for (const store::PersonMember& member : members) sources.insert(member.record.source);
  if (sources.size() < 2) {
    return FailedPreconditionError(
        "an estimate needs persons linked across at least two sources (run sijil link)");
  }
  if (sources.size() > static_cast<size_t>(estimate::kMaxLists)) {
    return FailedPreconditionError("an estimate takes at most " +
                                   std::to_string(estimate::kMaxLists) + " sources");
  }
  const std::vector<std::string> lists(sources.begin(), sources.end());
  std::map<std::string, uint32_t> bit_of;
  for (size_t list_idx = 0; list_idx < lists.size(); ++list_idx) {
    bit_of[lists[list_idx]] = 1u << list_idx;
  }
  std::map<std::string, uint32_t> pattern_of_person;
  for (const store::PersonMember& member : members) {
    pattern_of_person[member.person_id] |= bit_of[member.record.source];
  }
  std::map<uint32_t, int64_t> persons_by_pattern;
  for (const auto& [person, pattern] : pattern_of_person) ++persons_by_pattern[pattern];
  ASSIGN_OR_RETURN(estimate::CaptureHistories histories, estimate::MakeHistories(lists));
  for (const auto& [pattern, count] : persons_by_pattern) {
    RETURN_IF_ERROR(estimate::AddPattern(histories, pattern, count));
  }
  return histories;
}

Result<Reply> HandleEstimates(RouteContext& context) {
  ASSIGN_OR_RETURN(std::vector<store::PersonMember> members,
                   context.store.ListPersonMembers("", context.clearance()));
  ASSIGN_OR_RETURN(estimate::CaptureHistories histories, HistoriesOfPersons(members));
  RETURN_IF_ERROR(estimate::CheckEstimable(histories));
  ASSIGN_OR_RETURN(estimate::ModelSearch search,
                   estimate::SearchModels(histories, {.top = 1, .threads = 1}));
  const estimate::LogLinearFit& best = search.fits.front();
  nlohmann::json fit = {{"stratum", "all"},          {"method", "loglinear"},
                        {"model", best.name},        {"observed", best.observed},
                        {"estimate", best.estimate}, {"lower", best.lower},
                        {"upper", best.upper},       {"upper_unbounded", best.upper_unbounded},
                        {"level", best.level},       {"warnings", best.warnings}};
  // The same estimate with the uncertainty of the model choice (estimate.h).
  fit["model_average"] = {{"estimate", search.average.estimate},
                          {"lower", search.average.lower},
                          {"upper", search.average.upper},
                          {"models", search.average.models}};
  nlohmann::json lists = nlohmann::json::array();
  for (int list_idx = 0; list_idx < histories.list_count(); ++list_idx) {
    lists.push_back({{"name", histories.lists[list_idx]}, {"persons", histories.OnList(list_idx)}});
  }
  // Counted over the records the caller may see, as /api/stats counts.
  return Reply{200,
               {{"estimates", {std::move(fit)}},
                {"clearance", auth::SensitivityName(context.clearance())},
                {"lists", std::move(lists)},
                {"models_considered", search.models_considered}},
               {}};
}

}  // namespace sijil::server::internal
