// Speed of the estimation engine. The LCMCR package runs its documented
// Kosovo example (K* = 10, 10,000 burn-in + 1,000 samples thinned by 100 =
// 110,000 iterations) in about 1.5 s; the counters give our iterations and
// effective samples of N per second (wall and process CPU) for the same
// model and settings, with the package's plain Gibbs sweep (scale_moves 0:
// its ESS per iteration) and with the scale moves.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <ctime>

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

// Every hierarchical model of 5 lists (up to 4-way terms), ranked by AIC.
void BM_ModelSearchFiveLists(benchmark::State& state) {
  bench::Population population;
  population.size = 20000;
  population.lists = 5;
  population.capture = {{0.45, 0.35, 0.5, 0.3, 0.4}, {0.1, 0.15, 0.08, 0.12, 0.2}};
  population.referral = 0.2;
  const estimate::CaptureHistories histories = bench::Simulate(population, 5);
  estimate::SearchOptions options;
  options.threads = static_cast<int>(state.range(0));
  int64_t models = 0;
  for (auto _ : state) {
    Result<estimate::ModelSearch> search = estimate::SearchModels(histories, options);
    if (!search.ok()) std::abort();
    models = search->models_considered;
  }
  state.counters["models"] = static_cast<double>(models);
}
BENCHMARK(BM_ModelSearchFiveLists)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Every model of 6 lists with terms up to two-way (32,768), ranked by AIC.
void BM_ModelSearchSixListsTwoWay(benchmark::State& state) {
  bench::Population population;
  population.size = 20000;
  population.lists = 6;
  population.capture = {{0.45, 0.35, 0.5, 0.3, 0.4, 0.3}, {0.1, 0.15, 0.08, 0.12, 0.2, 0.1}};
  population.referral = 0.2;
  const estimate::CaptureHistories histories = bench::Simulate(population, 6);
  estimate::SearchOptions options;
  options.max_order = 2;
  options.threads = static_cast<int>(state.range(0));
  int64_t models = 0;
  for (auto _ : state) {
    Result<estimate::ModelSearch> search = estimate::SearchModels(histories, options);
    if (!search.ok()) std::abort();
    models = search->models_considered;
  }
  state.counters["models"] = static_cast<double>(models);
}
BENCHMARK(BM_ModelSearchSixListsTwoWay)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace sijil
