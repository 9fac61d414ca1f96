// user add, user list, user token.
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "auth/auth.h"
#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/output.h"

namespace sijil::cli {
namespace {

// Reads one line from the terminal without echoing it.
Result<std::string> PromptHidden(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios saved{};
  tcgetattr(STDIN_FILENO, &saved);
  termios hidden = saved;
  hidden.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &hidden);
  std::string line;
  const bool read = static_cast<bool>(std::getline(std::cin, line));
  tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  std::cerr << "\n";
  if (!read) return InvalidArgumentError("no password given");
  return line;
}

// Secrets never come from the command line: a file, a prompt, or stdin.
Result<std::string> ReadPassword(const std::string& password_file) {
  std::string line;
  if (!password_file.empty()) {
    std::ifstream in(password_file, std::ios::binary);
    if (!in) return NotFoundError(password_file + ": cannot open the password file");
    std::getline(in, line);
  } else if (isatty(STDIN_FILENO)) {
    ASSIGN_OR_RETURN(line, PromptHidden("password: "));
    ASSIGN_OR_RETURN(std::string again, PromptHidden("password again: "));
    if (again != line) return InvalidArgumentError("the two passwords differ");
  } else if (!std::getline(std::cin, line)) {
    return InvalidArgumentError("no password on standard input");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

Status RunUserAdd(const GlobalOptions& global, const UserOptions& options) {
  ASSIGN_OR_RETURN(auth::Role role, auth::RoleFromName(options.role));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(std::string password, ReadPassword(options.password_file));
  auth::Accounts accounts(store->Auth(), {});
  ASSIGN_OR_RETURN(int64_t id, accounts.AddUser(options.name, role, password));
  if (global.json) {
    PrintJson({{"id", id}, {"name", options.name}, {"role", auth::RoleName(role)}});
  } else {
    std::cout << "added user " << options.name << " (" << auth::RoleName(role) << ")\n";
  }
  return OkStatus();
}

Status RunUserList(const GlobalOptions& global, const UserOptions& /*options*/) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(std::vector<store::UserRow> users, store->Auth().ListUsers());
  if (global.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const store::UserRow& user : users) {
      list.push_back({{"name", user.name},
                      {"role", user.role},
                      {"disabled", user.disabled},
                      {"created_at", user.created_at}});
    }
    PrintJson(list);
    return OkStatus();
  }
  std::vector<std::vector<std::string>> rows = {{"name", "role", "created"}};
  for (const store::UserRow& user : users) {
    rows.push_back({user.name, user.role + (user.disabled ? " (disabled)" : ""), user.created_at});
  }
  PrintTable(rows);
  return OkStatus();
}

Status RunUserToken(const GlobalOptions& global, const UserOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  auth::Accounts accounts(store->Auth(), {});
  ASSIGN_OR_RETURN(std::string token,
                   accounts.CreateApiToken(options.name, options.label, auth::UnixNow()));
  if (global.json) {
    PrintJson({{"name", options.name}, {"label", options.label}, {"token", token}});
  } else {
    std::cout << token << "\n";
    std::cerr << "API token for " << options.name
              << ": shown once; send it as `Authorization: Bearer TOKEN`\n";
  }
  return OkStatus();
}

CommandRunner AddUserCommands(CLI::App& app) {
  CommandTable<UserOptions> table;
  UserOptions& o = table.options();
  CLI::App* user = app.add_subcommand("user", "manage accounts");
  user->require_subcommand(1);
  CLI::App* add = table.Add(user, "add", "add an account (password prompted or on stdin)", RunUserAdd);
  add->add_option("NAME", o.name, "user name")->required();
  add->add_option("--role", o.role, "admin|analyst|reviewer|documenter|viewer")->required();
  add->add_option("--password-file", o.password_file,
                  "read the password from the first line of this file");
  table.Add(user, "list", "list accounts", RunUserList);
  CLI::App* token = table.Add(user, "token", "create an API token (printed once)", RunUserToken);
  token->add_option("NAME", o.name, "user name")->required();
  token->add_option("--label", o.label, "what the token is for")->default_val("api");
  return std::move(table).Runner();
}

}  // namespace sijil::cli
