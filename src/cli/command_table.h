// Private to cli: a family of subcommands that share one options struct.
// Each module's commands register themselves on the CLI11 app and hand back
// one runner, so cli.cc stays a list of families.
//
// Example:
//   CommandTable<ReviewOptions> table;
//   table.Add(review, "list", "pairs waiting", RunReviewList)->add_option(...);
//   CommandRunner run = std::move(table).Runner();
//   ... app.parse(...); if (std::optional<Status> s = run(global)) ...
#ifndef SIJIL_CLI_COMMAND_TABLE_H_
#define SIJIL_CLI_COMMAND_TABLE_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "cli/commands.h"

namespace sijil::cli {

template <typename Options>
class CommandTable {
 public:
  using Run = Status (*)(const GlobalOptions&, const Options&);

  CommandTable() : state_(std::make_shared<State>()) {}

  // The options every command of the family fills; bind CLI11 options here.
  Options& options() { return state_->options; }

  // Adds subcommand `name` under `parent`, run by `run` when parsed.
  CLI::App* Add(CLI::App* parent, const char* name, const char* help, Run run) {
    CLI::App* command = parent->add_subcommand(name, help);
    state_->commands.push_back({command, run});
    return command;
  }

  // Returns the family's runner: the status of the parsed command, or
  // nullopt when none of them was parsed. A command may have subcommands of
  // its own (`link`, `link explain`): the innermost parsed one runs.
  CommandRunner Runner() && {
    return [state = std::move(state_)](const GlobalOptions& global) -> std::optional<Status> {
      for (const auto& [command, run] : state->commands) {
        if (command->parsed() && command->get_subcommands().empty()) {
          return run(global, state->options);
        }
      }
      return std::nullopt;
    };
  }

 private:
  struct State {
    Options options;
    std::vector<std::pair<CLI::App*, Run>> commands;
  };
  std::shared_ptr<State> state_;
};

}  // namespace sijil::cli

#endif  // SIJIL_CLI_COMMAND_TABLE_H_
