// XLSX (Office Open XML spreadsheets): libzip opens the package, expat
// streams the chosen sheet, so only shared strings are held in memory.
#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <map>
#include <unordered_set>

#include "ingest/internal/readers.h"

namespace sijil::ingest::internal {
namespace {

constexpr uint64_t kMaxPartBytes = uint64_t{1} << 30;  // refuses zip bombs
constexpr size_t kSheetChunk = 1 << 16;

std::string_view LocalName(const XML_Char* name) {
  std::string_view view(name);
  const size_t colon = view.rfind(':');
  return colon == std::string_view::npos ? view : view.substr(colon + 1);
}

const XML_Char* Attribute(const XML_Char** attributes, std::string_view wanted) {
  for (int i = 0; attributes[i] != nullptr; i += 2) {
    if (LocalName(attributes[i]) == wanted) return attributes[i + 1];
  }
  return nullptr;
}

// Calls back for each element start and end with the text collected inside.
class XmlParser {
 public:
  using StartFn = std::function<void(std::string_view, const XML_Char**)>;
  using EndFn = std::function<void(std::string_view, const std::string& text)>;

  XmlParser(StartFn start, EndFn end) : start_(std::move(start)), end_(std::move(end)) {
    parser_ = XML_ParserCreate(nullptr);
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &XmlParser::OnStart, &XmlParser::OnEnd);
    XML_SetCharacterDataHandler(parser_, &XmlParser::OnText);
  }
  ~XmlParser() { XML_ParserFree(parser_); }
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  Status Feed(std::string_view data, bool last, const std::string& where) {
    if (XML_Parse(parser_, data.data(), static_cast<int>(data.size()), last ? 1 : 0) ==
        XML_STATUS_ERROR) {
      return InvalidArgumentError(where + ": malformed XML at line " +
                                  std::to_string(XML_GetCurrentLineNumber(parser_)) + ": " +
                                  XML_ErrorString(XML_GetErrorCode(parser_)));
    }
    return OkStatus();
  }

 private:
  static void OnStart(void* self, const XML_Char* name, const XML_Char** attributes) {
    auto* parser = static_cast<XmlParser*>(self);
    parser->text_.clear();
    parser->start_(LocalName(name), attributes);
  }
  static void OnEnd(void* self, const XML_Char* name) {
    auto* parser = static_cast<XmlParser*>(self);
    parser->end_(LocalName(name), parser->text_);
    parser->text_.clear();
  }
  static void OnText(void* self, const XML_Char* text, int length) {
    static_cast<XmlParser*>(self)->text_.append(text, static_cast<size_t>(length));
  }

  XML_Parser parser_;
  StartFn start_;
  EndFn end_;
  std::string text_;
};

// Converts an Excel serial day number to an ISO date.
std::string SerialToIsoDate(double serial, bool date1904) {
  int64_t days = static_cast<int64_t>(std::floor(serial));
  // To days since 1970-01-01; Excel's 1900 system counts a 29 Feb 1900 that never was.
  if (date1904) {
    days += -24107;
  } else {
    days += days < 60 ? -25568 : -25569;
  }
  const CivilDate date = CivilFromDays(days);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year % 10000, date.month, date.day);
  return buffer;
}

bool IsDateFormat(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return true;
  bool quoted = false;
  for (char c : code) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == 'd' || c == 'D' || c == 'y' || c == 'Y')) return true;
  }
  return false;
}

// Column index from a cell reference such as "C7" (0-based), or -1.
int64_t ColumnOf(std::string_view ref) {
  int64_t column = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 4; ++i) {
    column = column * 26 + (ref[i] - 'A' + 1);
  }
  return i == 0 ? -1 : column - 1;
}

class XlsxReader : public TableReader {
 public:
  XlsxReader(std::string name, std::string data) : name_(std::move(name)), data_(std::move(data)) {}
  ~XlsxReader() override {
    if (sheet_ != nullptr) zip_fclose(sheet_);
    if (zip_ != nullptr) zip_discard(zip_);
  }

