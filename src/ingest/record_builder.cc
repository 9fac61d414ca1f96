// RecordBuilder: one table row -> one Record, or the list of what is wrong.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>

#include "ingest/ingest.h"
#include "text/text.h"

namespace sijil::ingest {
namespace {

using Kind = ColumnTarget::Kind;

constexpr size_t kMaxValueInMessage = 80;

// Trims ASCII and Unicode no-break spaces and collapses inner runs of
// whitespace, which spreadsheets are full of.
std::string CleanCell(std::string_view cell) {
  std::string out;
  out.reserve(cell.size());
  bool pending_space = false;
  for (size_t i = 0; i < cell.size(); ++i) {
    const char c = cell[i];
    const bool nbsp = c == '\xC2' && i + 1 < cell.size() && cell[i + 1] == '\xA0';
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || nbsp) {
      pending_space = !out.empty();
      i += nbsp ? 1 : 0;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::string Shorten(std::string_view value) {
  if (value.size() <= kMaxValueInMessage) return std::string(value);
  size_t cut = kMaxValueInMessage;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return std::string(value.substr(0, cut)) + "… (" + std::to_string(value.size()) + " bytes)";
}

// Cells that contribute to one record beyond plain fields.
struct AgeCells {
  std::string birth_year;
  std::string age;
  std::string age_date;
  size_t birth_year_column = 0;
  size_t age_column = 0;
  size_t age_date_column = 0;
};

// Parses a date cell; dates after today are rejected as typos.
Result<PartialDate> ParseCellDate(std::string_view value) {
  ASSIGN_OR_RETURN(PartialDate date, ParseDate(value));
  static const int kThisYear = [] {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    return utc.tm_year + 1900;
  }();
  if (date.year() > kThisYear) {
    return InvalidArgumentError("a date not in the future (year " + std::to_string(date.year()) +
                                " is after " + std::to_string(kThisYear) + ")");
  }
  return date;
}

// Sets one canonical field from a cleaned cell; the error says what was expected.
Status SetField(Field field, const std::string& value, Record* record) {
  switch (field) {
    case Field::kSex: {
      ASSIGN_OR_RETURN(record->sex, ParseSex(value));
      return OkStatus();
    }
    case Field::kStatus: {
      ASSIGN_OR_RETURN(record->status, ParseStatus(value));
      return OkStatus();
    }
    case Field::kBirthDate:
    case Field::kArrestDate:
    case Field::kStatusDate: {
      ASSIGN_OR_RETURN(PartialDate date, ParseCellDate(value));
      return record->Set(field, date.ToString());
    }
    default:
      return record->Set(field, value);
  }
}

// Parses a whole number of at most `max_digits` digits (Arabic-Indic allowed).
std::optional<int> ParseSmallInt(std::string_view value, size_t max_digits) {
  const std::string digits = text::AsciiDigits(value);
  if (digits.empty() || digits.size() > max_digits) return std::nullopt;
  int number = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + (c - '0');
  }
  return number;
}

// Folds birth_year and age (with the date it refers to, else the arrest date)
// into birth_date. An age with no reference date stays an extra attribute.
template <typename Fail>
void ApplyAge(const AgeCells& age, const std::vector<std::string>& header, Record* record,
              Fail fail) {
  if (!age.birth_year.empty()) {
    std::optional<int> year = ParseSmallInt(age.birth_year, 4);
    if (!year || *year < 1900 || *year > 2100) {
      fail(age.birth_year_column, age.birth_year, "a four-digit birth year such as 1985");
    } else if (!record->birth_date.known()) {
      record->birth_date = PartialDate::Year(*year).value();
    } else if (record->birth_date.year() != *year) {
      fail(age.birth_year_column, age.birth_year,
           "a birth year matching the birth date " + record->birth_date.ToString());
    }
  }
  if (age.age.empty()) return;
  std::optional<int> years = ParseSmallInt(age.age, 3);
  if (!years || *years > 120) {
    fail(age.age_column, age.age, "an age in whole years, 0 to 120");
    return;
  }
  PartialDate reference = record->arrest_date;
  if (!age.age_date.empty()) {
    Result<PartialDate> parsed = ParseDate(age.age_date);
    if (!parsed.ok()) {
      fail(age.age_date_column, age.age_date, parsed.status().message());
      return;
    }
    reference = *parsed;
  }
  if (!reference.known() || record->birth_date.known()) {
    record->extra.emplace_back(header[age.age_column], age.age);
    return;
  }
  Result<PartialDate> birth_year = PartialDate::Year(reference.year() - *years);
  if (birth_year.ok()) record->birth_date = *birth_year;
}

void NormalizeNames(Record* record) {
  NormalizedNames& n = record->normalized;
  n.given_name = text::NormalizeName(record->given_name);
  n.father_name = text::NormalizeName(record->father_name);
  n.grandfather_name = text::NormalizeName(record->grandfather_name);
  n.family_name = text::NormalizeName(record->family_name);
  n.mother_name = text::NormalizeName(record->mother_name);
  const bool has_parts = !(n.given_name.empty() && n.father_name.empty() &&
                           n.grandfather_name.empty() && n.family_name.empty());
  if (!has_parts && !record->full_name.empty()) {
    text::NameParts parts = text::SplitFullName(record->full_name);
    n.given_name = text::NormalizeName(parts.given);
    n.father_name = text::NormalizeName(parts.father);
    n.grandfather_name = text::NormalizeName(parts.grandfather);
    n.family_name = text::NormalizeName(parts.family);
  }
  std::string full;
  for (const std::string* part :
       {&n.given_name, &n.father_name, &n.grandfather_name, &n.family_name}) {
    if (part->empty()) continue;
    if (!full.empty()) full.push_back(' ');
    full += *part;
  }
  n.full_name = full.empty() ? text::NormalizeName(record->full_name) : full;
}

uint64_t Fnv1a(const std::vector<std::string>& cells) {
  uint64_t hash = 14695981039346656037ULL;
  for (const std::string& cell : cells) {
    for (unsigned char c : cell) hash = (hash ^ c) * 1099511628211ULL;
    hash = (hash ^ 0x1F) * 1099511628211ULL;  // unit separator between cells
  }
  return hash;
}

}  // namespace

// Lists without ids get one derived from the row's content, so re-importing
// the same list maps rows to the same records; identical rows are numbered.
std::string RecordBuilder::GeneratedId(const TableRow& row) {
  const uint64_t hash = Fnv1a(row.cells);
  const int occurrence = ++generated_id_counts_[hash];
  char id[40];
  std::snprintf(id, sizeof id, "row-%016llx", static_cast<unsigned long long>(hash));
  return occurrence == 1 ? std::string(id) : std::string(id) + "-" + std::to_string(occurrence);
}

std::string FieldError::ToString(std::string_view file) const {
  std::string out = std::string(file) + ":" + std::to_string(line) + ": ";
  if (!column.empty()) out += "column '" + column + "': value '" + Shorten(value) + "': ";
  return out + "expected " + expected;
}

RecordBuilder::RecordBuilder(const std::vector<std::string>& header, MappingOverrides overrides,
                             ColumnMapping mapping)
    : header_(header), overrides_(std::move(overrides)), mapping_(std::move(mapping)) {}

Result<std::unique_ptr<RecordBuilder>> RecordBuilder::Create(const std::vector<std::string>& header,
                                                             MappingOverrides overrides) {
  ASSIGN_OR_RETURN(ColumnMapping mapping, MapColumns(header, overrides));
  return std::unique_ptr<RecordBuilder>(
      new RecordBuilder(header, std::move(overrides), std::move(mapping)));
}

bool RecordBuilder::Build(const TableRow& row, Record* record, std::vector<FieldError>* errors) {
  const size_t errors_before = errors->size();
  auto fail = [&](size_t column, std::string_view value, std::string expected) {
    errors->push_back({row.line, column < header_.size() ? header_[column] : std::string(),
                       std::string(value), std::move(expected)});
  };
  if (mapping_.columns.size() != header_.size()) {
    Result<ColumnMapping> remapped = MapColumns(header_, overrides_);
    if (!remapped.ok()) {
      errors->push_back(
          {row.line, "", "", "columns with distinct fields: " + remapped.status().message()});
      return false;
    }
    mapping_ = std::move(remapped).value();
  }
  if (row.cells.size() != header_.size()) {
    errors->push_back({row.line, "", "",
                       std::to_string(header_.size()) + " cells as in the header, found " +
                           std::to_string(row.cells.size()) + " (a ragged row)"});
    return false;
  }
  *record = Record();
  record->sensitivity = minimum_sensitivity_;
  record->raw.reserve(row.cells.size());
  AgeCells age;
  for (size_t column = 0; column < row.cells.size(); ++column) {
    const std::string& cell = row.cells[column];
    record->raw.emplace_back(header_[column], cell);
    const ColumnTarget& target = mapping_.columns[column];
    std::string value = CleanCell(cell);
    switch (target.kind) {
      case Kind::kExtra:
        if (!value.empty()) record->extra.emplace_back(header_[column], std::move(value));
        break;
      case Kind::kBirthYear:
        age.birth_year = std::move(value);
        age.birth_year_column = column;
        break;
      case Kind::kAge:
        age.age = std::move(value);
        age.age_column = column;
        break;
      case Kind::kAgeDate:
        age.age_date = std::move(value);
        age.age_date_column = column;
        break;
      case Kind::kSensitivity: {
        if (value.empty()) break;
        std::optional<Sensitivity> level = SensitivityFromName(value);
        if (!level) {
          fail(column, cell, "public, restricted or confidential (عام, مقيد, سري)");
        } else {
          record->sensitivity = std::max(record->sensitivity, *level);
        }
        break;
      }
      case Kind::kField: {
        Status status = SetField(target.field, value, record);
        if (!status.ok()) fail(column, cell, status.message());
        break;
      }
    }
  }
  ApplyAge(age, header_, record, [&](size_t column, std::string_view value, std::string expected) {
    fail(column, value, std::move(expected));
  });
  NormalizeNames(record);
  if (record->record_id.empty()) record->record_id = GeneratedId(row);
  return errors->size() == errors_before;
}

}  // namespace sijil::ingest
