// Media types from magic numbers: enough to label common evidence files
// without a dependency, as a court exhibit list needs.
#include "vault/vault.h"

namespace sijil::vault {
namespace {

struct Magic {
  size_t offset;
  std::string_view bytes;
  std::string_view media_type;
};

// Longer or more specific signatures first.
constexpr Magic kMagics[] = {
    {0, "\x89PNG\r\n\x1a\n", "image/png"},
    {0, "\xFF\xD8\xFF", "image/jpeg"},
    {0, "GIF87a", "image/gif"},
    {0, "GIF89a", "image/gif"},
    {0, "II*\0", "image/tiff"},
    {0, "MM\0*", "image/tiff"},
    {8, "WEBP", "image/webp"},
    {8, "WAVE", "audio/wav"},
    {8, "AVI ", "video/x-msvideo"},
    {4, "ftypheic", "image/heic"},
    {4, "ftypqt", "video/quicktime"},
    {4, "ftypM4A", "audio/mp4"},
    {4, "ftyp", "video/mp4"},
    {0, "\x1A\x45\xDF\xA3", "video/webm"},
    {0, "OggS", "audio/ogg"},
    {0, "ID3", "audio/mpeg"},
    {0, "fLaC", "audio/flac"},
    {0, "%PDF-", "application/pdf"},
    {0, "PK\x03\x04", "application/zip"},
    {0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "application/x-ole-storage"},
    {0, "7z\xBC\xAF\x27\x1C", "application/x-7z-compressed"},
    {0, "\x1F\x8B", "application/gzip"},
    {0, "{\\rtf", "application/rtf"},
};

bool LooksLikeText(std::string_view head) {
  if (head.empty()) return false;
  for (char c : head) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
  }
  return true;
}

}  // namespace

std::string SniffMediaType(std::string_view head) {
  for (const Magic& magic : kMagics) {
    if (head.size() >= magic.offset + magic.bytes.size() &&
        head.substr(magic.offset, magic.bytes.size()) == magic.bytes) {
      return std::string(magic.media_type);
    }
  }
  return LooksLikeText(head) ? "text/plain" : "application/octet-stream";
}

}  // namespace sijil::vault
