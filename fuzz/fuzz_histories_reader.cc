// ParseHistoriesCsv on arbitrary text, then ParseModel on the text's last line
// over the lists it read: never crashes; an accepted table is consistent (2^K
// cells, no count in the unobserved cell, no negative counts) and an accepted
// model names only interactions of those lists.
#include <cstdlib>
#include <string_view>

#include "estimate/estimate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  using sijil::estimate::CaptureHistories;
  sijil::Result<CaptureHistories> histories = sijil::estimate::ParseHistoriesCsv(input, "fuzz.csv");
  if (!histories.ok()) return 0;
  const int lists = histories->list_count();
  if (histories->counts.size() != (size_t{1} << lists) || histories->counts[0] != 0) std::abort();
  for (int64_t count : histories->counts) {
    if (count < 0) std::abort();
  }
  const size_t last_line = input.rfind('\n');
  const std::string_view spec =
      last_line == std::string_view::npos ? input : input.substr(last_line + 1);
  sijil::Result<sijil::estimate::LogLinearModel> model =
      sijil::estimate::ParseModel(spec, histories->lists);
  if (!model.ok()) return 0;
  for (uint32_t term : model->terms) {
    if (term >= (1u << lists) || __builtin_popcount(term) < 2) std::abort();
  }
  return 0;
}
