// The record model of DESIGN.md: what one row of a victim list says.
//
// A Record keeps the canonical fields as cleaned values in their original
// script (Arabic or Latin), the normalised name forms used for search and
// linkage, the raw cells exactly as imported (after decoding to UTF-8), and
// every column that is not a canonical field as an extra attribute. Nothing in
// a source is dropped.
#ifndef SIJIL_CORE_RECORD_H_
#define SIJIL_CORE_RECORD_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/partial_date.h"

namespace sijil {

// Canonical fields, in the order of DESIGN.md's table.
enum class Field {
  kRecordId,
  kFullName,
  kGivenName,
  kFatherName,
  kGrandfatherName,
  kFamilyName,
  kMotherName,
  kSex,
  kBirthDate,
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
};
inline constexpr int kFieldCount = 19;

// Returns the canonical snake_case name, e.g. "birth_date".
std::string_view FieldName(Field field);
// Returns the field named `name` (canonical snake_case), or nullopt.
std::optional<Field> FieldFromName(std::string_view name);
// All fields in canonical order.
const std::array<Field, kFieldCount>& AllFields();

enum class Sex { kUnknown, kMale, kFemale };
// "M", "F" or "" for unknown.
std::string_view SexCode(Sex sex);
// Parses "M"/"F"/"" (the canonical codes only; synonyms are an ingest matter).
std::optional<Sex> SexFromCode(std::string_view code);

enum class VictimStatus { kUnknown, kDetained, kDisappeared, kReleased, kDiedInCustody, kExecuted };
// "detained", "disappeared", "released", "died_in_custody", "executed", "unknown".
std::string_view VictimStatusName(VictimStatus status);
std::optional<VictimStatus> VictimStatusFromName(std::string_view name);

// How sensitive a record or a value is, ordered: a reader cleared for
// kRestricted may see public and restricted ones. The policy of which field is
// at which level lives in auth; the record only carries its own level.
enum class Sensitivity { kPublic = 0, kRestricted = 1, kConfidential = 2 };
// Returns "public", "restricted" or "confidential".
std::string_view SensitivityName(Sensitivity level);
// Parses a level: public/restricted/confidential, or Arabic عام/مقيد/سري.
std::optional<Sensitivity> SensitivityFromName(std::string_view name);

// Confidential values are kept encrypted at rest (vault's ValueCipher) as
// text starting with this prefix, so every reader can tell a sealed value
// from plaintext without the key.
inline constexpr std::string_view kSealedValuePrefix = "sealed:v1:";
// Returns true when `value` is a sealed (encrypted) value.
inline bool IsSealedValue(std::string_view value) { return value.starts_with(kSealedValuePrefix); }

// Name parts after normalisation (text module), for search and linkage.
struct NormalizedNames {
  std::string full_name;  // all known parts joined, normalised
  std::string given_name;
  std::string father_name;
  std::string grandfather_name;
  std::string family_name;
  std::string mother_name;
  friend bool operator==(const NormalizedNames&, const NormalizedNames&) = default;
};

// One (name, value) pair: an extra attribute or a raw cell.
using Attribute = std::pair<std::string, std::string>;

struct Record {
  std::string record_id;
  std::string full_name;
  std::string given_name;
  std::string father_name;
  std::string grandfather_name;
  std::string family_name;
  std::string mother_name;
  Sex sex = Sex::kUnknown;
  PartialDate birth_date;
  std::string governorate;
  std::string district;
  std::string city;
  PartialDate arrest_date;
  std::string arrest_place;
  std::string arresting_party;
  std::string facility;
  VictimStatus status = VictimStatus::kUnknown;
  PartialDate status_date;
  std::string notes;

  NormalizedNames normalized;
  // Columns that are not canonical fields, in file order: header -> value.
  std::vector<Attribute> extra;
  // Every cell as read from the file (decoded to UTF-8): header -> value.
  std::vector<Attribute> raw;
  // The record's own level: readers cleared below it do not see it at all.
  Sensitivity sensitivity = Sensitivity::kPublic;

  // Returns the canonical text of `field` (dates in ISO/EDTF, sex as M/F).
  std::string Get(Field field) const;
  // Sets `field` from its canonical text; fails on a value Get() would not produce.
  Status Set(Field field, std::string_view value);

  friend bool operator==(const Record&, const Record&) = default;
};

// Typed integer ids, so a source id cannot be passed where an import id is meant.
template <typename Tag>
struct Id {
  int64_t value = 0;
  friend auto operator<=>(const Id&, const Id&) = default;
};
using SourceId = Id<struct SourceTag>;
using ImportId = Id<struct ImportTag>;

}  // namespace sijil

#endif  // SIJIL_CORE_RECORD_H_
