// cli: the `sijil` command. Parses arguments, runs one command against the
// store and engines, prints human text or JSON, and maps the outcome to the
// exit codes of DESIGN.md: 0 success, 1 user error, 2 usage error.
#ifndef SIJIL_CLI_CLI_H_
#define SIJIL_CLI_CLI_H_

#include "core/status.h"

namespace sijil::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;

// Runs `sijil` with the given arguments and returns the process exit code.
int RunSijil(int argc, char** argv);

// Returns the exit code for a command's final status.
int ExitCodeFor(const Status& status);

}  // namespace sijil::cli

#endif  // SIJIL_CLI_CLI_H_
