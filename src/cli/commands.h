// Private to cli: the commands, each a function from parsed options to a
// Status, printing to stdout. Human text by default, JSON with --json.
#ifndef SIJIL_CLI_COMMANDS_H_
#define SIJIL_CLI_COMMANDS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/import.h"
#include "core/status.h"
#include "store/store.h"

namespace CLI {
class App;
}

namespace sijil::cli {

struct GlobalOptions {
  std::string db;  // --db, else $SIJIL_DB, else ./sijil.db
  bool json = false;
};

struct RecordsOptions {
  std::string source;
  int64_t limit = 20;
  int64_t offset = 0;
  std::string history;  // a record_id: print its versions instead
  bool raw = false;
};

struct GenerateOptions {
  int64_t persons = 1000;
  int lists = 4;
  uint64_t seed = 1;
  std::string out_dir;
  std::string data_dir;
};

struct DemoOptions {
  std::string dir = "demo";
  int64_t persons = 3000;
  int lists = 4;
  uint64_t seed = 2026;
  std::string data_dir;
};

// Runs whichever command of a family was parsed; nullopt when none was.
using CommandRunner = std::function<std::optional<Status>(const GlobalOptions&)>;

// link, review and persons (link_commands.cc, review_commands.cc).
struct LinkageOptions {
  std::string out;     // persons export --out
  std::string person;  // persons show PERSON_ID
  int64_t limit = 50;  // review list --limit
  int64_t id = 0;      // review show|accept|reject ID
  std::string by;      // the reviewer; default $SIJIL_USER, else $USER
  std::string note;    // why
};

// Registers `link ...`, `review ...` and `persons ...` on `app`.
CommandRunner AddLinkageCommands(CLI::App& app);

// Opens the store at global.db, which must exist ("run `sijil init` first").
Result<std::unique_ptr<store::Store>> OpenExistingStore(const GlobalOptions& global);
// Parses "SOURCE:RECORD_ID" (the record id may itself contain ':').
Result<store::RecordRef> ParseRecordRef(std::string_view text);

// vault and log (vault_commands.cc).
struct VaultOptions {
  std::string key_file;  // --key-file; else $SIJIL_VAULT_PASSPHRASE or a prompt
  std::vector<std::string> files;
  std::string case_name, description, captured_at, captured_by, source;
  int64_t derived_from = 0;
  std::string transformation;
  int64_t id = 0;             // vault get/show; log proof --item
  std::string out;            // vault get --out, export package --out
  int64_t index = -1;         // log proof --index
  int64_t tree_size = -1;     // log proof --size
  int64_t from = 0, to = -1;  // log consistency
  std::string verifier_key;   // log verify --verifier-key
  std::string package_dir;    // verify-package DIR
};

// Registers `vault ...` and `log ...` on `app`. The returned function runs
// the one that was parsed, or returns nullopt when neither was.
CommandRunner AddVaultCommands(CLI::App& app);

Status RunVaultAdd(const GlobalOptions& global, const VaultOptions& options);
Status RunVaultGet(const GlobalOptions& global, const VaultOptions& options);
Status RunVaultList(const GlobalOptions& global, const VaultOptions& options);
Status RunVaultShow(const GlobalOptions& global, const VaultOptions& options);
Status RunVaultVerify(const GlobalOptions& global, const VaultOptions& options);
Status RunLogHead(const GlobalOptions& global, const VaultOptions& options);
Status RunLogKey(const GlobalOptions& global, const VaultOptions& options);
Status RunLogProof(const GlobalOptions& global, const VaultOptions& options);
Status RunLogConsistency(const GlobalOptions& global, const VaultOptions& options);
Status RunLogVerify(const GlobalOptions& global, const VaultOptions& options);

Status RunInit(const GlobalOptions& global);
// Returns kInvalidArgument after printing the errors when the file was rejected.
Status RunImport(const GlobalOptions& global, const ImportRequest& request);
Status RunSources(const GlobalOptions& global);
Status RunImports(const GlobalOptions& global, const std::string& source);
Status RunRecords(const GlobalOptions& global, const RecordsOptions& options);
Status RunGenerate(const GlobalOptions& global, const GenerateOptions& options);
Status RunDemo(const GlobalOptions& global, const DemoOptions& options);
Status RunPersonsExport(const GlobalOptions& global, const LinkageOptions& options);
Status RunPersonsShow(const GlobalOptions& global, const LinkageOptions& options);
Status RunReviewList(const GlobalOptions& global, const LinkageOptions& options);
Status RunReviewShow(const GlobalOptions& global, const LinkageOptions& options);
Status RunReviewAccept(const GlobalOptions& global, const LinkageOptions& options);
Status RunReviewReject(const GlobalOptions& global, const LinkageOptions& options);

struct UserOptions {
  std::string name;
  std::string role;
  std::string password_file;  // "" = prompt on a terminal, else the first line of stdin
  std::string label;          // what an API token is for
};

// Registers `sijil user add|list|token`.
CommandRunner AddUserCommands(CLI::App& app);

Status RunUserAdd(const GlobalOptions& global, const UserOptions& options);
Status RunUserList(const GlobalOptions& global, const UserOptions& options);
Status RunUserToken(const GlobalOptions& global, const UserOptions& options);

// Registers `sijil serve` (serve_commands.cc).
CommandRunner AddServeCommands(CLI::App& app);

// Returns the folder of bundled data tables: $SIJIL_DATA_DIR, else the
// source tree's data/ this binary was built from.
std::string DefaultDataDir();

}  // namespace sijil::cli

#endif  // SIJIL_CLI_COMMANDS_H_
