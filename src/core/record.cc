#include "core/record.h"

namespace sijil {
namespace {

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "record_id",   "full_name",   "given_name",  "father_name",  "grandfather_name",
    "family_name", "mother_name", "sex",         "birth_date",   "governorate",
    "district",    "city",        "arrest_date", "arrest_place", "arresting_party",
    "facility",    "status",      "status_date", "notes"};

constexpr std::array<std::string_view, 6> kStatusNames = {
    "unknown", "detained", "disappeared", "released", "died_in_custody", "executed"};

// Returns the string member that holds `field`, or nullptr for typed fields.
template <typename R>
auto* TextMember(R& record, Field field) {
  switch (field) {
    case Field::kRecordId:
      return &record.record_id;
    case Field::kFullName:
      return &record.full_name;
    case Field::kGivenName:
      return &record.given_name;
    case Field::kFatherName:
      return &record.father_name;
    case Field::kGrandfatherName:
      return &record.grandfather_name;
    case Field::kFamilyName:
      return &record.family_name;
    case Field::kMotherName:
      return &record.mother_name;
    case Field::kGovernorate:
      return &record.governorate;
    case Field::kDistrict:
      return &record.district;
    case Field::kCity:
      return &record.city;
    case Field::kArrestPlace:
      return &record.arrest_place;
    case Field::kArrestingParty:
      return &record.arresting_party;
    case Field::kFacility:
      return &record.facility;
    case Field::kNotes:
      return &record.notes;
    default:
      return static_cast<decltype(&record.notes)>(nullptr);
  }
}

template <typename R>
auto* DateMember(R& record, Field field) {
  switch (field) {
    case Field::kBirthDate:
      return &record.birth_date;
    case Field::kArrestDate:
      return &record.arrest_date;
    case Field::kStatusDate:
      return &record.status_date;
    default:
      return static_cast<decltype(&record.birth_date)>(nullptr);
  }
}

}  // namespace

std::string_view FieldName(Field field) { return kFieldNames[static_cast<int>(field)]; }

std::optional<Field> FieldFromName(std::string_view name) {
  for (int i = 0; i < kFieldCount; ++i) {
    if (kFieldNames[i] == name) return static_cast<Field>(i);
  }
  return std::nullopt;
}

const std::array<Field, kFieldCount>& AllFields() {
  static const std::array<Field, kFieldCount> fields = [] {
    std::array<Field, kFieldCount> all{};
    for (int i = 0; i < kFieldCount; ++i) all[i] = static_cast<Field>(i);
    return all;
  }();
  return fields;
}

std::string_view SexCode(Sex sex) {
  switch (sex) {
    case Sex::kMale:
      return "M";
    case Sex::kFemale:
      return "F";
    case Sex::kUnknown:
      break;
  }
  return "";
}

std::optional<Sex> SexFromCode(std::string_view code) {
  if (code.empty()) return Sex::kUnknown;
  if (code == "M") return Sex::kMale;
  if (code == "F") return Sex::kFemale;
  return std::nullopt;
}

std::string_view VictimStatusName(VictimStatus status) {
  return kStatusNames[static_cast<int>(status)];
}

std::optional<VictimStatus> VictimStatusFromName(std::string_view name) {
  if (name.empty()) return VictimStatus::kUnknown;
  for (size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == name) return static_cast<VictimStatus>(i);
  }
  return std::nullopt;
}

namespace {
struct SensitivityNames {
  Sensitivity level;
  std::string_view english;
  std::string_view arabic;
};
constexpr SensitivityNames kSensitivityNames[] = {
    {Sensitivity::kPublic, "public", "عام"},
    {Sensitivity::kRestricted, "restricted", "مقيد"},
    {Sensitivity::kConfidential, "confidential", "سري"}};
}  // namespace

std::string_view SensitivityName(Sensitivity level) {
  return kSensitivityNames[static_cast<int>(level)].english;
}

std::optional<Sensitivity> SensitivityFromName(std::string_view name) {
  for (const SensitivityNames& names : kSensitivityNames) {
    if (name == names.english || name == names.arabic) return names.level;
  }
  return std::nullopt;
}

std::string Record::Get(Field field) const {
  if (const std::string* text = TextMember(*this, field)) return *text;
  if (const PartialDate* date = DateMember(*this, field)) return date->ToString();
  if (field == Field::kSex) return std::string(SexCode(sex));
  if (status == VictimStatus::kUnknown) return "";
  return std::string(VictimStatusName(status));
}

Status Record::Set(Field field, std::string_view value) {
  if (std::string* text = TextMember(*this, field)) {
    text->assign(value);
    return OkStatus();
  }
  if (PartialDate* date = DateMember(*this, field)) {
    ASSIGN_OR_RETURN(*date, PartialDate::Parse(value));
    return OkStatus();
  }
  if (field == Field::kSex) {
    std::optional<Sex> parsed = SexFromCode(value);
    if (!parsed) return InvalidArgumentError("'" + std::string(value) + "' is not M or F");
    sex = *parsed;
    return OkStatus();
  }
  std::optional<VictimStatus> parsed = VictimStatusFromName(value);
  if (!parsed) return InvalidArgumentError("'" + std::string(value) + "' is not a status");
  status = *parsed;
  return OkStatus();
}

}  // namespace sijil
