// Private to synth: the hidden population of detainees.
//
// Persons are drawn one by one; some are relatives of an earlier person
// (brothers, sisters, cousins arrested in the same raid or later), sharing
// family name, place and, for siblings, father, grandfather and mother.
// The model's numbers are modelling choices documented in docs/synth.md.
#ifndef SIJIL_SYNTH_INTERNAL_POPULATION_H_
#define SIJIL_SYNTH_INTERNAL_POPULATION_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/record.h"
#include "synth/internal/tables.h"

namespace sijil::synth::internal {

// A full calendar date; year 0 means "none".
struct Date {
  int16_t year = 0;
  int8_t month = 0;
  int8_t day = 0;
  bool known() const { return year != 0; }
};

// Days since 1970-01-01 and back (proleptic Gregorian).
int64_t DaysFromDate(Date date);
Date DateFromDays(int64_t days);

// A person of the hidden population. Names and places are indices into Tables.
struct Person {
  int32_t given = 0;  // male_given or female_given, by sex
  int32_t father = 0;
  int32_t grandfather = 0;
  int32_t family = 0;
  int32_t mother_given = 0;  // female_given
  int32_t mother_family = 0;
  int16_t governorate = 0;
  int16_t district = 0;
  int32_t city = 0;
  int32_t arrest_city = 0;
  int16_t party = 0;
  int16_t facility = 0;
  Sex sex = Sex::kMale;
  VictimStatus status = VictimStatus::kDisappeared;
  Date birth;
  Date arrest;
  Date status_date;          // may be unknown
  int32_t relative_of = -1;  // index of the earlier relative, or -1
  float visibility = 0;      // latent log-odds shift shared by all lists
};

// Draws `count` persons from `rng`, calling `progress` with the fraction done
// now and then.
std::vector<Person> DrawPopulation(const Tables& tables, int64_t count, Rng& rng,
                                   const std::function<void(double)>& progress);

// Returns the person's age in whole years on `on`.
int AgeOn(const Person& person, Date on);

}  // namespace sijil::synth::internal

#endif  // SIJIL_SYNTH_INTERNAL_POPULATION_H_
