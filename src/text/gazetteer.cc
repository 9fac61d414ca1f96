// ResolvePlace and ResolveFacility: the gazetteer of Syrian governorates,
// districts and cities, and the places of detention (data/places/*.tsv,
// compiled in). See docs/text.md, "Gazetteer".
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/internal/embedded_data.h"
#include "text/internal/name_words.h"
#include "text/text.h"

namespace sijil::text {
namespace {

using internal::TokenList;
using internal::WordRole;

enum class Level { kGovernorate = 0, kDistrict = 1, kCity = 2 };

struct Place {
  Level level;
  PlaceMatch match;
};

// Words that say what kind of place follows and are not part of its name.
constexpr std::array<std::string_view, 22> kDesignators = {
    "governorate", "governorat", "gouvernorat", "province",   "muhafazat", "muhafazah",
    "muhafaza",    "mohafazat",  "mohafaza",    "mouhafazat", "gov",       "محافظة",
    "محافظه",      "district",   "mantiqa",     "mantiqat",   "منطقة",     "منطقه",
    "city",        "مدينة",      "مدينه",       "town"};
constexpr std::array<std::string_view, 5> kGovernorateDesignators = {
    "governorate", "محافظة", "محافظه", "province", "muhafazat"};

bool IsDesignator(std::string_view fold) {
  return std::find(kDesignators.begin(), kDesignators.end(), fold) != kDesignators.end();
}

// The two lookup forms of a place name: its words' folds (articles and
// designators left out, joined by spaces) and its cross-script key.
struct PlaceForms {
  std::string fold;
  std::string key;
  bool governorate_designator = false;
};

PlaceForms FormsOf(std::string_view name, TokenList* tokens) {
  internal::Tokenize(name, tokens);
  PlaceForms forms;
  const size_t count = tokens->tokens.size();
  size_t designators = 0;
  for (const internal::Token& token : tokens->tokens) {
    if (IsDesignator(tokens->Fold(token))) ++designators;
  }
  for (size_t i = 0; i < count; ++i) {
    const std::string_view fold = tokens->Fold(tokens->tokens[i]);
    const std::string_view next =
        i + 1 < count ? tokens->Fold(tokens->tokens[i + 1]) : std::string_view();
    if (designators < count && IsDesignator(fold)) {
      forms.governorate_designator =
          forms.governorate_designator ||
          std::find(kGovernorateDesignators.begin(), kGovernorateDesignators.end(), fold) !=
              kGovernorateDesignators.end();
      continue;
    }
    if (i + 1 < count && internal::RoleOf(fold, next) == WordRole::kArticle) continue;
    if (!forms.fold.empty()) forms.fold.push_back(' ');
    for (const char c : fold) {
      if (c != '\'') forms.fold.push_back(c);
    }
    internal::AppendWordKey(fold, false, &forms.key);
  }
  return forms;
}

// Calls f(columns) for each data row of a .tsv (comments and header skipped).
template <typename F>
void ForEachRow(std::string_view text, const F& f) {
  bool header = true;
  std::vector<std::string_view> row;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    row.clear();
    for (size_t start = 0;;) {
      const size_t tab = line.find('\t', start);
      row.push_back(line.substr(start, tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    f(row);
  }
}

// Calls f(spelling) for each of a "|"-separated list.
template <typename F>
void ForEachSpelling(std::string_view spellings, const F& f) {
  for (size_t start = 0;;) {
    const size_t bar = spellings.find('|', start);
    f(spellings.substr(start, bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
}

class Gazetteer {
 public:
  Gazetteer() {
    ForEachRow(internal::kGovernoratesTsv, [this](const std::vector<std::string_view>& row) {
      if (row.size() < 3) return;
      Add({Level::kGovernorate, {std::string(row[0]), "", ""}}, row[0], row[1], row[2]);
    });
    ForEachRow(internal::kDistrictsTsv, [this](const std::vector<std::string_view>& row) {
      if (row.size() < 4) return;
      Add({Level::kDistrict, {std::string(row[0]), std::string(row[1]), ""}}, row[1], row[2],
          row[3]);
    });
    ForEachRow(internal::kCitiesTsv, [this](const std::vector<std::string_view>& row) {
      if (row.size() < 5) return;
      Add({Level::kCity, {std::string(row[3]), std::string(row[4]), std::string(row[0])}}, row[0],
          row[1], row[2]);
    });
    AddSeatSpellings();
  }

  std::optional<PlaceMatch> Resolve(std::string_view name) const {
    if (std::optional<PlaceMatch> match = ResolveForms(name)) return match;
    // "ديرالزور": an article written joined to the word before it.
    const std::string spaced = SpaceJoinedArticles(name);
    if (spaced.size() == name.size()) return std::nullopt;
    return ResolveForms(spaced);
  }

  std::string ArabicName(std::string_view governorate) const {
    for (size_t id = 0; id < places_.size(); ++id) {
      if (places_[id].level == Level::kGovernorate &&
          places_[id].match.governorate == governorate) {
        return spellings_[id][1];  // Add: the key, then the Arabic name
      }
    }
    return "";
  }

 private:
  using Index = std::unordered_map<std::string, std::vector<size_t>>;

  // Returns name with a space before each ال that follows a letter.
  static std::string SpaceJoinedArticles(std::string_view name) {
    constexpr std::string_view kAl = "ال";
    std::string spaced;
    for (size_t i = 0; i < name.size(); ++i) {
      const bool after_letter = i >= 2 && (static_cast<unsigned char>(name[i - 2]) & 0xFC) == 0xD8;
      if (after_letter && name.substr(i, kAl.size()) == kAl) spaced.push_back(' ');
      spaced.push_back(name[i]);
    }
    return spaced;
  }

  std::optional<PlaceMatch> ResolveForms(std::string_view name) const {
    TokenList tokens;
    const PlaceForms forms = FormsOf(name, &tokens);
    if (forms.key.empty()) return std::nullopt;
    const std::vector<size_t>* candidates = Find(by_fold_, forms.fold);
    if (candidates == nullptr) candidates = Find(by_key_, forms.key);
    if (candidates == nullptr) return std::nullopt;
    return Choose(*candidates, forms.governorate_designator);
  }

  void Add(Place place, std::string_view name, std::string_view arabic,
           std::string_view latin_spellings) {
    const size_t id = places_.size();
    places_.push_back(std::move(place));
    AddSpelling(id, name);
    AddSpelling(id, arabic);
    ForEachSpelling(latin_spellings, [&](std::string_view spelling) { AddSpelling(id, spelling); });
  }

  // A governorate's seat (the district and city of the same name) is also
  // named by the governorate's spellings: "Sweida" is the city too.
  void AddSeatSpellings() {
    for (size_t seat = 0; seat < places_.size(); ++seat) {
      const Place& place = places_[seat];
      if (place.level == Level::kGovernorate) continue;
      const std::string& name =
          place.level == Level::kCity ? place.match.city : place.match.district;
      if (name != place.match.governorate) continue;
      for (size_t gov = 0; gov < places_.size(); ++gov) {
        if (places_[gov].level != Level::kGovernorate || places_[gov].match.governorate != name) {
          continue;
        }
        for (const std::string& spelling : spellings_[gov]) AddSpelling(seat, spelling);
      }
    }
  }

  void AddSpelling(size_t id, std::string_view spelling) {
    if (spellings_.size() <= id) spellings_.resize(id + 1);
    spellings_[id].emplace_back(spelling);
    TokenList tokens;
    const PlaceForms forms = FormsOf(spelling, &tokens);
    if (forms.key.empty()) return;
    AddTo(&by_fold_, forms.fold, id);
    AddTo(&by_key_, forms.key, id);
  }

  static void AddTo(Index* index, const std::string& form, size_t id) {
    std::vector<size_t>& ids = (*index)[form];
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }

  static const std::vector<size_t>* Find(const Index& index, const std::string& form) {
    const auto it = index.find(form);
    return it == index.end() ? nullptr : &it->second;
  }

  // The places a form names, reduced to what they agree on. The most general
  // level decides the governorate ("Homs" is the governorate, its district
  // and its city); two governorates at that level make the name ambiguous.
  std::optional<PlaceMatch> Choose(const std::vector<size_t>& ids, bool governorate_only) const {
    Level best = Level::kCity;
    for (const size_t id : ids) best = std::min(best, places_[id].level);
    if (governorate_only && best != Level::kGovernorate) return std::nullopt;
    std::optional<std::string> governorate;
    for (const size_t id : ids) {
      if (places_[id].level != best) continue;
      if (governorate && *governorate != places_[id].match.governorate) return std::nullopt;
      governorate = places_[id].match.governorate;
    }
    PlaceMatch match{.governorate = *governorate, .district = "", .city = ""};
    if (governorate_only) return match;
    std::optional<std::string> district;
    std::optional<std::string> city;
    bool districts_agree = true;
    bool cities_agree = true;
    for (const size_t id : ids) {
      const PlaceMatch& place = places_[id].match;
      if (place.governorate != match.governorate) continue;
      if (!place.district.empty()) {
        districts_agree = districts_agree && (!district || *district == place.district);
        district = place.district;
      }
      if (!place.city.empty()) {
        cities_agree = cities_agree && (!city || *city == place.city);
        city = place.city;
      }
    }
    if (district && districts_agree) match.district = *district;
    if (city && cities_agree && districts_agree) match.city = *city;
    return match;
  }

  std::vector<Place> places_;
  std::vector<std::vector<std::string>> spellings_;  // by place id
  Index by_fold_;
  Index by_key_;
};

// Places of detention (data/places/facilities.tsv) by the cross-script key of
// each listed spelling and by the branch numbers they carry: security
// branches are known by number ("الفرع 215", "Branch 215"), however the rest
// of the name is written.
class FacilityIndex {
 public:
  FacilityIndex() {
    std::unordered_map<std::string, std::vector<std::string>> numbered;
    ForEachRow(internal::kFacilitiesTsv, [&](const std::vector<std::string_view>& row) {
      if (row.size() < 3) return;
      const std::string key(row[0]);
      auto add = [&](std::string_view spelling) {
        const std::vector<std::string> numbers = Numbers(spelling);
        if (std::string lookup = LookupKey(spelling, numbers); !lookup.empty()) {
          by_key_.emplace(std::move(lookup), key);
        }
        for (const std::string& number : numbers) {
          std::vector<std::string>& keys = numbered[number];
          if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
        }
      };
      add(row[1]);
      ForEachSpelling(row[2], add);
    });
    // A number two facilities share names neither.
    for (const auto& [number, keys] : numbered) {
      if (keys.size() == 1) by_number_.emplace(number, keys.front());
    }
  }

  std::optional<std::string> Resolve(std::string_view name) const {
    const std::vector<std::string> numbers = Numbers(name);
    if (const auto it = by_key_.find(LookupKey(name, numbers)); it != by_key_.end()) {
      return it->second;
    }
    if (numbers.size() != 1) return std::nullopt;
    if (const auto it = by_number_.find(numbers.front()); it != by_number_.end()) return it->second;
    return std::nullopt;
  }

 private:
  // The cross-script key of a name's words, then its numbers (which the
  // key leaves out): "Branch 215" and "Branch 227" are different places.
  static std::string LookupKey(std::string_view name, const std::vector<std::string>& numbers) {
    TokenList tokens;
    std::string key = FormsOf(name, &tokens).key;
    if (key.empty()) return "";
    for (const std::string& number : numbers) key += "#" + number;
    return key;
  }

  // The runs of two or more digits in `name` (any script's digits).
  static std::vector<std::string> Numbers(std::string_view name) {
    const std::string fold = NormalizeName(name);
    std::vector<std::string> numbers;
    std::string run;
    for (size_t i = 0; i <= fold.size(); ++i) {
      if (i < fold.size() && fold[i] >= '0' && fold[i] <= '9') {
        run.push_back(fold[i]);
        continue;
      }
      if (run.size() >= 2) numbers.push_back(run);
      run.clear();
    }
    return numbers;
  }

  std::unordered_map<std::string, std::string> by_key_;
  std::unordered_map<std::string, std::string> by_number_;
};

const Gazetteer& TheGazetteer() {
  static const Gazetteer* const gazetteer = new Gazetteer();
  return *gazetteer;
}

}  // namespace

std::optional<PlaceMatch> ResolvePlace(std::string_view name) {
  return TheGazetteer().Resolve(name);
}

std::string GovernorateArabicName(std::string_view governorate) {
  return TheGazetteer().ArabicName(governorate);
}

std::optional<std::string> ResolveFacility(std::string_view name) {
  static const FacilityIndex* const facilities = new FacilityIndex();
  return facilities->Resolve(name);
}

}  // namespace sijil::text
