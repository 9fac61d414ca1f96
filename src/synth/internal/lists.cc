#include "synth/internal/lists.h"

#include <cmath>
#include <cstdio>

namespace sijil::synth::internal {
namespace {

using Columns = std::vector<std::pair<std::string, Column>>;

Columns ColumnsOf(Style style) {
  using C = Column;
  switch (style) {
    case Style::kArabicSplit:
      return {{"الرقم", C::kRecordId},
              {"الاسم", C::kGiven},
              {"اسم الأب", C::kFather},
              {"اسم الجد", C::kGrandfather},
              {"الكنية", C::kFamily},
              {"اسم الأم", C::kMother},
              {"الجنس", C::kSex},
              {"تاريخ الولادة", C::kBirthDate},
              {"العمر", C::kAge},
              {"المحافظة", C::kGovernorate},
              {"المنطقة", C::kDistrict},
              {"المدينة", C::kCity},
              {"تاريخ الاعتقال", C::kArrestDate},
              {"مكان الاعتقال", C::kArrestPlace},
              {"الجهة المعتقلة", C::kArrestingParty},
              {"مكان الاحتجاز", C::kFacility},
              {"الحالة", C::kStatus},
              {"تاريخ الحالة", C::kStatusDate},
              {"ملاحظات", C::kNotes},
              {"رقم الملف", C::kExtra}};
    case Style::kArabicFullName:
      return {{"ID", C::kRecordId},
              {"الاسم الكامل", C::kFullName},
              {"Mother's name", C::kMother},
              {"Sex", C::kSex},
              {"Date of birth", C::kBirthDate},
              {"Age", C::kAge},
              {"Governorate", C::kGovernorate},
              {"District", C::kDistrict},
              {"City", C::kCity},
              {"Date of arrest", C::kArrestDate},
              {"Place of arrest", C::kArrestPlace},
              {"Arrested by", C::kArrestingParty},
              {"Detention place", C::kFacility},
              {"Status", C::kStatus},
              {"Status date", C::kStatusDate},
              {"Notes", C::kNotes},
              {"Informant relation", C::kExtra}};
    case Style::kLatinSplit:
      return {{"No.", C::kRecordId},
              {"Name", C::kGiven},
              {"Father's name", C::kFather},
              {"Surname", C::kFamily},
              {"Mother's name", C::kMother},
              {"Sex", C::kSex},
              {"Date of birth", C::kBirthDate},
              {"Age", C::kAge},
              {"Governorate", C::kGovernorate},
              {"City", C::kCity},
              {"Date of arrest", C::kArrestDate},
              {"Arrested by", C::kArrestingParty},
              {"Detention place", C::kFacility},
              {"Status", C::kStatus},
              {"Status date", C::kStatusDate},
              {"Notes (internal)", C::kExtra}};
    case Style::kLatinFullName:
      return {{"Case ID", C::kRecordId},
              {"Full name", C::kFullName},
              {"Gender", C::kSex},
              {"Age", C::kAge},
              {"Province", C::kGovernorate},
              {"Town", C::kCity},
              {"Arrest date", C::kArrestDate},
              {"Perpetrator", C::kArrestingParty},
              {"Prison", C::kFacility},
              {"Fate", C::kStatus},
              {"Comments", C::kNotes},
              {"Source reliability", C::kExtra}};
    case Style::kMixed:
      break;
  }
  return {{"Ref", C::kRecordId},
          {"First name", C::kGiven},
          {"Father", C::kFather},
          {"Grandfather", C::kGrandfather},
          {"Family name", C::kFamily},
          {"Mother", C::kMother},
          {"Gender", C::kSex},
          {"DOB", C::kBirthDate},
          {"Age", C::kAge},
          {"Province", C::kGovernorate},
          {"District", C::kDistrict},
          {"Town", C::kCity},
          {"Detention date", C::kArrestDate},
          {"Arrest location", C::kArrestPlace},
          {"Arrested by", C::kArrestingParty},
          {"Last known location", C::kFacility},
          {"Fate", C::kStatus},
          {"Status date", C::kStatusDate},
          {"Remarks", C::kNotes},
          {"Entered by", C::kExtra}};
}

constexpr double kBaseRates[kStyleCount] = {0.30, 0.24, 0.20, 0.16, 0.13};

double Logit(double p) { return std::log(p / (1 - p)); }

const std::array<std::string_view, 12> kArabicMonths = {
    "كانون الثاني", "شباط", "آذار",  "نيسان",       "أيار",         "حزيران",
    "تموز",         "آب",   "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"};
const std::array<std::string_view, 12> kEnglishMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::string Pad2(int value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d", value);
  return buffer;
}

enum class Precision { kDay, kMonth, kYear };

// The date shapes of DESIGN.md; every one is read by the ingest date parser.
std::string FormatDate(Date date, Precision precision, int shape) {
  const std::string year = std::to_string(date.year);
  if (precision == Precision::kYear) return year;
  if (precision == Precision::kMonth) {
    switch (shape) {
      case 0:
        return std::string(kArabicMonths[date.month - 1]) + " " + year;
      case 2:
        return std::string(kEnglishMonths[date.month - 1]) + " " + year;
      case 3:
        return std::string(kEnglishMonths[date.month - 1].substr(0, 3)) + " " + year;
      default:
        return year + "-" + Pad2(date.month);
    }
  }
  switch (shape) {
    case 0:
      return std::to_string(date.day) + "/" + std::to_string(date.month) + "/" + year;
    case 2:
      return Pad2(date.day) + "." + Pad2(date.month) + "." + year;
    case 3:
      return std::to_string(date.day) + " " + std::string(kEnglishMonths[date.month - 1]) + " " +
             year;
    default:
      return year + "-" + Pad2(date.month) + "-" + Pad2(date.day);
  }
}

std::string_view SexCell(Sex sex, Style style, bool arabic, Rng& rng) {
  const bool male = sex == Sex::kMale;
  if (arabic && (style == Style::kArabicSplit || style == Style::kMixed)) {
    return male ? "ذكر" : "أنثى";
  }
  switch (style) {
    case Style::kArabicFullName:
      return male ? "M" : "F";
    case Style::kLatinFullName:
      return male ? "Male" : "Female";
    default:
      break;
  }
  static constexpr std::string_view kMale[] = {"male", "M", "Male", "m"};
  static constexpr std::string_view kFemale[] = {"female", "F", "Female", "f"};
  const size_t pick = rng.UniformInt(4);
  return male ? kMale[pick] : kFemale[pick];
}

std::string_view StatusCell(VictimStatus status, Sex sex, bool arabic, Rng& rng) {
  const bool female = sex == Sex::kFemale;
  if (arabic) {
    switch (status) {
      case VictimStatus::kDetained:
        return female ? "معتقلة" : "معتقل";
      case VictimStatus::kDisappeared:
        return female ? "مختفية قسرياً" : "مختفي قسرياً";
      case VictimStatus::kDiedInCustody:
        return female ? "توفيت تحت التعذيب" : "توفي تحت التعذيب";
      case VictimStatus::kReleased:
        return female ? "مفرج عنها" : "مفرج عنه";
      case VictimStatus::kExecuted:
        return female ? "أعدمت" : "أعدم";
      default:
        return "غير معروف";
    }
  }
  const bool alt = rng.Bernoulli(0.3);
  switch (status) {
    case VictimStatus::kDetained:
      return alt ? "in detention" : "detained";
    case VictimStatus::kDisappeared:
      return alt ? "forcibly disappeared" : "disappeared";
    case VictimStatus::kDiedInCustody:
      return alt ? "died under torture" : "died in custody";
    case VictimStatus::kReleased:
      return "released";
    case VictimStatus::kExecuted:
      return "executed";
    default:
      return "unknown";
  }
}

std::string NoteCell(const Tables& tables, const Person& person, bool arabic, Rng& rng) {
  const Entry& facility = tables.facilities[person.facility];
  const bool female = person.sex == Sex::kFemale;
  if (arabic) {
    switch (rng.UniformInt(6)) {
      case 0:
        return female ? "اعتقلت من منزلها" : "اعتقل من منزله";
      case 1:
        return female ? "اعتقلت على حاجز" : "اعتقل على حاجز";
      case 2:
        return female ? "اعتقلت من مكان عملها" : "اعتقل من مكان عمله";
      case 3:
        return (female ? "شوهدت آخر مرة في " : "شوهد آخر مرة في ") + facility.arabic;
      case 4:
        return (female ? "بحسب شهادة ذويها، نقلت إلى " : "بحسب شهادة ذويه، نقل إلى ") +
               facility.arabic;
      default:
        return person.relative_of >= 0 ? "اعتقل أحد أقاربه أيضاً" : "لا معلومات إضافية";
    }
  }
  switch (rng.UniformInt(6)) {
    case 0:
      return "arrested at home";
    case 1:
      return "arrested at a checkpoint, no news since";
    case 2:
      return "arrested at work";
    case 3:
      return "last seen in " + facility.latin[0];
    case 4:
      return female ? "family told she was \"transferred\"" : "family told he was \"transferred\"";
    default:
      return person.relative_of >= 0 ? "a relative was also arrested" : "no further details";
  }
}

std::string ExtraCell(Style style, Rng& rng) {
  switch (style) {
    case Style::kArabicSplit:
      return "م/" + std::to_string(rng.Between(1, 40)) + "/" + std::to_string(rng.Between(1, 9999));
    case Style::kArabicFullName: {
      static constexpr std::string_view kRelations[] = {
          "brother", "mother", "father", "wife", "cousin", "neighbour", "fellow detainee"};
      return std::string(kRelations[rng.UniformInt(7)]);
    }
    case Style::kLatinSplit: {
      static constexpr std::string_view kNotes[] = {"verified by phone", "from family",
                                                    "second-hand", "cross-checked, 2 sources"};
      return std::string(kNotes[rng.UniformInt(4)]);
    }
    case Style::kLatinFullName: {
      static constexpr std::string_view kGrades[] = {"A", "B", "C", "D"};
      return std::string(kGrades[rng.UniformInt(4)]);
    }
    case Style::kMixed:
      break;
  }
  return "D" + Pad2(rng.Between(1, 30));
}

// Splits UTF-8 text into whole characters.
std::vector<std::string> Characters(std::string_view text) {
  std::vector<std::string> chars;
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    length = std::min(length, text.size() - i);
    chars.emplace_back(text.substr(i, length));
    i += length;
  }
  return chars;
}

// Letters often confused when typing or copying names by hand.
std::string_view Confusable(std::string_view c) {
  static const std::map<std::string_view, std::string_view> kPairs = {
      {"ة", "ه"}, {"ه", "ة"}, {"ى", "ي"},  {"ي", "ى"},  {"أ", "ا"},  {"إ", "ا"},  {"ا", "أ"},
      {"آ", "ا"}, {"ح", "ج"}, {"ج", "ح"},  {"خ", "ح"},  {"ذ", "ز"},  {"ز", "ذ"},  {"ص", "س"},
      {"س", "ص"}, {"ض", "د"}, {"ط", "ت"},  {"ت", "ط"},  {"ث", "س"},  {"ق", "ك"},  {"ك", "ق"},
      {"ع", "غ"}, {"غ", "ع"}, {"ظ", "ض"},  {"د", "ذ"},  {"ر", "ز"},  {"و", "ؤ"},  {"ف", "ق"},
      {"ب", "ت"}, {"ن", "ت"}, {"م", "ن"},  {"a", "e"},  {"e", "a"},  {"o", "u"},  {"u", "o"},
      {"i", "y"}, {"y", "i"}, {"k", "q"},  {"q", "k"},  {"s", "z"},  {"z", "s"},  {"d", "t"},
      {"t", "d"}, {"b", "p"}, {"l", "ll"}, {"m", "mm"}, {"n", "nn"}, {"r", "rr"}, {"h", "hh"}};
  auto it = kPairs.find(c);
  return it == kPairs.end() ? std::string_view() : it->second;
}

}  // namespace

