// ingest: reading victim lists (CSV, XLSX, JSON) into Records.
//
// Two layers:
//  1. TableReader streams rows of UTF-8 cells from a file, whatever its format
//     and encoding. It knows nothing of victims.
//  2. ColumnMapping + RecordBuilder turn a row into a Record: header names
//     (canonical, common Arabic and English, or a user mapping file) pick the
//     field of each column; values (sex, status, dates in Arabic and English)
//     are parsed; names are normalised; unknown columns become extra
//     attributes. A bad cell is reported with line, column, value and what was
//     expected; nothing is guessed.
//
// Example:
//   ASSIGN_OR_RETURN(auto reader, OpenTable("list.csv", TableOptions{}));
//   ASSIGN_OR_RETURN(ColumnMapping mapping, MapColumns(reader->header(), {}));
//   RecordBuilder builder(mapping);
//   TableRow row;
//   while (true) {
//     ASSIGN_OR_RETURN(bool more, reader->Next(&row));
//     if (!more) break;
//     Record record;
//     std::vector<FieldError> errors;
//     if (builder.Build(row, &record, &errors)) Use(record);
//   }
#ifndef SIJIL_INGEST_INGEST_H_
#define SIJIL_INGEST_INGEST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/partial_date.h"
#include "core/record.h"
#include "core/status.h"

