// Private to synth: the data tables under data/ (names, places, detention),
// loaded and checked.
//
// Every table is UTF-8 TSV: '#' comment lines, one header line, then rows
// with exactly the header's number of tab-separated columns. Lists of
// spellings inside a cell are separated by '|'.
#ifndef SIJIL_SYNTH_INTERNAL_TABLES_H_
#define SIJIL_SYNTH_INTERNAL_TABLES_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "synth/internal/random.h"

namespace sijil::synth::internal {

// One TSV file: its header and rows, with the line number of each row.
struct TsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;  // 1-based line number of rows[i]
};

// Reads `path`, checking that the header is exactly `expected_header` and
// every row has that many columns. Errors: kNotFound naming the file when it
// cannot be opened; kInvalidArgument naming file and line otherwise.
Result<TsvTable> ReadTsv(const std::string& path, const std::vector<std::string>& expected_header);

// A name, place or institution with its Arabic form and Latin spellings.
struct Entry {
  std::string key;  // stable key (places, facilities, parties); "" for names
  std::string arabic;
  std::vector<std::string> latin;  // never empty; latin[0] is the usual one
  double weight = 1;
};

struct FamilyName {
  Entry entry;
  std::vector<double> governorate_bias;  // multiplier per governorate index
};

struct District {
  Entry entry;
  int governorate = 0;
  std::vector<int> cities;  // indices into Tables::cities
  WeightedSampler city_sampler;
};

struct City {
  Entry entry;
  int governorate = 0;
  int district = 0;
};

struct Party {
  Entry entry;
  std::vector<int> facilities;  // indices into Tables::facilities
};

struct Governorate {
  Entry entry;
  std::vector<int> districts;
  WeightedSampler district_sampler;
  WeightedSampler family_sampler;  // family names weighted with this governorate's bias
  WeightedSampler city_sampler;    // all cities of the governorate
};

struct Tables {
  std::vector<Entry> male_given;
  std::vector<Entry> female_given;
  std::vector<FamilyName> family;
  std::vector<Governorate> governorates;
  std::vector<District> districts;
  std::vector<City> cities;
  std::vector<Entry> facilities;
  std::vector<Party> parties;
  WeightedSampler male_sampler;
  WeightedSampler female_sampler;
  WeightedSampler governorate_sampler;
  WeightedSampler facility_sampler;
  WeightedSampler party_sampler;
  int saydnaya = -1;  // index of the facility keyed "saydnaya", or -1
  int damascus_city = 0;
  int64_t rows_read = 0;
};

// Loads and cross-checks every table under `data_dir`.
Result<Tables> LoadTables(const std::string& data_dir);

// Splits `text` at every `separator`.
std::vector<std::string> Split(std::string_view text, char separator);

}  // namespace sijil::synth::internal

#endif  // SIJIL_SYNTH_INTERNAL_TABLES_H_