std::string_view StyleName(Style style) {
  switch (style) {
    case Style::kArabicSplit:
      return "arabic_split";
    case Style::kArabicFullName:
      return "arabic_full_name";
    case Style::kLatinSplit:
      return "latin_split";
    case Style::kLatinFullName:
      return "latin_full_name";
    case Style::kMixed:
      return "mixed";
  }
  return "mixed";
}

std::string AddTypo(std::string_view text, Rng& rng) {
  std::vector<std::string> chars = Characters(text);
  if (chars.size() < 3) return std::string(text);
  // Edit inside the text, never its first character or a space, so the
  // result stays a plausible name with the same word boundaries.
  const size_t pos = 1 + rng.UniformInt(chars.size() - 1);
  const int op = static_cast<int>(rng.UniformInt(3));
  if (chars[pos] == " ") return std::string(text);
  if (op == 0 && pos + 1 < chars.size() && chars[pos + 1] != " ") {
    std::swap(chars[pos], chars[pos + 1]);
  } else if (op == 1 && chars.size() > 3) {
    chars.erase(chars.begin() + pos);
  } else if (std::string_view sub = Confusable(chars[pos]); !sub.empty()) {
    chars[pos] = std::string(sub);
  } else {
    chars.insert(chars.begin() + pos, chars[pos]);  // a doubled key stroke
  }
  std::string result;
  for (const std::string& c : chars) result += c;
  return result;
}

