// Status and Result<T>: how errors cross every module boundary in Sijil.
//
// Our code never throws. A function that can fail returns a Status (no value)
// or a Result<T> (a value or a Status). Both are [[nodiscard]]; ignoring one on
// purpose is spelled IgnoreError() so it can be found with grep.
//
// Messages carry the context a user needs to fix the problem: file, line,
// field and what was expected, e.g.
//   "people.csv:12: column 'sex': value 'x' is not a sex (expected M, F, ذكر, أنثى)".
//
// Example:
//   Result<Table> ReadTable(const std::string& path);
//   Status Run() {
//     ASSIGN_OR_RETURN(Table table, ReadTable("a.csv"));
//     RETURN_IF_ERROR(Validate(table));
//     return OkStatus();
//   }
#ifndef SIJIL_CORE_STATUS_H_
#define SIJIL_CORE_STATUS_H_

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace sijil {

// The canonical error codes. Kept small on purpose; the CLI maps them to exit
// codes and the server to HTTP statuses, each in one function.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad user input: a value, a file, an option
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // creating something that exists
  kFailedPrecondition,  // the system is not in a state to do this
  kPermissionDenied,    // authenticated but not allowed
  kUnauthenticated,     // who you are is not known
  kResourceExhausted,   // a size or rate limit was hit
  kDataLoss,            // stored data is corrupt or was tampered with
  kUnavailable,         // a transient failure; retrying may help
  kCancelled,           // the operation was stopped by the caller
  kInternal,            // a bug or an unexpected library failure
};

// Returns the stable lower_snake name of `code`, e.g. "invalid_argument".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // Constructs an OK status.
  Status() = default;
  // Constructs a status with `code` and `message`. An OK code drops the message.
  Status(StatusCode code, std::string message);

  [[nodiscard]] bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Returns "code: message", or "ok".
  std::string ToString() const;

  // Returns a copy whose message is `prefix` + ": " + message. OK stays OK.
  Status WithContext(std::string_view prefix) const;

  // Marks the status as deliberately ignored.
  void IgnoreError() const {}

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status FailedPreconditionError(std::string message);
Status PermissionDeniedError(std::string message);
Status UnauthenticatedError(std::string message);
Status ResourceExhaustedError(std::string message);
Status DataLossError(std::string message);
Status UnavailableError(std::string message);
Status CancelledError(std::string message);
Status InternalError(std::string message);

// A value of type T, or the Status saying why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  // Constructs from a non-OK status. Passing OK is a programming error.
  Result(Status status) : value_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(value_).ok() && "Result constructed from an OK status");
  }
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return std::holds_alternative<T>(value_); }
  // Returns the error, or OK when a value is held.
  Status status() const { return ok() ? OkStatus() : std::get<Status>(value_); }

  // Accessors; calling them on an error is a programming error. On a
  // temporary they return the value itself, moved out, not a reference into
  // the temporary: `for (x : Make().value())` must not outlive its range.
  const T& value() const& { return Checked(); }
  T& value() & { return Checked(); }
  T value() && { return std::move(Checked()); }
  const T& operator*() const& { return Checked(); }
  T& operator*() & { return Checked(); }
  T operator*() && { return std::move(Checked()); }
  const T* operator->() const { return &Checked(); }
  T* operator->() { return &Checked(); }

  void IgnoreError() const {}

 private:
  T& Checked() {
    assert(ok() && "value() called on an error Result");
    return std::get<T>(value_);
  }
  const T& Checked() const {
    assert(ok() && "value() called on an error Result");
    return std::get<T>(value_);
  }

  std::variant<Status, T> value_;
};

namespace internal {
inline Status ToStatus(const Status& status) { return status; }
template <typename T>
Status ToStatus(const Result<T>& result) {
  return result.status();
}
}  // namespace internal

}  // namespace sijil

#define SIJIL_CONCAT_INNER(a, b) a##b
#define SIJIL_CONCAT(a, b) SIJIL_CONCAT_INNER(a, b)

// Returns the Status of `expr` from the enclosing function if it is not OK.
#define RETURN_IF_ERROR(expr)                                            \
  do {                                                                   \
    ::sijil::Status sijil_status_ = ::sijil::internal::ToStatus((expr)); \
    if (!sijil_status_.ok()) return sijil_status_;                       \
  } while (false)

// Evaluates `rexpr` (a Result<T>); on error returns its Status, otherwise
// moves the value into `lhs` (which may be a declaration).
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  ASSIGN_OR_RETURN_IMPL(SIJIL_CONCAT(sijil_result_, __LINE__), lhs, rexpr)
// `result` is a fresh name and `lhs` may be a declaration: neither can be
// parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ASSIGN_OR_RETURN_IMPL(result, lhs, rexpr) \
  auto result = (rexpr);                          \
  if (!result.ok()) return result.status();       \
  lhs = std::move(result).value()
// NOLINTEND(bugprone-macro-parentheses)

#endif  // SIJIL_CORE_STATUS_H_
