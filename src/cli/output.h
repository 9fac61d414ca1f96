// Private to cli: printing tables for people and JSON for programs.
#ifndef SIJIL_CLI_OUTPUT_H_
#define SIJIL_CLI_OUTPUT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/import.h"
#include "store/store.h"

namespace sijil::cli {

// Prints rows as aligned columns; the first row is the header.
void PrintTable(const std::vector<std::vector<std::string>>& rows);
// Prints `json` indented, followed by a newline.
void PrintJson(const nlohmann::json& json);

nlohmann::json ImportReportJson(const ImportReport& report);
// Prints the human summary of an import (and its errors).
void PrintImportReport(const ImportReport& report);
nlohmann::json StoredRecordJson(const store::StoredRecord& stored, bool with_raw);

}  // namespace sijil::cli

#endif  // SIJIL_CLI_OUTPUT_H_