ListSpec MakeListSpec(int index, const Tables& tables, Rng& rng) {
  ListSpec spec;
  spec.index = index;
  spec.name = "list_" + std::to_string(index);
  spec.style = static_cast<Style>((index - 1) % kStyleCount);
  spec.columns = ColumnsOf(spec.style);
  // Later cycles of the styles are smaller organisations.
  spec.base_rate = kBaseRates[(index - 1) % kStyleCount] / (1 + (index - 1) / kStyleCount);
  // Regional strengths: each organisation has two home governorates where its
  // network is dense, and a scatter of weaker and stronger ones.
  spec.region_effect.assign(tables.governorates.size(), 0.0);
  for (double& effect : spec.region_effect) effect = 0.4 * rng.Normal();
  for (int home = 0; home < 2; ++home) {
    spec.region_effect[tables.governorate_sampler.Draw(rng)] += 1.2;
  }
  spec.typo_rate = 0.02 + 0.02 * rng.Uniform();
  spec.duplicate_rate = 0.01 + 0.02 * rng.Uniform();
  spec.age_rate = 0.08 + 0.14 * rng.Uniform();
  spec.day_share = 0.5 + 0.25 * rng.Uniform();
  spec.month_share = (1 - spec.day_share) * (0.4 + 0.3 * rng.Uniform());
  for (double& rate : spec.missing) rate = 0.10 + 0.20 * rng.Uniform();
  auto set = [&spec](Column column, double rate) { spec.missing[static_cast<int>(column)] = rate; };
  set(Column::kRecordId, 0);
  set(Column::kFullName, 0);
  set(Column::kGiven, 0);
  set(Column::kFamily, 0.03);
  set(Column::kSex, 0.05);
  set(Column::kNotes, 0.6 + 0.3 * rng.Uniform());
  set(Column::kStatusDate, 0.3 + 0.2 * rng.Uniform());
  return spec;
}

