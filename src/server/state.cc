#include "server/internal/state.h"

#include <string>

#include "server/internal/search_keys.h"

namespace sijil::server::internal {

Result<StorePool::Lease> StorePool::Acquire() {
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    std::unique_ptr<store::Store> store = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(store));
  }
  ++open_;
  lock.unlock();
  Result<std::unique_ptr<store::Store>> opened =
      store::OpenSqliteStore(path_, store::OpenMode::kMustExist);
  if (!opened.ok()) {
    std::lock_guard relock(mu_);
    --open_;
    idle_cv_.notify_one();
    return opened.status();
  }
  return Lease(*this, std::move(opened).value());
}

void StorePool::Return(std::unique_ptr<store::Store> store) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(store));
  idle_cv_.notify_one();
}

std::string ServerState::SessionCookie(const std::string& token) const {
  const int64_t max_age = token.empty() ? 0 : options_.accounts.absolute_timeout_seconds;
  std::string cookie = std::string(cookie_name()) + "=" + token +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (tls_) cookie += "; Secure";
  return cookie;
}

Status ServerState::CatchUpSearchIndex(store::Store& store) {
  std::unique_lock lock(index_mu_, std::try_to_lock);
  if (!lock.owns_lock()) return OkStatus();
  constexpr int64_t kBatch = 20000;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<store::NamesToIndex> batch, store.Search().NextToIndex(kBatch));
    if (batch.empty()) return OkStatus();
    std::vector<std::pair<int64_t, std::string>> keys;
    for (const store::NamesToIndex& names : batch) {
      for (const std::string& name : names.names) {
        for (std::string& key : NameKeys(name)) keys.emplace_back(names.row_id, std::move(key));
      }
    }
    RETURN_IF_ERROR(store.Search().AddSearchKeys(keys, batch.back().row_id));
  }
}

void ServerState::LogAccess(const std::string& line) {
  if (options_.access_log == nullptr) return;
  std::lock_guard lock(log_mu_);
  *options_.access_log << line << '\n' << std::flush;
}

}  // namespace sijil::server::internal
