#include <cerrno>
#include <cstring>

#include "ingest/internal/readers.h"

namespace sijil::ingest::internal {

Result<std::unique_ptr<ByteSource>> ByteSource::OpenFile(const std::string& path,
                                                         const std::string& display_name) {
  std::unique_ptr<ByteSource> source(new ByteSource());
  source->name_ = display_name;
  source->file_ = std::fopen(path.c_str(), "rb");
  if (source->file_ == nullptr) {
    return NotFoundError(display_name + ": cannot open: " + std::strerror(errno));
  }
  if (std::fseek(source->file_, 0, SEEK_END) == 0) {
    const long size = std::ftell(source->file_);
    source->size_ = size > 0 ? static_cast<uint64_t>(size) : 0;
  }
  std::rewind(source->file_);
  return source;
}

std::unique_ptr<ByteSource> ByteSource::FromBuffer(std::string data) {
  std::unique_ptr<ByteSource> source(new ByteSource());
  source->size_ = data.size();
  source->buffer_ = std::move(data);
  source->file_done_ = true;
  return source;
}

ByteSource::~ByteSource() {
  if (file_ != nullptr) std::fclose(file_);
}

Result<std::string_view> ByteSource::Peek(size_t n) {
  while (buffer_.size() - buffer_pos_ < n && !file_done_) {
    const size_t want = n - (buffer_.size() - buffer_pos_);
    const size_t old = buffer_.size();
    buffer_.resize(old + want);
    const size_t got = std::fread(buffer_.data() + old, 1, want, file_);
    buffer_.resize(old + got);
    if (got < want) {
      if (std::ferror(file_)) return InvalidArgumentError(name_ + ": read error");
      file_done_ = true;
    }
  }
  const size_t available = std::min(n, buffer_.size() - buffer_pos_);
  return std::string_view(buffer_).substr(buffer_pos_, available);
}

Result<bool> ByteSource::Read(size_t max, std::string* out) {
  if (buffer_pos_ < buffer_.size()) {
    const size_t take = std::min(max, buffer_.size() - buffer_pos_);
    out->append(buffer_, buffer_pos_, take);
    buffer_pos_ += take;
    consumed_ += take;
    if (buffer_pos_ == buffer_.size()) {
      buffer_.clear();
      buffer_pos_ = 0;
    }
    return true;
  }
  if (file_done_) return false;
  const size_t old = out->size();
  out->resize(old + max);
  const size_t got = std::fread(out->data() + old, 1, max, file_);
  out->resize(old + got);
  consumed_ += got;
  if (got < max) {
    if (std::ferror(file_)) return InvalidArgumentError(name_ + ": read error");
    file_done_ = true;
  }
  return got > 0;
}

Result<std::string> ByteSource::ReadAll() {
  std::string all;
  all.reserve(size_ > consumed_ ? size_ - consumed_ : 0);
  while (true) {
    ASSIGN_OR_RETURN(bool more, Read(1 << 20, &all));
    if (!more) break;
  }
  return all;
}

double ByteSource::Progress() const {
  return size_ == 0 ? 1.0 : static_cast<double>(consumed_) / static_cast<double>(size_);
}

}  // namespace sijil::ingest::internal
