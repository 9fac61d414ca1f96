// Store import speed: Put N generated records in one batch.
//
//   ninja -C build bench/store_bench && build/bench/store_bench
//
// BM_ImportFresh: a new source (fast path, no lookups), including COMMIT.
// BM_ReimportUnchanged: the same records again (slow path: one lookup and a
// hash compare per record, nothing written).
// Set SIJIL_BENCH_DIR to put the temporary databases on another disk.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "store/store.h"

namespace sijil::store {
namespace {

constexpr std::array<const char*, 8> kGiven = {"محمد",  "أحمد", "خالد",  "عمر",
                                               "فاطمة", "زينب", "مصطفى", "عبد الرحمن"};
constexpr std::array<const char*, 6> kFamily = {"الخطيب", "الحمصي", "العلي",
                                                "الشامي", "الأحمد", "الحلبي"};
constexpr std::array<const char*, 5> kPlaces = {"حمص", "حلب", "ريف دمشق", "درعا", "إدلب"};

// A typical row: 13 filled canonical fields of Arabic text, 13 raw cells and
// three extras.
Record MakeRecord(int index) {
  Record r;
  r.record_id = "SN-" + std::to_string(1000000 + index);
  r.given_name = kGiven[index % kGiven.size()];
  r.father_name = kGiven[(index / 8) % kGiven.size()];
  r.grandfather_name = kGiven[(index / 64) % kGiven.size()];
  r.family_name = kFamily[(index / 7) % kFamily.size()];
  r.mother_name = std::string(kGiven[(index / 3) % kGiven.size()]) + " " +
                  kFamily[(index / 5) % kFamily.size()];
  r.sex = index % 5 == 0 ? Sex::kFemale : Sex::kMale;
  r.birth_date = PartialDate::Year(1950 + index % 50).value();
  r.governorate = kPlaces[index % kPlaces.size()];
  r.city = kPlaces[(index / 5) % kPlaces.size()];
  r.arrest_date = PartialDate::Full(2011 + index % 10, 1 + index % 12, 1 + index % 28).value();
  r.arrest_place = "حاجز " + std::string(kPlaces[(index / 25) % kPlaces.size()]);
  r.facility = "فرع المخابرات الجوية";
  r.status = VictimStatus::kDisappeared;
  r.normalized.given_name = r.given_name;
  r.normalized.father_name = r.father_name;
  r.normalized.family_name = r.family_name;
  r.normalized.full_name = r.given_name + " " + r.father_name + " " + r.family_name;
  r.extra = {{"رقم الهاتف", "0933" + std::to_string(index)},
             {"المصدر", "شاهد عيان"},
             {"ملاحظة داخلية", ""}};
  r.raw = {{"الرقم", r.record_id},
           {"الاسم", r.given_name},
           {"اسم الأب", r.father_name},
           {"اسم الجد", r.grandfather_name},
           {"الكنية", r.family_name},
           {"اسم الأم", r.mother_name},
           {"الجنس", "ذكر"},
           {"المواليد", r.birth_date.ToString()},
           {"المحافظة", r.governorate},
           {"المدينة", r.city},
           {"تاريخ الاعتقال", r.arrest_date.ToString()},
           {"مكان الاعتقال", r.arrest_place},
           {"مكان الاحتجاز", r.facility}};
  return r;
}

const std::vector<Record>& Records(int count) {
  static std::vector<Record> records;
  while (static_cast<int>(records.size()) < count) {
    records.push_back(MakeRecord(static_cast<int>(records.size())));
  }
  return records;
}

std::filesystem::path MakeTempDir() {
  const char* base = std::getenv("SIJIL_BENCH_DIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/sijil_bench_XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  return pattern;
}

void ImportAll(Store& store, const std::string& sha, int count, benchmark::State& state) {
  const std::vector<Record>& records = Records(count);
  Result<std::unique_ptr<ImportBatch>> batch =
      store.BeginImport({"bench", "bench.csv", sha, "csv", "utf-8"});
  if (!batch.ok()) return state.SkipWithError(batch.status().ToString().c_str());
  for (int index = 0; index < count; ++index) {
    Result<PutOutcome> outcome = (*batch)->Put(records[index]);
    if (!outcome.ok()) return state.SkipWithError(outcome.status().ToString().c_str());
  }
  Result<ImportInfo> info = (*batch)->Commit(0);
  if (!info.ok()) return state.SkipWithError(info.status().ToString().c_str());
}

void BM_ImportFresh(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  Records(count);
  for (auto _ : state) {
    state.PauseTiming();
    const std::filesystem::path dir = MakeTempDir();
    std::unique_ptr<Store> store = OpenSqliteStore((dir / "bench.db").string()).value();
    state.ResumeTiming();
    ImportAll(*store, "fresh", count, state);
    state.PauseTiming();
    store.reset();
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * count);
}
BENCHMARK(BM_ImportFresh)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();
// The 1M-record target (< 6 s): run with --benchmark_filter=ImportFresh/1000000.
BENCHMARK(BM_ImportFresh)
    ->Arg(1000000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_ReimportUnchanged(benchmark::State& state) {
  const int count = static_cast<int>(state.range(0));
  const std::filesystem::path dir = MakeTempDir();
  std::unique_ptr<Store> store = OpenSqliteStore((dir / "bench.db").string()).value();
  ImportAll(*store, "first", count, state);
  int round = 0;
  for (auto _ : state) ImportAll(*store, "again-" + std::to_string(round++), count, state);
  state.SetItemsProcessed(state.iterations() * count);
  store.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_ReimportUnchanged)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace sijil::store
