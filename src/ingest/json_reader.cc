// JSON lists: a top-level array of objects, or one object per line (NDJSON).
// A small scanner finds each top-level object's extent (respecting strings),
// so only one object is in memory at a time; nlohmann::json parses it.
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "ingest/internal/readers.h"

namespace sijil::ingest::internal {
namespace {

constexpr size_t kChunk = 1 << 20;

class JsonReader : public TableReader {
 public:
  JsonReader(std::unique_ptr<ByteSource> source, std::string name, Encoding encoding)
      : source_(std::move(source)), name_(std::move(name)), decoder_(encoding, name_) {}

  Status Init() {
    ASSIGN_OR_RETURN(bool any, SkipSpace());
    if (!any)
      return InvalidArgumentError(name_ + ": file is empty (expected a JSON array or objects)");
    if (text_[pos_] == '[') {
      in_array_ = true;
      ++pos_;
    } else if (text_[pos_] != '{') {
      return Error(line_, "expected a JSON array of objects or one object per line");
    }
    return OkStatus();
  }

  const std::vector<std::string>& header() const override { return header_; }
  double Progress() const override { return source_->Progress(); }
  Format format() const override { return Format::kJson; }
  Encoding encoding() const override { return decoder_.encoding(); }

  Result<bool> Next(TableRow* row) override {
    text_.erase(0, pos_);
    pos_ = 0;
    ASSIGN_OR_RETURN(bool any, SkipSpace());
    if (in_array_) {
      if (!any) return Error(line_, "unterminated JSON array (expected ']')");
      if (text_[pos_] == ']') {
        ++pos_;
        in_array_ = false;
        ASSIGN_OR_RETURN(bool trailing, SkipSpace());
        if (trailing) return Error(line_, "unexpected text after the JSON array");
        return false;
      }
      if (rows_ > 0) {
        if (text_[pos_] != ',') return Error(line_, "expected ',' or ']' between objects");
        ++pos_;
        ASSIGN_OR_RETURN(any, SkipSpace());
        if (!any) return Error(line_, "unterminated JSON array (expected ']')");
      }
    } else if (!any) {
      return false;
    }
    if (text_[pos_] != '{') return Error(line_, "expected a JSON object");
    const int64_t start_line = line_;
    const size_t start = pos_;
    ASSIGN_OR_RETURN(size_t end, ScanObject());
    RETURN_IF_ERROR(
        ParseObject(std::string_view(text_).substr(start, end - start), start_line, row));
    ++rows_;
    return true;
  }

 private:
  Status Error(int64_t line, const std::string& what) const {
    return InvalidArgumentError(name_ + ":" + std::to_string(line) + ": " + what);
  }

  // Appends decoded text; false at the end of input.
  Result<bool> More() {
    if (done_) return false;
    raw_.clear();
    ASSIGN_OR_RETURN(bool more, source_->Read(kChunk, &raw_));
    done_ = !more;
    RETURN_IF_ERROR(decoder_.Decode(raw_, done_, raw_lines_ + 1, &text_));
    raw_lines_ += static_cast<int64_t>(std::count(raw_.begin(), raw_.end(), '\n'));
    return true;
  }

  Result<bool> At(size_t index) {
    while (index >= text_.size()) {
      ASSIGN_OR_RETURN(bool more, More());
      if (!more) return false;
    }
    return true;
  }

  // Skips whitespace (and a BOM at the start); false at the end of input.
  Result<bool> SkipSpace() {
    while (true) {
      ASSIGN_OR_RETURN(bool any, At(pos_));
      if (!any) return false;
      if (text_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) {
        pos_ += 3;
        continue;
      }
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return true;
      line_ += c == '\n';
      ++pos_;
    }
  }

  // Returns the index just past the object starting at pos_.
  Result<size_t> ScanObject() {
    const int64_t start_line = line_;
    int depth = 0;
    bool in_string = false, escaped = false;
    for (;; ++pos_) {
      ASSIGN_OR_RETURN(bool any, At(pos_));
      if (!any) return Error(start_line, "unterminated JSON object");
      const char c = text_[pos_];
      line_ += c == '\n';
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return ++pos_;
      }
    }
  }

  size_t ColumnFor(const std::string& key) {
    auto [it, inserted] = column_of_.try_emplace(key, header_.size());
    if (inserted) header_.push_back(key);
    return it->second;
  }

  Status ParseObject(std::string_view object, int64_t line, TableRow* row) {
    std::unordered_set<std::string> keys;
    std::string duplicate;
    nlohmann::ordered_json::parser_callback_t check_keys =
        [&](int depth, nlohmann::ordered_json::parse_event_t event,
            nlohmann::ordered_json& parsed) {
          if (depth == 1 && event == nlohmann::ordered_json::parse_event_t::key &&
              !keys.insert(parsed.get<std::string>()).second && duplicate.empty()) {
            duplicate = parsed.get<std::string>();
          }
          return true;
        };
    nlohmann::ordered_json json =
        nlohmann::ordered_json::parse(object, check_keys, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) return Error(line, "malformed JSON object");
    if (!duplicate.empty())
      return Error(line, "key '" + duplicate + "' appears twice in one object");
    row->line = line;
    for (std::string& cell : row->cells) cell.clear();
    for (const auto& [key, value] : json.items()) {
      const size_t column = ColumnFor(key);
      if (row->cells.size() <= column) row->cells.resize(column + 1);
      row->cells[column] = CellText(value);
    }
    row->cells.resize(header_.size());
    return OkStatus();
  }

  static std::string CellText(const nlohmann::ordered_json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return "";
    return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  Decoder decoder_;
  std::vector<std::string> header_;
  std::unordered_map<std::string, size_t> column_of_;
  std::string raw_, text_;
  size_t pos_ = 0;
  bool done_ = false, in_array_ = false;
  int64_t raw_lines_ = 0, line_ = 1, rows_ = 0;
};

}  // namespace

Result<std::unique_ptr<TableReader>> OpenJson(std::unique_ptr<ByteSource> source, std::string name,
                                              const TableOptions& options) {
  // RFC 8259: JSON is UTF-8; Windows-1256 only when the user says so.
  const Encoding encoding =
      options.encoding == Encoding::kWindows1256 ? Encoding::kWindows1256 : Encoding::kUtf8;
  auto reader = std::make_unique<JsonReader>(std::move(source), std::move(name), encoding);
  RETURN_IF_ERROR(reader->Init());
  return std::unique_ptr<TableReader>(std::move(reader));
}

}  // namespace sijil::ingest::internal
