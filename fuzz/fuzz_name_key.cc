// NameKey, SplitNameUnits, JaroWinkler, ResolvePlace and ResolveFacility on
// arbitrary bytes.
// Beyond not crashing, checks the contracts in text.h: keys are lowercase
// ASCII letters with single spaces between units; a key read again as a name
// gives itself where the key alphabet reads back unchanged (see
// KeyReadsBack); units are valid UTF-8 and non-empty; Jaro-Winkler is in
// [0,1] and 1 for equal strings; a resolved place has a governorate.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "text/text.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

bool IsKey(std::string_view key) {
  if (!key.empty() && (key.front() == ' ' || key.back() == ' ')) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == ' ' && i > 0 && key[i - 1] == ' ') return false;
    if (c != ' ' && (c < 'a' || c > 'z')) return false;
  }
  return true;
}

// Keys whose letters mean the same when read as a Latin spelling: one unit
// of four or more letters, no doubled letter (Latin doubles merge), no long
// vowel mark y/w (it would be read as a vowel), no final h (dropped after two
// consonants), no "dj" (French j), not starting as Abd-/Abu- compounds or the
// article do ("ab", "al"), and not a short abbreviation such as "mhd" (the
// variants table rewrites those).
bool KeyReadsBack(std::string_view key) {
  if (key.size() < 4 || key.find(' ') != std::string_view::npos) return false;
  if (key.find_first_of("yw") != std::string_view::npos) return false;
  if (key.find("dj") != std::string_view::npos) return false;
  if (key.substr(0, 2) == "ab" || key.substr(0, 2) == "al") return false;
  if (key.back() == 'h') return false;
  for (size_t i = 1; i < key.size(); ++i) {
    if (key[i] == key[i - 1]) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace text = sijil::text;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const std::string key = text::NameKey(input);
  Check(IsKey(key));
  Check(text::NameKey(input) == key);
  const std::string key_of_key = text::NameKey(key);
  Check(IsKey(key_of_key));
  if (KeyReadsBack(key)) Check(key_of_key == key);

  for (const std::string& unit : text::SplitNameUnits(input)) {
    Check(!unit.empty() && text::IsValidUtf8(unit));
    Check(IsKey(text::NameKey(unit)));
  }

  const size_t half = size / 2;
  const double similarity = text::JaroWinkler(input.substr(0, half), input.substr(half));
  Check(similarity >= 0.0 && similarity <= 1.0);
  Check(text::JaroWinkler(input, input) == 1.0);

  if (const auto place = text::ResolvePlace(input)) Check(!place->governorate.empty());
  if (const auto facility = text::ResolveFacility(input)) Check(!facility->empty());
  return 0;
}
