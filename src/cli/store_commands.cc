// init, import, sources, imports, records.
#include <iostream>

#include "cli/commands.h"
#include "cli/custody.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "store/store.h"

namespace sijil::cli {

namespace {

std::string NameOf(const Record& record) {
  if (!record.full_name.empty()) return record.full_name;
  std::string name;
  for (const std::string* part :
       {&record.given_name, &record.father_name, &record.grandfather_name, &record.family_name}) {
    if (part->empty()) continue;
    if (!name.empty()) name.push_back(' ');
    name += *part;
  }
  return name;
}

void PrintRecords(const std::vector<store::StoredRecord>& records, bool with_version) {
  std::vector<std::vector<std::string>> rows = {
      {"source", "record_id", "name", "sex", "born", "governorate", "arrested", "status"}};
  if (with_version) rows[0].push_back("version");
  for (const store::StoredRecord& stored : records) {
    const Record& r = stored.record;
    rows.push_back({stored.source, r.record_id, NameOf(r), r.Get(Field::kSex),
                    r.Get(Field::kBirthDate), r.governorate, r.Get(Field::kArrestDate),
                    r.Get(Field::kStatus)});
    if (with_version) rows.back().push_back(std::to_string(stored.version));
  }
  PrintTable(rows);
}

}  // namespace

Result<std::unique_ptr<store::Store>> OpenExistingStore(const GlobalOptions& global) {
  Result<std::unique_ptr<store::Store>> store =
      store::OpenSqliteStore(global.db, store::OpenMode::kMustExist);
  if (store.status().code() == StatusCode::kNotFound) {
    return NotFoundError("no Sijil database at " + global.db + " (run `sijil init` first)");
  }
  return store;
}

Status RunInit(const GlobalOptions& global) {
  const bool existed = store::OpenSqliteStore(global.db, store::OpenMode::kMustExist).ok();
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, store::OpenSqliteStore(global.db));
  ASSIGN_OR_RETURN(int version, store->SchemaVersion());
  if (global.json) {
    PrintJson({{"db", global.db}, {"schema_version", version}, {"created", !existed}});
  } else {
    std::cout << (existed ? "already initialised: " : "initialised: ") << global.db
              << " (schema version " << version << ")\n";
  }
  return OkStatus();
}

Status RunImport(const GlobalOptions& global, ImportRequest request, const std::string& key_file) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  const KeyOptions key{.key_file = key_file};
  if (KeyGiven(key)) {
    request.unlock_data_key = [&store, key] { return UnlockDataKey(*store, key, /*create=*/true); };
  }
  ProgressBar bar("import " + request.path);
  ASSIGN_OR_RETURN(ImportReport report,
                   ImportFile(*store, request, [&bar](double fraction, int64_t rows) {
                     bar.Update(fraction, std::to_string(rows) + " rows");
                   }));
  bar.Finish();
  if (global.json) {
    PrintJson(ImportReportJson(report));
  } else {
    PrintImportReport(report);
  }
  const bool invalid = report.rejected > 0 && !request.skip_invalid;
  if (report.outcome == ImportOutcome::kRejected || invalid) {
    return InvalidArgumentError(request.path + ": " + std::to_string(report.rejected) +
                                " invalid rows; the import was rejected and nothing was written");
  }
  return OkStatus();
}

Status RunSources(const GlobalOptions& global) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(std::vector<store::SourceInfo> sources,
                   store->ListSources(Sensitivity::kConfidential));
  if (global.json) {
    nlohmann::json json = nlohmann::json::array();
    for (const store::SourceInfo& source : sources) {
      json.push_back({{"name", source.name},
                      {"records", source.records},
                      {"imports", source.imports},
                      {"created_at", source.created_at}});
    }
    PrintJson(json);
    return OkStatus();
  }
  std::vector<std::vector<std::string>> rows = {{"source", "records", "imports", "created"}};
  for (const store::SourceInfo& source : sources) {
    rows.push_back({source.name, std::to_string(source.records), std::to_string(source.imports),
                    source.created_at});
  }
  PrintTable(rows);
  return OkStatus();
}

Status RunImports(const GlobalOptions& global, const std::string& source) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(std::vector<store::ImportInfo> imports, store->ListImports(source));
  if (global.json) {
    nlohmann::json json = nlohmann::json::array();
    for (const store::ImportInfo& i : imports) {
      json.push_back({{"id", i.id.value},
                      {"source", i.source},
                      {"file", i.file_name},
                      {"sha256", i.file_sha256},
                      {"format", i.format},
                      {"encoding", i.encoding},
                      {"started_at", i.started_at},
                      {"finished_at", i.finished_at},
                      {"inserted", i.rows_inserted},
                      {"updated", i.rows_updated},
                      {"unchanged", i.rows_unchanged},
                      {"rejected", i.rows_rejected},
                      {"column_mapping", i.column_mapping}});
    }
    PrintJson(json);
    return OkStatus();
  }
  std::vector<std::vector<std::string>> rows = {{"id", "source", "file", "sha256", "finished",
                                                 "inserted", "updated", "unchanged", "rejected"}};
  for (const store::ImportInfo& i : imports) {
    rows.push_back({std::to_string(i.id.value), i.source, i.file_name, i.file_sha256.substr(0, 12),
                    i.finished_at, std::to_string(i.rows_inserted), std::to_string(i.rows_updated),
                    std::to_string(i.rows_unchanged), std::to_string(i.rows_rejected)});
  }
  PrintTable(rows);
  return OkStatus();
}

Status RunRecords(const GlobalOptions& global, const RecordsOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  std::vector<store::StoredRecord> records;
  const bool history = !options.history.empty();
  if (history) {
    if (options.source.empty()) return InvalidArgumentError("--history needs --source");
    ASSIGN_OR_RETURN(records, store->RecordVersions(options.source, options.history));
  } else {
    ASSIGN_OR_RETURN(records, store->ListRecords({options.source, options.limit, options.offset}));
  }
  ASSIGN_OR_RETURN(std::string note, RevealSealedValues(*store, {.key_file = options.key_file},
                                                        "sijil records", &records));
  if (!note.empty()) std::cerr << "note: " << note << "\n";
  if (global.json) {
    nlohmann::json json = nlohmann::json::array();
    for (const store::StoredRecord& stored : records) {
      json.push_back(StoredRecordJson(stored, options.raw));
    }
    PrintJson(json);
    return OkStatus();
  }
  PrintRecords(records, history);
  return OkStatus();
}

}  // namespace sijil::cli
