#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <span>

#include "cli/commands.h"

namespace sijil::cli {
namespace {

// The import's text options, resolved by FinishImportRequest.
struct ImportTextOptions {
  std::string format, encoding, delimiter, sensitivity, mapping_file;
};

void AddImportOptions(CLI::App& command, ImportRequest& request, ImportTextOptions& text,
                      std::string& key_file) {
  command.add_option("FILE", request.path, "CSV, XLSX or JSON file")->required();
  command.add_option("--source", request.source, "name of the source (list) this file belongs to")
      ->required();
  command.add_option("--format", text.format, "auto|csv|xlsx|json")->default_val("auto");
  command.add_option("--encoding", text.encoding, "auto|utf-8|windows-1256")->default_val("auto");
  command.add_option("--map", text.mapping_file, "JSON mapping file: header -> field");
  command.add_option("--sheet", request.table.sheet, "XLSX sheet name or 1-based index");
  command.add_option("--delimiter", text.delimiter, "CSV delimiter (default: detected)");
  command.add_option("--sensitivity", text.sensitivity,
                     "level of every record: public|restricted|confidential (default public; a "
                     "'sensitivity' column may raise it per row)");
  command.add_option("--key-file", key_file,
                     "vault key file, to encrypt confidential columns (else "
                     "$SIJIL_VAULT_PASSPHRASE)");
  command.add_flag("--skip-invalid", request.skip_invalid,
                   "import valid rows; write rejected rows to FILE.rejects.csv with a report");
  command.add_flag("--dry-run", request.dry_run, "validate and report without writing");
  command.add_option("--rejects", request.rejects_prefix,
                     "prefix of the rejects files (default: FILE)");
  command.add_option("--max-errors", request.max_errors, "errors listed (all are counted)")
      ->default_val(100);
}

// Resolves the textual import options into the request.
Status FinishImportRequest(const ImportTextOptions& text, ImportRequest* request) {
  ASSIGN_OR_RETURN(request->table.format, ingest::ParseFormat(text.format));
  ASSIGN_OR_RETURN(request->table.encoding, ingest::ParseEncoding(text.encoding));
  if (!text.mapping_file.empty()) {
    ASSIGN_OR_RETURN(request->mapping, ingest::LoadMappingFile(text.mapping_file));
  }
  if (!text.sensitivity.empty()) {
    std::optional<Sensitivity> level = SensitivityFromName(text.sensitivity);
    if (!level) {
      return InvalidArgumentError(
          "--sensitivity: expected public, restricted or confidential, got '" + text.sensitivity +
          "'");
    }
    request->sensitivity = *level;
  }
  const std::string& delimiter = text.delimiter;
  if (delimiter == "tab" || delimiter == "\\t") {
    request->table.delimiter = '\t';
  } else if (delimiter.size() == 1) {
    request->table.delimiter = delimiter[0];
  } else if (!delimiter.empty()) {
    return InvalidArgumentError("--delimiter: expected one character or 'tab', got '" + delimiter +
                                "'");
  }
  return OkStatus();
}

std::optional<Status> RunParsed(std::span<const CommandRunner> families,
                                const GlobalOptions& global) {
  for (const CommandRunner& run : families) {
    if (std::optional<Status> status = run(global)) return status;
  }
  return std::nullopt;
}

std::string DefaultDb() {
  const char* env = std::getenv("SIJIL_DB");
  return env != nullptr && *env != '\0' ? env : "sijil.db";
}

}  // namespace

int ExitCodeFor(const Status& status) { return status.ok() ? kExitOk : kExitError; }

int RunSijil(int argc, char** argv) {
  CLI::App app{"sijil: document, consolidate and count victims of atrocity crimes"};
  app.fallthrough();
  app.require_subcommand(1);
  GlobalOptions global;
  global.db = DefaultDb();
  app.add_option("--db", global.db, "database file (default $SIJIL_DB or ./sijil.db)");
  app.add_flag("--json", global.json, "print JSON instead of text");

  auto* init = app.add_subcommand("init", "create an empty database");

  ImportRequest import_request;
  ImportTextOptions import_text;
  std::string import_key_file;
  auto* import = app.add_subcommand("import", "import a list (one transaction)");
  AddImportOptions(*import, import_request, import_text, import_key_file);

  auto* sources = app.add_subcommand("sources", "list sources with record counts");
  std::string imports_source;
  auto* imports = app.add_subcommand("imports", "list imports (file, SHA-256, counts)");
  imports->add_option("--source", imports_source, "only this source");

  RecordsOptions records_options;
  auto* records = app.add_subcommand("records", "list current records");
  records->add_option("--source", records_options.source, "only this source");
  records->add_option("--limit", records_options.limit, "at most N records (-1: all)")
      ->default_val(20);
  records->add_option("--offset", records_options.offset, "skip N records")->default_val(0);
  records->add_option("--history", records_options.history,
                      "RECORD_ID: show every version of this record (needs --source)");
  records->add_flag("--raw", records_options.raw, "include the raw cells as imported");
  records->add_option("--key-file", records_options.key_file,
                      "vault key file, to show encrypted values (else $SIJIL_VAULT_PASSPHRASE)");

  GenerateOptions generate_options;
  auto* generate = app.add_subcommand("generate", "write synthetic overlapping lists with truth");
  generate->add_option("--persons", generate_options.persons, "true population size")
      ->default_val(1000);
  generate->add_option("--lists", generate_options.lists, "number of lists")->default_val(4);
  generate->add_option("--seed", generate_options.seed, "random seed")->default_val(1);
  generate->add_option("--out", generate_options.out_dir, "output folder")->required();
  generate->add_option("--data-dir", generate_options.data_dir, "name and place tables");

  DemoOptions demo_options;
  auto* demo = app.add_subcommand("demo", "generate sample lists and run the pipeline on them");
  demo->add_option("--dir", demo_options.dir, "working folder")->default_val("demo");
  demo->add_option("--persons", demo_options.persons, "true population size")->default_val(3000);
  demo->add_option("--lists", demo_options.lists, "number of lists")->default_val(4);
  demo->add_option("--seed", demo_options.seed, "random seed")->default_val(2026);
  demo->add_option("--data-dir", demo_options.data_dir, "name and place tables");

  const CommandRunner families[] = {AddLinkageCommands(app), AddVaultCommands(app),
                                    AddUserCommands(app), AddEstimateCommands(app),
                                    AddServeCommands(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }

  Status status;
  if (std::optional<Status> handled = RunParsed(families, global)) {
    status = *handled;
  } else if (init->parsed()) {
    status = RunInit(global);
  } else if (import->parsed()) {
    status = FinishImportRequest(import_text, &import_request);
    if (status.ok()) status = RunImport(global, import_request, import_key_file);
  } else if (sources->parsed()) {
    status = RunSources(global);
  } else if (imports->parsed()) {
    status = RunImports(global, imports_source);
  } else if (records->parsed()) {
    status = RunRecords(global, records_options);
  } else if (generate->parsed()) {
    status = RunGenerate(global, generate_options);
  } else if (demo->parsed()) {
    status = RunDemo(global, demo_options);
  }
  if (!status.ok()) std::cerr << "sijil: error: " << status.message() << "\n";
  return ExitCodeFor(status);
}

}  // namespace sijil::cli
