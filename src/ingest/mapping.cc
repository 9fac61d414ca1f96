// Header mapping: which canonical field each column of a list holds.
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "ingest/ingest.h"
#include "ingest/internal/synonyms.h"

namespace sijil::ingest {
namespace {

using internal::SynonymKey;
using internal::SynonymTable;
using Kind = ColumnTarget::Kind;

ColumnTarget FieldTarget(Field field) { return {Kind::kField, field}; }

const SynonymTable<ColumnTarget>& HeaderSynonyms() {
  static const SynonymTable<ColumnTarget> table({
      {FieldTarget(Field::kRecordId),
       {"record_id", "id", "record id", "no", "number", "serial", "serial number", "ref",
        "reference", "case id", "الرقم", "الرقم التسلسلي", "رقم", "التسلسل", "رقم السجل", "المعرف",
        "م"}},
      {FieldTarget(Field::kFullName),
       {"full_name", "full name", "name in full", "detainee name", "الاسم الكامل", "الاسم الثلاثي",
        "الاسم الرباعي", "اسم المعتقل", "الاسم والكنية", "الاسم الكامل للمعتقل"}},
      {FieldTarget(Field::kGivenName),
       {"given_name", "given name", "first name", "firstname", "forename", "الاسم الأول"}},
      {FieldTarget(Field::kFatherName),
       {"father_name", "father name", "father's name", "father", "اسم الأب", "الأب"}},
      {FieldTarget(Field::kGrandfatherName),
       {"grandfather_name", "grandfather name", "grandfather's name", "grandfather", "اسم الجد",
        "الجد"}},
      {FieldTarget(Field::kFamilyName),
       {"family_name", "family name", "surname", "last name", "lastname", "family", "الكنية",
        "العائلة", "الكنية / العائلة", "اسم العائلة", "الكنية/العائلة", "اللقب"}},
      {FieldTarget(Field::kMotherName),
       {"mother_name", "mother name", "mother's name", "mother", "اسم الأم", "الأم"}},
      {FieldTarget(Field::kSex), {"sex", "gender", "الجنس"}},
      {FieldTarget(Field::kBirthDate),
       {"birth_date", "birth date", "date of birth", "dob", "born", "تاريخ الولادة",
        "تاريخ الميلاد", "المواليد", "مواليد", "الولادة"}},
      {FieldTarget(Field::kGovernorate),
       {"governorate", "province", "muhafaza", "muhafazah", "المحافظة"}},
      {FieldTarget(Field::kDistrict), {"district", "area", "mantiqa", "المنطقة"}},
      {FieldTarget(Field::kCity),
       {"city", "town", "village", "city/town", "المدينة", "البلدة", "القرية", "المدينة/البلدة"}},
      {FieldTarget(Field::kArrestDate),
       {"arrest_date", "arrest date", "date of arrest", "detention date", "date of detention",
        "تاريخ الاعتقال", "تاريخ الاحتجاز"}},
      {FieldTarget(Field::kArrestPlace),
       {"arrest_place", "arrest place", "place of arrest", "arrest location", "مكان الاعتقال"}},
      {FieldTarget(Field::kArrestingParty),
       {"arresting_party", "arresting party", "arrested by", "perpetrator", "الجهة المعتقلة",
        "جهة الاعتقال", "الجهة الخاطفة"}},
      {FieldTarget(Field::kFacility),
       {"facility", "detention place", "place of detention", "detention facility",
        "detention centre", "detention center", "prison", "last known location", "مكان الاحتجاز",
        "السجن", "مكان الاحتجاز الأخير"}},
      {FieldTarget(Field::kStatus),
       {"status", "current status", "fate", "الحالة", "الوضع", "الوضع الحالي", "المصير"}},
      {FieldTarget(Field::kStatusDate),
       {"status_date", "status date", "date of death", "date of release", "last seen",
        "تاريخ الحالة", "تاريخ الوفاة", "تاريخ الإفراج"}},
      {FieldTarget(Field::kNotes), {"notes", "note", "comments", "remarks", "ملاحظات", "ملاحظة"}},
      {ColumnTarget{Kind::kBirthYear, Field::kBirthDate},
       {"birth_year", "birth year", "year of birth", "سنة الولادة", "سنة الميلاد", "عام الولادة"}},
      {ColumnTarget{Kind::kAge, Field::kBirthDate}, {"age", "age at arrest", "العمر", "السن"}},
      {ColumnTarget{Kind::kAgeDate, Field::kBirthDate}, {"age_date", "age date"}},
      {ColumnTarget{Kind::kSensitivity, Field::kNotes},
       {"sensitivity", "sensitivity level", "classification", "الحساسية", "درجة الحساسية"}},
  });
  return table;
}

// "Name" / "الاسم" is the whole name in some lists and the given name in
// lists that also have father or family columns.
bool IsAmbiguousName(std::string_view header) {
  static const std::string kName = SynonymKey("name");
  static const std::string kArabicName = SynonymKey("الاسم");
  const std::string key = SynonymKey(header);
  return key == kName || key == kArabicName;
}

// Parses a mapping-file target: a field name or birth_year/age/age_date/extra.
std::optional<ColumnTarget> TargetFromName(std::string_view name) {
  if (std::optional<Field> field = FieldFromName(name)) return FieldTarget(*field);
  if (name == "birth_year") return ColumnTarget{Kind::kBirthYear, Field::kBirthDate};
  if (name == "age") return ColumnTarget{Kind::kAge, Field::kBirthDate};
  if (name == "age_date") return ColumnTarget{Kind::kAgeDate, Field::kBirthDate};
  if (name == "sensitivity") return ColumnTarget{Kind::kSensitivity, Field::kNotes};
  if (name == "extra") return ColumnTarget{};
  return std::nullopt;
}

}  // namespace

std::string_view ColumnTargetName(const ColumnTarget& target) {
  switch (target.kind) {
    case Kind::kField:
      return FieldName(target.field);
    case Kind::kBirthYear:
      return "birth_year";
    case Kind::kAge:
      return "age";
    case Kind::kAgeDate:
      return "age_date";
    case Kind::kSensitivity:
      return "sensitivity";
    case Kind::kExtra:
      break;
  }
  return "extra";
}

namespace {

bool SameTarget(const ColumnTarget& a, const ColumnTarget& b) {
  return a.kind == b.kind && (a.kind != Kind::kField || a.field == b.field);
}

bool IsNamePart(const ColumnTarget& target) {
  return target.kind == Kind::kField &&
         (target.field == Field::kFatherName || target.field == Field::kGrandfatherName ||
          target.field == Field::kFamilyName);
}

// Maps one header by the overrides, then the known spellings.
std::optional<ColumnTarget> KnownTarget(const std::string& header,
                                        const MappingOverrides& overrides) {
  for (const auto& [from, to] : overrides.columns) {
    if (from == header || SynonymKey(from) == SynonymKey(header)) return TargetFromName(to);
  }
  if (const ColumnTarget* target = HeaderSynonyms().Find(header)) return *target;
  return std::nullopt;
}

}  // namespace

Result<MappingOverrides> ParseMapping(std::string_view json_text, std::string_view origin) {
  const std::string where(origin);
  nlohmann::json json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return InvalidArgumentError(where +
                                ": expected a JSON object of \"column header\": \"field\" pairs");
  }
  MappingOverrides overrides;
  for (const auto& [header, target] : json.items()) {
    if (!target.is_string() || !TargetFromName(target.get<std::string>())) {
      return InvalidArgumentError(where + ": column '" + header + "': expected a field name (" +
                                  "record_id, full_name, given_name, ..., birth_year, age, "
                                  "age_date, sensitivity or extra), found " +
                                  target.dump());
    }
    overrides.columns.emplace_back(header, target.get<std::string>());
  }
  return overrides;
}

