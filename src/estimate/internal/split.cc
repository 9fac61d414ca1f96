#include "estimate/internal/split.h"

namespace sijil::estimate::internal {

std::vector<std::string> SplitTrimmed(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    const std::string_view part =
        text.substr(start, end == std::string_view::npos ? end : end - start);
    const size_t first = part.find_first_not_of(" \t");
    const size_t last = part.find_last_not_of(" \t");
    parts.emplace_back(first == std::string_view::npos ? "" : part.substr(first, last - first + 1));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

}  // namespace sijil::estimate::internal
