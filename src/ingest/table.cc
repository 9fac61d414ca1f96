// OpenTable: format and encoding detection, then the reader for the format.
#include <algorithm>
#include <filesystem>

#include "ingest/internal/readers.h"
#include "text/text.h"

namespace sijil::ingest {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Format FormatFromExtension(std::string_view name) {
  const std::string extension = Lower(std::filesystem::path(name).extension().string());
  if (extension == ".csv" || extension == ".tsv" || extension == ".txt") return Format::kCsv;
  if (extension == ".xlsx") return Format::kXlsx;
  if (extension == ".json" || extension == ".ndjson" || extension == ".jsonl") return Format::kJson;
  return Format::kAuto;
}

Result<Format> SniffFormat(internal::ByteSource& source) {
  ASSIGN_OR_RETURN(std::string_view head, source.Peek(4096));
  if (head.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return Format::kXlsx;
  size_t first = head.find_first_not_of(" \t\r\n");
  if (head.substr(0, 3) == "\xEF\xBB\xBF") first = head.find_first_not_of(" \t\r\n", 3);
  if (first != std::string_view::npos && (head[first] == '[' || head[first] == '{')) {
    return Format::kJson;
  }
  return Format::kCsv;
}

Result<std::unique_ptr<TableReader>> Open(std::unique_ptr<internal::ByteSource> source,
                                          std::string name, const TableOptions& options) {
  Format format = options.format;
  if (format == Format::kAuto) format = FormatFromExtension(name);
  if (format == Format::kAuto) {
    ASSIGN_OR_RETURN(format, SniffFormat(*source));
  }
  switch (format) {
    case Format::kXlsx:
      return internal::OpenXlsx(std::move(source), std::move(name), options);
    case Format::kJson:
      return internal::OpenJson(std::move(source), std::move(name), options);
    default:
      return internal::OpenCsv(std::move(source), std::move(name), options);
  }
}

}  // namespace

Result<Format> ParseFormat(std::string_view name) {
  const std::string key = Lower(name);
  if (key == "auto") return Format::kAuto;
  if (key == "csv" || key == "tsv") return Format::kCsv;
  if (key == "xlsx") return Format::kXlsx;
  if (key == "json" || key == "ndjson") return Format::kJson;
  return InvalidArgumentError("unknown format '" + std::string(name) +
                              "' (expected auto, csv, xlsx or json)");
}

Result<Encoding> ParseEncoding(std::string_view name) {
  const std::string key = Lower(name);
  if (key == "auto") return Encoding::kAuto;
  if (key == "utf-8" || key == "utf8") return Encoding::kUtf8;
  if (key == "windows-1256" || key == "cp1256" || key == "windows1256") {
    return Encoding::kWindows1256;
  }
  return InvalidArgumentError("unknown encoding '" + std::string(name) +
                              "' (expected auto, utf-8 or windows-1256)");
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kAuto:
      return "auto";
    case Format::kCsv:
      return "csv";
    case Format::kXlsx:
      return "xlsx";
    case Format::kJson:
      return "json";
  }
  return "auto";
}

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kAuto:
      return "auto";
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kWindows1256:
      return "windows-1256";
  }
  return "auto";
}

Result<std::unique_ptr<TableReader>> OpenTable(const std::string& path,
                                               const TableOptions& options) {
  const std::string name = std::filesystem::path(path).filename().string();
  ASSIGN_OR_RETURN(std::unique_ptr<internal::ByteSource> source,
                   internal::ByteSource::OpenFile(path, name));
  return Open(std::move(source), name, options);
}

Result<std::unique_ptr<TableReader>> OpenTableFromBuffer(std::string data, std::string display_name,
                                                         const TableOptions& options) {
  return Open(internal::ByteSource::FromBuffer(std::move(data)), std::move(display_name), options);
}

namespace internal {

Status CheckHeader(std::string_view file, std::vector<std::string>* header) {
  for (size_t column = 0; column < header->size(); ++column) {
    std::string& name = (*header)[column];
    const size_t first = name.find_first_not_of(" \t\r\n");
    const size_t last = name.find_last_not_of(" \t\r\n");
    name = first == std::string::npos ? "" : name.substr(first, last - first + 1);
    if (name.empty()) name = "column_" + std::to_string(column + 1);
    if (!text::IsValidUtf8(name)) {
      return InvalidArgumentError(std::string(file) + ": header of column " +
                                  std::to_string(column + 1) + " is not valid UTF-8");
    }
  }
  for (size_t column = 0; column < header->size(); ++column) {
    for (size_t earlier = 0; earlier < column; ++earlier) {
      if ((*header)[earlier] == (*header)[column]) {
        return InvalidArgumentError(std::string(file) + ": columns " + std::to_string(earlier + 1) +
                                    " and " + std::to_string(column + 1) + " are both named '" +
                                    (*header)[column] + "' (expected unique column names)");
      }
    }
  }
  return OkStatus();
}

}  // namespace internal
}  // namespace sijil::ingest
