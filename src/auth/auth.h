// auth: who may do what, and see which fields.
//
// Accounts have one role. A role grants permissions through one table that
// denies by default (Allows), and a clearance: the highest sensitivity level
// of field it may read. Fields above a role's clearance are removed from what
// it is shown (RedactRecord), never masked, so a redacted value cannot leak
// through its length or an error message.
//
// Passwords are stored as Argon2id hashes (libsodium crypto_pwhash_str).
// Sessions and API tokens are random 256-bit secrets handed to the client
// once; the store keeps only their SHA-256, so a copy of the database does not
// let anyone log in. Sessions expire after an idle and an absolute timeout.
//
// Time is passed in (`now`, Unix seconds) so tests drive the clock.
//
// Example:
//   auth::Accounts accounts(store->Auth(), {});
//   ASSIGN_OR_RETURN(auth::NewSession session, accounts.Login("amal", password, now));
//   ASSIGN_OR_RETURN(auth::Principal who, accounts.AuthenticateSession(session.token, now));
//   if (!auth::Allows(who.role, auth::Permission::kImport)) return PermissionDeniedError(...);
//   Record shown = auth::RedactRecord(record, auth::ClearanceOf(who.role));
#ifndef SIJIL_AUTH_AUTH_H_
#define SIJIL_AUTH_AUTH_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/record.h"
#include "core/status.h"
#include "store/store.h"

namespace sijil::auth {

// ---------------------------------------------------------------------------
// Roles and permissions

enum class Role { kAdmin, kAnalyst, kReviewer, kDocumenter, kViewer };
inline constexpr std::array<Role, 5> kAllRoles = {Role::kAdmin, Role::kAnalyst, Role::kReviewer,
                                                  Role::kDocumenter, Role::kViewer};

// Returns "admin", "analyst", "reviewer", "documenter" or "viewer".
std::string_view RoleName(Role role);
// Parses a role name; kInvalidArgument naming the accepted names otherwise.
Result<Role> RoleFromName(std::string_view name);

// What a request needs to be allowed. Each API route names exactly one.
enum class Permission {
  kPublic,         // no login needed (login itself, the API description)
  kAuthenticated,  // any logged-in account (me, logout)
  kReadSources,    // list sources and imports
  kReadRecords,    // list, search and read records (fields still redacted)
  kViewStats,      // dashboard counts
  kImport,         // upload and import lists
  kManageUsers,    // create and list accounts
  kViewAudit,      // read the audit log
  kReview,         // decide review pairs (match / non-match)
  kReadEvidence,   // list vault items, their custody entries and the log head
  kAddEvidence,    // add items to the evidence vault
};
inline constexpr std::array<Permission, 11> kAllPermissions = {
    Permission::kPublic,       Permission::kAuthenticated, Permission::kReadSources,
    Permission::kReadRecords,  Permission::kViewStats,     Permission::kImport,
    Permission::kManageUsers,  Permission::kViewAudit,     Permission::kReview,
    Permission::kReadEvidence, Permission::kAddEvidence};

// Returns the stable snake_case name of `permission`, e.g. "read_records".
std::string_view PermissionName(Permission permission);

// Returns true when `role` holds `permission`. Anything the table does not
// grant is denied; kPublic and kAuthenticated hold for every role.
bool Allows(Role role, Permission permission);

// ---------------------------------------------------------------------------
// Sensitivity and redaction

// Ordered: a clearance of kRestricted may read public and restricted fields
// and records. Defined in core so records carry their own level.
using ::sijil::Sensitivity;
using ::sijil::SensitivityName;

// Returns the highest level `role` may read: admin and documenter
// confidential (they collect and manage witness data), analyst and reviewer
// restricted, viewer public.
Sensitivity ClearanceOf(Role role);

// Returns the level of a canonical field. Names, dates, places and status
// are public (families search them); mother_name, arrest_place and
// arresting_party are restricted; notes are confidential (they name
// witnesses and sources).
Sensitivity FieldSensitivity(Field field);
// Returns the level of an extra attribute by its column header: confidential
// when the header names a witness, informant, contact, phone, e-mail or
// address (in English or Arabic), restricted otherwise.
Sensitivity AttributeSensitivity(std::string_view header);
// Returns the level of raw cell `cell` of `record`: the level of the field or
// attribute its column maps to. A sealed (encrypted) cell is confidential —
// the import seals exactly the cells of confidential columns; a cell whose
// column is an extra attribute has that attribute's level; a cell under a
// canonical field name has the field's level; any other column (a canonical
// field under an Arabic or custom header) counts as restricted, or as
// confidential when it repeats the record's notes (lists imported before
// values were sealed).
Sensitivity RawCellSensitivity(const Record& record, const Attribute& cell);

// Returns true when a reader cleared for `clearance` may see `record` at all.
inline bool MaySee(const Record& record, Sensitivity clearance) {
  return record.sensitivity <= clearance;
}

// Returns `record` with every field, extra attribute and raw cell above
// `clearance` removed (emptied, or dropped from the lists). Sealed values
// count as confidential; a cleared reader gets them still sealed, to open
// with the store's data key (vault::OpenRecordValues) or drop.
Record RedactRecord(const Record& record, Sensitivity clearance);
// Removes every sealed value of `record`: for a reader without the key.
void DropSealedValues(Record* record);
// Returns true when `record` holds a non-empty confidential value (sealed or
// not), i.e. when showing it unredacted is a read that must be audited.
bool HasConfidentialContent(const Record& record);

// ---------------------------------------------------------------------------
// Passwords and secrets

// Argon2id work factors. The defaults are libsodium's "interactive" limits
// (2 passes, 64 MiB); tests use the minimum to stay fast.
struct PasswordCost {
  uint64_t ops = 2;
  size_t memory_bytes = 64u << 20;
  static PasswordCost Minimum() { return {1, 8192}; }
};

// Returns kInvalidArgument unless `password` has 12 to 256 bytes (ASVS
// 2.1.1: long passphrases, any characters, no composition rules).
Status CheckPasswordPolicy(std::string_view password);
// Returns an Argon2id hash string ("$argon2id$v=19$...") with a random salt.
Result<std::string> HashPassword(std::string_view password, PasswordCost cost = {});
// Returns true when `password` matches `hash`; false for any malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);
// Returns a random 256-bit secret as unpadded base64url (43 characters).
std::string RandomToken();
// Returns the lower-case hex SHA-256 of `secret`: what the store keeps.
std::string HashToken(std::string_view secret);
// Compares two strings in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// ---------------------------------------------------------------------------
// Accounts and sessions

struct AccountsOptions {
  int64_t idle_timeout_seconds = int64_t{30} * 60;
  int64_t absolute_timeout_seconds = int64_t{12} * 60 * 60;
  // A session's last-seen time is written at most this often, so reads do
  // not turn into database writes.
  int64_t touch_interval_seconds = 60;
  PasswordCost cost;
};

enum class AuthMethod { kSession, kApiToken };

// Who is making a request.
struct Principal {
  int64_t user_id = 0;
  std::string name;
  Role role = Role::kViewer;
  AuthMethod method = AuthMethod::kSession;
  std::string csrf_token;  // sessions only
};

// A fresh login: the secrets go to the client once and are not kept.
struct NewSession {
  std::string token;       // the session cookie's value
  std::string csrf_token;  // sent back in the X-CSRF-Token header
  Principal principal;
};

// Business rules over a store's accounts. Cheap to construct: borrows `store`.
class Accounts {
 public:
  Accounts(store::AuthStore& store, AccountsOptions options) : store_(store), options_(options) {}

