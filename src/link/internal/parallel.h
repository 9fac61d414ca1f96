// A fixed split of work into chunks run on a few threads, so that results
// never depend on the number of threads: chunk boundaries depend only on the
// size of the work.
#ifndef SIJIL_LINK_INTERNAL_PARALLEL_H_
#define SIJIL_LINK_INTERNAL_PARALLEL_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace sijil::link::internal {

// Returns `requested`, or the hardware thread count when it is 0 (at least 1).
inline int ThreadCount(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Calls fn(chunk, begin, end) for consecutive chunks of [0, n) of `chunk_size`
// items, on `threads` threads. fn must only write to its chunk's own state.
template <typename Fn>
void ForEachChunk(int64_t n, int64_t chunk_size, int threads, Fn fn) {
  const int64_t chunks = (n + chunk_size - 1) / chunk_size;
  std::atomic<int64_t> next{0};
  auto work = [&] {
    for (int64_t chunk = next++; chunk < chunks; chunk = next++) {
      fn(chunk, chunk * chunk_size, std::min(n, (chunk + 1) * chunk_size));
    }
  };
  const int workers = static_cast<int>(std::min<int64_t>(threads, chunks));
  std::vector<std::thread> pool;
  for (int i = 1; i < workers; ++i) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
}

// Returns the number of chunks ForEachChunk makes of n items.
inline int64_t ChunkCount(int64_t n, int64_t chunk_size) {
  return (n + chunk_size - 1) / chunk_size;
}

}  // namespace sijil::link::internal

#endif  // SIJIL_LINK_INTERNAL_PARALLEL_H_
