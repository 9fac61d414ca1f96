// server: the HTTP JSON API and the web UI behind `sijil serve`.
//
// Every route is one row of a route table (method, path pattern, the
// permission it needs, its request fields and a handler). The same table
// dispatches requests, generates /api/openapi.json, and drives the
// authorization matrix test, so the three cannot drift apart.
//
// Requests are denied by default: a route names exactly one
// auth::Permission; the caller is identified by a session cookie (unsafe
// methods also need the X-CSRF-Token header) or `Authorization: Bearer`;
// records pass through auth::RedactRecord for the caller's clearance; and a
// read that shows confidential content appends an audit entry naming the
// user and the route. Access logs carry the route pattern, never the path,
// query string or any name.
//
// Each worker thread borrows its own Store connection (SQLite WAL lets
// readers run beside one writer).
//
// Example:
//   server::ServerOptions options{.db_path = "sijil.db", .port = 0};
//   ASSIGN_OR_RETURN(std::unique_ptr<server::Server> server, server::Server::Start(options));
//   std::cout << "listening on " << server->port() << "\n";
//   server->Wait();  // until Stop() or a signal handler calls Stop()
#ifndef SIJIL_SERVER_SERVER_H_
#define SIJIL_SERVER_SERVER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "auth/auth.h"
#include "core/status.h"
#include "ingest/ingest.h"
#include "store/store.h"
#include "vault/vault.h"

namespace sijil::server {

// An uploaded file, saved under a private temporary folder with the
// uploader's file name (base name only) for as long as a hook runs.
struct Upload {
  std::string path;
  std::string user;                           // who uploaded it
  std::map<std::string, std::string> fields;  // the other form fields
};

// A list to import, saved as an Upload is, with its form already read.
struct ListUpload {
  std::string path;
  std::string user;
  std::string source;
  ingest::TableOptions table;
  ingest::MappingOverrides mapping;  // the import wizard's column choices
  bool dry_run = false;              // validate and report, write nothing
};

// Work the server hands to the command line's pipelines (which it cannot
// link: cli depends on server). Each returns a JSON object for the client.
// Unset hooks make their routes answer 503.
struct ServerHooks {
  // Imports (or, in a dry run, validates) a list.
  std::function<Result<nlohmann::json>(store::Store&, const ListUpload&)> import_file;
  // Adds an evidence item to the vault and signs a new checkpoint. Fields:
  // case_name, description, captured_at, captured_by, source.
  std::function<Result<nlohmann::json>(store::Store&, const Upload&)> add_evidence;
};

struct ServerOptions {
  std::string db_path = "sijil.db";
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0 = any free port (see Server::port())
  // TLS when both are set: PEM certificate chain and private key files.
  std::string tls_cert;
  std::string tls_key;
  // The built web UI; "" or a missing folder serves the API only.
  std::string web_dir = "web/dist";
  // Connection threads: httplib serves a keep-alive connection on one
  // thread until it closes or idles out, so allow many (0 = 32). Requests
  // share fewer store connections: two per hardware thread.
  int threads = 0;
  int keep_alive_seconds = 2;
  ServerHooks hooks;
  // Opens sealed (encrypted) values for readers cleared for confidential
  // data; null when the server was started without the vault key, and such
  // values are then left out for everyone. Shared with the import hook.
  std::shared_ptr<const vault::ValueCipher> data_cipher;
  auth::AccountsOptions accounts;
  // Request limits.
  size_t max_body_bytes = 32u << 20;  // uploads
  size_t max_json_bytes = 64u << 10;  // JSON request bodies
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 30;
  // Where the JSON-lines access log goes; nullptr = nowhere.
  std::ostream* access_log = nullptr;
  // Unix seconds; tests replace it to drive session timeouts.
  std::function<int64_t()> clock = auth::UnixNow;
};

class Server {
 public:
  // Opens the store (it must exist), brings the search index up to date,
  // binds and starts serving on background threads. Fails with
  // kInvalidArgument for bad TLS files, kUnavailable when the port is taken.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options);

  virtual ~Server() = default;
  // Returns the bound port.
  virtual int port() const = 0;
  // Returns true when serving over TLS.
  virtual bool tls() const = 0;
  // Stops accepting, finishes requests in flight, and returns. Idempotent
  // and safe to call from any thread (not from a signal handler).
  virtual void Stop() = 0;
  // Blocks until the server has stopped.
  virtual void Wait() = 0;
};

// Runs a server until SIGINT or SIGTERM, then shuts down gracefully.
// Prints the address to `out`.
Status Serve(const ServerOptions& options, std::ostream& out);

}  // namespace sijil::server

#endif  // SIJIL_SERVER_SERVER_H_
