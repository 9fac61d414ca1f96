#include "core/partial_date.h"

#include <charconv>
#include <cstdio>

namespace sijil {
namespace {

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

Status CheckYear(int year) {
  if (year < 1 || year > 9999) {
    return InvalidArgumentError("year " + std::to_string(year) + " is out of range 1..9999");
  }
  return OkStatus();
}

Status CheckMonth(int month) {
  if (month < 1 || month > 12) {
    return InvalidArgumentError("month " + std::to_string(month) + " is out of range 1..12");
  }
  return OkStatus();
}

Status CheckDay(int year, int month, int day) {
  if (day < 1 || day > DaysInMonth(year, month)) {
    return InvalidArgumentError("day " + std::to_string(day) + " does not exist in " +
                                std::to_string(year) + "-" + std::to_string(month));
  }
  return OkStatus();
}

// Reads exactly `width` ASCII digits from the front of `text`.
bool TakeDigits(std::string_view& text, size_t width, int* out) {
  if (text.size() < width) return false;
  for (size_t i = 0; i < width; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  std::from_chars(text.data(), text.data() + width, *out);
  text.remove_prefix(width);
  return true;
}

Result<PartialDate> ParseIso(std::string_view text) {
  const std::string original(text);
  auto bad = [&] {
    return InvalidArgumentError("'" + original +
                                "' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)");
  };
  int year = 0, month = 0, day = 0;
  if (!TakeDigits(text, 4, &year)) return bad();
  if (text.empty()) return PartialDate::Year(year);
  if (text[0] != '-') return bad();
  text.remove_prefix(1);
  if (!TakeDigits(text, 2, &month)) return bad();
  if (text.empty()) return PartialDate::YearMonth(year, month);
  if (text[0] != '-') return bad();
  text.remove_prefix(1);
  if (!TakeDigits(text, 2, &day) || !text.empty()) return bad();
  return PartialDate::Full(year, month, day);
}

}  // namespace

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

// Howard Hinnant's days_from_civil and civil_from_days (public domain
// algorithms, eras of 400 years).
int64_t DaysFromCivil(const CivilDate& date) {
  const int64_t year = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * ((date.month + 9) % 12) + 2) / 5 + date.day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;
  CivilDate date;
  date.day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  date.month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  date.year = static_cast<int>(year_of_era + era * 400 + (date.month <= 2 ? 1 : 0));
  return date;
}

Result<PartialDate> PartialDate::Year(int year) {
  RETURN_IF_ERROR(CheckYear(year));
  PartialDate date;
  date.precision_ = DatePrecision::kYear;
  date.year_ = year;
  return date;
}

Result<PartialDate> PartialDate::YearMonth(int year, int month) {
  RETURN_IF_ERROR(CheckYear(year));
  RETURN_IF_ERROR(CheckMonth(month));
  PartialDate date;
  date.precision_ = DatePrecision::kMonth;
  date.year_ = year;
  date.month_ = month;
  return date;
}

Result<PartialDate> PartialDate::Full(int year, int month, int day) {
  RETURN_IF_ERROR(CheckYear(year));
  RETURN_IF_ERROR(CheckMonth(month));
  RETURN_IF_ERROR(CheckDay(year, month, day));
  PartialDate date;
  date.precision_ = DatePrecision::kDay;
  date.year_ = year;
  date.month_ = month;
  date.day_ = day;
  return date;
}

Result<PartialDate> PartialDate::AmbiguousDayMonth(int year, int first, int second) {
  ASSIGN_OR_RETURN(PartialDate date, Full(year, second, first));
  RETURN_IF_ERROR(CheckMonth(first));
  RETURN_IF_ERROR(CheckDay(year, first, second));
  if (first == second) {
    return InvalidArgumentError("a date with equal day and month is not ambiguous");
  }
  date.ambiguous_ = true;
  return date;
}

PartialDate PartialDate::Alternative() const {
  if (!ambiguous_) return *this;
  PartialDate other = *this;
  other.month_ = day_;
  other.day_ = month_;
  other.ambiguous_ = false;
  return other;
}

std::string PartialDate::ToString() const {
  char buffer[16];
  switch (precision_) {
    case DatePrecision::kNone:
      return "";
    case DatePrecision::kYear:
      std::snprintf(buffer, sizeof buffer, "%04d", year_);
      return buffer;
    case DatePrecision::kMonth:
      std::snprintf(buffer, sizeof buffer, "%04d-%02d", year_, month_);
      return buffer;
    case DatePrecision::kDay:
      break;
  }
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year_, month_, day_);
  if (!ambiguous_) return buffer;
  char other[16];
  std::snprintf(other, sizeof other, "%04d-%02d-%02d", year_, day_, month_);
  return "[" + std::string(buffer) + "," + other + "]";
}

Result<PartialDate> PartialDate::Parse(std::string_view text) {
  if (text.empty()) return PartialDate();
  if (text.front() != '[') return ParseIso(text);
  const std::string original(text);
  const size_t comma = text.find(',');
  if (text.back() != ']' || comma == std::string_view::npos) {
    return InvalidArgumentError("'" + original + "' is not an EDTF date set [A,B]");
  }
  ASSIGN_OR_RETURN(PartialDate first, ParseIso(text.substr(1, comma - 1)));
  ASSIGN_OR_RETURN(PartialDate second, ParseIso(text.substr(comma + 1, text.size() - comma - 2)));
  if (first.precision_ != DatePrecision::kDay || second.precision_ != DatePrecision::kDay ||
      first.year_ != second.year_ || first.month_ != second.day_ || first.day_ != second.month_) {
    return InvalidArgumentError(
        "'" + original + "' is not a day/month ambiguous pair (expected [YYYY-MM-DD,YYYY-DD-MM])");
  }
  return AmbiguousDayMonth(first.year_, first.day_, first.month_);
}

}  // namespace sijil
