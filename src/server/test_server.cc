#include "server/internal/test_server.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "link/link.h"

namespace sijil::server::testing {
namespace {

// The fixture cannot work without its data: stop at once, loudly.
void Must(const Status& status) {
  if (status.ok()) return;
  std::fprintf(stderr, "test fixture failed: %s\n", status.ToString().c_str());
  std::abort();
}

template <typename T>
T Must(Result<T> result) {
  Must(result.status());
  return std::move(result).value();
}

Record MakeRecord(const std::string& id, const std::string& given, const std::string& family) {
  Record record;
  record.record_id = id;
  record.given_name = given;
  record.family_name = family;
  record.full_name = given + " " + family;
  record.governorate = "حلب";
  Must(record.Set(Field::kArrestDate, "2013-04"));
  Must(record.Set(Field::kStatus, "disappeared"));
  Must(record.Set(Field::kSex, "M"));
  record.raw = {{"name", record.full_name}, {"notes", ""}, {"witness phone", ""}};
  return record;
}

}  // namespace

TestDatabase::TestDatabase() {
  static std::atomic<int> counter = 0;
  dir_ = std::filesystem::temp_directory_path() /
         ("sijil_server_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  db_path_ = (dir_ / "sijil.db").string();
  std::unique_ptr<store::Store> store = Must(store::OpenSqliteStore(db_path_));
  auth::Accounts accounts(store->Auth(), {.cost = auth::PasswordCost::Minimum()});
  for (auth::Role role : auth::kAllRoles) {
    Must(accounts.AddUser(std::string(auth::RoleName(role)), role, kPassword));
  }
  Record pub = MakeRecord("pub", "محمد", "الحلبي");
  Record res = MakeRecord("res", "Ahmad", "Haddad");
  res.mother_name = "CANARYMOTHER";
  res.arrest_place = "CANARYPLACE";
  res.extra = {{"national_id", "CANARYNATID"}};
  // Confidential values sealed as `sijil import` seals them.
  cipher_ = std::make_shared<const vault::ValueCipher>(vault::SecretKey::Random());
  auto seal = [this](const std::string& slot, const std::string& plain) {
    return cipher_->Seal(plain, vault::SealedValueContext("lista", "conf", slot));
  };
  Record conf = MakeRecord("conf", "Fatima", "Khalil");
  conf.mother_name = "CANARYMOTHER";
  conf.notes = seal("notes", "witness CANARYNOTES saw him");
  conf.extra = {{"witness phone", seal("extra:witness phone", "CANARYWITNESS")},
                {"national_id", "CANARYNATID"}};
  conf.raw = {{"name", conf.full_name},
              {"notes", seal("raw:notes", "witness CANARYNOTES saw him")},
              {"witness phone", seal("raw:witness phone", "CANARYWITNESS")}};
  Record secret = MakeRecord("secret", "CANARYSECRET", "Hidden");
  secret.sensitivity = Sensitivity::kConfidential;
  auto batch = Must(store->BeginImport({.source = "lista",
                                        .file_name = "a.csv",
                                        .file_sha256 = std::string(64, 'a'),
                                        .format = "csv",
                                        .encoding = "utf-8"}));
  for (const Record& record : {pub, res, conf, secret}) Must(batch->Put(record));
  Must(batch->Commit(0));
  // A real model, so the review pair's field contributions can be explained.
  const link::LinkInput inputs[] = {
      {"lista", &pub}, {"lista", &res}, {"lista", &conf}, {"lista", &secret}};
  store::Linkage linkage;
  linkage.run.settings_json = "{}";
  linkage.run.model_json =
      Must(link::Link(inputs, link::DefaultConfig(), {.threads = 1})).model_json;
  for (const char* id : {"pub", "res", "conf"}) {
    linkage.members.push_back({{"lista", id}, std::string("P-") + id});
  }
  linkage.members.push_back({{"lista", "secret"}, "P-pub"});
  linkage.review.push_back({0, {"lista", "conf"}, {"lista", "res"}, 1.5, 0.5});
  linkage.review.push_back({0, {"lista", "pub"}, {"lista", "secret"}, 1.0, 0.4});
  Must(store->SaveLinkage(linkage));
  // Evidence whose provenance names a witness.
  const std::string sha(64, 'b');
  Must(store->custody().AddItem(
      {.sha256 = sha,
       .size = 5,
       .original_name = "photo.jpg",
       .media_type = "image/jpeg",
       .case_name = "case-1",
       .captured_by = "CANARYWITNESS",
       .source = "CANARYNOTES"},
      store::BlobInfo{.sha256 = sha,
                      .size = 5,
                      .cipher_sha256 = std::string(64, 'c'),
                      .cipher_size = 40,
                      .wrapped_key = "k"},
      {.kind = "ingest", .fields = {{"sha256", sha}, {"case", "case-1"}}}));
}

TestDatabase::~TestDatabase() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool WriteSelfSignedCertificate(const std::string& cert_path, const std::string& key_path) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (key == nullptr || cert == nullptr) return false;
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 60 * 60);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return false;
  std::unique_ptr<FILE, decltype(&fclose)> cert_file(fopen(cert_path.c_str(), "w"), fclose);
  std::unique_ptr<FILE, decltype(&fclose)> key_file(fopen(key_path.c_str(), "w"), fclose);
  return cert_file != nullptr && key_file != nullptr &&
         PEM_write_X509(cert_file.get(), cert.get()) == 1 &&
         PEM_write_PrivateKey(key_file.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ==
             1;
}

TestClient::TestClient(int port, bool tls) {
  const std::string scheme = tls ? "https://" : "http://";
  client_ = std::make_unique<httplib::Client>(scheme + "127.0.0.1:" + std::to_string(port));
  if (tls) client_->enable_server_certificate_verification(false);
  client_->set_read_timeout(30, 0);
}

httplib::Headers TestClient::Headers() const {
  httplib::Headers headers;
  if (!cookie_.empty()) headers.emplace("Cookie", cookie_);
  if (send_csrf_ && !csrf_.empty()) headers.emplace("X-CSRF-Token", csrf_);
  return headers;
}

int TestClient::Login(const std::string& name, const std::string& password) {
  const nlohmann::json body = {{"name", name}, {"password", password}};
  httplib::Result result = client_->Post("/api/login", Headers(), body.dump(), "application/json");
  if (!result) return -1;
  if (result->status == 200) {
    const std::string set_cookie = result->get_header_value("Set-Cookie");
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    csrf_ = nlohmann::json::parse(result->body).at("csrf_token");
  }
  return result->status;
}

httplib::Result TestClient::Get(const std::string& path) { return client_->Get(path, Headers()); }

httplib::Result TestClient::Post(const std::string& path, const std::string& body,
                                 const std::string& content_type) {
  return client_->Post(path, Headers(), body, content_type);
}

}  // namespace sijil::server::testing
