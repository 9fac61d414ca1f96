#include "link/internal/prepare.h"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "link/internal/keys.h"
#include "link/internal/parallel.h"

namespace sijil::link::internal {

int32_t Interner::Intern(const std::string& text) {
  if (text.empty()) return -1;
  auto [it, inserted] = ids_.try_emplace(text, size());
  if (inserted) texts_.push_back(text);
  return it->second;
}

int32_t Interner::Find(const std::string& text) const {
  auto it = ids_.find(text);
  return it == ids_.end() ? -1 : it->second;
}

namespace {

constexpr std::string_view kNameLevels[] = {"missing", "different", "similar", "close", "same key"};
constexpr std::string_view kSexLevels[] = {"missing", "different", "same"};
constexpr std::string_view kDateLevels[] = {"missing",   "different",  "within one year",
                                            "same year", "same month", "same day"};
constexpr std::string_view kPlaceLevels[] = {"missing", "different", "same governorate",
                                             "same district", "same city"};
constexpr std::string_view kTextLevels[] = {"missing", "different", "similar", "close", "same"};

int RoleOfField(Field field) {
  switch (field) {
    case Field::kGivenName:
      return kGiven;
    case Field::kFatherName:
      return kFather;
    case Field::kGrandfatherName:
      return kGrandfather;
    case Field::kFamilyName:
      return kFamily;
    default:
      return -1;
  }
}

// A record's values as text, before interning.
struct RawRecord {
  std::vector<std::string> units;  // unit keys; by role when split, in written order when full
  bool split = false;
  std::string mother_key;
  std::vector<std::array<std::string, 3>> texts;  // per comparison: keys to intern
  std::vector<Cell> direct;                       // per comparison: sex and date values
  std::array<std::string, 3> place;               // governorate, district, city keys
  int16_t birth_year = -1;
  int32_t arrest_month = -1;
  int32_t arrest_day = -1;
  int8_t sex = -1;
};

std::string FieldText(const Record& record, const std::optional<Field>& field,
                      const std::string& extra_header) {
  if (field) return record.Get(*field);
  for (const auto& [header, value] : record.extra) {
    if (header == extra_header) return value;
  }
  return "";
}

std::string FirstUnitKey(std::string_view name) {
  std::vector<std::string> units = NameUnits(name);
  return units.empty() ? "" : UnitKey(units.front());
}

Cell DateCell(const PartialDate& date) {
  if (!date.known()) return {};
  auto code = [](const PartialDate& d) { return d.year() * 10000 + d.month() * 100 + d.day(); };
  return Cell{.v0 = code(date),
              .v1 = date.ambiguous() ? code(date.Alternative()) : -1,
              .v2 = static_cast<int32_t>(date.precision())};
}

int32_t SexValue(Sex sex) { return sex == Sex::kMale ? 0 : sex == Sex::kFemale ? 1 : -1; }

void ReadNames(const Record& record, RawRecord& raw) {
  raw.split = !record.given_name.empty() || !record.family_name.empty() ||
              !record.father_name.empty() || !record.grandfather_name.empty();
  if (raw.split) {
    for (const std::string* part :
         {&record.given_name, &record.father_name, &record.grandfather_name, &record.family_name}) {
      raw.units.push_back(UnitKey(*part));
    }
    return;
  }
  for (const std::string& unit : NameUnits(record.full_name)) raw.units.push_back(UnitKey(unit));
}

void ReadComparisons(const Record& record, const std::vector<CompiledComparison>& comparisons,
                     RawRecord& raw) {
  raw.texts.resize(comparisons.size());
  raw.direct.resize(comparisons.size());
  for (size_t c = 0; c < comparisons.size(); ++c) {
    const CompiledComparison& comparison = comparisons[c];
    if (comparison.role >= 0) continue;
    auto text = [&](size_t i) {
      return FieldText(record, comparison.fields[i], comparison.config.fields[i]);
    };
    switch (comparison.config.method) {
      case ComparisonMethod::kName: {
        std::string value = text(0);
        raw.texts[c] = {FirstUnitKey(value), TextKey(value), ""};
        break;
      }
      case ComparisonMethod::kText:
        raw.texts[c] = {FreeTextKey(text(0)), "", ""};
        break;
      case ComparisonMethod::kSex: {
        std::optional<Sex> sex = comparison.fields[0] == Field::kSex
                                     ? std::optional<Sex>(record.sex)
                                     : SexFromCode(text(0));
        raw.direct[c].v0 = SexValue(sex.value_or(Sex::kUnknown));
        break;
      }
      case ComparisonMethod::kDate: {
        const std::optional<Field>& field = comparison.fields[0];
        if (field == Field::kBirthDate) {
          raw.direct[c] = DateCell(record.birth_date);
        } else if (field == Field::kArrestDate) {
          raw.direct[c] = DateCell(record.arrest_date);
        } else if (field == Field::kStatusDate) {
          raw.direct[c] = DateCell(record.status_date);
        } else {
          Result<PartialDate> date = PartialDate::Parse(text(0));
          if (date.ok()) raw.direct[c] = DateCell(*date);
        }
        break;
      }
      case ComparisonMethod::kPlace: {
        std::string cells[3];
        for (size_t i = 0; i < comparison.fields.size(); ++i) cells[i] = text(i);
        Place place = ResolvePlaceCells(cells[0], cells[1], cells[2]);
        raw.texts[c] = {place.governorate, place.district, place.city};
        break;
      }
    }
  }
}

RawRecord ReadRecord(const Record& record, const std::vector<CompiledComparison>& comparisons) {
  RawRecord raw;
  ReadNames(record, raw);
  raw.mother_key = FirstUnitKey(record.mother_name);
  ReadComparisons(record, comparisons, raw);
  Place place = ResolvePlaceCells(record.governorate, record.district, record.city);
  raw.place = {place.governorate, place.district, place.city};
  if (record.birth_date.known()) raw.birth_year = static_cast<int16_t>(record.birth_date.year());
  if (record.arrest_date.precision() >= DatePrecision::kMonth) {
    raw.arrest_month = record.arrest_date.year() * 12 + record.arrest_date.month() - 1;
  }
  if (record.arrest_date.precision() == DatePrecision::kDay) {
    raw.arrest_day = record.arrest_date.year() * 10000 + record.arrest_date.month() * 100 +
                     record.arrest_date.day();
  }
  raw.sex = static_cast<int8_t>(SexValue(record.sex));
  return raw;
}

// Fills the readings of a full name of units u (see docs/linkage.md): given
// first; family first; and for three units, no family name.
int FullNameReadings(const std::vector<int32_t>& u, Reading* out) {
  const int n = static_cast<int>(u.size());
  switch (n) {
    case 0:
      return 0;
    case 1:
      out[0] = {u[0], -1, -1, -1};
      return 1;
    case 2:
      out[0] = {u[0], -1, -1, u[1]};
      out[1] = {u[1], -1, -1, u[0]};
      return 2;
    case 3:
      out[0] = {u[0], u[1], -1, u[2]};
      out[1] = {u[1], u[2], -1, u[0]};
      out[2] = {u[0], u[1], u[2], -1};
      return 3;
    default:
      out[0] = {u[0], u[1], u[2], u[n - 1]};
      out[1] = {u[1], u[2], u[3], u[0]};
      return 2;
  }
}

void Store(RawRecord& raw, int64_t index, const std::vector<CompiledComparison>& comparisons,
           Prepared& prepared) {
  std::vector<int32_t> units;
  for (const std::string& unit : raw.units) units.push_back(prepared.keys.Intern(unit));
  Reading* readings = &prepared.readings[index * kMaxReadings];
  if (raw.split) {
    readings[0] = {units[0], units[1], units[2], units[3]};
    prepared.reading_count[index] = 1;
  } else {
    prepared.reading_count[index] = static_cast<uint8_t>(FullNameReadings(units, readings));
  }
  std::erase(units, -1);
  if (!units.empty()) {
    prepared.first_unit[index] = units.front();
    prepared.last_unit[index] = units.back();
  }
  prepared.mother_key[index] = prepared.keys.Intern(raw.mother_key);
  for (size_t c = 0; c < comparisons.size(); ++c) {
    Cell& cell = prepared.cell(index, c);
    switch (comparisons[c].config.method) {
      case ComparisonMethod::kName:
      case ComparisonMethod::kText:
        cell = {prepared.keys.Intern(raw.texts[c][0]), prepared.keys.Intern(raw.texts[c][1]), -1};
        break;
      case ComparisonMethod::kPlace:
        cell = {prepared.places.Intern(raw.texts[c][0]), prepared.places.Intern(raw.texts[c][1]),
                prepared.places.Intern(raw.texts[c][2])};
        break;
      default:
        cell = raw.direct[c];
    }
  }
  prepared.governorate[index] = prepared.places.Intern(raw.place[0]);
  prepared.city[index] = prepared.places.Intern(raw.place[2]);
  prepared.birth_year[index] = raw.birth_year;
  prepared.arrest_month[index] = raw.arrest_month;
  prepared.arrest_day[index] = raw.arrest_day;
  prepared.sex[index] = raw.sex;
}

// The key a comparison's term frequency counts for record `index`.
int32_t TfKey(const Prepared& prepared, const CompiledComparison& comparison, size_t c,
              int64_t index) {
  if (comparison.role >= 0) {
    return prepared.reading_count[index] ? prepared.reading(index, 0)[comparison.role] : -1;
  }
  return prepared.cell(index, c).v0;
}

void CountTermFrequencies(const std::vector<CompiledComparison>& comparisons, Prepared& prepared) {
  prepared.tf.resize(comparisons.size());
  for (size_t c = 0; c < comparisons.size(); ++c) {
    if (!comparisons[c].config.term_frequency) continue;
    std::vector<float>& tf = prepared.tf[c];
    tf.assign(prepared.keys.size(), 0);
    double total = 0;
    for (int64_t i = 0; i < prepared.size; ++i) {
      int32_t key = TfKey(prepared, comparisons[c], c, i);
      if (key < 0) continue;
      tf[key] += 1;
      total += 1;
    }
    if (total > 0) {
      for (float& value : tf) value = static_cast<float>(value / total);
    }
  }
}

}  // namespace

std::string LooseKey(std::string_view key) {
  std::string loose;
  for (char c : key) {
    if (loose.size() == 5) break;
    if (!loose.empty() && (c == 'w' || c == 'y' || c == 'h' || c == ' ' || c == loose.back())) {
      continue;
    }
    loose.push_back(c);
  }
  return loose;
}

std::span<const std::string_view> LevelNames(ComparisonMethod method) {
  switch (method) {
    case ComparisonMethod::kName:
      return kNameLevels;
    case ComparisonMethod::kSex:
      return kSexLevels;
    case ComparisonMethod::kDate:
      return kDateLevels;
    case ComparisonMethod::kPlace:
      return kPlaceLevels;
    case ComparisonMethod::kText:
      return kTextLevels;
  }
  return kTextLevels;
}

Result<std::vector<CompiledComparison>> CompileComparisons(
    const std::vector<ComparisonConfig>& comparisons) {
  std::vector<CompiledComparison> compiled;
  if (comparisons.empty()) return InvalidArgumentError("comparisons: at least one is needed");
  if (comparisons.size() > 21) {
    return InvalidArgumentError("comparisons: at most 21 are supported");
  }
  for (size_t c = 0; c < comparisons.size(); ++c) {
    const ComparisonConfig& config = comparisons[c];
    const std::string where = "comparisons[" + std::to_string(c) + "]";
    const size_t max_fields = config.method == ComparisonMethod::kPlace ? 3 : 1;
    if (config.fields.empty() || config.fields.size() > max_fields) {
      return InvalidArgumentError(where + ".fields: expected " +
                                  (max_fields == 1 ? std::string("exactly one field")
                                                   : std::string("one to three fields")));
    }
    for (size_t earlier = 0; earlier < c; ++earlier) {
      if (comparisons[earlier].name == config.name) {
        return InvalidArgumentError(where + ".name: '" + config.name + "' is used twice");
      }
    }
    if (config.name.empty()) return InvalidArgumentError(where + ".name: must not be empty");
    if (!(config.close_threshold > 0 && config.close_threshold <= 1)) {
      return InvalidArgumentError(where + ".close_threshold: expected a number in (0, 1]");
    }
    if (!(config.similar_threshold > 0 && config.similar_threshold <= config.close_threshold)) {
      return InvalidArgumentError(where +
                                  ".similar_threshold: expected a number in (0, close_threshold]");
    }
    CompiledComparison out{.config = config};
    for (const std::string& name : config.fields) {
      if (name.empty()) return InvalidArgumentError(where + ".fields: a field name is empty");
      out.fields.push_back(FieldFromName(name));
    }
    if (config.method == ComparisonMethod::kName && out.fields[0]) {
      out.role = RoleOfField(*out.fields[0]);
    }
    out.levels = static_cast<int>(LevelNames(config.method).size());
    compiled.push_back(std::move(out));
  }
  return compiled;
}

Prepared StartPrepared(const std::vector<CompiledComparison>& comparisons) {
  static std::atomic<uint64_t> generations{0};
  Prepared prepared;
  prepared.generation = ++generations;
  prepared.comparisons = comparisons.size();
  return prepared;
}

void AddToPrepared(std::span<const LinkInput> records,
                   const std::vector<CompiledComparison>& comparisons, int threads,
                   Prepared& prepared) {
  const int64_t first = prepared.size;
  const int64_t n = first + static_cast<int64_t>(records.size());
  prepared.size = n;
  prepared.source.resize(n);
  prepared.reading_count.resize(n);
  prepared.readings.resize(n * kMaxReadings, Reading{-1, -1, -1, -1});
  prepared.cells.resize(n * comparisons.size());
  prepared.mother_key.resize(n);
  prepared.first_unit.resize(n, -1);
  prepared.last_unit.resize(n, -1);
  prepared.birth_year.resize(n);
  prepared.arrest_month.resize(n);
  prepared.arrest_day.resize(n);
  prepared.governorate.resize(n);
  prepared.city.resize(n);
  prepared.sex.resize(n);
  for (int64_t i = first; i < n; ++i) {
    const std::string_view source = records[i - first].source;
    // Records come list by list: most take their previous one's id.
    const int32_t previous = i > 0 ? prepared.source[i - 1] : -1;
    prepared.source[i] = previous >= 0 && source == prepared.source_names.Text(previous)
                             ? previous
                             : prepared.source_names.Intern(std::string(source));
  }
  constexpr int64_t kBatch = 1 << 15;
  std::vector<RawRecord> batch;
  for (int64_t start = 0; start < n - first; start += kBatch) {
    const int64_t count = std::min(kBatch, n - first - start);
    batch.assign(count, RawRecord{});
    ForEachChunk(count, 1024, threads, [&](int64_t, int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        batch[i] = ReadRecord(*records[start + i].record, comparisons);
      }
    });
    for (int64_t i = 0; i < count; ++i) Store(batch[i], first + start + i, comparisons, prepared);
  }
}

void FinishPrepared(const std::vector<CompiledComparison>& comparisons, Prepared& prepared) {
  prepared.loose_of.resize(prepared.keys.size());
  for (int32_t key = 0; key < prepared.keys.size(); ++key) {
    prepared.loose_of[key] = prepared.loose.Intern(LooseKey(prepared.keys.Text(key)));
  }
  CountTermFrequencies(comparisons, prepared);
}

Prepared Prepare(std::span<const LinkInput> records,
                 const std::vector<CompiledComparison>& comparisons, int threads) {
  Prepared prepared = StartPrepared(comparisons);
  AddToPrepared(records, comparisons, threads, prepared);
  FinishPrepared(comparisons, prepared);
  return prepared;
}

}  // namespace sijil::link::internal
