// The --histories reader: a small, strict CSV dialect (comma separated, no
// quoting needed for 0/1 cells and list names; quotes around a header name are
// accepted). Every error names file, line and column.
#include <charconv>
#include <fstream>
#include <sstream>

#include "estimate/estimate.h"

namespace sijil::estimate {
namespace {

std::string Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return "";
  const size_t last = text.find_last_not_of(" \t\r");
  std::string cell(text.substr(first, last - first + 1));
  if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"')
    cell = cell.substr(1, cell.size() - 2);
  return cell;
}

std::vector<std::string> SplitCells(std::string_view line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    cells.push_back(
        Trim(line.substr(start, comma == std::string_view::npos ? comma : comma - start)));
    if (comma == std::string_view::npos) return cells;
    start = comma + 1;
  }
}

std::string Where(std::string_view file_name, int line, std::string_view column) {
  return std::string(file_name) + ":" + std::to_string(line) + ": column '" + std::string(column) +
         "'";
}

}  // namespace

Result<CaptureHistories> ParseHistoriesCsv(std::string_view text, std::string_view file_name) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  std::vector<std::string> header;
  int count_column = -1;
  CaptureHistories histories;
  int line_number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (Trim(line).empty()) continue;
    std::vector<std::string> cells = SplitCells(line);
    if (header.empty()) {
      header = std::move(cells);
      std::vector<std::string> lists;
      for (size_t column = 0; column < header.size(); ++column) {
        if (header[column] == "count") {
          if (count_column >= 0) {
            return InvalidArgumentError(std::string(file_name) + ":1: two 'count' columns");
          }
          count_column = static_cast<int>(column);
        } else {
          lists.push_back(header[column]);
        }
      }
      if (count_column < 0) {
        return InvalidArgumentError(std::string(file_name) +
                                    ":1: no 'count' column (expected one 0/1 column per list "
                                    "and a count column)");
      }
      Result<CaptureHistories> made = MakeHistories(std::move(lists));
      if (!made.ok()) return made.status().WithContext(std::string(file_name) + ":1");
      histories = std::move(made).value();
      continue;
    }
    if (cells.size() != header.size()) {
      return InvalidArgumentError(std::string(file_name) + ":" + std::to_string(line_number) +
                                  ": expected " + std::to_string(header.size()) + " cells, got " +
                                  std::to_string(cells.size()));
    }
    uint32_t pattern = 0;
    int64_t count = 0;
    int list_idx = 0;
    for (size_t column = 0; column < cells.size(); ++column) {
      const std::string& cell = cells[column];
      if (static_cast<int>(column) == count_column) {
        const auto [end_ptr, error] =
            std::from_chars(cell.data(), cell.data() + cell.size(), count);
        if (error != std::errc() || end_ptr != cell.data() + cell.size() || cell.empty() ||
            count < 0) {
          return InvalidArgumentError(Where(file_name, line_number, "count") + ": value '" + cell +
                                      "' is not a non-negative integer");
        }
        continue;
      }
      if (cell != "0" && cell != "1") {
        return InvalidArgumentError(Where(file_name, line_number, header[column]) + ": value '" +
                                    cell + "' is not 0 or 1");
      }
      if (cell == "1") pattern |= 1u << list_idx;
      ++list_idx;
    }
    if (pattern == 0) {
      if (count != 0) {
        return InvalidArgumentError(std::string(file_name) + ":" + std::to_string(line_number) +
                                    ": the pattern on no list has count " + std::to_string(count) +
                                    "; persons on no list cannot be observed (expected 0)");
      }
      continue;
    }
    RETURN_IF_ERROR(AddPattern(histories, pattern, count)
                        .WithContext(std::string(file_name) + ":" + std::to_string(line_number)));
  }
  if (header.empty()) return InvalidArgumentError(std::string(file_name) + ": the file is empty");
  return histories;
}

Result<CaptureHistories> ReadHistoriesFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return InvalidArgumentError(path + ": cannot open the file");
  std::ostringstream text;
  text << file.rdbuf();
  return ParseHistoriesCsv(text.str(), path);
}

}  // namespace sijil::estimate
