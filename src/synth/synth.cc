#include "synth/synth.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/csv_writer.h"
#include "core/partial_date.h"
#include "synth/internal/lists.h"
#include "synth/internal/population.h"
#include "synth/internal/tables.h"

namespace sijil::synth {
namespace {

using internal::Date;
using internal::ListSpec;
using internal::Person;
using internal::Rng;
using internal::RowRenderer;
using internal::Tables;

// Progress milestones: population, lists, then the truth-side files.
constexpr double kPopulationShare = 0.2;
constexpr double kListsShare = 0.7;
constexpr uint64_t kPopulationStream = 1;
constexpr uint64_t kListStreamBase = 1000;

// An output file with a large buffer; rows go straight to disk.
class OutputFile {
 public:
  explicit OutputFile(std::string path) : path_(std::move(path)), buffer_(1 << 20) {
    out_.rdbuf()->pubsetbuf(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    out_.open(path_, std::ios::binary | std::ios::trunc);
  }
  std::ostream& stream() { return out_; }
  const std::string& path() const { return path_; }
  Status Close() {
    out_.close();
    if (!out_) return InternalError(path_ + ": cannot write the file");
    return OkStatus();
  }

 private:
  std::string path_;
  std::vector<char> buffer_;
  std::ofstream out_;
};

std::string PersonId(int64_t index) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "P%07lld", static_cast<long long>(index + 1));
  return buffer;
}

std::string IsoDate(Date date) {
  if (!date.known()) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

Status Validate(const GenerateOptions& options) {
  if (options.persons < 1) {
    return InvalidArgumentError("persons must be at least 1, got " +
                                std::to_string(options.persons));
  }
  if (options.lists < 2 || options.lists > kMaxLists) {
    return InvalidArgumentError("lists must be between 2 and " + std::to_string(kMaxLists) +
                                ", got " + std::to_string(options.lists));
  }
  if (options.out_dir.empty()) return InvalidArgumentError("no output folder given");
  return OkStatus();
}

// Draws who is on list `spec` (setting bit index-1 of `masks`), shuffles the
// rows and writes them, with their truth rows.
Result<int64_t> WriteList(const Tables& tables, const std::vector<Person>& persons,
                          const ListSpec& spec, Rng& rng, const std::string& path, CsvWriter& truth,
                          std::vector<uint32_t>& masks,
                          const std::function<void(double)>& progress) {
  std::vector<int32_t> rows;
  for (size_t person = 0; person < persons.size(); ++person) {
    if (!rng.Bernoulli(internal::CaptureProbability(spec, persons[person]))) continue;
    masks[person] |= 1u << (spec.index - 1);
    rows.push_back(static_cast<int32_t>(person));
    if (rng.Bernoulli(spec.duplicate_rate)) rows.push_back(static_cast<int32_t>(person));
  }
  rng.Shuffle(rows);

  OutputFile file(path);
  CsvWriter writer(file.stream());
  RowRenderer renderer(tables, spec);
  writer.WriteRow(renderer.Header());
  std::vector<std::string> cells;
  for (size_t row = 0; row < rows.size(); ++row) {
    const Person& person = persons[rows[row]];
    const std::string record_id = renderer.RecordId(static_cast<int64_t>(row), person);
    renderer.Render(person, record_id, rng, cells);
    writer.WriteRow(cells);
    truth.WriteRow({spec.name, record_id, PersonId(rows[row])});
    if (progress && (row & 0x3fff) == 0) progress(static_cast<double>(row) / rows.size());
  }
  RETURN_IF_ERROR(file.Close());
  return static_cast<int64_t>(rows.size());
}

// Writes one row per observed capture pattern with its count.
Result<int64_t> WriteHistories(const std::vector<uint32_t>& masks, int lists,
                               const std::string& path) {
  std::map<std::vector<std::string>, int64_t> counts;  // ordered: stable output
  int64_t observed = 0;
  std::vector<std::string> pattern(lists);
  for (uint32_t mask : masks) {
    if (mask == 0) continue;
    ++observed;
    for (int list = 0; list < lists; ++list) pattern[list] = (mask >> list) & 1 ? "1" : "0";
    ++counts[pattern];
  }
  OutputFile file(path);
  CsvWriter writer(file.stream());
  std::vector<std::string> row;
  for (int list = 1; list <= lists; ++list) row.push_back("list_" + std::to_string(list));
  row.push_back("count");
  writer.WriteRow(row);
  for (auto it = counts.rbegin(); it != counts.rend(); ++it) {
    row = it->first;
    row.push_back(std::to_string(it->second));
    writer.WriteRow(row);
  }
  RETURN_IF_ERROR(file.Close());
  return observed;
}

std::string LatinFullName(const Tables& tables, const Person& person) {
  const auto& given = person.sex == Sex::kMale ? tables.male_given : tables.female_given;
  return given[person.given].latin[0] + " " + tables.male_given[person.father].latin[0] + " " +
         tables.family[person.family].entry.latin[0];
}

Status WritePopulation(const Tables& tables, const std::vector<Person>& persons,
                       const std::vector<uint32_t>& masks, int lists, const std::string& path) {
  OutputFile file(path);
  CsvWriter writer(file.stream());
  writer.WriteRow({"person_id",   "given_name",  "father_name",  "grandfather_name", "family_name",
                   "mother_name", "sex",         "birth_date",   "governorate",      "district",
                   "city",        "arrest_date", "arrest_place", "arresting_party",  "facility",
                   "status",      "status_date", "visibility",   "relative_of",      "name_latin",
                   "lists"});
  std::vector<std::string> row(21);
  char visibility[32];
  for (size_t index = 0; index < persons.size(); ++index) {
    const Person& p = persons[index];
    const auto& given = p.sex == Sex::kMale ? tables.male_given : tables.female_given;
    std::snprintf(visibility, sizeof visibility, "%.4f", static_cast<double>(p.visibility));
    std::string on_lists;
    for (int list = 0; list < lists; ++list) {
      if ((masks[index] >> list) & 1) {
        on_lists += (on_lists.empty() ? "list_" : "|list_") + std::to_string(list + 1);
      }
    }
    row = {PersonId(static_cast<int64_t>(index)),
           given[p.given].arabic,
           tables.male_given[p.father].arabic,
           tables.male_given[p.grandfather].arabic,
           tables.family[p.family].entry.arabic,
           tables.female_given[p.mother_given].arabic + " " +
               tables.family[p.mother_family].entry.arabic,
           std::string(SexCode(p.sex)),
           IsoDate(p.birth),
           tables.governorates[p.governorate].entry.key,
           tables.districts[p.district].entry.key,
           tables.cities[p.city].entry.key,
           IsoDate(p.arrest),
           tables.cities[p.arrest_city].entry.key,
           tables.parties[p.party].entry.key,
           tables.facilities[p.facility].key,
           std::string(VictimStatusName(p.status)),
           IsoDate(p.status_date),
           visibility,
           p.relative_of >= 0 ? PersonId(p.relative_of) : "",
           LatinFullName(tables, p),
           std::move(on_lists)};
    writer.WriteRow(row);
  }
  return file.Close();
}

Status WriteSummary(const GenerateOptions& options, const GenerateSummary& summary,
                    const std::vector<ListSpec>& specs, const std::string& path) {
  nlohmann::json lists = nlohmann::json::array();
  for (size_t list = 0; list < specs.size(); ++list) {
    lists.push_back({{"name", specs[list].name},
                     {"records", summary.records_per_list[list]},
                     {"style", std::string(internal::StyleName(specs[list].style))}});
  }
  const nlohmann::json json = {{"true_population", summary.true_population},
                               {"lists", lists},
                               {"observed_persons", summary.observed_persons},
                               {"seed", options.seed}};
  OutputFile file(path);
  file.stream() << json.dump(2) << "\n";
  return file.Close();
}

}  // namespace

Result<GenerateSummary> Generate(const GenerateOptions& options,
                                 const std::function<void(double)>& progress) {
  RETURN_IF_ERROR(Validate(options));
  ASSIGN_OR_RETURN(Tables tables, internal::LoadTables(options.data_dir));
  std::error_code error;
  std::filesystem::create_directories(options.out_dir, error);
  if (error) {
    return InternalError(options.out_dir + ": cannot create the output folder: " + error.message());
  }
  const std::filesystem::path dir(options.out_dir);
  auto report = [&progress](double fraction) {
    if (progress) progress(fraction);
  };

  Rng population_rng = Rng::Stream(options.seed, kPopulationStream);
  const std::vector<Person> persons =
      internal::DrawPopulation(tables, options.persons, population_rng,
                               [&report](double fraction) { report(kPopulationShare * fraction); });

  GenerateSummary summary;
  summary.true_population = options.persons;
  summary.lists = options.lists;
  std::vector<uint32_t> masks(persons.size(), 0);
  std::vector<ListSpec> specs;
  OutputFile truth_file((dir / "truth.csv").string());
  CsvWriter truth(truth_file.stream());
  truth.WriteRow({"source", "record_id", "person_id"});
  for (int list = 1; list <= options.lists; ++list) {
    Rng rng = Rng::Stream(options.seed, kListStreamBase + list);
    specs.push_back(internal::MakeListSpec(list, tables, rng));
    const std::string path = (dir / (specs.back().name + ".csv")).string();
    ASSIGN_OR_RETURN(
        int64_t records,
        WriteList(tables, persons, specs.back(), rng, path, truth, masks, [&](double fraction) {
          report(kPopulationShare + kListsShare * (list - 1 + fraction) / options.lists);
        }));
    summary.records_per_list.push_back(records);
    summary.files.push_back(path);
  }
  RETURN_IF_ERROR(truth_file.Close());
  summary.files.push_back(truth_file.path());

  const std::string histories = (dir / "histories.csv").string();
  ASSIGN_OR_RETURN(summary.observed_persons, WriteHistories(masks, options.lists, histories));
  summary.files.push_back(histories);
  report(kPopulationShare + kListsShare);
  const std::string population = (dir / "population.csv").string();
  RETURN_IF_ERROR(WritePopulation(tables, persons, masks, options.lists, population));
  summary.files.push_back(population);
  const std::string summary_path = (dir / "summary.json").string();
  RETURN_IF_ERROR(WriteSummary(options, summary, specs, summary_path));
  summary.files.push_back(summary_path);
  report(1.0);
  return summary;
}

Result<int64_t> CheckTables(const std::string& data_dir) {
  ASSIGN_OR_RETURN(Tables tables, internal::LoadTables(data_dir));
  return tables.rows_read;
}

}  // namespace sijil::synth
