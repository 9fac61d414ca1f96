// Private to cli: the commands, each a function from parsed options to a
// Status, printing to stdout. Human text by default, JSON with --json.
#ifndef SIJIL_CLI_COMMANDS_H_
#define SIJIL_CLI_COMMANDS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/import.h"
#include "core/status.h"
#include "estimate/estimate.h"
#include "link/link.h"
#include "store/store.h"

namespace CLI {
class App;
}

namespace sijil::cli {

template <typename Options>
class CommandTable;

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
  std::string key_file;  // opens encrypted values (else $SIJIL_VAULT_PASSPHRASE)
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
  // link
  std::string config_file;          // --config
  std::optional<double> threshold;  // --threshold; else the config's
  uint64_t seed = 1;
  bool force = false;             // link even if nothing changed
  bool full = false;              // link every record anew, never incrementally
  std::vector<std::string> refs;  // link explain A B
  std::string truth;              // link evaluate --truth
  std::string key_file;           // persons show: opens encrypted values
};

// Registers `link ...`, `review ...` and `persons ...` on `app`.
CommandRunner AddLinkageCommands(CLI::App& app);
// What one `sijil link` did.
struct LinkOutcome {
  store::LinkRunInfo run;  // the new run, or the latest one when unchanged
  bool unchanged = false;  // records, decisions and settings as at that run: nothing done
  // Only the records added since the run `incremental_from` were linked, with
  // its model; 0 for a full run.
  int64_t incremental_from = 0;
  int64_t sources = 0;
  link::LinkStats stats;
  int64_t persons_with_several_records = 0;
  int64_t persons_unchanged = 0;  // same id, same records as before
  int64_t persons_changed = 0;
  int64_t decisions_applied = 0;
  int64_t decisions_on_missing_records = 0;
  double seconds = 0;
  // Wall seconds per stage, in order: "read records", the engine's stages
  // (link::LinkProgress), "save".
  std::vector<std::pair<std::string, double>> stage_seconds;
};

// Links every current record of `store` into persons (keeping ids stable and
// reviewers' decisions) and saves the run; does nothing when nothing changed
// since the latest run unless options.force. Shows progress on a terminal.
Result<LinkOutcome> LinkStore(store::Store& store, const LinkageOptions& options);
nlohmann::json LinkOutcomeJson(const LinkOutcome& outcome);
void PrintLinkOutcome(const LinkOutcome& outcome);

// Registers `link`, `link explain` and `link evaluate` (link_commands.cc).
void AddLinkCommands(CommandTable<LinkageOptions>& table, CLI::App& app);

// Explains how the latest link run's model scores records a and b;
// kFailedPrecondition when no run has stored a model.
Result<link::PairExplanation> ExplainWithLatestModel(store::Store& store, const Record& a,
                                                     const Record& b);
nlohmann::json ExplanationJson(const link::PairExplanation& why);
// Prints each comparison's values, level and weight as a table.
void PrintExplanation(const link::PairExplanation& why);

// Opens the store at global.db, which must exist ("run `sijil init` first").
Result<std::unique_ptr<store::Store>> OpenExistingStore(const GlobalOptions& global);
// Parses "SOURCE:RECORD_ID" (the record id may itself contain ':').
Result<store::RecordRef> ParseRecordRef(std::string_view text);
// Returns the current version of a record; kNotFound naming it when absent.
Result<store::StoredRecord> CurrentRecord(store::Store& store, const store::RecordRef& ref);

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
  std::string organization;   // export package --organization
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
Status RunExportPackage(const GlobalOptions& global, const VaultOptions& options);
Status RunVerifyPackage(const GlobalOptions& global, const VaultOptions& options);

Status RunInit(const GlobalOptions& global);
// Returns kInvalidArgument after printing the errors when the file was rejected.
// Imports with the vault key from `key_file`, else $SIJIL_VAULT_PASSPHRASE
// (unlocked only when the list has confidential columns).
Status RunImport(const GlobalOptions& global, ImportRequest request, const std::string& key_file);
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

// estimate and estimate testimony (estimate_commands.cc).
struct EstimateOptions {
  std::string method = "loglinear";  // loglinear|lcmcr|all
  std::string model;                 // "" = search by criterion
  std::string criterion = "aic";
  int max_order = 0;  // --max-order: highest interaction order searched; 0 = K - 1
  std::string lists, merge, by, histories, plot;
  std::string draws_file;  // --draws: posterior draws of N as CSV
  uint64_t seed = 1;
  int chains = 2, samples = 1000, burnin = 10000, thinning = 100, classes = 10;
  double level = 0.95;
  // testimony
  double count_min = 0, count_max = 0, events_min = 1, events_max = 1;
  std::string per = "week", from, to;
  int draws = 100000;
};

// Registers `sijil estimate` and `sijil estimate testimony`.
CommandRunner AddEstimateCommands(CLI::App& app);

// Returns the capture histories of the latest link run's persons, one list
// per source, one table per stratum of the `by` fields ("" when none; values
// joined by '|'). A person's value is the most frequent non-empty one among
// their records, "unknown" if none. Errors: no link run ("run `sijil link`
// first"), more than 16 sources.
Result<std::map<std::string, estimate::CaptureHistories>> HistoriesFromStore(
    store::Store& store, const std::vector<std::string>& by);

// Registers `sijil serve` (serve_commands.cc).
CommandRunner AddServeCommands(CLI::App& app);

// Returns the folder of bundled data tables: $SIJIL_DATA_DIR, else the
// source tree's data/ this binary was built from.
std::string DefaultDataDir();

}  // namespace sijil::cli

#endif  // SIJIL_CLI_COMMANDS_H_