double CaptureProbability(const ListSpec& spec, const Person& person) {
  double status_effect = 0;
  if (person.status == VictimStatus::kDiedInCustody || person.status == VictimStatus::kExecuted) {
    status_effect = 0.3;  // deaths draw more documentation (death notices, photographs)
  } else if (person.status == VictimStatus::kReleased) {
    status_effect = -0.3;  // families of released detainees report less often
  }
  const double logit = Logit(spec.base_rate) + spec.region_effect[person.governorate] +
                       status_effect + person.visibility;
  return 1.0 / (1.0 + std::exp(-logit));
}

std::vector<std::string> RowRenderer::Header() const {
  std::vector<std::string> header;
  for (const auto& [name, column] : spec_.columns) header.push_back(name);
  return header;
}

std::string RowRenderer::RecordId(int64_t row, const Person& person) {
  char buffer[48];
  switch (spec_.style) {
    case Style::kArabicSplit:
      std::snprintf(buffer, sizeof buffer, "SN-%06lld", static_cast<long long>(row + 1));
      break;
    case Style::kArabicFullName:
      std::snprintf(buffer, sizeof buffer, "VDC/%d/%lld", person.arrest.year,
                    static_cast<long long>(++per_year_[person.arrest.year]));
      break;
    case Style::kLatinSplit:
      std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(1000 + row));
      break;
    case Style::kLatinFullName:
      std::snprintf(buffer, sizeof buffer, "CASE-%05lld", static_cast<long long>(row + 1));
      break;
    case Style::kMixed:
      std::snprintf(buffer, sizeof buffer, "L%d-%lld", spec_.index,
                    static_cast<long long>(row + 1));
      break;
  }
  return buffer;
}

