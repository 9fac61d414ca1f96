// Private to synth: how one documenting organisation records detainees.
//
// A ListSpec fixes, for list k, who gets recorded (capture model) and how
// (style: headers, script, date shapes, record ids, noise rates). A
// RowRenderer turns a Person into one row of that list; each call draws its
// own spelling variants, missing cells and typos, so a person recorded twice
// comes out slightly different each time.
#ifndef SIJIL_SYNTH_INTERNAL_LISTS_H_
#define SIJIL_SYNTH_INTERNAL_LISTS_H_

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "synth/internal/population.h"
#include "synth/internal/tables.h"

namespace sijil::synth::internal {

// Styles are assigned by list index: list k gets kStyles[(k - 1) % 5].
enum class Style { kArabicSplit, kArabicFullName, kLatinSplit, kLatinFullName, kMixed };
inline constexpr int kStyleCount = 5;

// "arabic_split", "arabic_full_name", "latin_split", "latin_full_name", "mixed".
std::string_view StyleName(Style style);

// What a column of a generated list holds.
enum class Column {
  kRecordId,
  kFullName,
  kGiven,
  kFather,
  kGrandfather,
  kFamily,
  kMother,
  kSex,
  kBirthDate,
  kAge,
  kGovernorate,
  kDistrict,
  kCity,
  kArrestDate,
  kArrestPlace,
  kArrestingParty,
  kFacility,
  kStatus,
  kStatusDate,
  kNotes,
  kExtra,  // a column Sijil does not know, kept by importers as an extra
};
inline constexpr int kColumnCount = 21;

struct ListSpec {
  int index = 1;     // 1-based list number
  std::string name;  // "list_<index>"
  Style style = Style::kArabicSplit;
  std::vector<std::pair<std::string, Column>> columns;
  // Capture: logit P(on list) = logit(base_rate) + region_effect[governorate]
  //   + status_effect + person.visibility.
  double base_rate = 0.3;
  std::vector<double> region_effect;
  // Noise.
  double typo_rate = 0.03;       // per name cell
  double duplicate_rate = 0.02;  // share of captured persons recorded twice
  double age_rate = 0.15;        // share of records giving an age, not a birth date
  double day_share = 0.6;        // event dates to the day; the rest split month/year
  double month_share = 0.25;
  std::array<double, kColumnCount> missing{};  // per Column
};

// Builds the spec of list `index` (1-based), drawing its rates from `rng`.
ListSpec MakeListSpec(int index, const Tables& tables, Rng& rng);

// Returns the probability that `person` is on the list.
double CaptureProbability(const ListSpec& spec, const Person& person);

class RowRenderer {
 public:
  // Keeps references to `tables` and `spec`, which must outlive it.
  RowRenderer(const Tables& tables, const ListSpec& spec) : tables_(tables), spec_(spec) {}

  // Returns the header row.
  std::vector<std::string> Header() const;
  // Returns the record id of the row at 0-based position `row` (after
  // shuffling), in the list's own scheme.
  std::string RecordId(int64_t row, const Person& person);
  // Fills `cells` with one row for `person`.
  void Render(const Person& person, const std::string& record_id, Rng& rng,
              std::vector<std::string>& cells) const;

 private:
  bool ArabicRecord(Rng& rng) const;
  std::string NameCell(const Entry& entry, bool arabic, Rng& rng) const;
  std::string CellFor(Column column, const Person& person, bool arabic, bool give_age,
                      Rng& rng) const;
  std::string FullName(const Person& person, bool arabic, Rng& rng) const;
  std::string MotherName(const Person& person, bool arabic, Rng& rng) const;
  std::string EventDate(Date date, Rng& rng) const;
  std::string BirthDate(const Person& person, Rng& rng) const;

  const Tables& tables_;
  const ListSpec& spec_;
  std::map<int, int64_t> per_year_;  // VDC-style ids count per arrest year
};

// Returns `text` with one typing error (swap, deletion or substitution of a
// character), on whole UTF-8 characters; short texts are returned unchanged.
std::string AddTypo(std::string_view text, Rng& rng);

}  // namespace sijil::synth::internal

#endif  // SIJIL_SYNTH_INTERNAL_LISTS_H_
