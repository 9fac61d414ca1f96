#include "synth/internal/tables.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>

namespace sijil::synth::internal {
namespace {

std::string Where(const TsvTable& table, size_t row) {
  return table.path + ":" + std::to_string(table.lines[row]);
}

Result<double> ParseWeight(const TsvTable& table, size_t row, size_t column) {
  const std::string& text = table.rows[row][column];
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !(value > 0)) {
    return InvalidArgumentError(Where(table, row) + ": column '" + table.header[column] +
                                "': expected a positive number, found '" + text + "'");
  }
  return value;
}

// Builds an Entry from the key/arabic/latin/weight columns (-1 = absent).
Result<Entry> MakeEntry(const TsvTable& table, size_t row, int key, int arabic, int latin,
                        int weight) {
  const std::vector<std::string>& cells = table.rows[row];
  Entry entry;
  if (key >= 0) entry.key = cells[key];
  entry.arabic = cells[arabic];
  for (std::string& spelling : Split(cells[latin], '|')) {
    if (!spelling.empty()) entry.latin.push_back(std::move(spelling));
  }
  if ((key >= 0 && entry.key.empty()) || entry.arabic.empty() || entry.latin.empty()) {
    return InvalidArgumentError(Where(table, row) +
                                ": expected a key, an Arabic form and at least one Latin spelling");
  }
  if (weight >= 0) {
    ASSIGN_OR_RETURN(entry.weight, ParseWeight(table, row, weight));
  }
  return entry;
}

Result<std::vector<Entry>> LoadNames(const std::string& path) {
  ASSIGN_OR_RETURN(TsvTable table, ReadTsv(path, {"arabic", "weight", "latin"}));
  std::vector<Entry> names;
  for (size_t row = 0; row < table.rows.size(); ++row) {
    ASSIGN_OR_RETURN(Entry entry, MakeEntry(table, row, -1, 0, 2, 1));
    names.push_back(std::move(entry));
  }
  return names;
}

WeightedSampler SamplerOf(const std::vector<Entry>& entries) {
  std::vector<double> weights;
  for (const Entry& entry : entries) weights.push_back(entry.weight);
  return WeightedSampler(weights);
}

Result<int> FindKey(const std::map<std::string, int>& keys, const std::string& key,
                    const TsvTable& table, size_t row, std::string_view what) {
  auto it = keys.find(key);
  if (it == keys.end()) {
    return InvalidArgumentError(Where(table, row) + ": unknown " + std::string(what) + " '" + key +
                                "'");
  }
  return it->second;
}

Status LoadPlaces(const std::string& dir, Tables& tables) {
  ASSIGN_OR_RETURN(TsvTable govs,
                   ReadTsv(dir + "/places/governorates.tsv",
                           {"governorate", "arabic", "latin", "population_k", "detention_factor"}));
  std::map<std::string, int> gov_keys;
  std::vector<double> gov_weights;
  for (size_t row = 0; row < govs.rows.size(); ++row) {
    ASSIGN_OR_RETURN(Entry entry, MakeEntry(govs, row, 0, 1, 2, 3));
    ASSIGN_OR_RETURN(double factor, ParseWeight(govs, row, 4));
    entry.weight *= factor;
    gov_weights.push_back(entry.weight);
    gov_keys[entry.key] = static_cast<int>(tables.governorates.size());
    tables.governorates.push_back({std::move(entry), {}, {}, {}, {}});
  }
  tables.governorate_sampler = WeightedSampler(gov_weights);

  ASSIGN_OR_RETURN(TsvTable districts,
                   ReadTsv(dir + "/places/districts.tsv",
                           {"governorate", "district", "arabic", "latin", "weight"}));
  std::map<std::string, int> district_keys;  // "governorate/district"
  for (size_t row = 0; row < districts.rows.size(); ++row) {
    ASSIGN_OR_RETURN(int gov,
                     FindKey(gov_keys, districts.rows[row][0], districts, row, "governorate"));
    ASSIGN_OR_RETURN(Entry entry, MakeEntry(districts, row, 1, 2, 3, 4));
    const int index = static_cast<int>(tables.districts.size());
    district_keys[districts.rows[row][0] + "/" + entry.key] = index;
    tables.governorates[gov].districts.push_back(index);
    tables.districts.push_back({std::move(entry), gov, {}, {}});
  }

  ASSIGN_OR_RETURN(TsvTable cities,
                   ReadTsv(dir + "/places/cities.tsv",
                           {"city", "arabic", "latin", "governorate", "district", "weight"}));
  for (size_t row = 0; row < cities.rows.size(); ++row) {
    const std::vector<std::string>& cells = cities.rows[row];
    ASSIGN_OR_RETURN(int gov, FindKey(gov_keys, cells[3], cities, row, "governorate"));
    ASSIGN_OR_RETURN(int district,
                     FindKey(district_keys, cells[3] + "/" + cells[4], cities, row, "district"));
    ASSIGN_OR_RETURN(Entry entry, MakeEntry(cities, row, 0, 1, 2, 5));
    const int index = static_cast<int>(tables.cities.size());
    if (entry.key == "Damascus") tables.damascus_city = index;
    tables.districts[district].cities.push_back(index);
    tables.cities.push_back({std::move(entry), gov, district});
  }
  for (District& district : tables.districts) {
    if (district.cities.empty()) {
      return InvalidArgumentError(dir + "/places/cities.tsv: district '" + district.entry.key +
                                  "' has no city");
    }
    std::vector<double> weights;
    for (int city : district.cities) weights.push_back(tables.cities[city].entry.weight);
    district.city_sampler = WeightedSampler(weights);
  }
  for (size_t gov = 0; gov < tables.governorates.size(); ++gov) {
    Governorate& governorate = tables.governorates[gov];
    if (governorate.districts.empty()) {
      return InvalidArgumentError(dir + "/places/districts.tsv: governorate '" +
                                  governorate.entry.key + "' has no district");
    }
    std::vector<double> weights;
    for (int district : governorate.districts) {
      weights.push_back(tables.districts[district].entry.weight);
    }
    governorate.district_sampler = WeightedSampler(weights);
    std::vector<double> city_weights;
    for (const City& city : tables.cities) {
      city_weights.push_back(city.governorate == static_cast<int>(gov) ? city.entry.weight : 0);
    }
    governorate.city_sampler = WeightedSampler(city_weights);
  }
  tables.rows_read += govs.rows.size() + districts.rows.size() + cities.rows.size();
  return OkStatus();
}

Status LoadFamily(const std::string& dir, Tables& tables) {
  ASSIGN_OR_RETURN(TsvTable table, ReadTsv(dir + "/names/family.tsv",
                                           {"arabic", "weight", "latin", "governorates"}));
  std::map<std::string, int> gov_keys;
  for (size_t gov = 0; gov < tables.governorates.size(); ++gov) {
    gov_keys[tables.governorates[gov].entry.key] = static_cast<int>(gov);
  }
  for (size_t row = 0; row < table.rows.size(); ++row) {
    ASSIGN_OR_RETURN(Entry entry, MakeEntry(table, row, -1, 0, 2, 1));
    FamilyName name{std::move(entry), std::vector<double>(tables.governorates.size(), 1.0)};
    for (const std::string& pair : Split(table.rows[row][3], '|')) {
      if (pair.empty()) continue;
      const size_t colon = pair.rfind(':');
      double bias = 0;
      const char* end = pair.data() + pair.size();
      if (colon == std::string::npos ||
          std::from_chars(pair.data() + colon + 1, end, bias).ptr != end || !(bias > 0)) {
        return InvalidArgumentError(Where(table, row) +
                                    ": column 'governorates': expected governorate:multiplier, "
                                    "found '" +
                                    pair + "'");
      }
      ASSIGN_OR_RETURN(int gov,
                       FindKey(gov_keys, pair.substr(0, colon), table, row, "governorate"));
      name.governorate_bias[gov] = bias;
    }
    tables.family.push_back(std::move(name));
  }
  for (size_t gov = 0; gov < tables.governorates.size(); ++gov) {
    std::vector<double> weights;
    for (const FamilyName& name : tables.family) {
      weights.push_back(name.entry.weight * name.governorate_bias[gov]);
    }
    tables.governorates[gov].family_sampler = WeightedSampler(weights);
  }
  tables.rows_read += table.rows.size();
  return OkStatus();
}

Status LoadDetention(const std::string& dir, Tables& tables) {
  ASSIGN_OR_RETURN(TsvTable facilities,
                   ReadTsv(dir + "/places/facilities.tsv",
                           {"facility", "arabic", "latin", "governorate", "weight"}));
  std::map<std::string, int> facility_keys, gov_keys;
  for (size_t gov = 0; gov < tables.governorates.size(); ++gov) {
    gov_keys[tables.governorates[gov].entry.key] = static_cast<int>(gov);
  }
  for (size_t row = 0; row < facilities.rows.size(); ++row) {
    RETURN_IF_ERROR(
        FindKey(gov_keys, facilities.rows[row][3], facilities, row, "governorate").status());
    ASSIGN_OR_RETURN(Entry entry, MakeEntry(facilities, row, 0, 1, 2, 4));
    facility_keys[entry.key] = static_cast<int>(tables.facilities.size());
    if (entry.key == "saydnaya") tables.saydnaya = static_cast<int>(tables.facilities.size());
    tables.facilities.push_back(std::move(entry));
  }
  tables.facility_sampler = SamplerOf(tables.facilities);

  ASSIGN_OR_RETURN(TsvTable parties, ReadTsv(dir + "/synth/arresting_parties.tsv",
                                             {"party", "arabic", "latin", "weight", "facilities"}));
  std::vector<double> weights;
  for (size_t row = 0; row < parties.rows.size(); ++row) {
    ASSIGN_OR_RETURN(Entry entry, MakeEntry(parties, row, 0, 1, 2, 3));
    Party party{std::move(entry), {}};
    for (const std::string& key : Split(parties.rows[row][4], '|')) {
      if (key.empty()) continue;
      ASSIGN_OR_RETURN(int facility, FindKey(facility_keys, key, parties, row, "facility"));
      party.facilities.push_back(facility);
    }
    weights.push_back(party.entry.weight);
    tables.parties.push_back(std::move(party));
  }
  tables.party_sampler = WeightedSampler(weights);
  tables.rows_read += facilities.rows.size() + parties.rows.size();
  return OkStatus();
}

}  // namespace

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

