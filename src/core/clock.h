// The time as Sijil writes it everywhere: UTC, ISO 8601, second precision.
#ifndef SIJIL_CORE_CLOCK_H_
#define SIJIL_CORE_CLOCK_H_

#include <string>

namespace sijil {

// Returns the current time as "2026-01-02T03:04:05Z".
std::string NowUtc();

}  // namespace sijil

#endif  // SIJIL_CORE_CLOCK_H_
