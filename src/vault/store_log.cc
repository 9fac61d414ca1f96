// LogStorage over the store's custody tables.
#include "store/store.h"
#include "vault/vault.h"

namespace sijil::vault {
namespace {

class StoreLogStorage final : public LogStorage {
 public:
  explicit StoreLogStorage(store::CustodyStore& custody) : custody_(custody) {}

  Result<uint64_t> Size() override {
    ASSIGN_OR_RETURN(int64_t size, custody_.LogSize());
    return static_cast<uint64_t>(size);
  }

  Result<std::vector<Hash>> ReadHashes(int level, uint64_t first, uint64_t count) override {
    ASSIGN_OR_RETURN(
        std::vector<std::string> stored,
        custody_.LogHashes(level, static_cast<int64_t>(first), static_cast<int64_t>(count)));
    std::vector<Hash> hashes(stored.size());
    for (size_t at = 0; at < stored.size(); ++at) {
      if (stored[at].size() != hashes[at].size()) {
        return DataLossError("custody hash at level " + std::to_string(level) + " index " +
                             std::to_string(first + at) + " has " +
                             std::to_string(stored[at].size()) + " bytes");
      }
      std::copy(stored[at].begin(), stored[at].end(), hashes[at].begin());
    }
    return hashes;
  }

  Result<uint64_t> StoredCount(int level) override {
    ASSIGN_OR_RETURN(int64_t count, custody_.LogHashCount(level));
    return static_cast<uint64_t>(count);
  }

  Status WriteHashes(int level, uint64_t first, const std::vector<Hash>& hashes) override {
    std::vector<std::string> bytes;
    bytes.reserve(hashes.size());
    for (const Hash& hash : hashes) bytes.emplace_back(AsBytes(hash));
    return custody_.PutLogHashes(level, static_cast<int64_t>(first), bytes);
  }

 private:
  store::CustodyStore& custody_;
};

}  // namespace

std::unique_ptr<LogStorage> NewStoreLogStorage(store::CustodyStore& custody) {
  return std::make_unique<StoreLogStorage>(custody);
}

}  // namespace sijil::vault