  // Creates an account. kInvalidArgument for a bad name (1-64 letters,
  // digits, '.', '_' or '-') or password, kAlreadyExists for a taken name.
  Result<int64_t> AddUser(std::string_view name, Role role, std::string_view password);
  // Checks the password and opens a session. Unknown names, wrong passwords
  // and disabled accounts all give the same kUnauthenticated error, after
  // the same Argon2id work.
  Result<NewSession> Login(std::string_view name, std::string_view password, int64_t now);
  // Returns who holds session `token`; kUnauthenticated when unknown, idle
  // for longer than the idle timeout, or older than the absolute one (the
  // expired session is deleted).
  Result<Principal> AuthenticateSession(std::string_view token, int64_t now);
  // Returns who holds API token `token`; kUnauthenticated when unknown or revoked.
  Result<Principal> AuthenticateApiToken(std::string_view token);
  // Ends session `token` (no error when it is already gone).
  Status Logout(std::string_view token);
  // Creates an API token for `user` and returns its secret (shown once).
  Result<std::string> CreateApiToken(std::string_view user, std::string_view label, int64_t now);

 private:
  Result<Principal> PrincipalFor(int64_t user_id, AuthMethod method);

  store::AuthStore& store_;
  AccountsOptions options_;
};

// Slows down password guessing per key (an account name, a client address):
// `free_failures` failures in 15 minutes are free, then each further failure
// doubles a lock-out that starts at 30 seconds and is capped at 15 minutes.
// In memory and thread-safe; one per kind of key per server.
class LoginThrottle {
 public:
  explicit LoginThrottle(int free_failures = 5) : free_failures_(free_failures) {}
  // Returns 0 when `key` may try now, else the seconds to wait.
  int64_t RetryAfter(const std::string& key, int64_t now);
  void RecordFailure(const std::string& key, int64_t now);
  void RecordSuccess(const std::string& key);

 private:
  struct Entry {
    int failures = 0;
    int64_t window_start = 0;
    int64_t locked_until = 0;
  };
  void ForgetStale(int64_t now);

  const int free_failures_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;  // guarded by mu_
};

// Returns the current Unix time in seconds.
int64_t UnixNow();

}  // namespace sijil::auth

#endif  // SIJIL_AUTH_AUTH_H_
