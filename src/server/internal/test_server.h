// Private to server tests: a store with planted canaries and a running server.
#ifndef SIJIL_SERVER_INTERNAL_TEST_SERVER_H_
#define SIJIL_SERVER_INTERNAL_TEST_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "auth/auth.h"
#include "server/server.h"
#include "store/store.h"

namespace sijil::server::testing {

inline constexpr std::string_view kPassword = "correct horse battery staple";

// Values planted in fields of each level: a role below the level must never
// see them, in any response, error or log line.
// CANARYSECRET names a record whose own level is confidential: roles below
// it must not learn the record exists, its public fields included.
inline const std::vector<std::string> kConfidentialCanaries = {"CANARYNOTES", "CANARYWITNESS",
                                                               "CANARYSECRET"};
inline const std::vector<std::string> kRestrictedCanaries = {"CANARYMOTHER", "CANARYPLACE",
                                                             "CANARYNATID"};

// A fresh database under a temporary folder: one user per role (named after
// the role), source "lista" with records "pub" (public fields only), "res"
// (restricted values too), "conf" (confidential values too, sealed with the
// data key as an import seals them) and "secret" (a record whose own level
// is confidential), persons P-pub (pub and secret), P-res and P-conf, and
// review pairs (lista/conf, lista/res) and (lista/pub, lista/secret).
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  const std::string& path() const { return db_path_; }
  std::string dir() const { return dir_.string(); }
  // The data key's cipher, for ServerOptions::data_cipher.
  const std::shared_ptr<const vault::ValueCipher>& cipher() const { return cipher_; }

 private:
  std::filesystem::path dir_;
  std::string db_path_;
  std::shared_ptr<const vault::ValueCipher> cipher_;
};

// Writes a throwaway self-signed certificate for 127.0.0.1 and its key
// (P-256) as PEM files; false on any OpenSSL failure.
bool WriteSelfSignedCertificate(const std::string& cert_path, const std::string& key_path);

// A logged-in (or anonymous) client of a running server.
class TestClient {
 public:
  TestClient(int port, bool tls = false);
  // Logs in as `name`; returns the HTTP status.
  int Login(const std::string& name, const std::string& password = std::string(kPassword));
  httplib::Result Get(const std::string& path);
  httplib::Result Post(const std::string& path, const std::string& body,
                       const std::string& content_type = "application/json");
  void set_send_csrf(bool send) { send_csrf_ = send; }
  void set_cookie(const std::string& cookie) { cookie_ = cookie; }
  const std::string& cookie() const { return cookie_; }
  const std::string& csrf() const { return csrf_; }
  httplib::Client& http() { return *client_; }

 private:
  httplib::Headers Headers() const;
  std::unique_ptr<httplib::Client> client_;
  std::string cookie_;
  std::string csrf_;
  bool send_csrf_ = true;
};

}  // namespace sijil::server::testing

#endif  // SIJIL_SERVER_INTERNAL_TEST_SERVER_H_
