// Records decoded once for linkage: name readings, comparison values and
// blocking facts as small integers, with the term frequencies of names.
#ifndef SIJIL_LINK_INTERNAL_PREPARE_H_
#define SIJIL_LINK_INTERNAL_PREPARE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "link/link.h"

namespace sijil::link::internal {

// The four customary name parts; a reading gives each a key id or -1.
enum Role : int { kGiven = 0, kFather = 1, kGrandfather = 2, kFamily = 3 };
inline constexpr int kRoleCount = 4;
// A full name can be read several ways (given first, family first, no family).
inline constexpr int kMaxReadings = 3;
using Reading = std::array<int32_t, kRoleCount>;

// Interns strings as dense ids; "" is -1.
class Interner {
 public:
  int32_t Intern(const std::string& text);
  // Returns the id of `text` or -1 when it was never interned.
  int32_t Find(const std::string& text) const;
  const std::string& Text(int32_t id) const { return texts_[id]; }
  int32_t size() const { return static_cast<int32_t>(texts_.size()); }

 private:
  std::unordered_map<std::string, int32_t> ids_;
  std::vector<std::string> texts_;
};

// One comparison's value in one record; the meaning of v0..v2 depends on the
// method (prepare.cc). -1 = missing.
struct Cell {
  int32_t v0 = -1;
  int32_t v1 = -1;
  int32_t v2 = -1;
};

// A comparison resolved against the record model.
struct CompiledComparison {
  ComparisonConfig config;
  std::vector<std::optional<Field>> fields;  // nullopt: the extra column config.fields[i]
  int role = -1;   // kName on given/father/grandfather/family: the aligned role
  int levels = 0;  // number of levels, missing (0) included
};

// Returns the levels' names of `method`, index = level.
std::span<const std::string_view> LevelNames(ComparisonMethod method);

// Checks and resolves the comparisons. Fails naming the comparison.
Result<std::vector<CompiledComparison>> CompileComparisons(
    const std::vector<ComparisonConfig>& comparisons);

struct Prepared {
  // Unique per Prepare() call: caches keyed by key ids check it.
  uint64_t generation = 0;
  int64_t size = 0;
  Interner keys;    // name and text keys
  Interner places;  // canonical place keys
  Interner source_names;
  std::vector<int32_t> source;  // id in source_names
  std::vector<uint8_t> reading_count;
  std::vector<Reading> readings;  // kMaxReadings per record
  // [record][comparison]: scoring reads all of a record's cells at once,
  // and the second record of a pair is a random access.
  std::vector<Cell> cells;
  size_t comparisons = 0;
  // Blocking facts.
  std::vector<int32_t> mother_key;
  std::vector<int32_t> first_unit;
  std::vector<int32_t> last_unit;
  std::vector<int16_t> birth_year;
  std::vector<int32_t> arrest_month;  // year * 12 + month - 1
  std::vector<int32_t> arrest_day;    // YYYYMMDD when known to the day, else -1
  std::vector<int32_t> governorate;
  std::vector<int32_t> city;
  std::vector<int8_t> sex;
  // Per key id, the id of its loose form (LooseKey) in `loose`.
  Interner loose;
  std::vector<int32_t> loose_of;
  // Term frequencies of keys, per comparison with term_frequency (else empty):
  // share of the records holding a value that hold this one.
  std::vector<std::vector<float>> tf;

  const Reading& reading(int64_t record, int index) const {
    return readings[record * kMaxReadings + index];
  }
  // Asks the CPU to load what comparing `record` reads, ahead of need:
  // scoring visits the second records of its pairs in random order.
  void Prefetch(int64_t record) const {
    __builtin_prefetch(&reading_count[record]);
    __builtin_prefetch(&readings[record * kMaxReadings]);
    __builtin_prefetch(&cells[record * comparisons]);
    __builtin_prefetch(&cells[record * comparisons] + comparisons - 1);
  }
  const Cell& cell(int64_t record, size_t comparison) const {
    return cells[record * comparisons + comparison];
  }
  Cell& cell(int64_t record, size_t comparison) { return cells[record * comparisons + comparison]; }
};

// Returns a looser form of a name key for blocking: first letter kept, the
// vowel letters w, y and h dropped after it, doubled letters collapsed, cut
// at five letters; "hshym" (Hashim) and "hshm" (Hashem) both give "hshm".
std::string LooseKey(std::string_view key);

// Decoding in batches, so that the records need not all be held at once:
// StartPrepared, AddToPrepared for each batch (indices continue), then
// FinishPrepared (loose keys, term frequencies) before use.
Prepared StartPrepared(const std::vector<CompiledComparison>& comparisons);
void AddToPrepared(std::span<const LinkInput> records,
                   const std::vector<CompiledComparison>& comparisons, int threads,
                   Prepared& prepared);
void FinishPrepared(const std::vector<CompiledComparison>& comparisons, Prepared& prepared);

// Decodes `records` for `comparisons` on `threads` threads, all at once.
Prepared Prepare(std::span<const LinkInput> records,
                 const std::vector<CompiledComparison>& comparisons, int threads);

}  // namespace sijil::link::internal

#endif  // SIJIL_LINK_INTERNAL_PREPARE_H_
