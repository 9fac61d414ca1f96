// Private to server: what all requests share.
#ifndef SIJIL_SERVER_INTERNAL_STATE_H_
#define SIJIL_SERVER_INTERNAL_STATE_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/auth.h"
#include "server/server.h"
#include "store/store.h"

namespace sijil::server::internal {

// Store connections, one per worker at a time. Store is not thread-safe, so
// a request borrows one for its whole life and gives it back.
class StorePool {
 public:
  StorePool(std::string path, size_t size) : path_(std::move(path)), size_(size) {}

  // A borrowed connection, returned to the pool when destroyed.
  class Lease {
   public:
    Lease(StorePool& pool, std::unique_ptr<store::Store> store)
        : pool_(&pool), store_(std::move(store)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (store_ != nullptr) pool_->Return(std::move(store_));
    }
    store::Store& operator*() const { return *store_; }
    store::Store* operator->() const { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<store::Store> store_;
  };

  // Returns an idle connection, opening one when fewer than `size` exist;
  // waits when all are busy.
  Result<Lease> Acquire();

 private:
  void Return(std::unique_ptr<store::Store> store);

  const std::string path_;
  const size_t size_;
  std::mutex mu_;
  std::condition_variable idle_cv_;
  std::vector<std::unique_ptr<store::Store>> idle_;  // guarded by mu_
  size_t open_ = 0;                                  // guarded by mu_
};

// Shared by all requests of one server.
class ServerState {
 public:
  ServerState(const ServerOptions& options, bool tls, size_t workers)
      : options_(options), tls_(tls), pool_(options.db_path, workers) {}

  const ServerOptions& options() const { return options_; }
  bool tls() const { return tls_; }
  StorePool& pool() { return pool_; }
  auth::LoginThrottle& name_throttle() { return name_throttle_; }
  auth::LoginThrottle& address_throttle() { return address_throttle_; }
  int64_t Now() const { return options_.clock(); }

  // The session cookie: "__Host-sijil" over TLS; "sijil" over plain HTTP,
  // where browsers refuse __Host- cookies (they require Secure).
  std::string_view cookie_name() const { return tls_ ? "__Host-sijil" : "sijil"; }
  // Returns the Set-Cookie value carrying `token` (empty `token`: expire it).
  std::string SessionCookie(const std::string& token) const;

  // Indexes records the search index has not seen; one caller at a time
  // (others return at once: the running one will catch up).
  Status CatchUpSearchIndex(store::Store& store);

  // Appends one access log line (JSON), if logging.
  void LogAccess(const std::string& line);

 private:
  const ServerOptions options_;
  const bool tls_;
  StorePool pool_;
  auth::LoginThrottle name_throttle_;
  auth::LoginThrottle address_throttle_{20};
  std::mutex index_mu_;
  std::mutex log_mu_;
};

}  // namespace sijil::server::internal

#endif  // SIJIL_SERVER_INTERNAL_STATE_H_
