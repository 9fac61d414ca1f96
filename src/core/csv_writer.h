// CsvWriter: RFC 4180 output (UTF-8, CRLF-free "\n" line ends, fields quoted
// only when they contain a delimiter, quote, CR or LF). Shared by everything
// that writes tables: generated lists, rejects files, exports.
#ifndef SIJIL_CORE_CSV_WRITER_H_
#define SIJIL_CORE_CSV_WRITER_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace sijil {

class CsvWriter {
 public:
  // Writes to `out`, which must outlive the writer.
  explicit CsvWriter(std::ostream& out, char delimiter = ',') : out_(out), delimiter_(delimiter) {}

  // Writes one row of cells followed by "\n".
  void WriteRow(const std::vector<std::string>& cells);
  void WriteRow(std::initializer_list<std::string_view> cells);

 private:
  template <typename Cells>
  void WriteCells(const Cells& cells);
  void WriteCell(std::string_view cell);
  std::ostream& out_;
  char delimiter_;
  std::string buffer_;
};

}  // namespace sijil

#endif  // SIJIL_CORE_CSV_WRITER_H_
