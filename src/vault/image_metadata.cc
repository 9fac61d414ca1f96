// Technical metadata of images: EXIF through libexif, and the pixel size
// from the JPEG frame header when EXIF does not give it.
#include <libexif/exif-data.h>

#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "vault/vault.h"

namespace sijil::vault {
namespace {

using nlohmann::json;

struct ExifDataUnref {
  void operator()(ExifData* data) const { exif_data_unref(data); }
};

// Reads one EXIF entry checking its declared format and size against the
// bytes it really has: the file is untrusted.
class ExifReader {
 public:
  explicit ExifReader(ExifData* data) : data_(data), order_(exif_data_get_byte_order(data)) {}

  const ExifEntry* Find(ExifIfd ifd, ExifTag tag) const {
    return data_->ifd[ifd] == nullptr ? nullptr : exif_content_get_entry(data_->ifd[ifd], tag);
  }

  // Returns ASCII text without trailing NULs and spaces, when non-empty.
  std::optional<std::string> Text(ExifIfd ifd, ExifTag tag) const {
    const ExifEntry* entry = Find(ifd, tag);
    if (entry == nullptr || entry->format != EXIF_FORMAT_ASCII || entry->data == nullptr) {
      return std::nullopt;
    }
    std::string text(reinterpret_cast<const char*>(entry->data), entry->size);
    text = text.substr(0, text.find('\0'));
    while (!text.empty() && text.back() == ' ') text.pop_back();
    if (text.empty()) return std::nullopt;
    return text;
  }

  // Returns a SHORT or LONG value.
  std::optional<uint32_t> Unsigned(ExifIfd ifd, ExifTag tag) const {
    const ExifEntry* entry = Find(ifd, tag);
    if (entry == nullptr || entry->data == nullptr || entry->components < 1) return std::nullopt;
    if (entry->format == EXIF_FORMAT_SHORT && entry->size >= 2) {
      return exif_get_short(entry->data, order_);
    }
    if (entry->format == EXIF_FORMAT_LONG && entry->size >= 4) {
      return exif_get_long(entry->data, order_);
    }
    return std::nullopt;
  }

  // Returns the `count` RATIONAL values of an entry as doubles.
  std::optional<std::vector<double>> Rationals(ExifIfd ifd, ExifTag tag, size_t count) const {
    const ExifEntry* entry = Find(ifd, tag);
    if (entry == nullptr || entry->data == nullptr || entry->format != EXIF_FORMAT_RATIONAL ||
        entry->components < count || entry->size < 8 * count) {
      return std::nullopt;
    }
    std::vector<double> values;
    for (size_t at = 0; at < count; ++at) {
      const ExifRational value = exif_get_rational(entry->data + 8 * at, order_);
      if (value.denominator == 0) return std::nullopt;
      values.push_back(static_cast<double>(value.numerator) / value.denominator);
    }
    return values;
  }

  std::optional<uint8_t> Byte(ExifIfd ifd, ExifTag tag) const {
    const ExifEntry* entry = Find(ifd, tag);
    if (entry == nullptr || entry->data == nullptr || entry->size < 1 ||
        entry->format != EXIF_FORMAT_BYTE) {
      return std::nullopt;
    }
    return entry->data[0];
  }

