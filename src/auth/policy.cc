// Roles, the permission table, clearances and field sensitivity.
#include <algorithm>
#include <cassert>
#include <cctype>

#include "auth/auth.h"

namespace sijil::auth {
namespace {

constexpr std::pair<Role, std::string_view> kRoleNames[] = {{Role::kAdmin, "admin"},
                                                            {Role::kAnalyst, "analyst"},
                                                            {Role::kReviewer, "reviewer"},
                                                            {Role::kDocumenter, "documenter"},
                                                            {Role::kViewer, "viewer"}};

constexpr unsigned Bit(Role role) { return 1u << static_cast<unsigned>(role); }
constexpr unsigned kEveryRole = Bit(Role::kAdmin) | Bit(Role::kAnalyst) | Bit(Role::kReviewer) |
                                Bit(Role::kDocumenter) | Bit(Role::kViewer);

// The permission table: a permission absent here is granted to nobody.
struct Grant {
  Permission permission;
  std::string_view name;
  unsigned roles;
};
constexpr Grant kGrants[] = {
    {Permission::kPublic, "public", kEveryRole},
    {Permission::kAuthenticated, "authenticated", kEveryRole},
    {Permission::kReadSources, "read_sources", kEveryRole},
    {Permission::kReadRecords, "read_records", kEveryRole},
    {Permission::kViewStats, "view_stats", kEveryRole},
    {Permission::kImport, "import", Bit(Role::kAdmin) | Bit(Role::kDocumenter)},
    {Permission::kManageUsers, "manage_users", Bit(Role::kAdmin)},
    {Permission::kViewAudit, "view_audit", Bit(Role::kAdmin)},
    {Permission::kReview, "review", Bit(Role::kAdmin) | Bit(Role::kReviewer)},
    {Permission::kReadEvidence, "read_evidence",
     Bit(Role::kAdmin) | Bit(Role::kAnalyst) | Bit(Role::kReviewer) | Bit(Role::kDocumenter)},
    {Permission::kAddEvidence, "add_evidence", Bit(Role::kAdmin) | Bit(Role::kDocumenter)},
};

const Grant* FindGrant(Permission permission) {
  for (const Grant& grant : kGrants) {
    if (grant.permission == permission) return &grant;
  }
  return nullptr;
}

// Column headers naming witness or contact data, matched as substrings of
// the lower-cased header.
constexpr std::string_view kConfidentialHeaderWords[] = {
    "witness", "informant", "contact", "phone", "mobile", "email", "e-mail", "address", "شاهد",
    "الشاهد",  "مخبر",      "هاتف",    "جوال",  "موبايل", "بريد",  "عنوان",  "تواصل"};

std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) return name;
  }
  return "viewer";
}

Result<Role> RoleFromName(std::string_view name) {
  for (const auto& [value, role_name] : kRoleNames) {
    if (role_name == name) return value;
  }
  return InvalidArgumentError("unknown role '" + std::string(name) +
                              "' (expected admin, analyst, reviewer, documenter or viewer)");
}

std::string_view PermissionName(Permission permission) {
  const Grant* grant = FindGrant(permission);
  return grant == nullptr ? "unknown" : grant->name;
}

bool Allows(Role role, Permission permission) {
  const Grant* grant = FindGrant(permission);
  return grant != nullptr && (grant->roles & Bit(role)) != 0;
}

Sensitivity ClearanceOf(Role role) {
  switch (role) {
    case Role::kAdmin:
    case Role::kDocumenter:
      return Sensitivity::kConfidential;
    case Role::kAnalyst:
    case Role::kReviewer:
      return Sensitivity::kRestricted;
    case Role::kViewer:
      return Sensitivity::kPublic;
  }
  return Sensitivity::kPublic;
}

Sensitivity FieldSensitivity(Field field) {
  switch (field) {
    case Field::kMotherName:
    case Field::kArrestPlace:
    case Field::kArrestingParty:
      return Sensitivity::kRestricted;
    case Field::kNotes:
      return Sensitivity::kConfidential;
    default:
      return Sensitivity::kPublic;
  }
}

Sensitivity AttributeSensitivity(std::string_view header) {
  const std::string lower = AsciiLower(header);
  for (std::string_view word : kConfidentialHeaderWords) {
    if (lower.find(word) != std::string::npos) return Sensitivity::kConfidential;
  }
  return Sensitivity::kRestricted;
}

Sensitivity RawCellSensitivity(const Record& record, const Attribute& cell) {
  const auto& [header, value] = cell;
  if (IsSealedValue(value)) return Sensitivity::kConfidential;
  for (const Attribute& attribute : record.extra) {
    if (attribute.first == header) return AttributeSensitivity(header);
  }
  if (std::optional<Field> field = FieldFromName(header)) return FieldSensitivity(*field);
  if (!record.notes.empty() && value.find(record.notes) != std::string::npos) {
    return Sensitivity::kConfidential;
  }
  return std::max(Sensitivity::kRestricted, AttributeSensitivity(header));
}

Record RedactRecord(const Record& record, Sensitivity clearance) {
  static const Record kEmpty;
  Record shown = record;
  for (Field field : AllFields()) {
    const Sensitivity level =
        IsSealedValue(shown.Get(field)) ? Sensitivity::kConfidential : FieldSensitivity(field);
    if (level <= clearance) continue;
    // Set accepts whatever Get produces, so emptying cannot fail.
    [[maybe_unused]] const Status status = shown.Set(field, kEmpty.Get(field));
    assert(status.ok() && "Record::Set refused the empty value of a field");
  }
  // Normalised names mirror the name fields; drop the ones whose field went.
  if (FieldSensitivity(Field::kMotherName) > clearance) shown.normalized.mother_name.clear();
  std::erase_if(shown.extra, [clearance](const Attribute& attribute) {
    return AttributeSensitivity(attribute.first) > clearance ||
           (IsSealedValue(attribute.second) && clearance < Sensitivity::kConfidential);
  });
  std::erase_if(shown.raw, [&](const Attribute& cell) {
    return RawCellSensitivity(record, cell) > clearance;
  });
  return shown;
}

void DropSealedValues(Record* record) {
  for (Field field : AllFields()) {
    if (IsSealedValue(record->Get(field))) record->Set(field, "").IgnoreError();
  }
  auto sealed = [](const Attribute& attribute) { return IsSealedValue(attribute.second); };
  std::erase_if(record->extra, sealed);
  std::erase_if(record->raw, sealed);
}

bool HasConfidentialContent(const Record& record) {
  for (Field field : AllFields()) {
    const std::string value = record.Get(field);
    if ((FieldSensitivity(field) == Sensitivity::kConfidential || IsSealedValue(value)) &&
        !value.empty()) {
      return true;
    }
  }
  for (const Attribute& attribute : record.extra) {
    if ((AttributeSensitivity(attribute.first) == Sensitivity::kConfidential ||
         IsSealedValue(attribute.second)) &&
        !attribute.second.empty()) {
      return true;
    }
  }
  for (const Attribute& cell : record.raw) {
    if (!cell.second.empty() && RawCellSensitivity(record, cell) == Sensitivity::kConfidential) {
      return true;
    }
  }
  return false;
}

}  // namespace sijil::auth
