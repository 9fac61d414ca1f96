// Private to estimate: splitting option values such as "a+b,c+d".
#ifndef SIJIL_ESTIMATE_INTERNAL_SPLIT_H_
#define SIJIL_ESTIMATE_INTERNAL_SPLIT_H_

#include <string>
#include <string_view>
#include <vector>

namespace sijil::estimate::internal {

// Returns the parts of `text` between `separator`s, spaces and tabs trimmed.
std::vector<std::string> SplitTrimmed(std::string_view text, char separator);

}  // namespace sijil::estimate::internal

#endif  // SIJIL_ESTIMATE_INTERNAL_SPLIT_H_
