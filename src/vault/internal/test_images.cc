#include "vault/internal/test_images.h"

#include <libexif/exif-data.h>

#include <cstdlib>
#include <cstring>

namespace sijil::vault::testing {
namespace {

// Adds a zeroed entry of `components` values of `format` and returns its data.
unsigned char* AddEntry(ExifData* data, ExifIfd ifd, ExifTag tag, ExifFormat format,
                        unsigned long components) {
  ExifEntry* entry = exif_entry_new();
  entry->tag = tag;
  entry->format = format;
  entry->components = components;
  entry->size = exif_format_get_size(format) * components;
  // libexif's default allocator frees with free().
  entry->data = static_cast<unsigned char*>(std::calloc(1, entry->size));
  exif_content_add_entry(data->ifd[ifd], entry);
  exif_entry_unref(entry);
  return entry->data;
}

void AddText(ExifData* data, ExifIfd ifd, ExifTag tag, const std::string& text) {
  if (text.empty()) return;
  std::memcpy(AddEntry(data, ifd, tag, EXIF_FORMAT_ASCII, text.size() + 1), text.data(),
              text.size());
}

void AddRationals(ExifData* data, ExifTag tag, const uint32_t* values, uint32_t denominator,
                  size_t count) {
  const ExifByteOrder order = exif_data_get_byte_order(data);
  unsigned char* bytes = AddEntry(data, EXIF_IFD_GPS, tag, EXIF_FORMAT_RATIONAL, count);
  for (size_t at = 0; at < count; ++at) {
    exif_set_rational(bytes + 8 * at, order, {values[at], denominator});
  }
}

void Append16(std::string& out, uint32_t value) {
  out.push_back(static_cast<char>(value >> 8));
  out.push_back(static_cast<char>(value & 0xFF));
}

}  // namespace

std::string ExifBlock(const TestExif& exif) {
  ExifData* data = exif_data_new();
  exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_set_byte_order(data,
                           exif.big_endian ? EXIF_BYTE_ORDER_MOTOROLA : EXIF_BYTE_ORDER_INTEL);
  const ExifByteOrder order = exif_data_get_byte_order(data);
  AddText(data, EXIF_IFD_0, EXIF_TAG_MAKE, exif.make);
  AddText(data, EXIF_IFD_0, EXIF_TAG_MODEL, exif.model);
  if (exif.orientation != 0) {
    exif_set_short(AddEntry(data, EXIF_IFD_0, EXIF_TAG_ORIENTATION, EXIF_FORMAT_SHORT, 1), order,
                   exif.orientation);
  }
  AddText(data, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, exif.date_time_original);
  if (exif.pixel_width != 0) {
    exif_set_long(AddEntry(data, EXIF_IFD_EXIF, EXIF_TAG_PIXEL_X_DIMENSION, EXIF_FORMAT_LONG, 1),
                  order, exif.pixel_width);
    exif_set_short(AddEntry(data, EXIF_IFD_EXIF, EXIF_TAG_PIXEL_Y_DIMENSION, EXIF_FORMAT_SHORT, 1),
                   order, static_cast<ExifShort>(exif.pixel_height));
  }
  if (exif.gps) {
    const TestGps& gps = *exif.gps;
    AddText(data, EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF),
            std::string(1, gps.latitude_ref));
    AddRationals(data, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE), gps.latitude, 1, 3);
    AddText(data, EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF),
            std::string(1, gps.longitude_ref));
    AddRationals(data, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE), gps.longitude, 1, 3);
    if (gps.altitude_halves != 0) {
      *AddEntry(data, EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_ALTITUDE_REF),
                EXIF_FORMAT_BYTE, 1) = gps.below_sea ? 1 : 0;
      AddRationals(data, static_cast<ExifTag>(EXIF_TAG_GPS_ALTITUDE), &gps.altitude_halves, 2, 1);
    }
  }
  unsigned char* bytes = nullptr;
  unsigned int size = 0;
  exif_data_save_data(data, &bytes, &size);
  std::string block(reinterpret_cast<const char*>(bytes), size);
  std::free(bytes);
  exif_data_unref(data);
  return block;
}

std::string TestJpeg(const std::optional<TestExif>& exif, uint16_t frame_width,
                     uint16_t frame_height) {
  std::string jpeg = "\xFF\xD8";
  if (exif) {
    const std::string block = ExifBlock(*exif);
    jpeg += "\xFF\xE1";
    Append16(jpeg, static_cast<uint32_t>(block.size() + 2));
    jpeg += block;
  }
  jpeg += "\xFF\xC0";
  Append16(jpeg, 17);
  jpeg.push_back(8);  // bits per sample
  Append16(jpeg, frame_height);
  Append16(jpeg, frame_width);
  jpeg.push_back(3);  // components: id, sampling, quantisation table
  for (const char* component : {"\x01\x22\x00", "\x02\x11\x01", "\x03\x11\x01"}) {
    jpeg.append(component, 3);
  }
  jpeg += "\xFF\xD9";
  return jpeg;
}

}  // namespace sijil::vault::testing
