// sijil serve: the HTTP API and web UI, with the import and vault pipelines
// of the command line plugged in as the server's hooks.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/custody.h"
#include "cli/import.h"
#include "cli/output.h"
#include "server/server.h"

namespace sijil::cli {
namespace {

struct ServeOptions {
  server::ServerOptions server;
  std::string key_file;          // the vault key, to add evidence
  std::string access_log = "-";  // "-" = stderr, "" = none
};

std::string Field(const server::Upload& upload, const std::string& name) {
  auto found = upload.fields.find(name);
  return found == upload.fields.end() ? "" : found->second;
}

Result<nlohmann::json> ImportUpload(store::Store& store, const server::ListUpload& upload,
                                    std::shared_ptr<const vault::ValueCipher> cipher) {
  ImportRequest request;
  if (cipher) request.unlock_data_key = [cipher] { return *cipher; };
  request.path = upload.path;
  request.source = upload.source;
  request.table = upload.table;
  request.mapping = upload.mapping;
  request.dry_run = upload.dry_run;
  ASSIGN_OR_RETURN(ImportReport report, ImportFile(store, request));
  // Errors name the file as uploaded, not the server's temporary path.
  const std::string shown_name = std::filesystem::path(upload.path).filename().string();
  for (std::string& error : report.errors) {
    if (error.starts_with(upload.path)) error = shown_name + error.substr(upload.path.size());
  }
  report.file = shown_name;
  // The API names the outcome "outcome" where the CLI's JSON says "status".
  nlohmann::json json = ImportReportJson(report);
  json["outcome"] = std::move(json["status"]);
  json.erase("status");
  return json;
}

// The vault is unlocked once, at start-up, and only when a key was given:
// a server never prompts. Without a key, lists with confidential columns
// are refused and sealed values are shown to nobody.
Status MakeHooks(const GlobalOptions& global, const ServeOptions& options,
                 server::ServerOptions* server) {
  server::ServerHooks& hooks = server->hooks;
  hooks.import_file = [](store::Store& store, const server::ListUpload& upload) {
    return ImportUpload(store, upload, nullptr);
  };
  const KeyOptions key{.key_file = options.key_file};
  if (!KeyGiven(key)) return OkStatus();
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(UnlockedVault unlocked, UnlockVault(*store, key, /*create=*/true));
  ASSIGN_OR_RETURN(vault::ValueCipher cipher, DataKeyCipher(*store, unlocked, /*create=*/true));
  server->data_cipher = std::make_shared<const vault::ValueCipher>(std::move(cipher));
  hooks.import_file = [cipher = server->data_cipher](store::Store& store,
                                                     const server::ListUpload& upload) {
    return ImportUpload(store, upload, cipher);
  };
  // Shared by the hook's copies; read-only after this point.
  auto vault = std::make_shared<const UnlockedVault>(std::move(unlocked));
  hooks.add_evidence = [vault, db = global.db](
                           store::Store& store,
                           const server::Upload& upload) -> Result<nlohmann::json> {
    ASSIGN_OR_RETURN(AddResult added, AddEvidence(store, db, *vault, upload.path,
                                                  {.case_name = Field(upload, "case_name"),
                                                   .description = Field(upload, "description"),
                                                   .captured_at = Field(upload, "captured_at"),
                                                   .captured_by = Field(upload, "captured_by"),
                                                   .source = Field(upload, "source")}));
    RETURN_IF_ERROR(SignCheckpoint(store, *vault).status());
    return nlohmann::json{{"id", added.item.id},
                          {"sha256", added.item.sha256},
                          {"size", added.item.size},
                          {"media_type", added.item.media_type},
                          {"log_index", added.item.log_index},
                          {"stored", added.new_blob ? "new" : "deduplicated"}};
  };
  return OkStatus();
}

Status RunServe(const GlobalOptions& global, const ServeOptions& options) {
  // The store must exist: serving an empty new file hides a wrong --db.
  { ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global)); }
  server::ServerOptions server = options.server;
  server.db_path = global.db;
  RETURN_IF_ERROR(MakeHooks(global, options, &server));
  std::ofstream log_file;
  if (options.access_log == "-") {
    server.access_log = &std::cerr;
  } else if (!options.access_log.empty()) {
    log_file.open(options.access_log, std::ios::app);
    if (!log_file) return NotFoundError(options.access_log + ": cannot open the access log");
    server.access_log = &log_file;
  }
  return server::Serve(server, std::cout);
}

}  // namespace

CommandRunner AddServeCommands(CLI::App& app) {
  CommandTable<ServeOptions> table;
  ServeOptions& o = table.options();
  CLI::App* serve = table.Add(&app, "serve", "serve the JSON API and the web interface", RunServe);
  serve->add_option("--bind", o.server.bind, "address to listen on")->default_val("127.0.0.1");
  serve->add_option("--port", o.server.port, "port (0: any free port)")->default_val(8080);
  serve->add_option("--tls-cert", o.server.tls_cert, "PEM certificate chain (enables HTTPS)");
  serve->add_option("--tls-key", o.server.tls_key, "PEM private key");
  serve->add_option("--web-dir", o.server.web_dir, "built web UI")->default_val("web/dist");
  serve->add_option("--threads", o.server.threads, "connection threads (0: 32)")->default_val(0);
  serve->add_option("--key-file", o.key_file,
                    "vault key file, to add evidence (else $SIJIL_VAULT_PASSPHRASE)");
  serve->add_option("--access-log", o.access_log, "JSON-lines access log: FILE, - (stderr)")
      ->default_val("-");
  return std::move(table).Runner();
}

}  // namespace sijil::cli
