#include "cli/output.h"

#include <algorithm>
#include <iostream>

namespace sijil::cli {
namespace {

// Counts code points, which is what a terminal column roughly is.
size_t DisplayWidth(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string_view OutcomeName(ImportOutcome outcome) {
  switch (outcome) {
    case ImportOutcome::kImported:
      return "imported";
    case ImportOutcome::kAlreadyImported:
      return "already_imported";
    case ImportOutcome::kRejected:
      return "rejected";
    case ImportOutcome::kDryRun:
      return "dry_run";
  }
  return "unknown";
}

nlohmann::json PairsObject(const std::vector<Attribute>& pairs) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [name, value] : pairs) object[name] = value;
  return object;
}

}  // namespace

void PrintTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - DisplayWidth(row[i]) + 2, ' ');
    }
    std::cout << line << "\n";
  }
}

void PrintJson(const nlohmann::json& json) {
  std::cout << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

nlohmann::json ImportReportJson(const ImportReport& report) {
  nlohmann::json json = {
      {"status", OutcomeName(report.outcome)},
      {"source", report.source},
      {"file", report.file},
      {"sha256", report.sha256},
      {"format", report.format},
      {"encoding", report.encoding},
      {"import_id", report.import_id},
      {"rows_read", report.rows_read},
      {"inserted", report.inserted},
      {"updated", report.updated},
      {"unchanged", report.unchanged},
      {"rejected", report.rejected},
      {"errors", report.errors},
  };
  if (!report.rejects_file.empty()) {
    json["rejects_file"] = report.rejects_file;
    json["report_file"] = report.report_file;
  }
  return json;
}

void PrintImportReport(const ImportReport& report) {
  for (const std::string& error : report.errors) std::cerr << error << "\n";
  if (report.rejected > static_cast<int64_t>(report.errors.size())) {
    std::cerr << "... " << report.rejected << " invalid rows in all\n";
  }
  switch (report.outcome) {
    case ImportOutcome::kAlreadyImported:
      std::cout << report.file << ": already imported into '" << report.source << "' (import #"
                << report.import_id << ", sha256 " << report.sha256.substr(0, 12)
                << "); nothing to do\n";
      return;
    case ImportOutcome::kRejected:
      std::cout << report.file << ": rejected: " << report.rejected << " of " << report.rows_read
                << " rows are invalid; nothing was written (fix them, or use --skip-invalid)\n";
      return;
    case ImportOutcome::kDryRun:
      std::cout << report.file << ": dry run: " << report.rows_read << " rows, would insert "
                << report.inserted << ", update " << report.updated << ", leave "
                << report.unchanged << " unchanged; " << report.rejected
                << " invalid; nothing was written\n";
      return;
    case ImportOutcome::kImported:
      break;
  }
  std::cout << report.file << " -> '" << report.source << "' (import #" << report.import_id << ", "
            << report.format << ", " << report.encoding << "): " << report.rows_read << " rows, "
            << report.inserted << " inserted, " << report.updated << " updated, "
            << report.unchanged << " unchanged, " << report.rejected << " rejected\n";
  if (!report.rejects_file.empty()) {
    std::cout << "rejected rows: " << report.rejects_file << " (why: " << report.report_file
              << ")\n";
  }
}

nlohmann::json StoredRecordJson(const store::StoredRecord& stored, bool with_raw) {
  nlohmann::json json = {{"source", stored.source},
                         {"version", stored.version},
                         {"import_id", stored.import_id.value},
                         {"current", stored.current}};
  for (Field field : AllFields()) json[std::string(FieldName(field))] = stored.record.Get(field);
  json["sensitivity"] = SensitivityName(stored.record.sensitivity);
  json["extra"] = PairsObject(stored.record.extra);
  if (with_raw) json["raw"] = PairsObject(stored.record.raw);
  return json;
}

}  // namespace sijil::cli
