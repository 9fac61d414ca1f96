// Private to ingest: the byte sources, decoders and format readers behind
// OpenTable().
#ifndef SIJIL_INGEST_INTERNAL_READERS_H_
#define SIJIL_INGEST_INTERNAL_READERS_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "ingest/ingest.h"

namespace sijil::ingest::internal {

// Bytes of a file or a buffer, read in chunks; knows how far it got.
class ByteSource {
 public:
  static Result<std::unique_ptr<ByteSource>> OpenFile(const std::string& path,
                                                      const std::string& display_name);
  static std::unique_ptr<ByteSource> FromBuffer(std::string data);
  ~ByteSource();

  // Appends up to `max` bytes to *out; returns false at the end of input.
  Result<bool> Read(size_t max, std::string* out);
  // Returns the first `n` bytes without consuming them (for sniffing).
  Result<std::string_view> Peek(size_t n);
  double Progress() const;
  // Returns the whole remaining input (XLSX needs random access).
  Result<std::string> ReadAll();

 private:
  ByteSource() = default;
  std::FILE* file_ = nullptr;
  std::string name_;
  std::string buffer_;  // peeked or in-memory bytes not yet consumed
  size_t buffer_pos_ = 0;
  uint64_t size_ = 0;
  uint64_t consumed_ = 0;
  bool file_done_ = false;
};

// Turns a byte stream in one encoding into UTF-8 text, chunk by chunk.
class Decoder {
 public:
  // `encoding` must not be kAuto. `name` is the file name for errors.
  Decoder(Encoding encoding, std::string name);
  // Appends the UTF-8 text of `bytes` to *out. An incomplete UTF-8 sequence
  // at the end is kept for the next call; `last` says no more bytes follow.
  // `line` is the line number of the first byte, for errors.
  Status Decode(std::string_view bytes, bool last, int64_t line, std::string* out);
  Encoding encoding() const { return encoding_; }

 private:
  Encoding encoding_;
  std::string name_;
  std::string carry_;  // an incomplete UTF-8 sequence from the previous chunk
};

// Picks UTF-8 when `sample` (the file's first bytes; it may end mid-sequence)
// is valid UTF-8, else Windows-1256.
Encoding DetectEncoding(std::string_view sample, bool sample_is_whole_file);

Result<std::unique_ptr<TableReader>> OpenCsv(std::unique_ptr<ByteSource> source, std::string name,
                                             const TableOptions& options);
Result<std::unique_ptr<TableReader>> OpenJson(std::unique_ptr<ByteSource> source, std::string name,
                                              const TableOptions& options);
Result<std::unique_ptr<TableReader>> OpenXlsx(std::unique_ptr<ByteSource> source, std::string name,
                                              const TableOptions& options);

// Checks a header: trims names, names empty ones column_N, rejects duplicates.
Status CheckHeader(std::string_view file, std::vector<std::string>* header);

}  // namespace sijil::ingest::internal

#endif  // SIJIL_INGEST_INTERNAL_READERS_H_
