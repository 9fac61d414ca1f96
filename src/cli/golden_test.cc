// Runs the data-driven CLI cases in tests/cli/*.t: each is a small script of
// commands with the exit code and output lines users should see, so a new
// case needs no C++. Format:
//   # comment
//   $ sijil ARGS...      run build/sijil (SIJIL_DB points at a fresh database)
//   ? N                  the exit code of the last command (default 0)
//   > TEXT               stdout of the last command contains TEXT
//   2> TEXT              stderr of the last command contains TEXT
//   !> TEXT              stdout does not contain TEXT
// $DATA expands to tests/cli/data and $TMP to the case's scratch folder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/internal/run_sijil.h"

namespace {

namespace fs = std::filesystem;

struct Command {
  int line = 0;
  std::vector<std::string> args;
  int exit_code = 0;
  std::vector<std::string> stdout_has, stderr_has, stdout_lacks;
};

std::string Expand(std::string text, const fs::path& tmp) {
  const std::pair<std::string, std::string> vars[] = {
      {"$DATA", std::string(SIJIL_SOURCE_DIR) + "/tests/cli/data"}, {"$TMP", tmp.string()}};
  for (const auto& [name, value] : vars) {
    for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at)) {
      text.replace(at, name.size(), value);
      at += value.size();
    }
  }
  return text;
}

// Splits a command line on spaces, honouring double quotes.
std::vector<std::string> SplitArgs(const std::string& line) {
  std::vector<std::string> args;
  std::string current;
  bool quoted = false, any = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) args.push_back(current);
      current.clear();
      any = false;
    } else {
      current.push_back(c);
      any = true;
    }
  }
  if (any) args.push_back(current);
  return args;
}

std::vector<Command> ParseCase(const fs::path& file, const fs::path& tmp) {
  std::ifstream in(file);
  std::vector<Command> commands;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line = Expand(line, tmp);
    auto rest = [&](size_t prefix) { return line.substr(prefix); };
    if (line.rfind("$ sijil", 0) == 0) {
      commands.push_back({number, SplitArgs(rest(7))});
    } else if (line.empty() || line[0] == '#') {
      continue;
    } else if (commands.empty()) {
      ADD_FAILURE() << file << ":" << number << ": expectation before any command";
    } else if (line.rfind("? ", 0) == 0) {
      commands.back().exit_code = std::stoi(rest(2));
    } else if (line.rfind("2> ", 0) == 0) {
      commands.back().stderr_has.push_back(rest(3));
    } else if (line.rfind("!> ", 0) == 0) {
      commands.back().stdout_lacks.push_back(rest(3));
    } else if (line.rfind("> ", 0) == 0) {
      commands.back().stdout_has.push_back(rest(2));
    } else {
      ADD_FAILURE() << file << ":" << number << ": cannot parse '" << line << "'";
    }
  }
  return commands;
}

void RunCommand(const fs::path& file, const Command& command, const fs::path& tmp) {
  const sijil::cli::testing_util::RunResult result = sijil::cli::testing_util::RunSijil(
      command.args, tmp, {{"SIJIL_DB", (tmp / "sijil.db").string()}});
  const std::string where = file.filename().string() + ":" + std::to_string(command.line);
  const std::string& stdout_text = result.out;
  const std::string& stderr_text = result.err;
  const std::string shown = "\n--- stdout\n" + stdout_text + "--- stderr\n" + stderr_text;
  EXPECT_EQ(result.exit_code, command.exit_code) << where << shown;
  for (const std::string& text : command.stdout_has) {
    EXPECT_NE(stdout_text.find(text), std::string::npos)
        << where << ": stdout lacks '" << text << "'" << shown;
  }
  for (const std::string& text : command.stderr_has) {
    EXPECT_NE(stderr_text.find(text), std::string::npos)
        << where << ": stderr lacks '" << text << "'" << shown;
  }
  for (const std::string& text : command.stdout_lacks) {
    EXPECT_EQ(stdout_text.find(text), std::string::npos)
        << where << ": stdout has '" << text << "'" << shown;
  }
}

class GoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, Case) {
  const fs::path file = GetParam();
  const fs::path tmp = fs::path(testing::TempDir()) /
                       ("golden_" + std::to_string(getpid()) + "_" + file.stem().string());
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  const std::vector<Command> commands = ParseCase(file, tmp);
  ASSERT_FALSE(commands.empty()) << file << " has no commands";
  for (const Command& command : commands) RunCommand(file, command, tmp);
  fs::remove_all(tmp);
}

std::vector<std::string> Cases() {
  std::vector<std::string> cases;
  for (const auto& entry : fs::directory_iterator(std::string(SIJIL_SOURCE_DIR) + "/tests/cli")) {
    if (entry.path().extension() == ".t") cases.push_back(entry.path().string());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Cli, GoldenTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = fs::path(info.param).stem().string();
                           for (char& c : name) {
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
