#include "link/link.h"

namespace sijil::link {

namespace {
Status NotYet() { return InternalError("link: not implemented yet"); }
}  // namespace

std::string_view ComparisonMethodName(ComparisonMethod) { return ""; }
std::string_view BlockKeyName(BlockKey) { return ""; }
LinkConfig DefaultConfig() { return {}; }
Result<LinkConfig> ParseConfig(std::string_view) { return NotYet(); }
std::string ConfigToJson(const LinkConfig&) { return "{}"; }
Result<LinkResult> Link(std::span<const LinkInput>, const LinkConfig&, const LinkOptions&) {
  return NotYet();
}
Result<PairExplanation> Explain(std::string_view, const Record&, const Record&) { return NotYet(); }
Result<Evaluation> Evaluate(const std::vector<std::vector<int64_t>>&,
                            const std::vector<std::string>&) {
  return NotYet();
}
double BlockingRecall(const std::vector<RecordPair>&, const std::vector<std::string>&) { return 0; }
Result<std::vector<RecordPair>> CandidatePairs(std::span<const LinkInput>, const LinkConfig&, int) {
  return NotYet();
}

}  // namespace sijil::link
