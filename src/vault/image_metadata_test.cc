#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "vault/internal/test_images.h"
#include "vault/vault.h"

namespace sijil::vault {
namespace {

using nlohmann::json;
using testing::TestExif;
using testing::TestGps;
using testing::TestJpeg;

TestExif CameraExif(bool big_endian) {
  TestExif exif{.make = "Canon",
                .model = "Canon EOS 5D",
                .date_time_original = "2013:04:07 10:20:30",
                .orientation = 6,
                .pixel_width = 640,
                .pixel_height = 480,
                .big_endian = big_endian};
  exif.gps = TestGps{.latitude = {33, 30, 36},
                     .latitude_ref = 'N',
                     .longitude = {36, 17, 24},
                     .longitude_ref = 'E',
                     .altitude_halves = 1401};
  return exif;
}

TEST(ImageMetadataTest, ReadsCameraTimeOrientationSizeAndGpsInBothByteOrders) {
  for (bool big_endian : {false, true}) {
    const json metadata =
        json::parse(ExtractImageMetadata(TestJpeg(CameraExif(big_endian), 320, 240)));
    EXPECT_EQ(metadata["make"], "Canon");
    EXPECT_EQ(metadata["model"], "Canon EOS 5D");
    EXPECT_EQ(metadata["date_time_original"], "2013-04-07T10:20:30");
    EXPECT_EQ(metadata["orientation"], 6);
    // EXIF's pixel size wins over the frame header's.
    EXPECT_EQ(metadata["width"], 640);
    EXPECT_EQ(metadata["height"], 480);
    EXPECT_DOUBLE_EQ(metadata["gps"]["latitude"].get<double>(), 33.51);
    EXPECT_DOUBLE_EQ(metadata["gps"]["longitude"].get<double>(), 36.29);
    EXPECT_DOUBLE_EQ(metadata["gps"]["altitude"].get<double>(), 700.5);
  }
}

TEST(ImageMetadataTest, SouthWestAndBelowSeaAreNegative) {
  TestExif exif = CameraExif(false);
  exif.gps->latitude_ref = 'S';
  exif.gps->longitude_ref = 'W';
  exif.gps->below_sea = true;
  const json metadata = json::parse(ExtractImageMetadata(TestJpeg(exif, 1, 1)));
  EXPECT_DOUBLE_EQ(metadata["gps"]["latitude"].get<double>(), -33.51);
  EXPECT_DOUBLE_EQ(metadata["gps"]["longitude"].get<double>(), -36.29);
  EXPECT_DOUBLE_EQ(metadata["gps"]["altitude"].get<double>(), -700.5);
}

TEST(ImageMetadataTest, LeavesOutWhatTheFileDoesNotSay) {
  const json metadata =
      json::parse(ExtractImageMetadata(TestJpeg(TestExif{.model = "Phone"}, 1024, 768)));
  EXPECT_EQ(metadata, json({{"model", "Phone"}, {"width", 1024}, {"height", 768}}));
  // No EXIF at all: only the frame size; nothing invented (no date of today).
  EXPECT_EQ(json::parse(ExtractImageMetadata(TestJpeg(std::nullopt, 8, 9))),
            json({{"width", 8}, {"height", 9}}));
  EXPECT_EQ(ExtractImageMetadata("%PDF-1.7 not an image"), "{}");
  EXPECT_EQ(ExtractImageMetadata(""), "{}");
}

TEST(ImageMetadataTest, TruncatedOrDamagedExifGivesWhatItCan) {
  const std::string jpeg = TestJpeg(CameraExif(false), 320, 240);
  for (size_t size = 0; size < jpeg.size(); size += 7) {
    const std::string text = ExtractImageMetadata(jpeg.substr(0, size));
    EXPECT_TRUE(json::parse(text).is_object()) << size;
  }
  std::string damaged = jpeg;
  for (size_t at = 20; at < damaged.size(); at += 13) damaged[at] = '\xFF';
  EXPECT_TRUE(json::parse(ExtractImageMetadata(damaged)).is_object());
}

}  // namespace
}  // namespace sijil::vault
