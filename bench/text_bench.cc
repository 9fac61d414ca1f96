// Name normalisation speed, per name, on realistic spellings.
//
//   cmake -S . -B build -G Ninja -DSIJIL_BUILD_BENCH=ON && ninja -C build text_bench
//   build/bench/text_bench
//
// Import calls these for a million records times several fields, so each
// benchmark reports items_per_second (one item = one name). BM_CopyBaseline
// is the floor: copying the same names into new strings.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "text/text.h"

namespace sijil::text {
namespace {

const std::vector<std::string> kArabicNames = {
    "مُحَمَّد أحمد الحلبي", "فاطمة الزهراء", "عبد الرحمن محمد عبد الله الزعبي",
    "مصطفى خالد",       "محـــمد علي",   "أبو بكر عمر الخطيب",
    "نور الدين حسن",    "إبراهيم مؤمن",  "رائد ٢٠١٣ ۲۰۱۳",
    "آمنة بنت أحمد",
};

const std::vector<std::string> kAsciiNames = {
    "Mohammad Ahmad al-Halabi",
    "Abd al-Rahman Mohammad Al Zoubi",
    "Sa'id Khaled",
    "MOHAMMAD AHMAD",
    "Nour al-Din Hassan",
    "Abu Bakr Omar",
    "Fatima bint Ahmad",
    "Abdulrahman Zoubi",
    "Omar   Khaled ",
    "Mhd Khaled Omar Al-Ahmad",
};

const std::vector<std::string> kAccentedNames = {
    "Muḥammad al-Ḥalabī", "ʿAbd al-Raḥmān", "Müller",      "Şükrü Çelik", "Saʿīd Ḥasan",
    "ʾAḥmad ʿAlī",        "STRAßE",         "Işık Yılmaz", "Nūr al-Dīn",  "Fāṭima",
};

template <typename Function>
void RunOverNames(benchmark::State& state, const std::vector<std::string>& names,
                  Function function) {
  size_t name_idx = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(function(names[name_idx]));
    name_idx = name_idx + 1 == names.size() ? 0 : name_idx + 1;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_CopyBaseline(benchmark::State& state) {
  RunOverNames(state, kArabicNames, [](const std::string& name) { return std::string(name); });
}
BENCHMARK(BM_CopyBaseline);

void BM_IsValidUtf8Arabic(benchmark::State& state) {
  RunOverNames(state, kArabicNames, [](const std::string& name) { return IsValidUtf8(name); });
}
BENCHMARK(BM_IsValidUtf8Arabic);

void BM_NormalizeArabic(benchmark::State& state) {
  RunOverNames(state, kArabicNames, [](const std::string& name) { return NormalizeArabic(name); });
}
BENCHMARK(BM_NormalizeArabic);

void BM_FoldLatinAscii(benchmark::State& state) {
  RunOverNames(state, kAsciiNames, [](const std::string& name) { return FoldLatin(name); });
}
BENCHMARK(BM_FoldLatinAscii);

void BM_FoldLatinAccented(benchmark::State& state) {
  RunOverNames(state, kAccentedNames, [](const std::string& name) { return FoldLatin(name); });
}
BENCHMARK(BM_FoldLatinAccented);

void BM_NormalizeNameArabic(benchmark::State& state) {
  RunOverNames(state, kArabicNames, [](const std::string& name) { return NormalizeName(name); });
}
BENCHMARK(BM_NormalizeNameArabic);

void BM_NormalizeNameAscii(benchmark::State& state) {
  RunOverNames(state, kAsciiNames, [](const std::string& name) { return NormalizeName(name); });
}
BENCHMARK(BM_NormalizeNameAscii);

void BM_NormalizeNameAccented(benchmark::State& state) {
  RunOverNames(state, kAccentedNames, [](const std::string& name) { return NormalizeName(name); });
}
BENCHMARK(BM_NormalizeNameAccented);

void BM_SplitFullNameArabic(benchmark::State& state) {
  RunOverNames(state, kArabicNames, [](const std::string& name) { return SplitFullName(name); });
}
BENCHMARK(BM_SplitFullNameArabic);

void BM_SplitFullNameLatin(benchmark::State& state) {
  RunOverNames(state, kAsciiNames, [](const std::string& name) { return SplitFullName(name); });
}
BENCHMARK(BM_SplitFullNameLatin);

void BM_DetectScript(benchmark::State& state) {
  RunOverNames(state, kArabicNames, [](const std::string& name) { return DetectScript(name); });
}
BENCHMARK(BM_DetectScript);

// ---- Name keys (docs/text.md, "Name keys") ----
// The linker keys about six name units per record, so one item here is one
// unit (or one full name for the *FullName benchmarks).

const std::vector<std::string> kArabicUnits = {
    "محمد",    "أحمد",      "عبد الرحمن", "الزعبي", "حسين",  "فاطمة",   "يوسف",    "الحلبي",
    "أبو بكر", "نور الدين", "خالد",       "سعيد",   "مصطفى", "عبدالله", "إبراهيم", "آمنة",
};

const std::vector<std::string> kLatinUnits = {
    "Mohammad", "Ahmed",     "Abdulrahman", "al-Zoubi",    "Hussein", "Fatima",
    "Youssef",  "Al Halabi", "Abu Bakr",    "Nour al-Din", "Khaled",  "Sa'id",
    "Moustafa", "Abdallah",  "Ibrahim",     "Amina",
};

void BM_NameKeyArabicUnit(benchmark::State& state) {
  RunOverNames(state, kArabicUnits, [](const std::string& name) { return NameKey(name); });
}
BENCHMARK(BM_NameKeyArabicUnit);

void BM_NameKeyLatinUnit(benchmark::State& state) {
  RunOverNames(state, kLatinUnits, [](const std::string& name) { return NameKey(name); });
}
BENCHMARK(BM_NameKeyLatinUnit);

void BM_NameKeyAccentedFullName(benchmark::State& state) {
  RunOverNames(state, kAccentedNames, [](const std::string& name) { return NameKey(name); });
}
BENCHMARK(BM_NameKeyAccentedFullName);

void BM_NameKeyArabicFullName(benchmark::State& state) {
  RunOverNames(state, kArabicNames, [](const std::string& name) { return NameKey(name); });
}
BENCHMARK(BM_NameKeyArabicFullName);

void BM_NameKeyLatinFullName(benchmark::State& state) {
  RunOverNames(state, kAsciiNames, [](const std::string& name) { return NameKey(name); });
}
BENCHMARK(BM_NameKeyLatinFullName);

void BM_SplitNameUnitsArabic(benchmark::State& state) {
  RunOverNames(state, kArabicNames, [](const std::string& name) { return SplitNameUnits(name); });
}
BENCHMARK(BM_SplitNameUnitsArabic);

void BM_SplitNameUnitsLatin(benchmark::State& state) {
  RunOverNames(state, kAsciiNames, [](const std::string& name) { return SplitNameUnits(name); });
}
BENCHMARK(BM_SplitNameUnitsLatin);

// One item = one pair of units (each unit against the next in the list).
void BM_JaroWinklerArabic(benchmark::State& state) {
  size_t idx = 0;
  for (auto _ : state) {
    const size_t next = idx + 1 == kArabicUnits.size() ? 0 : idx + 1;
    benchmark::DoNotOptimize(JaroWinkler(kArabicUnits[idx], kArabicUnits[next]));
    idx = next;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JaroWinklerArabic);

const std::vector<std::string> kPlaces = {
    "دمشق",  "Deir ez-Zor", "Hasakeh", "محافظة درعا",  "Idleb",
    "Douma", "جرمانا",      "Palmyra", "Unknownville",
};

void BM_ResolvePlace(benchmark::State& state) {
  RunOverNames(state, kPlaces, [](const std::string& name) { return ResolvePlace(name); });
}
BENCHMARK(BM_ResolvePlace);

}  // namespace
}  // namespace sijil::text
