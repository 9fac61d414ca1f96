// Password hashing, secrets, sessions, API tokens and login throttling.
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "auth/auth.h"

namespace sijil::auth {
namespace {

constexpr size_t kMinPasswordBytes = 12;
constexpr size_t kMaxPasswordBytes = 256;
constexpr size_t kMaxUserNameBytes = 64;

// libsodium must be initialised once before use; it is thread-safe after.
bool SodiumReady() {
  static const bool kReady = sodium_init() >= 0;
  return kReady;
}

Status CheckUserName(std::string_view name) {
  const bool valid_chars = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
  if (name.empty() || name.size() > kMaxUserNameBytes || !valid_chars) {
    return InvalidArgumentError("user name '" + std::string(name) +
                                "': expected 1 to 64 ASCII letters, digits, '.', '_' or '-'");
  }
  return OkStatus();
}

Status BadCredentials() { return UnauthenticatedError("invalid user name or password"); }
Status NoSession() { return UnauthenticatedError("not logged in or the session has expired"); }

// A hash of a random password at the default cost, so a login for an
// unknown name costs the same Argon2id work as one for a known name.
const std::string& DummyHash(PasswordCost cost) {
  static const std::string kHash = HashPassword(RandomToken(), cost).value();
  return kHash;
}

}  // namespace

Status CheckPasswordPolicy(std::string_view password) {
  if (password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes) {
    return InvalidArgumentError("a password needs 12 to 256 bytes (a passphrase of several words)");
  }
  return OkStatus();
}

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  if (!SodiumReady()) return InternalError("libsodium failed to initialise");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(), cost.ops, cost.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhaustedError("not enough memory to hash the password");
  }
  return std::string(hash);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!SodiumReady() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken() {
  if (!SodiumReady()) std::abort();  // no randomness: nothing safe can follow
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof(bytes));
  char text[sodium_base64_ENCODED_LEN(sizeof(bytes), sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof(text), bytes, sizeof(bytes),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string HashToken(std::string_view secret) {
  if (!SodiumReady()) std::abort();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
  return hex;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (!SodiumReady() || a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ---- Accounts ----

Result<int64_t> Accounts::AddUser(std::string_view name, Role role, std::string_view password) {
  RETURN_IF_ERROR(CheckUserName(name));
  RETURN_IF_ERROR(CheckPasswordPolicy(password));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, options_.cost));
  return store_.AddUser(
      {.name = std::string(name), .role = std::string(RoleName(role)), .password_hash = hash});
}

Result<NewSession> Accounts::Login(std::string_view name, std::string_view password, int64_t now) {
  std::optional<store::UserRow> user;
  if (CheckUserName(name).ok()) {
    ASSIGN_OR_RETURN(user, store_.FindUser(name));
  }
  const std::string& hash = user ? user->password_hash : DummyHash(options_.cost);
  const bool matches = VerifyPassword(hash, password);
  if (!user || !matches || user->disabled) return BadCredentials();
  NewSession session;
  session.token = RandomToken();
  session.csrf_token = RandomToken();
  RETURN_IF_ERROR(store_.PutSession({.token_hash = HashToken(session.token),
                                     .user_id = user->id,
                                     .csrf_token = session.csrf_token,
                                     .created_at = now,
                                     .last_seen_at = now}));
  ASSIGN_OR_RETURN(session.principal, PrincipalFor(user->id, AuthMethod::kSession));
  session.principal.csrf_token = session.csrf_token;
  return session;
}

Result<Principal> Accounts::AuthenticateSession(std::string_view token, int64_t now) {
  if (token.empty()) return NoSession();
  const std::string token_hash = HashToken(token);
  ASSIGN_OR_RETURN(std::optional<store::SessionRow> session, store_.FindSession(token_hash));
  if (!session) return NoSession();
  if (now - session->last_seen_at > options_.idle_timeout_seconds ||
      now - session->created_at > options_.absolute_timeout_seconds) {
    RETURN_IF_ERROR(store_.DeleteSession(token_hash));
    return NoSession();
  }
  if (now - session->last_seen_at >= options_.touch_interval_seconds) {
    RETURN_IF_ERROR(store_.TouchSession(token_hash, now));
  }
  ASSIGN_OR_RETURN(Principal principal, PrincipalFor(session->user_id, AuthMethod::kSession));
  principal.csrf_token = session->csrf_token;
  return principal;
}

Result<Principal> Accounts::AuthenticateApiToken(std::string_view token) {
  if (token.empty()) return UnauthenticatedError("no API token");
  ASSIGN_OR_RETURN(std::optional<store::ApiTokenRow> row, store_.FindApiToken(HashToken(token)));
  if (!row || row->revoked) return UnauthenticatedError("unknown or revoked API token");
  return PrincipalFor(row->user_id, AuthMethod::kApiToken);
}

Status Accounts::Logout(std::string_view token) {
  if (token.empty()) return OkStatus();
  return store_.DeleteSession(HashToken(token));
}

Result<std::string> Accounts::CreateApiToken(std::string_view user, std::string_view label,
                                             int64_t now) {
  ASSIGN_OR_RETURN(std::optional<store::UserRow> row, store_.FindUser(user));
  if (!row) return NotFoundError("no user named '" + std::string(user) + "'");
  std::string token = "sjl_" + RandomToken();
  RETURN_IF_ERROR(store_
                      .AddApiToken({.token_hash = HashToken(token),
                                    .user_id = row->id,
                                    .label = std::string(label),
                                    .created_at = now})
                      .status());
  return token;
}

Result<Principal> Accounts::PrincipalFor(int64_t user_id, AuthMethod method) {
  ASSIGN_OR_RETURN(std::optional<store::UserRow> user, store_.UserById(user_id));
  if (!user || user->disabled) return UnauthenticatedError("the account is disabled");
  ASSIGN_OR_RETURN(Role role, RoleFromName(user->role));
  return Principal{.user_id = user->id, .name = user->name, .role = role, .method = method};
}

// ---- LoginThrottle ----

namespace {
constexpr int64_t kWindowSeconds = int64_t{15} * 60;
constexpr int64_t kFirstLockSeconds = 30;
constexpr int64_t kMaxLockSeconds = int64_t{15} * 60;
constexpr size_t kMaxEntries = 100000;
}  // namespace

int64_t LoginThrottle::RetryAfter(const std::string& key, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.locked_until <= now) return 0;
  return it->second.locked_until - now;
}

void LoginThrottle::RecordFailure(const std::string& key, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= kMaxEntries) ForgetStale(now);
  Entry& entry = entries_[key];
  if (now - entry.window_start > kWindowSeconds && entry.locked_until <= now) {
    entry = {.failures = 0, .window_start = now, .locked_until = 0};
  }
  ++entry.failures;
  if (entry.failures > free_failures_) {
    const int doublings = std::min(entry.failures - free_failures_ - 1, 10);
    entry.locked_until = now + std::min(kFirstLockSeconds << doublings, kMaxLockSeconds);
  }
}

void LoginThrottle::RecordSuccess(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.erase(key);
}

void LoginThrottle::ForgetStale(int64_t now) {
  std::erase_if(entries_, [now](const auto& item) {
    return now - item.second.window_start > kWindowSeconds && item.second.locked_until <= now;
  });
}

}  // namespace sijil::auth
