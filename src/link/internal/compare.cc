#include "link/internal/compare.h"

#include <cstdlib>
#include <vector>

#include "core/mix.h"
#include "link/internal/keys.h"

namespace sijil::link::internal {
namespace {

// Levels of kName and kText.
constexpr int kDifferent = kLevelDifferent;
constexpr int kSimilar = 2;
constexpr int kClose = 3;
constexpr int kSame = 4;

}  // namespace

std::pair<const Reading*, const Reading*> AlignNames(const Prepared& prepared, int64_t a,
                                                     int64_t b) {
  const Reading* best_a = &prepared.reading(a, 0);
  const Reading* best_b = &prepared.reading(b, 0);
  int best = -1;
  for (int ra = 0; ra < prepared.reading_count[a]; ++ra) {
    for (int rb = 0; rb < prepared.reading_count[b]; ++rb) {
      const Reading& x = prepared.reading(a, ra);
      const Reading& y = prepared.reading(b, rb);
      int agree = 0;
      for (int role = 0; role < kRoleCount; ++role) agree += x[role] >= 0 && x[role] == y[role];
      if (agree > best) {
        best = agree;
        best_a = &x;
        best_b = &y;
      }
    }
  }
  return {best_a, best_b};
}

namespace {

// How alike two different keys are: Jaro-Winkler, and whether one edit apart.
struct KeyLikeness {
  double similarity;
  bool one_edit;
};

// Returns how alike two different keys are. The same few thousand names
// meet again and again, so each thread remembers them in a direct-mapped
// table: one probe per lookup, nothing allocated, a clash only costs
// recomputing (a node-based map spent more time in lookups and allocation
// than Jaro-Winkler saved at a million records).

KeyLikeness KeySimilarity(const Prepared& prepared, int32_t a, int32_t b) {
  struct Slot {
    uint64_t pair = 0;  // a << 32 | b with a < b, never 0; 0 = empty
    float similarity = 0;
    bool one_edit = false;
  };
  constexpr int kSlotBits = 20;
  thread_local uint64_t generation = 0;
  thread_local std::vector<Slot> slots;
  if (generation != prepared.generation || slots.empty()) {
    slots.assign(size_t{1} << kSlotBits, Slot{});
    generation = prepared.generation;
  }
  const uint64_t pair =
      a < b ? (uint64_t(a) << 32 | uint32_t(b)) : (uint64_t(b) << 32 | uint32_t(a));
  Slot& slot = slots[SplitMix64(pair) >> (64 - kSlotBits)];
  if (slot.pair != pair) {
    slot.pair = pair;
    slot.similarity = static_cast<float>(Similarity(prepared.keys.Text(a), prepared.keys.Text(b)));
    slot.one_edit = OneEditApart(prepared.keys.Text(a), prepared.keys.Text(b));
  }
  return {slot.similarity, slot.one_edit};
}

int KeyLevel(const Prepared& prepared, int32_t a, int32_t b, const ComparisonConfig& config) {
  if (a < 0 || b < 0) return 0;
  if (a == b) return kSame;
  const KeyLikeness likeness = KeySimilarity(prepared, a, b);
  if (likeness.similarity >= config.close_threshold) return kClose;
  return likeness.similarity >= config.similar_threshold || likeness.one_edit ? kSimilar
                                                                              : kDifferent;
}

// Level of two date codes (YYYYMMDD, zeros where unknown) at precisions pa, pb.
int DateCodeLevel(int32_t a, int32_t b, int32_t precision_a, int32_t precision_b) {
  const int year_a = a / 10000, year_b = b / 10000;
  if (year_a != year_b) return std::abs(year_a - year_b) <= 1 ? 2 : 1;
  const int32_t common = std::min(precision_a, precision_b);
  if (common <= static_cast<int32_t>(DatePrecision::kYear) || a / 100 % 100 != b / 100 % 100) {
    return 3;
  }
  if (common == static_cast<int32_t>(DatePrecision::kMonth) || a % 100 != b % 100) return 4;
  return 5;
}

int DateLevel(const Cell& a, const Cell& b) {
  if (a.v0 < 0 || b.v0 < 0) return 0;
  int level = DateCodeLevel(a.v0, b.v0, a.v2, b.v2);
  for (int32_t x : {a.v0, a.v1}) {
    for (int32_t y : {b.v0, b.v1}) {
      if (x >= 0 && y >= 0) level = std::max(level, DateCodeLevel(x, y, a.v2, b.v2));
    }
  }
  return level;
}

int PlaceLevel(const Cell& a, const Cell& b) {
  auto same = [](int32_t x, int32_t y) { return x >= 0 && x == y; };
  if ((a.v0 < 0 && a.v2 < 0) || (b.v0 < 0 && b.v2 < 0)) return 0;
  if (same(a.v2, b.v2)) return 4;
  if (same(a.v1, b.v1)) return 3;
  if (same(a.v0, b.v0)) return 2;
  return 1;
}

}  // namespace

void ComparePair(const Prepared& prepared, const std::vector<CompiledComparison>& comparisons,
                 int64_t a, int64_t b, bool with_keys, PairLevels& out) {
  out.pattern = 0;
  if (with_keys) out.agreed_keys.assign(comparisons.size(), -1);
  std::pair<const Reading*, const Reading*> names{nullptr, nullptr};
  for (size_t c = 0; c < comparisons.size(); ++c) {
    const CompiledComparison& comparison = comparisons[c];
    const Cell& x = prepared.cell(a, c);
    const Cell& y = prepared.cell(b, c);
    int level = 0;
    int32_t key = -1;
    switch (comparison.config.method) {
      case ComparisonMethod::kName:
        if (comparison.role >= 0) {
          if (names.first == nullptr) names = AlignNames(prepared, a, b);
          key = (*names.first)[comparison.role];
          level = KeyLevel(prepared, key, (*names.second)[comparison.role], comparison.config);
        } else {
          key = x.v0;
          level =
              x.v1 >= 0 && x.v1 == y.v1 ? kSame : KeyLevel(prepared, x.v0, y.v0, comparison.config);
        }
        break;
      case ComparisonMethod::kText:
        key = x.v0;
        level = KeyLevel(prepared, x.v0, y.v0, comparison.config);
        // Two known places of detention are the same or not: "Branch 215"
        // and "Branch 227" are not spellings of each other.
        if ((level == kClose || level == kSimilar) && IsFacilityKey(prepared.keys.Text(x.v0)) &&
            IsFacilityKey(prepared.keys.Text(y.v0))) {
          level = kDifferent;
        }
        break;
      case ComparisonMethod::kSex:
        level = x.v0 < 0 || y.v0 < 0 ? 0 : x.v0 == y.v0 ? 2 : 1;
        break;
      case ComparisonMethod::kDate:
        level = DateLevel(x, y);
        break;
      case ComparisonMethod::kPlace:
        level = PlaceLevel(x, y);
        break;
    }
    out.pattern |= static_cast<uint64_t>(level) << (3 * c);
    if (with_keys && level == kSame &&
        (comparison.config.method == ComparisonMethod::kName ||
         comparison.config.method == ComparisonMethod::kText)) {
      out.agreed_keys[c] = key;
    }
  }
}

}  // namespace sijil::link::internal
