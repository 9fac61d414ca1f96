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

}  // namespace
}  // namespace sijil::text