namespace sijil::ingest {

enum class Format { kAuto, kCsv, kXlsx, kJson };
enum class Encoding { kAuto, kUtf8, kWindows1256 };

// Parses "auto|csv|xlsx|json" and "auto|utf-8|windows-1256" (also "utf8", "cp1256").
Result<Format> ParseFormat(std::string_view name);
Result<Encoding> ParseEncoding(std::string_view name);
std::string_view FormatName(Format format);
std::string_view EncodingName(Encoding encoding);

struct TableOptions {
  Format format = Format::kAuto;  // kAuto: from the extension, then the content
  Encoding encoding =
      Encoding::kAuto;  // kAuto: UTF-8 if the bytes are valid UTF-8, else Windows-1256
  std::string sheet;    // XLSX: sheet name or 1-based index; "" = first sheet
  char delimiter = 0;   // CSV: 0 = detect among , ; \t |
};

// One row of cells, aligned with TableReader::header().
struct TableRow {
  // Where the row starts, for error messages: CSV and JSON lines are physical
  // 1-based line numbers of the file; XLSX rows are the sheet's row numbers.
  int64_t line = 0;
  // UTF-8 cells. CSV rows hold the cells found, which may be more or fewer
  // than the header (a ragged row, reported by RecordBuilder); XLSX and JSON
  // rows are padded with empty cells to the header's width.
  std::vector<std::string> cells;
};

// Streams the rows of a table. Memory does not grow with the file size
// (XLSX shared strings excepted, which the format requires in memory).
class TableReader {
 public:
  virtual ~TableReader() = default;
  // Returns the column names in file order. JSON readers append a column the
  // first time a key appears; cells of earlier rows are then missing (empty).
  virtual const std::vector<std::string>& header() const = 0;
  // Reads the next row into *row. Returns false at the end of the input, an
  // error (kInvalidArgument, naming the file and line) on malformed input.
  virtual Result<bool> Next(TableRow* row) = 0;
  // Returns the fraction of the input consumed so far, 0..1.
  virtual double Progress() const = 0;
  virtual Format format() const = 0;
  // Returns the encoding in use (never kAuto).
  virtual Encoding encoding() const = 0;
};

// Opens `path` for reading. `display_name` (default: path) names the file in
// errors. Fails if the file cannot be read, is empty or has no header, has
// duplicate column names, or is not in the declared format or encoding.
Result<std::unique_ptr<TableReader>> OpenTable(const std::string& path,
                                               const TableOptions& options);
// As OpenTable, reading from memory; `display_name` is used in errors and for
// format detection by extension.
Result<std::unique_ptr<TableReader>> OpenTableFromBuffer(std::string data, std::string display_name,
                                                         const TableOptions& options);

// ---------------------------------------------------------------------------
// Values

// Parses sex synonyms: M/F, m/f, male/female, ذكر/أنثى (with or without
// hamza), ذ/ا. Empty gives kUnknown.
Result<Sex> ParseSex(std::string_view text);
// Parses status synonyms in English and Arabic (معتقل, مختفي قسرياً, مفرج عنه,
// توفي تحت التعذيب, أعدم, ...). Empty gives kUnknown.
Result<VictimStatus> ParseStatus(std::string_view text);
// Parses the date shapes found in lists: 2013-04-07, 2013/4/7, 7/4/2013,
// 07.04.2013, 7-4-2013, 4/2013, 2013, "نيسان 2013", "April 2013",
// "7 April 2013", Arabic-Indic digits. D/M/Y with both parts <= 12 and
// different is kept ambiguous. Empty gives an unknown date.
Result<PartialDate> ParseDate(std::string_view text);

// ---------------------------------------------------------------------------
// Columns

// What one column of a table holds.
struct ColumnTarget {
  enum class Kind {
    kField,        // a canonical field
    kBirthYear,    // a birth year, folded into birth_date
    kAge,          // an age in years; with kAgeDate (or the arrest date) gives a birth year
    kAgeDate,      // the date the age refers to
    kExtra,        // kept as an extra attribute under its header
    kSensitivity,  // the record's level: public, restricted, confidential (عام, مقيد, سري)
  };
  Kind kind = Kind::kExtra;
  Field field = Field::kNotes;  // for kField
};

// A user's mapping file: header text -> canonical field name (or "birth_year",
// "age", "age_date", "sensitivity", "extra"). JSON object, e.g. {"Detention centre": "facility"}.
struct MappingOverrides {
  std::vector<std::pair<std::string, std::string>> columns;
};
// Reads a mapping from its JSON text; errors name `origin` (the file, or the
// form field it came in) and the offending entry.
Result<MappingOverrides> ParseMapping(std::string_view json_text, std::string_view origin);
// Loads a mapping file; errors name the file and the offending entry.
Result<MappingOverrides> LoadMappingFile(const std::string& path);
// Every name a mapping may give a column, fields first, "extra" last.
std::vector<std::string_view> ColumnTargetNames();

// Returns the mapping-file name of `target`: a field name, "birth_year",
// "age", "age_date", "sensitivity" or "extra".
std::string_view ColumnTargetName(const ColumnTarget& target);

struct ColumnMapping {
  std::vector<ColumnTarget> columns;  // one per header column
};
// Maps each header to a target: the overrides first, then canonical names,
// then known Arabic and English headers (case, spacing, punctuation and
// Arabic spelling variants ignored), else kExtra. Fails when two columns map
// to the same field, or an override names an unknown field.
Result<ColumnMapping> MapColumns(const std::vector<std::string>& header,
                                 const MappingOverrides& overrides);

// One bad cell.
struct FieldError {
  int64_t line = 0;
  std::string column;    // header text as in the file
  std::string value;     // the cell, as read
  std::string expected;  // what was expected, e.g. "a date such as 2013-04-07"
  // Returns "FILE:LINE: column 'C': value 'V': expected E".
  std::string ToString(std::string_view file) const;
};

// Turns rows into Records; keeps raw cells and extras, normalises names.
class RecordBuilder {
 public:
  // Maps `header` (see MapColumns). The reader owning `header` must outlive
  // the builder; when the header grows (JSON), new columns are mapped on the
  // next Build().
  static Result<std::unique_ptr<RecordBuilder>> Create(const std::vector<std::string>& header,
                                                       MappingOverrides overrides);
  // Sets the level of every record built; a row's sensitivity column may
  // raise it, never lower it. Default: public.
  void set_minimum_sensitivity(Sensitivity level) { minimum_sensitivity_ = level; }
  // Fills *record from `row`. Returns false and appends to *errors when any
  // cell is invalid or the row's width differs from the header's. A row
  // without a record_id gets "row-<hash of its cells>" (stable across
  // re-imports; "-2", "-3" for identical rows).
  bool Build(const TableRow& row, Record* record, std::vector<FieldError>* errors);
  const ColumnMapping& mapping() const { return mapping_; }

 private:
  RecordBuilder(const std::vector<std::string>& header, MappingOverrides overrides,
                ColumnMapping mapping);
  std::string GeneratedId(const TableRow& row);

  const std::vector<std::string>& header_;
  MappingOverrides overrides_;
  ColumnMapping mapping_;
  std::unordered_map<uint64_t, int> generated_id_counts_;
  Sensitivity minimum_sensitivity_ = Sensitivity::kPublic;
};

}  // namespace sijil::ingest

#endif  // SIJIL_INGEST_INGEST_H_
