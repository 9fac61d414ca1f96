// Private to text: the data tables compiled into the library
// (cmake/EmbedText.cmake generates their definitions from data/).
#ifndef SIJIL_TEXT_INTERNAL_EMBEDDED_DATA_H_
#define SIJIL_TEXT_INTERNAL_EMBEDDED_DATA_H_

#include <string_view>

namespace sijil::text::internal {

extern const std::string_view kVariantsTsv;      // data/names/variants.tsv
extern const std::string_view kGovernoratesTsv;  // data/places/governorates.tsv
extern const std::string_view kDistrictsTsv;     // data/places/districts.tsv
extern const std::string_view kCitiesTsv;        // data/places/cities.tsv
extern const std::string_view kFacilitiesTsv;    // data/places/facilities.tsv

}  // namespace sijil::text::internal

#endif  // SIJIL_TEXT_INTERNAL_EMBEDDED_DATA_H_