Result<MappingOverrides> LoadMappingFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path + ": cannot open the mapping file");
  std::stringstream content;
  content << in.rdbuf();
  return ParseMapping(content.str(), path);
}

std::vector<std::string_view> ColumnTargetNames() {
  std::vector<std::string_view> names;
  for (Field field : AllFields()) names.push_back(FieldName(field));
  for (std::string_view other : {"birth_year", "age", "age_date", "sensitivity", "extra"}) {
    names.push_back(other);
  }
  return names;
}

Result<ColumnMapping> MapColumns(const std::vector<std::string>& header,
                                 const MappingOverrides& overrides) {
  for (const auto& [from, to] : overrides.columns) {
    if (!TargetFromName(to)) {
      return InvalidArgumentError("mapping for column '" + from + "': unknown field '" + to + "'");
    }
  }
  ColumnMapping mapping;
  std::vector<bool> ambiguous_name(header.size(), false);
  bool has_name_parts = false;
  for (size_t column = 0; column < header.size(); ++column) {
    std::optional<ColumnTarget> target = KnownTarget(header[column], overrides);
    if (!target && IsAmbiguousName(header[column])) ambiguous_name[column] = true;
    mapping.columns.push_back(target.value_or(ColumnTarget{}));
    has_name_parts = has_name_parts || (target && IsNamePart(*target));
  }
  for (size_t column = 0; column < header.size(); ++column) {
    if (ambiguous_name[column]) {
      mapping.columns[column] = FieldTarget(has_name_parts ? Field::kGivenName : Field::kFullName);
    }
  }
  for (size_t column = 0; column < header.size(); ++column) {
    const ColumnTarget& target = mapping.columns[column];
    if (target.kind == Kind::kExtra) continue;
    for (size_t earlier = 0; earlier < column; ++earlier) {
      if (SameTarget(mapping.columns[earlier], target)) {
        return InvalidArgumentError("columns " + std::to_string(earlier + 1) + " ('" +
                                    header[earlier] + "') and " + std::to_string(column + 1) +
                                    " ('" + header[column] + "') both map to " +
                                    std::string(ColumnTargetName(target)) +
                                    "; map one of them to another field or to extra with --map");
      }
    }
  }
  return mapping;
}

}  // namespace sijil::ingest
