// Test-only: runs the built `sijil` binary as a user would and captures what
// it prints and its exit code.
#ifndef SIJIL_CLI_INTERNAL_RUN_SIJIL_H_
#define SIJIL_CLI_INTERNAL_RUN_SIJIL_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace sijil::cli::testing_util {

struct RunResult {
  int exit_code = -1;  // -1 when the process did not exit normally
  std::string out;
  std::string err;
};

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// Runs SIJIL_BINARY with `args` and the extra environment `env`; stdout and
// stderr go through files in `scratch`.
inline RunResult RunSijil(std::vector<std::string> args, const std::filesystem::path& scratch,
                          const std::vector<std::pair<std::string, std::string>>& env = {}) {
  args.insert(args.begin(), SIJIL_BINARY);
  const std::filesystem::path out = scratch / ".stdout", err = scratch / ".stderr";
  const pid_t child = fork();
  if (child == 0) {
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (!freopen(out.c_str(), "w", stdout) || !freopen(err.c_str(), "w", stderr)) _exit(127);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(out), ReadFile(err)};
}

}  // namespace sijil::cli::testing_util

#endif  // SIJIL_CLI_INTERNAL_RUN_SIJIL_H_
