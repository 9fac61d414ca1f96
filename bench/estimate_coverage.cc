// Coverage simulation: many populations of known size with heterogeneous and
// dependent lists; for each method, how often the 95% interval covers the
// truth, and the bias and spread of the point estimate.
//   estimate_coverage [populations] [seed] [scenario name part] [dump dir]
// With a dump dir, every simulated table is written there as a histories CSV
// (`<scenario>-<run>.csv`) and each method's result per table to `ours.csv`,
// so a reference implementation can be run on the very same tables
// (scripts/lcmcr_coverage.R).
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "estimate/estimate.h"
#include "estimate_simulation.h"

namespace sijil {
namespace {

struct Tally {
  int runs = 0, covered = 0, failed = 0;
  double relative_error_sum = 0, absolute_relative_error_sum = 0, width_sum = 0;

  void Add(double estimate, double lower, double upper, double truth) {
    ++runs;
    covered += lower <= truth && truth <= upper;
    relative_error_sum += (estimate - truth) / truth;
    absolute_relative_error_sum += std::fabs(estimate - truth) / truth;
    width_sum += (upper - lower) / truth;
  }
  void Print(const char* scenario, const char* method) const {
    std::printf("| %s | %s | %d | %.1f%% | %+.1f%% | %.1f%% | %.1f%% | %d |\n", scenario, method,
                runs, 100.0 * covered / runs, 100 * relative_error_sum / runs,
                100 * absolute_relative_error_sum / runs, 100 * width_sum / runs, failed);
  }
};

// Only the scenarios whose name holds this text (all when empty).
std::string only;
// Where the tables and per-table results go (nowhere when empty), and the
// per-table results file there, opened once.
std::string dump_dir;
std::ofstream results;

// Returns `name` with every run of characters other than letters and digits
// replaced by one '-'.
std::string Slug(const std::string& name) {
  std::string slug;
  for (const char c : name) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (keep) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  return slug;
}

void DumpTable(const std::string& path, const estimate::CaptureHistories& histories) {
  std::ofstream out(path);
  for (const std::string& list : histories.lists) out << list << ',';
  out << "count\n";
  for (uint32_t pattern = 1; pattern < histories.counts.size(); ++pattern) {
    if (histories.counts[pattern] == 0) continue;
    for (int list_idx = 0; list_idx < histories.list_count(); ++list_idx) {
      out << ((pattern >> list_idx) & 1u) << ',';
    }
    out << histories.counts[pattern] << '\n';
  }
}

void DumpResult(const std::string& table, const char* method, double estimate, double lower,
                double upper, int64_t truth) {
  results << table << ',' << method << ',' << estimate << ',' << lower << ',' << upper << ','
          << truth << '\n';
}

void RunScenario(const char* name, const bench::Population& population, int populations,
                 uint64_t seed) {
  if (!only.empty() && std::string(name).find(only) == std::string::npos) return;
  Tally loglinear, averaged, lcmcr;
  estimate::SearchOptions search;
  search.top = 1;
  estimate::LatentClassOptions sampler;
  sampler.burnin = 2000;
  sampler.samples = 500;
  sampler.thinning = 20;
  const double truth = static_cast<double>(population.size);
  for (int run = 0; run < populations; ++run) {
    const estimate::CaptureHistories histories =
        bench::Simulate(population, seed + static_cast<uint64_t>(run));
    const std::string table = Slug(name) + "-" + std::to_string(run);
    if (!dump_dir.empty()) DumpTable(dump_dir + "/" + table + ".csv", histories);
    Result<estimate::ModelSearch> fits = estimate::SearchModels(histories, search);
    if (fits.ok()) {
      const estimate::LogLinearFit& best = fits->fits.front();
      const double upper = best.upper_unbounded ? INFINITY : best.upper;
      loglinear.Add(best.estimate, best.lower, upper, truth);
      const estimate::ModelAverage& average = fits->average;
      averaged.Add(average.estimate, average.lower, average.upper, truth);
      if (!dump_dir.empty()) {
        DumpResult(table, "loglinear", best.estimate, best.lower, upper, population.size);
        DumpResult(table, "loglinear-average", average.estimate, average.lower, average.upper,
                   population.size);
      }
    } else {
      ++loglinear.failed;
      ++averaged.failed;
    }
    sampler.seed = seed + static_cast<uint64_t>(run);
    Result<estimate::LatentClassResult> posterior = estimate::SampleLatentClass(histories, sampler);
    if (posterior.ok()) {
      lcmcr.Add(posterior->median, posterior->lower, posterior->upper, truth);
      if (!dump_dir.empty()) {
        DumpResult(table, "lcmcr", posterior->median, posterior->lower, posterior->upper,
                   population.size);
      }
    } else {
      ++lcmcr.failed;
    }
  }
  loglinear.Print(name, "log-linear (AIC search, profile CI)");
  averaged.Print(name, "log-linear (AIC-weighted average, MATA CI)");
  lcmcr.Print(name, "LCMCR (median, 95% credible)");
}

}  // namespace
}  // namespace sijil

