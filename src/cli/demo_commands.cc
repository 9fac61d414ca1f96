// generate and demo.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/custody.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "store/store.h"
#include "synth/synth.h"

namespace sijil::cli {
namespace {

Result<synth::GenerateSummary> GenerateLists(const synth::GenerateOptions& options) {
  ProgressBar bar("generate");
  Result<synth::GenerateSummary> summary =
      synth::Generate(options, [&bar](double fraction) { bar.Update(fraction); });
  bar.Finish();
  return summary;
}

// Writes a fresh random key file readable by its owner only: the demo's
// vault key, sealing the lists' confidential notes.
Status WriteDemoKeyFile(const std::string& path) {
  std::filesystem::remove(path);
  std::ofstream out(path, std::ios::binary);
  out << vault::SecretKey::Random().view();
  out.close();
  if (!out) return InvalidArgumentError(path + ": cannot write the demo's key file");
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return OkStatus();
}

std::string ListFile(const std::string& dir, int list) {
  return (std::filesystem::path(dir) / ("list_" + std::to_string(list) + ".csv")).string();
}

}  // namespace

std::string DefaultDataDir() {
  const char* env = std::getenv("SIJIL_DATA_DIR");
  if (env != nullptr && *env != '\0') return env;
  return SIJIL_DATA_DIR;
}

Status RunGenerate(const GlobalOptions& global, const GenerateOptions& options) {
  ASSIGN_OR_RETURN(synth::GenerateSummary summary,
                   GenerateLists({options.persons, options.lists, options.seed,
                                  options.data_dir.empty() ? DefaultDataDir() : options.data_dir,
                                  options.out_dir}));
  if (global.json) {
    PrintJson({{"true_population", summary.true_population},
               {"observed_persons", summary.observed_persons},
               {"records_per_list", summary.records_per_list},
               {"files", summary.files}});
    return OkStatus();
  }
  std::cout << "generated " << summary.lists << " lists from a population of "
            << summary.true_population << " (" << summary.observed_persons
            << " on at least one list) in " << options.out_dir << "\n";
  for (const std::string& file : summary.files) std::cout << "  " << file << "\n";
  return OkStatus();
}

Status RunDemo(const GlobalOptions& global, const DemoOptions& options) {
  const std::filesystem::path dir(options.dir);
  const std::string lists_dir = (dir / "lists").string();
  ASSIGN_OR_RETURN(
      synth::GenerateSummary summary,
      GenerateLists({options.persons, options.lists, options.seed,
                     options.data_dir.empty() ? DefaultDataDir() : options.data_dir, lists_dir}));
  // The demo database is the demo's own: start it fresh each time.
  const std::string db = (dir / "sijil.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, store::OpenSqliteStore(db));
  const std::string key_file = (dir / "vault.key").string();
  RETURN_IF_ERROR(WriteDemoKeyFile(key_file));
  ASSIGN_OR_RETURN(const vault::ValueCipher cipher,
                   UnlockDataKey(*store, {.key_file = key_file}, /*create=*/true));
  std::vector<ImportReport> reports;
  for (int list = 1; list <= summary.lists; ++list) {
    ImportRequest request;
    request.unlock_data_key = [&cipher] { return cipher; };
    request.path = ListFile(lists_dir, list);
    request.source = "list_" + std::to_string(list);
    ProgressBar bar("import " + request.source);
    ASSIGN_OR_RETURN(ImportReport report,
                     ImportFile(*store, request, [&bar](double fraction, int64_t rows) {
                       bar.Update(fraction, std::to_string(rows) + " rows");
                     }));
    bar.Finish();
    if (report.outcome != ImportOutcome::kImported) {
      for (const std::string& error : report.errors) std::cerr << error << "\n";
      return InternalError(request.path + ": generated list was not imported");
    }
    reports.push_back(std::move(report));
  }
  ASSIGN_OR_RETURN(std::vector<store::SourceInfo> sources,
                   store->ListSources(Sensitivity::kConfidential));
  int64_t total = 0;
  for (const store::SourceInfo& source : sources) total += source.records;
  ASSIGN_OR_RETURN(LinkOutcome linked, LinkStore(*store, LinkageOptions{}));
  if (global.json) {
    nlohmann::json imports = nlohmann::json::array();
    for (const ImportReport& report : reports) imports.push_back(ImportReportJson(report));
    PrintJson({{"db", db},
               {"true_population", summary.true_population},
               {"observed_persons", summary.observed_persons},
               {"records", total},
               {"key_file", key_file},
               {"imports", imports},
               {"link", LinkOutcomeJson(linked)}});
    return OkStatus();
  }
  std::cout << "Sijil demo: " << summary.lists << " synthetic lists in " << lists_dir << "\n\n";
  std::vector<std::vector<std::string>> rows = {{"source", "records", "file"}};
  for (size_t i = 0; i < sources.size() && i < reports.size(); ++i) {
    rows.push_back({sources[i].name, std::to_string(sources[i].records), reports[i].file});
  }
  PrintTable(rows);
  std::cout << "\n" << total << " records imported into " << db << "\n\n";
  PrintLinkOutcome(linked);
  std::cout << "\n"
            << linked.run.persons << " unique persons found in " << total << " records\n"
            << "hidden truth: " << summary.true_population << " detainees, "
            << summary.observed_persons << " of them on at least one list\n"
            << "try: build/sijil --db " << db << " link evaluate --truth "
            << (std::filesystem::path(lists_dir) / "truth.csv").string() << "\n"
            << "     build/sijil --db " << db << " review list\n"
            << "     build/sijil --db " << db << " serve --key-file " << key_file
            << "   (the key file opens the sealed notes)\n";
  return OkStatus();
}

}  // namespace sijil::cli
