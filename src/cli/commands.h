// Private to cli: the commands, each a function from parsed options to a
// Status, printing to stdout. Human text by default, JSON with --json.
#ifndef SIJIL_CLI_COMMANDS_H_
#define SIJIL_CLI_COMMANDS_H_

#include <cstdint>
#include <string>

#include "cli/import.h"
#include "core/status.h"

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

Status RunInit(const GlobalOptions& global);
// Returns kInvalidArgument after printing the errors when the file was rejected.
Status RunImport(const GlobalOptions& global, const ImportRequest& request);
Status RunSources(const GlobalOptions& global);
Status RunImports(const GlobalOptions& global, const std::string& source);
Status RunRecords(const GlobalOptions& global, const RecordsOptions& options);
Status RunGenerate(const GlobalOptions& global, const GenerateOptions& options);
Status RunDemo(const GlobalOptions& global, const DemoOptions& options);

// Returns the folder of bundled data tables: $SIJIL_DATA_DIR, else the
// source tree's data/ this binary was built from.
std::string DefaultDataDir();

}  // namespace sijil::cli

#endif  // SIJIL_CLI_COMMANDS_H_
