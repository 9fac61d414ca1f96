// RFC 4180 CSV, streamed: quoted fields with "" escapes, newlines and
// delimiters inside quotes, CRLF/LF/CR line ends, a UTF-8 BOM, and the
// delimiter detected from the first lines.
#include <algorithm>
#include <array>

#include "ingest/internal/readers.h"

namespace sijil::ingest::internal {
namespace {

constexpr size_t kChunk = 1 << 20;
constexpr size_t kSniffBytes = 1 << 20;
constexpr size_t kDelimiterSniffLines = 50;

// Counts `delimiter` outside quotes on each of the first lines of `text`.
std::vector<int> CountPerLine(std::string_view text, char delimiter) {
  std::vector<int> counts(1, 0);
  bool quoted = false;
  for (size_t i = 0; i < text.size() && counts.size() <= kDelimiterSniffLines; ++i) {
    const char c = text[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == delimiter) {
      ++counts.back();
    } else if (!quoted && c == '\n') {
      counts.push_back(0);
    }
  }
  if (counts.size() > 1) counts.pop_back();  // the last line may be cut short
  return counts;
}

// Picks the candidate that splits the header into the most columns and
// splits the following lines the same way most often.
char DetectDelimiter(std::string_view text) {
  constexpr std::array<char, 4> kCandidates = {',', ';', '\t', '|'};
  char best = ',';
  int best_consistent = -1, best_columns = 0;
  for (char candidate : kCandidates) {
    const std::vector<int> counts = CountPerLine(text, candidate);
    if (counts.empty() || counts[0] == 0) continue;
    const int consistent = static_cast<int>(std::count(counts.begin(), counts.end(), counts[0]));
    if (consistent > best_consistent ||
        (consistent == best_consistent && counts[0] > best_columns)) {
      best = candidate;
      best_consistent = consistent;
      best_columns = counts[0];
    }
  }
  return best;
}

class CsvReader : public TableReader {
 public:
  CsvReader(std::unique_ptr<ByteSource> source, std::string name, Encoding encoding)
      : source_(std::move(source)), name_(std::move(name)), decoder_(encoding, name_) {}

  // Reads the header; detects the delimiter first unless one was forced.
  Status Init(char forced_delimiter) {
    RETURN_IF_ERROR(Refill());
    if (text_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
    delimiter_ = forced_delimiter != 0
                     ? forced_delimiter
                     : DetectDelimiter(std::string_view(text_).substr(pos_, kSniffBytes));
    TableRow row;
    ASSIGN_OR_RETURN(bool has_header, Next(&row));
    if (!has_header) return InvalidArgumentError(name_ + ": file is empty (expected a header row)");
    header_ = std::move(row.cells);
    return CheckHeader(name_, &header_);
  }

  const std::vector<std::string>& header() const override { return header_; }
  double Progress() const override { return source_->Progress(); }
  Format format() const override { return Format::kCsv; }
  Encoding encoding() const override { return decoder_.encoding(); }

  Result<bool> Next(TableRow* row) override {
    while (true) {
      ASSIGN_OR_RETURN(bool found, ReadRecord(row));
      if (!found) return false;
      const bool blank = row->cells.size() == 1 && row->cells[0].empty() && !last_field_quoted_;
      if (!blank) return true;
    }
  }

 private:
  // Makes more decoded text available; false at the end of input.
  Result<bool> MoreText() {
    if (done_) return false;
    RETURN_IF_ERROR(Refill());
    return pos_ < text_.size();
  }

  Status Refill() {
    text_.erase(0, pos_);
    pos_ = 0;
    while (text_.size() < kChunk / 2 && !done_) {
      raw_.clear();
      ASSIGN_OR_RETURN(bool more, source_->Read(kChunk, &raw_));
      done_ = !more;
      RETURN_IF_ERROR(decoder_.Decode(raw_, done_, raw_lines_ + 1, &text_));
      raw_lines_ += std::count(raw_.begin(), raw_.end(), '\n');
    }
    return OkStatus();
  }

  // Reads one record into row->cells, reusing their storage.
  Result<bool> ReadRecord(TableRow* row) {
    size_t cell_count = 0;
    auto next_cell = [&]() -> std::string& {
      if (row->cells.size() <= cell_count) row->cells.emplace_back();
      std::string& cell = row->cells[cell_count++];
      cell.clear();
      return cell;
    };
    if (pos_ >= text_.size()) {
      ASSIGN_OR_RETURN(bool more, MoreText());
      if (!more) return false;
    }
    row->line = line_;
    std::string* cell = &next_cell();
    bool quoted = false, in_quotes = false;
    int64_t quote_line = 0;
    while (true) {
      if (pos_ >= text_.size()) {
        ASSIGN_OR_RETURN(bool more, MoreText());
        if (!more) {
          if (in_quotes) {
            return InvalidArgumentError(name_ + ":" + std::to_string(quote_line) +
                                        ": unterminated quoted field (a \" opened here is "
                                        "never closed)");
          }
          break;
        }
      }
      const char c = text_[pos_];
      if (in_quotes) {
        if (c == '"') {
          if (pos_ + 1 >= text_.size()) {
            ASSIGN_OR_RETURN(bool more, MoreText());
            if (!more) {
              ++pos_;
              in_quotes = false;
              continue;
            }
          }
          if (text_[pos_ + 1] == '"') {
            cell->push_back('"');
            pos_ += 2;
          } else {
            ++pos_;
            in_quotes = false;
          }
          continue;
        }
        if (c == '\n') ++line_;
        if (c == '\r' && !(pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n')) ++line_;
        cell->push_back(c);
        ++pos_;
        continue;
      }
      if (c == delimiter_) {
        ++pos_;
        cell = &next_cell();
        quoted = false;
        continue;
      }
      if (c == '\n' || c == '\r') {
        ++pos_;
        ++line_;
        if (c == '\r') {
          if (pos_ >= text_.size()) MoreText().IgnoreError();
          if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
        }
        break;
      }
      if (c == '"' && cell->empty() && !quoted) {
        quoted = in_quotes = true;
        quote_line = line_;
        ++pos_;
        continue;
      }
      // Unquoted text (a '"' inside it is literal, as real files have them):
      // copy the run up to the next delimiter or line end at once.
      const size_t start = pos_;
      while (pos_ < text_.size()) {
        const char d = text_[pos_];
        if (d == delimiter_ || d == '\n' || d == '\r') break;
        ++pos_;
      }
      cell->append(text_, start, pos_ - start);
    }
    last_field_quoted_ = quoted;
    row->cells.resize(cell_count);
    return true;
  }

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  Decoder decoder_;
  char delimiter_ = ',';
  std::vector<std::string> header_;
  std::string raw_;
  std::string text_;
  size_t pos_ = 0;
  bool done_ = false;
  int64_t raw_lines_ = 0;
  int64_t line_ = 1;
  bool last_field_quoted_ = false;
};

}  // namespace

Result<std::unique_ptr<TableReader>> OpenCsv(std::unique_ptr<ByteSource> source, std::string name,
                                             const TableOptions& options) {
  Encoding encoding = options.encoding;
  if (encoding == Encoding::kAuto) {
    ASSIGN_OR_RETURN(std::string_view sample, source->Peek(kSniffBytes));
    encoding = DetectEncoding(sample, sample.size() < kSniffBytes);
  }
  auto reader = std::make_unique<CsvReader>(std::move(source), std::move(name), encoding);
  RETURN_IF_ERROR(reader->Init(options.delimiter));
  return std::unique_ptr<TableReader>(std::move(reader));
}

}  // namespace sijil::ingest::internal
