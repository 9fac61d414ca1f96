#include "core/csv_writer.h"

namespace sijil {

void CsvWriter::WriteCell(std::string_view cell) {
  const bool quote =
      cell.find_first_of(std::string{delimiter_, '"', '\r', '\n'}) != std::string_view::npos;
  if (!quote) {
    buffer_.append(cell);
    return;
  }
  buffer_.push_back('"');
  for (char c : cell) {
    if (c == '"') buffer_.push_back('"');
    buffer_.push_back(c);
  }
  buffer_.push_back('"');
}

template <typename Cells>
void CsvWriter::WriteCells(const Cells& cells) {
  buffer_.clear();
  bool first = true;
  for (std::string_view cell : cells) {
    if (!first) buffer_.push_back(delimiter_);
    first = false;
    WriteCell(cell);
  }
  buffer_.push_back('\n');
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
}

void CsvWriter::WriteRow(const std::vector<std::string>& cells) { WriteCells(cells); }
void CsvWriter::WriteRow(std::initializer_list<std::string_view> cells) { WriteCells(cells); }

}  // namespace sijil
