// vault: blob encryption throughput, custody log appends and proof latency.
//   build/bench/vault_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "store/store.h"
#include "vault/vault.h"

namespace sijil::vault {
namespace {

// Hash + encrypt of a 512 MiB stream from memory into a discarding writer.
void BM_EncryptBlob(benchmark::State& state) {
  const std::string chunk(kBlobChunkSize, 'x');
  const uint64_t total = uint64_t{512} << 20;
  const SecretKey key = SecretKey::Random();
  for (auto _ : state) {
    uint64_t offset = 0;
    ReadFn read = [&](char* buffer, size_t size) -> Result<size_t> {
      const size_t n = std::min<uint64_t>(size, total - offset);
      std::copy_n(chunk.data(), std::min(n, chunk.size()), buffer);
      offset += n;
      return n;
    };
    Result<StreamDigest> digest =
        EncryptBlob(key, read, [](std::string_view) { return OkStatus(); });
    benchmark::DoNotOptimize(digest);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total));
}
BENCHMARK(BM_EncryptBlob)->Unit(benchmark::kMillisecond)->UseRealTime();

// An inclusion proof in a log of 10M entries whose cached levels are synced.
void BM_InclusionProof10M(benchmark::State& state) {
  static MemoryLogStorage* storage = [] {
    auto* built = new MemoryLogStorage;
    for (uint64_t at = 0; at < 10'000'000; ++at) {
      Hash leaf{};
      std::memcpy(leaf.data(), &at, sizeof(at));
      built->AppendLeafHash(leaf);
    }
    MerkleLog log(*built);
    if (!log.Sync().ok()) std::abort();
    return built;
  }();
  MerkleLog log(*storage);
  uint64_t index = 12345;
  for (auto _ : state) {
    index = (index * 6364136223846793005ULL + 1442695040888963407ULL) % 10'000'000;
    Result<std::vector<Hash>> proof = log.InclusionProof(index, 10'000'000);
    benchmark::DoNotOptimize(proof);
  }
}
BENCHMARK(BM_InclusionProof10M)->Unit(benchmark::kMicrosecond);

// Appends to the SQLite custody log, one transaction per entry (as the CLI
// does for single events).
void BM_StoreAppend(benchmark::State& state) {
  std::string dir = "/tmp/vault_bench_XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) std::abort();
  {
    auto store = store::OpenSqliteStore(dir + "/b.db");
    if (!store.ok()) std::abort();
    for (auto _ : state) {
      auto entry = (*store)->custody().Append(
          {.kind = "view", .fields = {{"item", "1"}, {"sha256", std::string(64, 'a')}}});
      benchmark::DoNotOptimize(entry);
    }
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StoreAppend)->Unit(benchmark::kMicrosecond);

// Appends to the SQLite custody log in batches of 1000 entries per transaction.
void BM_StoreAppendBatch(benchmark::State& state) {
  std::string dir = "/tmp/vault_bench_XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) std::abort();
  {
    auto store = store::OpenSqliteStore(dir + "/b.db");
    if (!store.ok()) std::abort();
    for (auto _ : state) {
      std::vector<CustodyEntry> batch(
          1000, {.kind = "view", .fields = {{"item", "1"}, {"sha256", std::string(64, 'a')}}});
      if (!(*store)->custody().AppendBatch(std::move(batch)).ok()) std::abort();
    }
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_StoreAppendBatch)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace sijil::vault
