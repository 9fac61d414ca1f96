// Value parsing: the synonyms and date shapes found in real lists.
#include <array>
#include <charconv>
#include <string>
#include <vector>

#include "ingest/ingest.h"
#include "ingest/internal/synonyms.h"
#include "text/text.h"

namespace sijil::ingest {
namespace {

using internal::SynonymKey;
using internal::SynonymTable;

constexpr std::string_view kSexExpected = "a sex: M, F, male, female, ذكر or أنثى";
constexpr std::string_view kStatusExpected =
    "a status: detained, disappeared, released, died_in_custody, executed, unknown "
    "(or Arabic: معتقل, مختفي قسرياً, مفرج عنه, توفي تحت التعذيب, أعدم)";
constexpr std::string_view kDateExpected =
    "a date such as 2013-04-07, 7/4/2013, 07.04.2013, 4/2013, 2013, نيسان 2013 or April 2013";

// Reduces a date to ASCII digits, lower-case Latin and normalised Arabic,
// keeping the separators that NormalizeName would drop.
std::string DateKey(std::string_view text) { return text::FoldLatin(text::NormalizeArabic(text)); }

const SynonymTable<Sex>& SexSynonyms() {
  static const SynonymTable<Sex> table({
      {Sex::kMale, {"M", "male", "man", "boy", "ذكر", "ذ", "رجل"}},
      {Sex::kFemale,
       {"F", "female", "woman", "girl", "أنثى", "انثى", "انثي", "أنثي", "ث", "امرأة"}},
      {Sex::kUnknown, {"unknown", "غير معروف", "-", "?"}},
  });
  return table;
}

const SynonymTable<VictimStatus>& StatusSynonyms() {
  static const SynonymTable<VictimStatus> table({
      {VictimStatus::kDetained,
       {"detained", "detainee", "in detention", "arrested", "imprisoned", "معتقل", "معتقلة",
        "قيد الاعتقال", "محتجز", "محتجزة", "موقوف", "سجين"}},
      {VictimStatus::kDisappeared,
       {"disappeared", "forcibly disappeared", "enforced disappearance", "missing", "مختفي",
        "مختفى", "مختفي قسرياً", "مختفية قسرياً", "مختفى قسرياً", "مختف قسرياً", "مفقود", "مفقودة",
        "مغيب", "مغيب قسرياً", "مغيبة قسرياً", "اختفاء قسري"}},
      {VictimStatus::kReleased,
       {"released", "freed", "free", "مفرج عنه", "مفرج عنها", "أفرج عنه", "أفرج عنها", "أطلق سراحه",
        "أطلق سراحها", "محرر", "محررة", "إفراج"}},
      {VictimStatus::kDiedInCustody,
       {"died in custody", "died under torture", "killed under torture", "death in custody",
        "death in detention", "died in detention", "توفي تحت التعذيب", "توفيت تحت التعذيب",
        "قضى تحت التعذيب", "قضت تحت التعذيب", "توفي في المعتقل", "توفيت في المعتقل",
        "استشهد تحت التعذيب", "وفاة تحت التعذيب", "متوفى في المعتقل"}},
      {VictimStatus::kExecuted,
       {"executed", "execution", "أعدم", "أعدمت", "تم إعدامه", "تم إعدامها", "إعدام",
        "أعدم ميدانياً", "معدوم"}},
      {VictimStatus::kUnknown, {"unknown", "غير معروف", "مجهول", "-", "?"}},
  });
  return table;
}

// Month names by synonym key, Levantine, Egyptian/Gulf and English.
const std::vector<std::pair<std::string, int>>& MonthNames() {
  static const std::vector<std::pair<std::string, int>> names = [] {
    const std::array<std::vector<std::string_view>, 12> spellings = {{
        {"كانون الثاني", "يناير", "january", "jan"},
        {"شباط", "فبراير", "february", "feb"},
        {"آذار", "مارس", "march", "mar"},
        {"نيسان", "أبريل", "إبريل", "ابريل", "april", "apr"},
        {"أيار", "مايو", "may"},
        {"حزيران", "يونيو", "يونيه", "june", "jun"},
        {"تموز", "يوليو", "يوليه", "july", "jul"},
        {"آب", "أغسطس", "اغسطس", "august", "aug"},
        {"أيلول", "سبتمبر", "september", "sep", "sept"},
        {"تشرين الأول", "أكتوبر", "اكتوبر", "october", "oct"},
        {"تشرين الثاني", "نوفمبر", "november", "nov"},
        {"كانون الأول", "ديسمبر", "december", "dec"},
    }};
    std::vector<std::pair<std::string, int>> all;
    for (int month = 1; month <= 12; ++month) {
      for (std::string_view spelling : spellings[month - 1]) {
        all.emplace_back(DateKey(spelling), month);
      }
    }
    return all;
  }();
  return names;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A date split into number tokens and at most one month name.
struct DateTokens {
  std::vector<std::string> numbers;
  int month_name = 0;  // 1..12 when a month name was found
};

// Finds a month name in `key` (whole words only), removes it and returns its number.
int TakeMonthName(std::string* key) {
  const std::string padded = " " + *key + " ";
  int best_month = 0;
  size_t best_pos = std::string::npos, best_len = 0;
  for (const auto& [name, month] : MonthNames()) {
    size_t pos = padded.find(" " + name + " ");
    if (pos != std::string::npos && name.size() > best_len) {
      best_month = month;
      best_pos = pos;
      best_len = name.size();
    }
  }
  if (best_month == 0) return 0;
  *key = padded.substr(0, best_pos + 1) + padded.substr(best_pos + best_len + 1);
  return best_month;
}

// Drops a time of day from exports such as "2013-04-07 00:00:00" or "2013-04-07T10:00".
std::string_view WithoutTime(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return text;
  const size_t cut = text.find_last_of(" T", colon);
  return cut == std::string_view::npos ? text : text.substr(0, cut);
}

bool Tokenize(std::string_view text, DateTokens* tokens) {
  std::string key = DateKey(WithoutTime(text));
  // A trailing "م" (ميلادي, Gregorian) is common in Arabic: "2013م".
  if (key.size() >= 2 && key.compare(key.size() - 2, 2, "م") == 0) key.resize(key.size() - 2);
  tokens->month_name = TakeMonthName(&key);
  size_t i = 0;
  while (i < key.size()) {
    if (IsDigit(key[i])) {
      size_t start = i;
      while (i < key.size() && IsDigit(key[i])) ++i;
      tokens->numbers.emplace_back(key.substr(start, i - start));
      continue;
    }
    const char c = key[i];
    if (c != ' ' && c != '/' && c != '-' && c != '.' && c != ',' && c != '\\') return false;
    ++i;
  }
  return true;
}

int ToInt(const std::string& digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// Builds a date from day, month, year numbers where the day/month order is
// unknown (D/M/Y): day-first unless that is impossible; both valid -> ambiguous.
Result<PartialDate> DayMonthYear(int first, int second, int year) {
  if (first == second || second > 12) {
    return second > 12 ? PartialDate::Full(year, first, second)
                       : PartialDate::Full(year, second, first);
  }
  if (first > 12) return PartialDate::Full(year, second, first);
  return PartialDate::AmbiguousDayMonth(year, first, second);
}

Result<PartialDate> FromNumbers(const DateTokens& tokens) {
  const std::vector<std::string>& n = tokens.numbers;
  auto is_year = [](const std::string& s) { return s.size() == 4; };
  auto is_small = [](const std::string& s) { return s.size() <= 2; };
  if (tokens.month_name != 0) {
    if (n.size() == 1 && is_year(n[0]))
      return PartialDate::YearMonth(ToInt(n[0]), tokens.month_name);
    if (n.size() == 2 && is_small(n[0]) && is_year(n[1])) {
      return PartialDate::Full(ToInt(n[1]), tokens.month_name, ToInt(n[0]));
    }
    if (n.size() == 2 && is_year(n[0]) && is_small(n[1])) {
      return PartialDate::Full(ToInt(n[0]), tokens.month_name, ToInt(n[1]));
    }
    return InvalidArgumentError("");
  }
  if (n.size() == 1 && is_year(n[0])) return PartialDate::Year(ToInt(n[0]));
  if (n.size() == 2 && is_year(n[0]) && is_small(n[1])) {
    return PartialDate::YearMonth(ToInt(n[0]), ToInt(n[1]));
  }
  if (n.size() == 2 && is_small(n[0]) && is_year(n[1])) {
    return PartialDate::YearMonth(ToInt(n[1]), ToInt(n[0]));
  }
  if (n.size() == 3 && is_year(n[0]) && is_small(n[1]) && is_small(n[2])) {
    return PartialDate::Full(ToInt(n[0]), ToInt(n[1]), ToInt(n[2]));
  }
  if (n.size() == 3 && is_small(n[0]) && is_small(n[1]) && is_year(n[2])) {
    return DayMonthYear(ToInt(n[0]), ToInt(n[1]), ToInt(n[2]));
  }
  return InvalidArgumentError("");
}

}  // namespace

Result<Sex> ParseSex(std::string_view text) {
  if (text::NormalizeName(text).empty()) return Sex::kUnknown;
  if (const Sex* sex = SexSynonyms().Find(text)) return *sex;
  return InvalidArgumentError(std::string(kSexExpected));
}

Result<VictimStatus> ParseStatus(std::string_view text) {
  if (text::NormalizeName(text).empty()) return VictimStatus::kUnknown;
  if (const VictimStatus* status = StatusSynonyms().Find(text)) return *status;
  return InvalidArgumentError(std::string(kStatusExpected));
}

Result<PartialDate> ParseDate(std::string_view text) {
  DateTokens tokens;
  if (!Tokenize(text, &tokens)) return InvalidArgumentError(std::string(kDateExpected));
  if (tokens.numbers.empty() && tokens.month_name == 0) return PartialDate();
  Result<PartialDate> date = FromNumbers(tokens);
  if (!date.ok()) {
    const std::string why = date.status().message();
    return InvalidArgumentError(std::string(kDateExpected) + (why.empty() ? "" : " (" + why + ")"));
  }
  if (date->year() < 1900 || date->year() > 2100) {
    return InvalidArgumentError(std::string(kDateExpected) + " (year " +
                                std::to_string(date->year()) + " is outside 1900..2100)");
  }
  return date;
}

}  // namespace sijil::ingest