bool RowRenderer::ArabicRecord(Rng& rng) const {
  switch (spec_.style) {
    case Style::kArabicSplit:
    case Style::kArabicFullName:
      return true;
    case Style::kLatinSplit:
    case Style::kLatinFullName:
      return false;
    case Style::kMixed:
      break;
  }
  return rng.Bernoulli(0.5);
}

std::string RowRenderer::NameCell(const Entry& entry, bool arabic, Rng& rng) const {
  if (arabic) return entry.arabic;
  // The usual spelling half the time, otherwise any attested variant.
  if (rng.Bernoulli(0.5)) return entry.latin[0];
  return entry.latin[rng.UniformInt(entry.latin.size())];
}

std::string RowRenderer::FullName(const Person& person, bool arabic, Rng& rng) const {
  const auto& given = person.sex == Sex::kMale ? tables_.male_given : tables_.female_given;
  auto typo = [&](std::string name) {
    return rng.Bernoulli(spec_.typo_rate) ? AddTypo(name, rng) : name;
  };
  std::string name = typo(NameCell(given[person.given], arabic, rng));
  // Arabic lists usually give the father (الاسم الثلاثي) and often the
  // grandfather; Latin lists drop them more often.
  const bool father = rng.Bernoulli(arabic ? 0.9 : 0.6);
  if (father) name += " " + typo(NameCell(tables_.male_given[person.father], arabic, rng));
  if (father && rng.Bernoulli(arabic ? 0.35 : 0.15)) {
    name += " " + typo(NameCell(tables_.male_given[person.grandfather], arabic, rng));
  }
  if (!rng.Bernoulli(spec_.missing[static_cast<int>(Column::kFamily)])) {
    name += " " + typo(NameCell(tables_.family[person.family].entry, arabic, rng));
  }
  return name;
}

std::string RowRenderer::MotherName(const Person& person, bool arabic, Rng& rng) const {
  std::string name = NameCell(tables_.female_given[person.mother_given], arabic, rng);
  if (rng.Bernoulli(0.6)) {
    name += " " + NameCell(tables_.family[person.mother_family].entry, arabic, rng);
  }
  return rng.Bernoulli(spec_.typo_rate) ? AddTypo(name, rng) : name;
}

namespace {

// The date shape: 0 = 7/4/2013 / نيسان 2013, 1 = ISO, 2 = 07.04.2013 /
// April 2013, 3 = 7 April 2013 / Apr 2013.
int ShapeFor(Style style, Rng& rng) {
  switch (style) {
    case Style::kArabicSplit:
      return 0;
    case Style::kArabicFullName:
      return 1;
    case Style::kLatinSplit:
      return 2;
    case Style::kLatinFullName:
      return rng.Bernoulli(0.5) ? 1 : 3;
    case Style::kMixed:
      break;
  }
  return static_cast<int>(rng.UniformInt(4));
}

}  // namespace

std::string RowRenderer::EventDate(Date date, Rng& rng) const {
  if (!date.known()) return "";
  const double u = rng.Uniform();
  const Precision precision = u < spec_.day_share                       ? Precision::kDay
                              : u < spec_.day_share + spec_.month_share ? Precision::kMonth
                                                                        : Precision::kYear;
  return FormatDate(date, precision, ShapeFor(spec_.style, rng));
}