  Status Init(const std::string& wanted_sheet) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(data_.data(), data_.size(), 0, &error);
    if (source != nullptr) zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (zip_ == nullptr) {
      if (source != nullptr) zip_source_free(source);
      zip_error_fini(&error);
      return InvalidArgumentError(name_ + ": not an XLSX file (cannot open it as a zip package)");
    }
    zip_error_fini(&error);
    ASSIGN_OR_RETURN(std::string sheet_path, FindSheet(wanted_sheet));
    RETURN_IF_ERROR(LoadSharedStrings());
    RETURN_IF_ERROR(LoadStyles());
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(zip_, sheet_path.c_str(), 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE) != 0) {
      sheet_size_ = stat.size;
    }
    sheet_ = zip_fopen(zip_, sheet_path.c_str(), 0);
    if (sheet_ == nullptr) return InvalidArgumentError(name_ + ": missing part " + sheet_path);
    sheet_part_ = sheet_path;
    sheet_parser_ = std::make_unique<XmlParser>(
        [this](std::string_view element, const XML_Char** attributes) {
          OnSheetStart(element, attributes);
        },
        [this](std::string_view element, const std::string& text) { OnSheetEnd(element, text); });
    TableRow row;
    while (true) {
      ASSIGN_OR_RETURN(bool more, NextRaw(&row));
      if (!more)
        return InvalidArgumentError(name_ + ": the sheet is empty (expected a header row)");
      if (std::any_of(row.cells.begin(), row.cells.end(),
                      [](const std::string& c) { return !c.empty(); }))
        break;
    }
    while (!row.cells.empty() && row.cells.back().empty()) row.cells.pop_back();
    header_ = std::move(row.cells);
    return CheckHeader(name_, &header_);
  }

  const std::vector<std::string>& header() const override { return header_; }
  double Progress() const override {
    return sheet_size_ == 0
               ? 1.0
               : std::min(1.0, static_cast<double>(sheet_read_) / static_cast<double>(sheet_size_));
  }
  Format format() const override { return Format::kXlsx; }
  Encoding encoding() const override { return Encoding::kUtf8; }

  Result<bool> Next(TableRow* row) override {
    while (true) {
      ASSIGN_OR_RETURN(bool more, NextRaw(row));
      if (!more) return false;
      const bool empty = std::all_of(row->cells.begin(), row->cells.end(),
                                     [](const std::string& c) { return c.empty(); });
      if (empty) continue;
      if (row->cells.size() < header_.size()) row->cells.resize(header_.size());
      // Trailing empty cells beyond the header are formatting, not data.
      while (row->cells.size() > header_.size() && row->cells.back().empty()) row->cells.pop_back();
      return true;
    }
  }

 private:
  Result<std::string> ReadPart(const std::string& part, bool required) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(zip_, part.c_str(), 0, &stat) != 0) {
      if (required) return InvalidArgumentError(name_ + ": missing part " + part);
      return std::string();
    }
    if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > kMaxPartBytes) {
      return ResourceExhaustedError(name_ + ": part " + part + " is larger than 1 GiB");
    }
    zip_file_t* file = zip_fopen(zip_, part.c_str(), 0);
    if (file == nullptr) return InvalidArgumentError(name_ + ": cannot read part " + part);
    std::string content;
    char buffer[kSheetChunk];
    zip_int64_t got = 0;
    while ((got = zip_fread(file, buffer, sizeof buffer)) > 0) {
      content.append(buffer, static_cast<size_t>(got));
      if (content.size() > kMaxPartBytes) break;
    }
    zip_fclose(file);
    if (got < 0) return InvalidArgumentError(name_ + ": corrupt part " + part);
    if (content.size() > kMaxPartBytes) {
      return ResourceExhaustedError(name_ + ": part " + part + " is larger than 1 GiB");
    }
    return content;
  }

  Status ParsePart(const std::string& part, const std::string& content, XmlParser::StartFn start,
                   XmlParser::EndFn end) {
    XmlParser parser(std::move(start), std::move(end));
    return parser.Feed(content, true, name_ + ": " + part);
  }

  Result<std::string> FindSheet(const std::string& wanted) {
    ASSIGN_OR_RETURN(std::string workbook, ReadPart("xl/workbook.xml", true));
    std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
    RETURN_IF_ERROR(ParsePart(
        "xl/workbook.xml", workbook,
        [&](std::string_view element, const XML_Char** attributes) {
          if (element == "sheet") {
            const XML_Char* sheet_name = Attribute(attributes, "name");
            const XML_Char* id = Attribute(attributes, "id");
            sheets.emplace_back(sheet_name ? sheet_name : "", id ? id : "");
          } else if (element == "workbookPr") {
            const XML_Char* flag = Attribute(attributes, "date1904");
            date1904_ = flag != nullptr &&
                        (std::string_view(flag) == "1" || std::string_view(flag) == "true");
          }
        },
        [](std::string_view, const std::string&) {}));
    if (sheets.empty()) return InvalidArgumentError(name_ + ": the workbook has no sheets");
    size_t chosen = sheets.size();
    if (wanted.empty()) chosen = 0;
    for (size_t i = 0; i < sheets.size() && chosen == sheets.size(); ++i) {
      if (sheets[i].first == wanted || std::to_string(i + 1) == wanted) chosen = i;
    }
    if (chosen == sheets.size()) {
      std::string names;
      for (const auto& sheet : sheets) names += (names.empty() ? "'" : ", '") + sheet.first + "'";
      return NotFoundError(name_ + ": no sheet '" + wanted + "' (the sheets are " + names + ")");
    }
    ASSIGN_OR_RETURN(std::string rels, ReadPart("xl/_rels/workbook.xml.rels", true));
    std::string target;
    RETURN_IF_ERROR(ParsePart(
        "xl/_rels/workbook.xml.rels", rels,
        [&](std::string_view element, const XML_Char** attributes) {
          const XML_Char* id = Attribute(attributes, "Id");
          const XML_Char* path = Attribute(attributes, "Target");
          if (element == "Relationship" && id && path && sheets[chosen].second == id) target = path;
        },
        [](std::string_view, const std::string&) {}));
    if (target.empty())
      return InvalidArgumentError(name_ + ": sheet '" + sheets[chosen].first + "' has no part");
    return target[0] == '/' ? target.substr(1) : "xl/" + target;
  }

  Status LoadSharedStrings() {
    ASSIGN_OR_RETURN(std::string content, ReadPart("xl/sharedStrings.xml", false));
    if (content.empty()) return OkStatus();
    std::string current;
    int phonetic_depth = 0;
    return ParsePart(
        "xl/sharedStrings.xml", content,
        [&](std::string_view element, const XML_Char**) {
          if (element == "si") current.clear();
          if (element == "rPh") ++phonetic_depth;
        },
        [&](std::string_view element, const std::string& text) {
          if (element == "t" && phonetic_depth == 0) current += text;
          if (element == "rPh") --phonetic_depth;
          if (element == "si") shared_strings_.push_back(std::move(current));
        });
  }

  Status LoadStyles() {
    ASSIGN_OR_RETURN(std::string content, ReadPart("xl/styles.xml", false));
    if (content.empty()) return OkStatus();
    std::map<int, std::string> custom_formats;
    bool in_cell_xfs = false;
    int style_index = 0;
    return ParsePart(
        "xl/styles.xml", content,
        [&](std::string_view element, const XML_Char** attributes) {
          if (element == "numFmt") {
            const XML_Char* id = Attribute(attributes, "numFmtId");
            const XML_Char* code = Attribute(attributes, "formatCode");
            if (id && code) custom_formats[std::atoi(id)] = code;
          } else if (element == "cellXfs") {
            in_cell_xfs = true;
          } else if (element == "xf" && in_cell_xfs) {
            const XML_Char* id = Attribute(attributes, "numFmtId");
            const int format = id ? std::atoi(id) : 0;
            const auto custom = custom_formats.find(format);
            if (IsDateFormat(format, custom == custom_formats.end() ? "" : custom->second)) {
              date_styles_.insert(style_index);
            }
            ++style_index;
          }
        },
        [&](std::string_view element, const std::string&) {
          if (element == "cellXfs") in_cell_xfs = false;
        });
  }

  void OnSheetStart(std::string_view element, const XML_Char** attributes) {
    if (element == "row") {
      building_.cells.clear();
      const XML_Char* number = Attribute(attributes, "r");
      building_.line = number ? std::atoll(number) : last_row_number_ + 1;
      last_row_number_ = building_.line;
    } else if (element == "c") {
      const XML_Char* ref = Attribute(attributes, "r");
      const XML_Char* type = Attribute(attributes, "t");
      const XML_Char* style = Attribute(attributes, "s");
      const int64_t column = ref ? ColumnOf(ref) : -1;
      cell_column_ = column >= 0 ? column : static_cast<int64_t>(building_.cells.size());
      cell_type_ = type ? type : "n";
      cell_is_date_ = style && date_styles_.count(std::atoi(style)) > 0;
      cell_value_.clear();
      inline_text_.clear();
    }
  }

  void OnSheetEnd(std::string_view element, const std::string& text) {
    if (element == "v") {
      cell_value_ = text;
    } else if (element == "t") {
      inline_text_ += text;
    } else if (element == "c") {
      if (cell_column_ > 16384) {
        sheet_error_ = InvalidArgumentError(name_ + ": row " + std::to_string(building_.line) +
                                            ": cell beyond column XFD");
        return;
      }
      if (building_.cells.size() <= static_cast<size_t>(cell_column_)) {
        building_.cells.resize(static_cast<size_t>(cell_column_) + 1);
      }
      building_.cells[static_cast<size_t>(cell_column_)] = CellText();
    } else if (element == "row") {
      ready_.push_back(std::move(building_));
      building_ = TableRow();
    }
  }

  std::string CellText() {
    if (cell_type_ == "s") {
      char* end = nullptr;
      const unsigned long index = std::strtoul(cell_value_.c_str(), &end, 10);
      if (end == cell_value_.c_str() || index >= shared_strings_.size()) {
        sheet_error_ = InvalidArgumentError(name_ + ": row " + std::to_string(building_.line) +
                                            ": shared string " + cell_value_ + " does not exist");
        return "";
      }
      return shared_strings_[index];
    }
    if (cell_type_ == "inlineStr") return inline_text_;
    if (cell_type_ == "b") return cell_value_ == "1" ? "TRUE" : "FALSE";
    if (cell_type_ == "n" && cell_is_date_ && !cell_value_.empty()) {
      char* end = nullptr;
      const double serial = std::strtod(cell_value_.c_str(), &end);
      if (end != cell_value_.c_str() && serial >= 1 && serial < 2958466) {
        return SerialToIsoDate(serial, date1904_);
      }
    }
    return cell_value_;
  }

  // Produces the next row of the sheet, whatever its content.
  Result<bool> NextRaw(TableRow* row) {
    while (ready_.empty() && !sheet_done_) {
      char buffer[kSheetChunk];
      const zip_int64_t got = zip_fread(sheet_, buffer, sizeof buffer);
      if (got < 0) return InvalidArgumentError(name_ + ": corrupt part " + sheet_part_);
      sheet_read_ += static_cast<uint64_t>(got);
      sheet_done_ = got == 0;
      RETURN_IF_ERROR(sheet_parser_->Feed(std::string_view(buffer, static_cast<size_t>(got)),
                                          sheet_done_, name_ + ": " + sheet_part_));
      if (sheet_read_ > kMaxPartBytes) {
        return ResourceExhaustedError(name_ + ": sheet is larger than 1 GiB");
      }
      RETURN_IF_ERROR(sheet_error_);
    }
    if (ready_.empty()) return false;
    *row = std::move(ready_.front());
    ready_.pop_front();
    return true;
  }

  std::string name_;
  std::string data_;
  zip_t* zip_ = nullptr;
  zip_file_t* sheet_ = nullptr;
  std::string sheet_part_;
  uint64_t sheet_size_ = 0;
  uint64_t sheet_read_ = 0;
  bool sheet_done_ = false;
  bool date1904_ = false;
  std::vector<std::string> shared_strings_;
  std::unordered_set<int> date_styles_;
  std::unique_ptr<XmlParser> sheet_parser_;
  Status sheet_error_;
  std::deque<TableRow> ready_;
  TableRow building_;
  int64_t last_row_number_ = 0;
  int64_t cell_column_ = 0;
  std::string cell_type_, cell_value_, inline_text_;
  bool cell_is_date_ = false;
  std::vector<std::string> header_;
};

}  // namespace

Result<std::unique_ptr<TableReader>> OpenXlsx(std::unique_ptr<ByteSource> source, std::string name,
                                              const TableOptions& options) {
  ASSIGN_OR_RETURN(std::string data, source->ReadAll());
  auto reader = std::make_unique<XlsxReader>(std::move(name), std::move(data));
  RETURN_IF_ERROR(reader->Init(options.sheet));
  return std::unique_ptr<TableReader>(std::move(reader));
}

}  // namespace sijil::ingest::internal
