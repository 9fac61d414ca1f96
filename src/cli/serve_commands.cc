// sijil serve: the HTTP API and web UI.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "server/server.h"

namespace sijil::cli {
namespace {

struct ServeOptions {
  server::ServerOptions server;
  std::string access_log = "-";  // "-" = stderr, "" = none
};

Status RunServe(const GlobalOptions& global, const ServeOptions& options) {
  // The store must exist: serving an empty new file hides a wrong --db.
  { ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global)); }
  server::ServerOptions server = options.server;
  server.db_path = global.db;
  if (const char* passphrase = std::getenv("SIJIL_VAULT_PASSPHRASE");
      passphrase != nullptr && server.vault_key_file.empty()) {
    server.vault_passphrase = passphrase;
  }
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
  serve->add_option("--key-file", o.server.vault_key_file,
                    "vault key file, to add evidence (else $SIJIL_VAULT_PASSPHRASE)");
  serve->add_option("--access-log", o.access_log, "JSON-lines access log: FILE, - (stderr)")
      ->default_val("-");
  return std::move(table).Runner();
}

}  // namespace sijil::cli