std::string RowRenderer::BirthDate(const Person& person, Rng& rng) const {
  // Lists mostly know the birth year only ("مواليد 1985").
  const double u = rng.Uniform();
  const Precision precision = u < 0.35   ? Precision::kDay
                              : u < 0.42 ? Precision::kMonth
                                         : Precision::kYear;
  return FormatDate(person.birth, precision, ShapeFor(spec_.style, rng));
}

std::string RowRenderer::CellFor(Column column, const Person& person, bool arabic, bool give_age,
                                 Rng& rng) const {
  auto name = [&](const Entry& entry) {
    std::string text = NameCell(entry, arabic, rng);
    return rng.Bernoulli(spec_.typo_rate) ? AddTypo(text, rng) : text;
  };
  auto place = [&](const Entry& entry) { return NameCell(entry, arabic, rng); };
  switch (column) {
    case Column::kRecordId:
    case Column::kExtra:
      return "";
    case Column::kFullName:
      return FullName(person, arabic, rng);
    case Column::kGiven:
      return name(person.sex == Sex::kMale ? tables_.male_given[person.given]
                                           : tables_.female_given[person.given]);
    case Column::kFather:
      return name(tables_.male_given[person.father]);
    case Column::kGrandfather:
      return name(tables_.male_given[person.grandfather]);
    case Column::kFamily:
      return name(tables_.family[person.family].entry);
    case Column::kMother:
      return MotherName(person, arabic, rng);
    case Column::kSex:
      return std::string(SexCell(person.sex, spec_.style, arabic, rng));
    case Column::kBirthDate:
      return give_age ? "" : BirthDate(person, rng);
    case Column::kAge:
      return give_age ? std::to_string(AgeOn(person, person.arrest)) : "";
    case Column::kGovernorate:
      return place(tables_.governorates[person.governorate].entry);
    case Column::kDistrict:
      return place(tables_.districts[person.district].entry);
    case Column::kCity:
      return place(tables_.cities[person.city].entry);
    case Column::kArrestDate:
      return EventDate(person.arrest, rng);
    case Column::kArrestPlace: {
      std::string city = place(tables_.cities[person.arrest_city].entry);
      if (!rng.Bernoulli(0.15)) return city;
      return arabic ? "حاجز في " + city : "checkpoint in " + city;
    }
    case Column::kArrestingParty:
      return place(tables_.parties[person.party].entry);
    case Column::kFacility:
      return place(tables_.facilities[person.facility]);
    case Column::kStatus:
      // The Arabic full-name list uses an English template: its status is English.
      return std::string(StatusCell(person.status, person.sex,
                                    arabic && spec_.style != Style::kArabicFullName, rng));
    case Column::kStatusDate:
      return EventDate(person.status_date, rng);
    case Column::kNotes:
      return NoteCell(tables_, person, arabic, rng);
  }
  return "";
}

void RowRenderer::Render(const Person& person, const std::string& record_id, Rng& rng,
                         std::vector<std::string>& cells) const {
  const bool arabic = ArabicRecord(rng);
  bool has_birth_column = false;
  for (const auto& [header, column] : spec_.columns)
    has_birth_column |= column == Column::kBirthDate;
  const bool give_age = has_birth_column ? rng.Bernoulli(spec_.age_rate) : true;
  cells.resize(spec_.columns.size());
  for (size_t i = 0; i < spec_.columns.size(); ++i) {
    const Column column = spec_.columns[i].second;
    if (column == Column::kRecordId) {
      cells[i] = record_id;
    } else if (rng.Bernoulli(spec_.missing[static_cast<int>(column)])) {
      cells[i].clear();
    } else if (column == Column::kExtra) {
      cells[i] = ExtraCell(spec_.style, rng);
    } else {
      cells[i] = CellFor(column, person, arabic, give_age, rng);
    }
  }
}

}  // namespace sijil::synth::internal