 private:
  ExifData* data_;
  ExifByteOrder order_;
};

// Returns decimal degrees from degrees, minutes and seconds, negative for
// the `negative` hemisphere reference ("S" or "W").
std::optional<double> Degrees(const ExifReader& exif, ExifTag ref_tag, ExifTag value_tag,
                              char negative) {
  std::optional<std::string> ref = exif.Text(EXIF_IFD_GPS, ref_tag);
  std::optional<std::vector<double>> dms = exif.Rationals(EXIF_IFD_GPS, value_tag, 3);
  if (!ref || !dms) return std::nullopt;
  const double degrees = (*dms)[0] + (*dms)[1] / 60 + (*dms)[2] / 3600;
  if (!std::isfinite(degrees) || degrees > 180) return std::nullopt;
  // Seven decimals: about a centimetre, and stable text across platforms.
  const double rounded = std::round(degrees * 1e7) / 1e7;
  return (*ref)[0] == negative ? -rounded : rounded;
}

// "2024:05:01 10:20:30" -> "2024-05-01T10:20:30" (no zone: EXIF has none).
std::optional<std::string> IsoDateTime(std::optional<std::string> exif) {
  if (!exif || exif->size() != 19 || (*exif)[4] != ':' || (*exif)[7] != ':' || (*exif)[10] != ' ') {
    return exif;
  }
  std::string iso = *exif;
  iso[4] = '-';
  iso[7] = '-';
  iso[10] = 'T';
  return iso;
}

void AddExif(const ExifReader& exif, json& out) {
  auto put = [&out](const char* key, const auto& value) {
    if (value) out[key] = *value;
  };
  put("make", exif.Text(EXIF_IFD_0, EXIF_TAG_MAKE));
  put("model", exif.Text(EXIF_IFD_0, EXIF_TAG_MODEL));
  put("date_time_original", IsoDateTime(exif.Text(EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL)));
  std::optional<uint32_t> orientation = exif.Unsigned(EXIF_IFD_0, EXIF_TAG_ORIENTATION);
  if (orientation && *orientation >= 1 && *orientation <= 8) out["orientation"] = *orientation;
  std::optional<uint32_t> width = exif.Unsigned(EXIF_IFD_EXIF, EXIF_TAG_PIXEL_X_DIMENSION);
  std::optional<uint32_t> height = exif.Unsigned(EXIF_IFD_EXIF, EXIF_TAG_PIXEL_Y_DIMENSION);
  if (width && height && *width > 0 && *height > 0) {
    out["width"] = *width;
    out["height"] = *height;
  }
  std::optional<double> latitude = Degrees(exif, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF),
                                           static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE), 'S');
  std::optional<double> longitude = Degrees(exif, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF),
                                            static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE), 'W');
  if (latitude && longitude && std::abs(*latitude) <= 90) {
    json gps = {{"latitude", *latitude}, {"longitude", *longitude}};
    std::optional<std::vector<double>> altitude =
        exif.Rationals(EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_ALTITUDE), 1);
    if (altitude && std::isfinite((*altitude)[0])) {
      const bool below_sea =
          exif.Byte(EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_ALTITUDE_REF)).value_or(0) == 1;
      gps["altitude"] = std::round((below_sea ? -1 : 1) * (*altitude)[0] * 100) / 100;
    }
    out["gps"] = gps;
  }
}

// Returns (width, height) from a JPEG's start-of-frame header, walking the
// marker segments from the start of the file.
std::optional<std::pair<uint32_t, uint32_t>> JpegFrameSize(std::string_view bytes) {
  auto byte = [&bytes](size_t at) { return static_cast<uint8_t>(bytes[at]); };
  if (bytes.size() < 4 || byte(0) != 0xFF || byte(1) != 0xD8) return std::nullopt;
  size_t at = 2;
  while (at + 4 <= bytes.size()) {
    if (byte(at) != 0xFF) return std::nullopt;
    const uint8_t marker = byte(at + 1);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xD9 || marker == 0xDA) return std::nullopt;   // end, or scan data
    if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {  // no length
      at += 2;
      continue;
    }
    const size_t length = byte(at + 2) << 8 | byte(at + 3);
    if (length < 2) return std::nullopt;
    const bool frame =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      if (length < 7 || at + 9 > bytes.size()) return std::nullopt;
      const uint32_t height = byte(at + 5) << 8 | byte(at + 6);
      const uint32_t width = byte(at + 7) << 8 | byte(at + 8);
      if (width == 0 || height == 0) return std::nullopt;
      return std::make_pair(width, height);
    }
    at += 2 + length;
  }
  return std::nullopt;
}

}  // namespace

std::string ExtractImageMetadata(std::string_view bytes) {
  json out = json::object();
  // libexif takes an unsigned int size; EXIF lives near the start anyway.
  const size_t exif_window = std::min<size_t>(bytes.size(), size_t{1} << 24);
  std::unique_ptr<ExifData, ExifDataUnref> data(exif_data_new());
  if (data != nullptr) {
    // Following the specification would "fix" the data by adding missing
    // mandatory tags, some dated now: evidence metadata must be only what
    // the file says.
    exif_data_unset_option(data.get(), EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_load_data(data.get(), reinterpret_cast<const unsigned char*>(bytes.data()),
                        static_cast<unsigned int>(exif_window));
    AddExif(ExifReader(data.get()), out);
  }
  if (!out.contains("width")) {
    if (std::optional<std::pair<uint32_t, uint32_t>> size = JpegFrameSize(bytes)) {
      out["width"] = size->first;
      out["height"] = size->second;
    }
  }
  // Camera strings are not always UTF-8: replace what is not.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace sijil::vault
