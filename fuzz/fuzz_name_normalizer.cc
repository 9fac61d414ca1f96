// Every text function on arbitrary bytes. Beyond not crashing, checks the
// contracts in text.h: outputs are valid UTF-8 (invalid input is read as
// U+FFFD), the normal forms are fixed points, NormalizeName agrees with its
// two steps, and SplitFullName yields parts exactly when there is a name.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "text/text.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace text = sijil::text;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  Check(text::IsValidUtf8(input) == (text::FindInvalidUtf8(input) == std::string_view::npos));
  const size_t invalid_at = text::FindInvalidUtf8(input);
  Check(invalid_at == std::string_view::npos ||
        (invalid_at < input.size() && text::IsValidUtf8(input.substr(0, invalid_at))));

  const std::string digits = text::AsciiDigits(input);
  const std::string arabic = text::NormalizeArabic(input);
  const std::string folded = text::FoldLatin(input);
  const std::string name = text::NormalizeName(input);
  Check(text::IsValidUtf8(digits) && text::IsValidUtf8(arabic) && text::IsValidUtf8(folded) &&
        text::IsValidUtf8(name));
  Check(text::NormalizeArabic(arabic) == arabic);
  Check(text::FoldLatin(folded) == folded);
  Check(text::NormalizeName(name) == name);
  Check(text::NormalizeName(text::NormalizeArabic(folded)) == name);

  const text::NameParts parts = text::SplitFullName(input);
  Check(parts.given.empty() == name.empty());
  for (const std::string* part : {&parts.given, &parts.father, &parts.grandfather, &parts.family}) {
    Check(text::IsValidUtf8(*part));
    Check(part->empty() || !input.empty());
  }

  text::DetectScript(input);
  return 0;
}
