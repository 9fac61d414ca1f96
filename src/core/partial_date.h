// PartialDate: a calendar date known to year, month or day precision, with
// explicit day/month ambiguity.
//
// Lists record dates as "2013", "نيسان 2013" or "7/4/2013". The last is 7 April
// in Syrian usage but 4 July in American-style spreadsheets; when the order
// cannot be known we keep both readings instead of guessing. Text form follows
// ISO 8601 for precise dates (YYYY, YYYY-MM, YYYY-MM-DD) and the EDTF
// "one of a set" notation for an ambiguous one: "[2013-04-07,2013-07-04]"
// (the first member is the day-first reading).
#ifndef SIJIL_CORE_PARTIAL_DATE_H_
#define SIJIL_CORE_PARTIAL_DATE_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sijil {

enum class DatePrecision { kNone, kYear, kMonth, kDay };

class PartialDate {
 public:
  // An unknown date (precision kNone).
  PartialDate() = default;

  // Returns a date with the given precision. Fails with kInvalidArgument when
  // a component is out of range (year 1..9999, month 1..12, a real day of that
  // month, leap years included).
  static Result<PartialDate> Year(int year);
  static Result<PartialDate> YearMonth(int year, int month);
  static Result<PartialDate> Full(int year, int month, int day);
  // Returns the date d/m/y whose day and month could be swapped: both
  // readings must be valid days and differ. The day-first reading is primary.
  static Result<PartialDate> AmbiguousDayMonth(int year, int first, int second);

  // Parses the text form written by ToString(); "" gives an unknown date.
  static Result<PartialDate> Parse(std::string_view text);

  DatePrecision precision() const { return precision_; }
  bool known() const { return precision_ != DatePrecision::kNone; }
  bool ambiguous() const { return ambiguous_; }
  int year() const { return year_; }
  int month() const { return month_; }  // 0 when unknown
  int day() const { return day_; }      // 0 when unknown
  // The month-first reading of an ambiguous date; equal to *this otherwise.
  PartialDate Alternative() const;

  // Returns the ISO/EDTF text, "" when unknown.
  std::string ToString() const;

  friend bool operator==(const PartialDate&, const PartialDate&) = default;

 private:
  DatePrecision precision_ = DatePrecision::kNone;
  bool ambiguous_ = false;
  int year_ = 0;
  int month_ = 0;
  int day_ = 0;
};

// Returns the number of days in `month` of `year` (Gregorian), 0 if month is invalid.
int DaysInMonth(int year, int month);

// A day of the proleptic Gregorian calendar.
struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};
// Returns the days since 1970-01-01 of `date` (negative before it).
int64_t DaysFromCivil(const CivilDate& date);
// Returns the date `days` after 1970-01-01; the inverse of DaysFromCivil.
CivilDate CivilFromDays(int64_t days);

}  // namespace sijil

#endif  // SIJIL_CORE_PARTIAL_DATE_H_