int main(int argc, char** argv) {
  const int populations = argc > 1 ? std::atoi(argv[1]) : 100;
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  if (argc > 3) sijil::only = argv[3];
  if (argc > 4) {
    sijil::dump_dir = argv[4];
    sijil::results.open(sijil::dump_dir + "/ours.csv");
  }
  std::printf(
      "| scenario | method | runs | 95%% coverage | mean bias | mean abs. error | mean width | "
      "failed |\n|---|---|---|---|---|---|---|---|\n");
  sijil::bench::Population homogeneous;  // every list independent, one capture probability
  homogeneous.class_shares = {1.0};
  homogeneous.capture = {{0.3, 0.3, 0.3, 0.3}};
  sijil::RunScenario("homogeneous, independent, N=2000", homogeneous, populations, seed);
  sijil::bench::Population mild;  // two classes, both well observed
  mild.class_shares = {0.5, 0.5};
  mild.capture = {{0.45, 0.4, 0.5, 0.35}, {0.25, 0.2, 0.3, 0.2}};
  sijil::RunScenario("mild heterogeneity, N=2000", mild, populations, seed);
  sijil::bench::Population heterogeneous;  // two latent classes, independent within a class
  sijil::RunScenario("heterogeneous, N=2000", heterogeneous, populations, seed);
  sijil::bench::Population dependent = heterogeneous;  // plus a referral from list a to b
  dependent.referral = 0.25;
  sijil::RunScenario("heterogeneous + a->b referral, N=2000", dependent, populations, seed);
  sijil::bench::Population three_classes;
  three_classes.size = 5000;
  three_classes.class_shares = {0.2, 0.3, 0.5};
  three_classes.capture = {{0.6, 0.5, 0.55, 0.4}, {0.3, 0.2, 0.25, 0.35}, {0.05, 0.1, 0.04, 0.08}};
  three_classes.referral = 0.15;
  sijil::RunScenario("3 classes + referral, N=5000", three_classes, populations, seed);
  // Five lists: the latent classes become identifiable from the table.
  sijil::bench::Population five_mild;
  five_mild.lists = 5;
  five_mild.class_shares = {0.5, 0.5};
  five_mild.capture = {{0.45, 0.4, 0.5, 0.35, 0.4}, {0.25, 0.2, 0.3, 0.2, 0.25}};
  five_mild.referral = 0.15;
  sijil::RunScenario("5 lists, mild heterogeneity + referral, N=2000", five_mild, populations,
                     seed);
  sijil::bench::Population five_heterogeneous;
  five_heterogeneous.lists = 5;
  five_heterogeneous.capture = {{0.45, 0.35, 0.5, 0.3, 0.4}, {0.1, 0.15, 0.08, 0.12, 0.1}};
  five_heterogeneous.referral = 0.25;
  sijil::RunScenario("5 lists, heterogeneous + referral, N=2000", five_heterogeneous, populations,
                     seed);
  return 0;
}