Result<TsvTable> ReadTsv(const std::string& path, const std::vector<std::string>& expected_header) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path + ": cannot open data table");
  TsvTable table;
  table.path = path;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells = Split(line, '\t');
    if (table.header.empty()) {
      if (cells != expected_header) {
        std::string expected;
        for (const std::string& name : expected_header)
          expected += (expected.empty() ? "" : ", ") + name;
        return InvalidArgumentError(path + ":" + std::to_string(line_number) +
                                    ": expected the header line: " + expected);
      }
      table.header = std::move(cells);
      continue;
    }
    if (cells.size() != table.header.size()) {
      return InvalidArgumentError(path + ":" + std::to_string(line_number) + ": expected " +
                                  std::to_string(table.header.size()) +
                                  " tab-separated columns, found " + std::to_string(cells.size()));
    }
    table.rows.push_back(std::move(cells));
    table.lines.push_back(line_number);
  }
  if (table.rows.empty()) return InvalidArgumentError(path + ": the table has no rows");
  return table;
}

Result<Tables> LoadTables(const std::string& data_dir) {
  Tables tables;
  ASSIGN_OR_RETURN(tables.male_given, LoadNames(data_dir + "/names/male_given.tsv"));
  ASSIGN_OR_RETURN(tables.female_given, LoadNames(data_dir + "/names/female_given.tsv"));
  tables.male_sampler = SamplerOf(tables.male_given);
  tables.female_sampler = SamplerOf(tables.female_given);
  tables.rows_read += tables.male_given.size() + tables.female_given.size();
  RETURN_IF_ERROR(LoadPlaces(data_dir, tables));
  RETURN_IF_ERROR(LoadFamily(data_dir, tables));
  RETURN_IF_ERROR(LoadDetention(data_dir, tables));
  return tables;
}

}  // namespace sijil::synth::internal
