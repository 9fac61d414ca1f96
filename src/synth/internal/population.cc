#include "synth/internal/population.h"

#include <algorithm>

#include "core/partial_date.h"

namespace sijil::synth::internal {
namespace {

constexpr int kFirstBirthYear = 1950;
constexpr int kLastBirthYear = 2000;
constexpr int kMinAgeAtArrest = 14;
constexpr double kMaleShare = 0.9;
constexpr double kRelativeShare = 0.12;
constexpr double kNamedAfterGrandfather = 0.06;
constexpr double kVisibilitySd = 1.0;
const Date kLastStatusDate{2023, 12, 31};

// Birth years 1950-2000, peaked 1980-1995: detainees were mostly young men.
const WeightedSampler& BirthYearSampler() {
  static const WeightedSampler sampler = [] {
    std::vector<double> weights;
    for (int year = kFirstBirthYear; year <= kLastBirthYear; ++year) {
      double weight = year < 1970    ? 1.0 + (year - 1950) * 0.1
                      : year < 1980  ? 3.0 + (year - 1970) * 0.6
                      : year <= 1995 ? 10.0
                                     : 10.0 - (year - 1995) * 1.6;
      weights.push_back(weight);
    }
    return WeightedSampler(weights);
  }();
  return sampler;
}

// Arrest years 2011-2020, peaked 2012-2014 (2011 counts from March).
const WeightedSampler& ArrestYearSampler() {
  static const WeightedSampler sampler({14, 26, 22, 14, 8, 6, 4, 3, 2, 1});
  return sampler;
}

// Status weights: disappeared, detained, died_in_custody, released, executed.
const WeightedSampler& StatusSampler() {
  static const WeightedSampler sampler({45, 15, 18, 17, 5});
  return sampler;
}
constexpr VictimStatus kStatuses[] = {VictimStatus::kDisappeared, VictimStatus::kDetained,
                                      VictimStatus::kDiedInCustody, VictimStatus::kReleased,
                                      VictimStatus::kExecuted};

Date RandomDay(int year, int month, Rng& rng) {
  return {static_cast<int16_t>(year), static_cast<int8_t>(month),
          static_cast<int8_t>(rng.Between(1, DaysInMonth(year, month)))};
}

Date DrawArrest(Rng& rng) {
  const int year = 2011 + ArrestYearSampler().Draw(rng);
  const int month = year == 2011 ? rng.Between(3, 12) : rng.Between(1, 12);
  return RandomDay(year, month, rng);
}

Date DrawBirth(Date arrest, Rng& rng) {
  int year = kFirstBirthYear + BirthYearSampler().Draw(rng);
  for (int attempt = 0; attempt < 8 && arrest.year - year < kMinAgeAtArrest; ++attempt) {
    year = kFirstBirthYear + BirthYearSampler().Draw(rng);
  }
  year = std::min(year, arrest.year - kMinAgeAtArrest);
  return RandomDay(year, rng.Between(1, 12), rng);
}

Date AfterArrest(Date arrest, int min_days, int max_days, Rng& rng) {
  const int64_t days = DaysFromDate(arrest) + rng.Between(min_days, max_days);
  return DateFromDays(std::min(days, DaysFromDate(kLastStatusDate)));
}

// The status date: release, death or execution; "last seen" for some of the
// disappeared and "last contact" for some still detained.
Date DrawStatusDate(VictimStatus status, Date arrest, Rng& rng) {
  switch (status) {
    case VictimStatus::kReleased:
      return AfterArrest(arrest, 20, 1500, rng);
    case VictimStatus::kDiedInCustody: {
      const double u = rng.Uniform();  // deaths cluster in the first months
      return AfterArrest(arrest, 7, 7 + static_cast<int>(u * u * 1400), rng);
    }
    case VictimStatus::kExecuted:
      return AfterArrest(arrest, 90, 2000, rng);
    case VictimStatus::kDisappeared:
      return rng.Bernoulli(0.35) ? AfterArrest(arrest, 10, 700, rng) : Date{};
    default:
      return rng.Bernoulli(0.25) ? AfterArrest(arrest, 30, 2000, rng) : Date{};
  }
}

void DrawPlace(const Tables& tables, Person& person, Rng& rng) {
  person.governorate = static_cast<int16_t>(tables.governorate_sampler.Draw(rng));
  const Governorate& gov = tables.governorates[person.governorate];
  person.district = static_cast<int16_t>(gov.districts[gov.district_sampler.Draw(rng)]);
  const District& district = tables.districts[person.district];
  person.city = district.cities[district.city_sampler.Draw(rng)];
}

void DrawDetention(const Tables& tables, Person& person, Rng& rng) {
  const double where = rng.Uniform();
  person.arrest_city = where < 0.75 ? person.city
                       : where < 0.9
                           ? tables.governorates[person.governorate].city_sampler.Draw(rng)
                           : tables.damascus_city;
  person.party = static_cast<int16_t>(tables.party_sampler.Draw(rng));
  person.status = kStatuses[StatusSampler().Draw(rng)];
  const std::vector<int>& usual = tables.parties[person.party].facilities;
  if (person.status == VictimStatus::kExecuted && tables.saydnaya >= 0 && rng.Bernoulli(0.7)) {
    person.facility = static_cast<int16_t>(tables.saydnaya);
  } else if (!usual.empty() && rng.Bernoulli(0.6)) {
    person.facility = static_cast<int16_t>(usual[rng.UniformInt(usual.size())]);
  } else {
    person.facility = static_cast<int16_t>(tables.facility_sampler.Draw(rng));
  }
  person.status_date = DrawStatusDate(person.status, person.arrest, rng);
}

// A new family: names and place drawn afresh.
void DrawFreshFamily(const Tables& tables, Person& person, Rng& rng) {
  DrawPlace(tables, person, rng);
  const Governorate& gov = tables.governorates[person.governorate];
  person.family = gov.family_sampler.Draw(rng);
  person.father = tables.male_sampler.Draw(rng);
  person.grandfather = tables.male_sampler.Draw(rng);
  person.mother_given = tables.female_sampler.Draw(rng);
  person.mother_family = gov.family_sampler.Draw(rng);
  person.arrest = DrawArrest(rng);
  person.birth = DrawBirth(person.arrest, rng);
}

// A sibling (same parents) or paternal cousin (same grandfather) of `kin`,
// from the same place; half are arrested in the same raid.
void DrawRelative(const Tables& tables, const Person& kin, Person& person, Rng& rng) {
  person.governorate = kin.governorate;
  person.district = kin.district;
  person.city = kin.city;
  person.family = kin.family;
  person.grandfather = kin.grandfather;
  if (rng.Bernoulli(0.7)) {
    person.father = kin.father;
    person.mother_given = kin.mother_given;
    person.mother_family = kin.mother_family;
  } else {
    person.father = tables.male_sampler.Draw(rng);
    person.mother_given = tables.female_sampler.Draw(rng);
    person.mother_family = tables.governorates[person.governorate].family_sampler.Draw(rng);
  }
  person.arrest = rng.Bernoulli(0.5) ? kin.arrest : DrawArrest(rng);
  const int year = std::clamp(kin.birth.year + rng.Between(-8, 8), kFirstBirthYear,
                              std::min<int>(kLastBirthYear, person.arrest.year - kMinAgeAtArrest));
  person.birth = RandomDay(year, rng.Between(1, 12), rng);
}

Person DrawPerson(const Tables& tables, const std::vector<Person>& earlier, Rng& rng) {
  Person person;
  person.sex = rng.Bernoulli(kMaleShare) ? Sex::kMale : Sex::kFemale;
  if (!earlier.empty() && rng.Bernoulli(kRelativeShare)) {
    const size_t back = 1 + rng.UniformInt(std::min<size_t>(earlier.size(), 50));
    person.relative_of = static_cast<int32_t>(earlier.size() - back);
    DrawRelative(tables, earlier[person.relative_of], person, rng);
  } else {
    DrawFreshFamily(tables, person, rng);
  }
  if (person.sex == Sex::kMale) {
    // Naming a son after his grandfather is a common custom.
    person.given =
        rng.Bernoulli(kNamedAfterGrandfather) ? person.grandfather : tables.male_sampler.Draw(rng);
  } else {
    person.given = tables.female_sampler.Draw(rng);
  }
  DrawDetention(tables, person, rng);
  person.visibility = static_cast<float>(kVisibilitySd * rng.Normal());
  return person;
}

}  // namespace

int64_t DaysFromDate(Date date) { return DaysFromCivil({date.year, date.month, date.day}); }

Date DateFromDays(int64_t days) {
  const CivilDate civil = CivilFromDays(days);
  return {static_cast<int16_t>(civil.year), static_cast<int8_t>(civil.month),
          static_cast<int8_t>(civil.day)};
}

int AgeOn(const Person& person, Date on) {
  int age = on.year - person.birth.year;
  if (on.month < person.birth.month ||
      (on.month == person.birth.month && on.day < person.birth.day)) {
    --age;
  }
  return age;
}

std::vector<Person> DrawPopulation(const Tables& tables, int64_t count, Rng& rng,
                                   const std::function<void(double)>& progress) {
  std::vector<Person> persons;
  persons.reserve(count);
  for (int64_t i = 0; i < count; ++i) {
    persons.push_back(DrawPerson(tables, persons, rng));
    if (progress && (i & 0xffff) == 0) progress(static_cast<double>(i) / count);
  }
  return persons;
}

}  // namespace sijil::synth::internal
