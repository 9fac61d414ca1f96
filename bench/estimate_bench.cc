// Speed of the estimation engine. The LCMCR package runs its documented
// Kosovo example (K* = 10, 10,000 burn-in + 1,000 samples thinned by 100 =
// 110,000 iterations) in about 1.5 s; the counters give our iterations and
// effective samples of N per second (wall and process CPU) for the same
// model and settings, with the package's plain Gibbs sweep (scale_moves 0:
// its ESS per iteration) and with the scale moves.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <ctime>
#include <vector>

#include "estimate/estimate.h"
#include "estimate_simulation.h"

namespace sijil {
namespace {

estimate::CaptureHistories Kosovo() {
  Result<estimate::CaptureHistories> histories =
      estimate::ReadHistoriesFile(std::string(SIJIL_SOURCE_DIR) + "/data/mse/kosovo.csv");
  if (!histories.ok()) std::abort();
  return *histories;
}

// Arguments: chains, threads, scale moves. Each chain runs LCMCR's 110,000
// iterations; every benchmark iteration uses the next seed.
void BM_LatentClassKosovo(benchmark::State& state) {
  const estimate::CaptureHistories kosovo = Kosovo();
  estimate::LatentClassOptions options;
  options.chains = static_cast<int>(state.range(0));
  options.threads = static_cast<int>(state.range(1));
  options.scale_moves = state.range(2) != 0;
  double ess = 0, seconds = 0, iterations = 0, median = 0;
  const std::clock_t cpu_start = std::clock();  // all threads of the process
  for (auto _ : state) {
    Result<estimate::LatentClassResult> result = estimate::SampleLatentClass(kosovo, options);
    if (!result.ok()) std::abort();
    ess += result->ess;
    seconds += result->seconds;
    iterations += static_cast<double>(result->iterations);
    median = result->median;
    ++options.seed;
  }
  const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  state.counters["ess_per_s"] = ess / seconds;
  state.counters["ess_per_cpu_s"] = ess / cpu_seconds;
  state.counters["iterations_per_s"] = iterations / seconds;
  state.counters["ess"] = ess / static_cast<double>(state.iterations());
  state.counters["median_N"] = median;
}
BENCHMARK(BM_LatentClassKosovo)
    ->ArgNames({"chains", "threads", "scale_moves"})
    ->Args({1, 1, 0})
    ->Args({1, 1, 1})
    ->Args({2, 2, 1})
    ->Iterations(5)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

// Arguments: lists, highest interaction order (0: K - 1), threads. Every
// hierarchical model is fitted and ranked by AIC: 5 lists, all 6,893 models;
// 6 lists up to two-way terms, 32,768.
void BM_ModelSearch(benchmark::State& state) {
  bench::Population population;
  population.size = 20000;
  population.lists = static_cast<int>(state.range(0));
  const std::vector<double> seen_often = {0.45, 0.35, 0.5, 0.3, 0.4, 0.3};
  const std::vector<double> seen_rarely = {0.1, 0.15, 0.08, 0.12, 0.2, 0.1};
  population.capture = {{seen_often.begin(), seen_often.begin() + population.lists},
                        {seen_rarely.begin(), seen_rarely.begin() + population.lists}};
  population.referral = 0.2;
  const estimate::CaptureHistories histories =
      bench::Simulate(population, static_cast<uint64_t>(population.lists));
  estimate::SearchOptions options;
  options.max_order = static_cast<int>(state.range(1));
  options.threads = static_cast<int>(state.range(2));
  int64_t models = 0;
  for (auto _ : state) {
    Result<estimate::ModelSearch> search = estimate::SearchModels(histories, options);
    if (!search.ok()) std::abort();
    models = search->models_considered;
  }
  state.counters["models"] = static_cast<double>(models);
}
BENCHMARK(BM_ModelSearch)
    ->ArgNames({"lists", "max_order", "threads"})
    ->Args({5, 0, 1})
    ->Args({5, 0, 2})
    ->Args({6, 2, 1})
    ->Args({6, 2, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace sijil
