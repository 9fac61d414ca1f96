// Test-only: small JPEG files with EXIF written by libexif, so metadata
// tests need no downloaded images.
#ifndef SIJIL_VAULT_INTERNAL_TEST_IMAGES_H_
#define SIJIL_VAULT_INTERNAL_TEST_IMAGES_H_

#include <cstdint>
#include <optional>
#include <string>

namespace sijil::vault::testing {

// A GPS position as EXIF stores it: degrees, minutes, seconds and a
// hemisphere reference.
struct TestGps {
  uint32_t latitude[3] = {0, 0, 0};
  char latitude_ref = 'N';
  uint32_t longitude[3] = {0, 0, 0};
  char longitude_ref = 'E';
  uint32_t altitude_halves = 0;  // metres * 2, written as the rational n/2
  bool below_sea = false;
};

// EXIF fields to write; empty or zero ones are left out.
struct TestExif {
  std::string make, model, date_time_original;  // date as "YYYY:MM:DD HH:MM:SS"
  uint16_t orientation = 0;
  uint32_t pixel_width = 0, pixel_height = 0;
  std::optional<TestGps> gps;
  bool big_endian = false;
};

// Returns the EXIF block ("Exif\0\0" and the TIFF structure) for `exif`.
std::string ExifBlock(const TestExif& exif);

// Returns a JPEG: SOI, an APP1 segment with ExifBlock(*exif) when given, a
// baseline frame header of `frame_width` x `frame_height`, EOI. Enough for
// parsers of metadata (there is no image data).
std::string TestJpeg(const std::optional<TestExif>& exif, uint16_t frame_width,
                     uint16_t frame_height);

}  // namespace sijil::vault::testing

#endif  // SIJIL_VAULT_INTERNAL_TEST_IMAGES_H_
