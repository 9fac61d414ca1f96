// Behaviour of the public linkage API on generated lists and small cases.
#include "link/link.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>

#include "ingest/ingest.h"
#include "synth/synth.h"

namespace sijil::link {
namespace {

// Generated lists read back through ingest, as `sijil import` reads them.
struct GeneratedLists {
  std::vector<std::unique_ptr<Record>> records;
  std::vector<std::string> sources;
  std::vector<std::string> truth;  // person id per record
  std::vector<LinkInput> inputs;
};

void ReadList(const std::string& path, const std::string& source, GeneratedLists& lists) {
  auto reader = ingest::OpenTable(path, {});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto builder = ingest::RecordBuilder::Create((*reader)->header(), {});
  ASSERT_TRUE(builder.ok());
  ingest::TableRow row;
  std::vector<ingest::FieldError> errors;
  while (true) {
    Result<bool> more = (*reader)->Next(&row);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    auto record = std::make_unique<Record>();
    ASSERT_TRUE((*builder)->Build(row, record.get(), &errors));
    lists.records.push_back(std::move(record));
    lists.sources.push_back(source);
  }
}

const GeneratedLists& SmallLists() {
  static GeneratedLists* lists = [] {
    auto* out = new GeneratedLists;
    // Its own folder per process: ctest runs the tests of this file in parallel.
    std::string dir = ::testing::TempDir() + "/sijil_link_lists_XXXXXX";
    EXPECT_NE(mkdtemp(dir.data()), nullptr);
    synth::GenerateOptions options{.persons = 1500,
                                   .lists = 4,
                                   .seed = 11,
                                   .data_dir = std::string(SIJIL_SOURCE_DIR) + "/data",
                                   .out_dir = dir};
    EXPECT_TRUE(synth::Generate(options).ok());
    for (int list = 1; list <= 4; ++list) {
      const std::string source = "list_" + std::to_string(list);
      ReadList(dir + "/" + source + ".csv", source, *out);
    }
    std::map<std::string, std::string> person;
    std::ifstream truth(dir + "/truth.csv");
    std::string line;
    std::getline(truth, line);
    while (std::getline(truth, line)) {
      const size_t comma = line.rfind(',');
      person[line.substr(0, comma)] = line.substr(comma + 1);
    }
    for (size_t i = 0; i < out->records.size(); ++i) {
      out->truth.push_back(person[out->sources[i] + "," + out->records[i]->record_id]);
      out->inputs.push_back({out->sources[i], out->records[i].get()});
    }
    std::filesystem::remove_all(dir);
    return out;
  }();
  return *lists;
}

Record Person(std::string given, std::string father, std::string family, int birth_year,
              std::string city) {
  Record record;
  record.given_name = std::move(given);
  record.father_name = std::move(father);
  record.family_name = std::move(family);
  record.birth_date = *PartialDate::Year(birth_year);
  record.city = std::move(city);
  record.sex = Sex::kMale;
  return record;
}

TEST(LinkTest, GeneratedListsLinkAccurately) {
  const GeneratedLists& lists = SmallLists();
  ASSERT_GT(lists.inputs.size(), 1000u);
  Result<LinkResult> result = Link(lists.inputs, DefaultConfig(), {.seed = 3, .threads = 2});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  Result<Evaluation> evaluation = Evaluate(result->clusters, lists.truth);
  ASSERT_TRUE(evaluation.ok());
  EXPECT_GT(evaluation->precision, 0.9);
  EXPECT_GT(evaluation->recall, 0.8);
  EXPECT_GT(result->stats.candidate_pairs, 0);
  EXPECT_EQ(result->stats.rules.size(), DefaultConfig().blocking.size());
}

// A population in which most people share their given and family name, or
// their given and father's name, with many others, as at a million records:
// six given names, eighteen men's names (a third of fathers are محمد),
// fifteen family names. Half the people are known by their names and birth
// date only. Some are listed twice, with fields left out.
struct Namesakes {
  std::vector<Record> records;
  std::vector<std::string> truth;  // person id per record
  std::vector<LinkInput> inputs;
};

Namesakes NamesakePopulation(int persons, double listed_twice, uint64_t seed) {
  static const char* const kGiven[] = {"محمد", "أحمد", "محمود", "خالد", "عمر", "علي"};
  static const char* const kMen[] = {"حسن",  "حسين", "إبراهيم", "يوسف", "مصطفى", "عبد الله",
                                     "سعيد", "جمال", "رضوان",   "سليم", "فيصل",  "ماهر",
                                     "نبيل", "وليد", "كمال",    "فؤاد", "هشام",  "رامي"};
  static const char* const kFamilies[] = {"الحلبي", "الحموي", "الزعبي", "العلي",   "الأحمد",
                                          "المصري", "الشامي", "الخطيب", "النجار",  "الحداد",
                                          "العمر",  "الحسن",  "الصالح", "الرفاعي", "القاسم"};
  static const char* const kMothers[] = {"فاطمة", "خديجة", "مريم", "زينب", "عائشة",
                                         "سعاد",  "نور",   "هدى",  "ليلى", "سلمى"};
  static const char* const kPlaces[] = {"حمص", "حماة", "إدلب", "درعا"};
  static const char* const kFacilities[] = {"صيدنايا", "فرع فلسطين", "المزة", "عدرا"};
  std::mt19937_64 random(seed);
  auto pick = [&random](const auto& table) {
    return std::string(table[random() % std::size(table)]);
  };
  auto chance = [&random](double p) { return std::uniform_real_distribution<>(0, 1)(random) < p; };
  auto date = [&random](int first_year, int years) {
    return *PartialDate::Full(first_year + static_cast<int>(random() % years),
                              1 + static_cast<int>(random() % 12),
                              1 + static_cast<int>(random() % 28));
  };
  Namesakes out;
  for (int person = 0; person < persons; ++person) {
    Record record;
    record.given_name = pick(kGiven);
    record.father_name = chance(1.0 / 3) ? std::string("محمد") : pick(kMen);
    record.family_name = pick(kFamilies);
    record.sex = Sex::kMale;
    record.birth_date = date(1950, 45);
    if (chance(0.5)) {
      record.grandfather_name = pick(kMen);
      record.mother_name = pick(kMothers);
      record.governorate = pick(kPlaces);
      record.arrest_date = date(2012, 4);
      record.facility = pick(kFacilities);
    }
    for (int copy = 0; copy < (chance(listed_twice) ? 2 : 1); ++copy) {
      out.records.push_back(record);
      out.truth.push_back(std::to_string(person));
      if (chance(0.3)) record.father_name.clear();
      if (chance(0.3)) record.mother_name.clear();
      if (chance(0.3)) record.arrest_date = {};
      if (chance(0.3)) record.facility.clear();
    }
  }
  for (size_t i = 0; i < out.records.size(); ++i) {
    out.inputs.push_back({i % 2 ? "a" : "b", &out.records[i]});
  }
  return out;
}

// At a million records most pairs that blocking finds are namesakes; EM must
// still take "same person", not "same name", for the match class
// (docs/linkage.md, "Why EM is stratified").
TEST(LinkTest, NamesakesAreNotLinked) {
  for (double listed_twice : {0.12, 0.3}) {
    const Namesakes population = NamesakePopulation(6000, listed_twice, 17);
    Result<LinkResult> result = Link(population.inputs, DefaultConfig(), {.seed = 1, .threads = 2});
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    Result<Evaluation> evaluation = Evaluate(result->clusters, population.truth);
    ASSERT_TRUE(evaluation.ok());
    EXPECT_GT(evaluation->precision, 0.95) << listed_twice;
    EXPECT_GT(evaluation->recall, 0.8) << listed_twice;
  }
}

// The day of arrest (known to the day; an ambiguous date by its day-first
// reading) and the city of origin (through the gazetteer) as block keys.
TEST(LinkTest, ArrestDayAndCityAreBlockKeys) {
  std::vector<Record> records = {
      Person("Othman", "", "", 1980, "Manbij"), Person("عثمان", "", "", 1990, "منبج"),
      Person("Osman", "", "", 1980, "Manbij"), Person("Othman", "", "", 1980, "Homs")};
  records[0].arrest_date = *PartialDate::Full(2013, 7, 4);
  records[1].arrest_date = *PartialDate::AmbiguousDayMonth(2013, 7, 4);  // 7/4: 7 April first
  records[2].arrest_date = *PartialDate::Full(2013, 7, 4);
  records[3].arrest_date = *PartialDate::YearMonth(2013, 7);
  std::vector<LinkInput> inputs;
  for (const Record& record : records) inputs.push_back({"a", &record});
  auto pairs_of = [&](std::vector<BlockKey> keys) {
    LinkConfig config = DefaultConfig();
    config.blocking = {{.name = "rule", .keys = std::move(keys)}};
    Result<std::vector<RecordPair>> pairs = CandidatePairs(inputs, config, 1);
    EXPECT_TRUE(pairs.ok()) << pairs.status().ToString();
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const RecordPair& pair : *pairs) out.emplace_back(pair.a, pair.b);
    return out;
  };
  using Pairs = std::vector<std::pair<int64_t, int64_t>>;
  // 4 July 2013: records 0 and 2; record 1 blocks by its day-first reading.
  EXPECT_EQ(pairs_of({BlockKey::kArrestDate}), (Pairs{{0, 2}}));
  EXPECT_EQ(pairs_of({BlockKey::kCity}), (Pairs{{0, 1}, {0, 2}, {1, 2}}));
  EXPECT_EQ(pairs_of({BlockKey::kGivenLoose, BlockKey::kCity}), (Pairs{{0, 1}}));
}

TEST(LinkTest, BlockingKeepsMostTruePairs) {
  const GeneratedLists& lists = SmallLists();
  Result<std::vector<RecordPair>> pairs = CandidatePairs(lists.inputs, DefaultConfig(), 2);
  ASSERT_TRUE(pairs.ok());
  EXPECT_GT(BlockingRecall(*pairs, lists.truth), 0.9);
  EXPECT_TRUE(std::is_sorted(pairs->begin(), pairs->end()));
  EXPECT_EQ(std::adjacent_find(pairs->begin(), pairs->end()), pairs->end());
  for (const RecordPair& pair : *pairs) ASSERT_LT(pair.a, pair.b);
  // Never all pairs.
  const double n = static_cast<double>(lists.inputs.size());
  EXPECT_LT(static_cast<double>(pairs->size()), n * (n - 1) / 2 / 20);
}

TEST(LinkTest, NearBirthYearsMeetInBlocking) {
  // One person whose second record has an age-derived year one off, and a
  // namesake born three years later.
  Record a = Person("Yahya", "", "Tarabishi", 1975, "Hama");
  Record b = Person("يحيى", "", "الطرابيشي", 1976, "");
  Record c = Person("Yahya", "", "Tarabishi", 1979, "");
  a.family_name = b.family_name = c.family_name = "";
  std::vector<LinkInput> inputs = {{"a", &a}, {"b", &b}, {"c", &c}};
  LinkConfig config = DefaultConfig();
  config.blocking = {{.name = "near", .keys = {BlockKey::kGivenKey, BlockKey::kBirthYearNear}}};
  Result<std::vector<RecordPair>> pairs = CandidatePairs(inputs, config, 1);
  ASSERT_TRUE(pairs.ok());
  EXPECT_EQ(*pairs, (std::vector<RecordPair>{{0, 1}}));
  config.blocking[0].keys = {BlockKey::kGivenKey, BlockKey::kBirthYear};
  pairs = CandidatePairs(inputs, config, 1);
  ASSERT_TRUE(pairs.ok());
  EXPECT_TRUE(pairs->empty());
}

TEST(LinkTest, SameSeedSameResultWhateverTheThreads) {
  const GeneratedLists& lists = SmallLists();
  Result<LinkResult> one = Link(lists.inputs, DefaultConfig(), {.seed = 5, .threads = 1});
  Result<LinkResult> two = Link(lists.inputs, DefaultConfig(), {.seed = 5, .threads = 2});
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_EQ(one->clusters, two->clusters);
  EXPECT_EQ(one->model_json, two->model_json);
  ASSERT_EQ(one->review.size(), two->review.size());
  for (size_t i = 0; i < one->review.size(); ++i) {
    EXPECT_EQ(one->review[i].pair, two->review[i].pair);
  }
}

TEST(LinkTest, RecordsAddedInBatchesLinkAsAllAtOnce) {
  const GeneratedLists& lists = SmallLists();
  Result<LinkResult> at_once = Link(lists.inputs, DefaultConfig(), {.seed = 3});
  Result<LinkRecords> batches = LinkRecords::Start(DefaultConfig());
  ASSERT_TRUE(at_once.ok() && batches.ok());
  const std::span<const LinkInput> all(lists.inputs);
  // Uneven batches that cut through a list.
  for (size_t start = 0, size = 1; start < all.size(); start += size, size = size * 3 + 1) {
    ASSERT_TRUE(batches->Add(all.subspan(start, std::min(size, all.size() - start))).ok());
  }
  EXPECT_EQ(batches->size(), static_cast<int64_t>(all.size()));
  const LinkInput missing{.source = "a", .record = nullptr};
  EXPECT_EQ(batches->Add({&missing, 1}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(batches->size(), static_cast<int64_t>(all.size()));
  Result<LinkResult> batched = Link(*std::move(batches), {.seed = 3});
  ASSERT_TRUE(batched.ok()) << batched.status().ToString();
  EXPECT_EQ(batched->clusters, at_once->clusters);
  EXPECT_EQ(batched->model_json, at_once->model_json);
  EXPECT_EQ(batched->review.size(), at_once->review.size());
}

TEST(LinkTest, ReviewerDecisionsAlwaysHold) {
  const GeneratedLists& lists = SmallLists();
  Result<LinkResult> plain = Link(lists.inputs, DefaultConfig(), {.seed = 1});
  ASSERT_TRUE(plain.ok());
  // Cannot-link two records linkage put together; must-link two it kept apart.
  const std::vector<int64_t>* pair_cluster = nullptr;
  for (const auto& cluster : plain->clusters) {
    if (cluster.size() >= 2) pair_cluster = &cluster;
  }
  ASSERT_NE(pair_cluster, nullptr);
  const RecordPair cannot{(*pair_cluster)[0], (*pair_cluster)[1]};
  const RecordPair must{plain->clusters.front()[0], plain->clusters.back()[0]};
  Result<LinkResult> decided = Link(lists.inputs, DefaultConfig(),
                                    {.seed = 1, .must_link = {must}, .cannot_link = {cannot}});
  ASSERT_TRUE(decided.ok());
  std::vector<int64_t> cluster_of(lists.inputs.size());
  for (size_t c = 0; c < decided->clusters.size(); ++c) {
    for (int64_t record : decided->clusters[c]) cluster_of[record] = static_cast<int64_t>(c);
  }
  EXPECT_NE(cluster_of[cannot.a], cluster_of[cannot.b]);
  EXPECT_EQ(cluster_of[must.a], cluster_of[must.b]);
}

TEST(LinkTest, DecisionOutOfRangeIsAnError) {
  Record record = Person("محمد", "أحمد", "الحلبي", 1980, "حلب");
  std::vector<LinkInput> inputs = {{"a", &record}, {"b", &record}};
  Result<LinkResult> result = Link(inputs, DefaultConfig(), {.must_link = {{0, 5}}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("must_link"), std::string::npos);
  // Incremental linking needs one earlier person per record and the earlier model.
  Result<LinkResult> no_model = Link(inputs, DefaultConfig(), {.previous_person = {0, -1}});
  EXPECT_NE(no_model.status().message().find("previous_person: needs previous_model_json"),
            std::string::npos);
  Result<LinkResult> short_list =
      Link(inputs, DefaultConfig(), {.previous_model_json = "{}", .previous_person = {0}});
  EXPECT_NE(short_list.status().message().find("previous_person: expected one entry per record"),
            std::string::npos);
}

TEST(LinkTest, ExplainGivesEachComparisonAndTheSum) {
  const GeneratedLists& lists = SmallLists();
  Result<LinkResult> result = Link(lists.inputs, DefaultConfig(), {.seed = 1});
  ASSERT_TRUE(result.ok());
  Record arabic = Person("محمد", "أحمد", "الزعبي", 1985, "درعا");
  Record full;
  full.full_name = "Mohammad Ahmad al-Zoubi";
  full.birth_date = *PartialDate::Year(1985);
  full.sex = Sex::kMale;
  Result<PairExplanation> why = Explain(result->model_json, arabic, full);
  ASSERT_TRUE(why.ok()) << why.status().ToString();
  ASSERT_EQ(why->comparisons.size(), DefaultConfig().comparisons.size());
  double sum = why->prior_weight;
  for (const ComparisonExplanation& comparison : why->comparisons) sum += comparison.weight;
  EXPECT_NEAR(sum, why->weight, 1e-9);
  EXPECT_EQ(why->comparisons[0].name, "given_name");
  EXPECT_EQ(why->comparisons[0].level, "same key");
  EXPECT_GT(why->comparisons[0].weight, 0);
  EXPECT_EQ(why->comparisons[3].level, "same key");  // family name, across scripts
  // A different given name and birth date are evidence against.
  Record brother = Person("خالد", "أحمد", "الزعبي", 1971, "درعا");
  Result<PairExplanation> brothers = Explain(result->model_json, arabic, brother);
  ASSERT_TRUE(brothers.ok());
  EXPECT_LT(brothers->comparisons[0].weight, 0);
  EXPECT_LT(brothers->probability, why->probability);
  EXPECT_FALSE(Explain("{}", arabic, full).ok());
}

TEST(LinkTest, FacilitiesCompareThroughTheGazetteerInEitherScript) {
  const GeneratedLists& lists = SmallLists();
  Result<LinkResult> result = Link(lists.inputs, DefaultConfig(), {.seed = 1});
  ASSERT_TRUE(result.ok());
  auto facility_level = [&](const std::string& held_a, const std::string& held_b) {
    Record a = Person("محمد", "أحمد", "الزعبي", 1985, "درعا");
    Record b = a;
    a.facility = held_a;
    b.facility = held_b;
    Result<PairExplanation> why = Explain(result->model_json, a, b);
    EXPECT_TRUE(why.ok()) << why.status().ToString();
    EXPECT_EQ(why->comparisons.back().name, "facility");
    return why->comparisons.back().level;
  };
  EXPECT_EQ(facility_level("سجن صيدنايا العسكري", "Sednaya Prison"), "same");
  EXPECT_EQ(facility_level("الفرع 215 (سرية المداهمة)", "Military Intelligence Branch 215"),
            "same");
  EXPECT_EQ(facility_level("Branch 215", "Branch 227"), "different");  // not a typo of it
  EXPECT_EQ(facility_level("غير معروف", "Unknown"), "missing");
  EXPECT_EQ(facility_level("Farm near the river", "Farm near the river"), "same");
}

// A typo in a short name is "similar", not "different" like a sibling's
// name; a similar threshold above the close one is refused.
TEST(LinkTest, NameLevelsTellNearMissesFromUnrelatedNames) {
  const GeneratedLists& lists = SmallLists();
  Result<LinkResult> result = Link(lists.inputs, DefaultConfig(), {.seed = 1});
  ASSERT_TRUE(result.ok());
  auto given_level = [&](const char* given_a, const char* given_b) {
    Result<PairExplanation> why =
        Explain(result->model_json, Person(given_a, "أحمد", "الزعبي", 1985, "درعا"),
                Person(given_b, "أحمد", "الزعبي", 1985, "درعا"));
    EXPECT_TRUE(why.ok()) << why.status().ToString();
    return why->comparisons.front().level;
  };
  EXPECT_EQ(given_level("حسن", "Hassan"), "same key");
  EXPECT_EQ(given_level("حسن", "حست"), "similar");
  EXPECT_EQ(given_level("حسن", "خالد"), "different");
  LinkConfig config = DefaultConfig();
  config.comparisons[0].similar_threshold = 0.95;
  Result<LinkResult> refused = Link(lists.inputs, config, {.seed = 1});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("similar_threshold"), std::string::npos);
}

// Brothers arrested together share everything but the given name. However
// likely the rest makes them, a pair whose given names differ goes to review
// instead of being linked (review_when_different, on for the given name).
TEST(LinkTest, BrothersGoToReviewNotIntoOnePerson) {
  const GeneratedLists& lists = SmallLists();
  Record elder = Person("خالد", "عبد الكريم", "الحمصي", 1980, "تلكلخ");
  elder.birth_date = PartialDate();
  elder.mother_name = "سميرة النجار";
  elder.arrest_date = *PartialDate::Full(2012, 3, 14);
  elder.facility = "Branch 215";
  Record younger = elder;
  younger.given_name = "يوسف";
  std::vector<LinkInput> inputs = lists.inputs;
  inputs.push_back({"family_list", &elder});
  inputs.push_back({"family_list", &younger});
  const RecordPair brothers{static_cast<int64_t>(inputs.size()) - 2,
                            static_cast<int64_t>(inputs.size()) - 1};
  auto together = [&](const LinkResult& result) {
    for (const std::vector<int64_t>& cluster : result.clusters) {
      const bool has_a = std::find(cluster.begin(), cluster.end(), brothers.a) != cluster.end();
      const bool has_b = std::find(cluster.begin(), cluster.end(), brothers.b) != cluster.end();
      if (has_a || has_b) return has_a && has_b;
    }
    return false;
  };
  Result<LinkResult> held = Link(inputs, DefaultConfig(), {.seed = 1});
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  EXPECT_FALSE(together(*held));
  const auto in_review = std::find_if(held->review.begin(), held->review.end(),
                                      [&](const ScoredPair& p) { return p.pair == brothers; });
  ASSERT_NE(in_review, held->review.end());
  EXPECT_TRUE(in_review->held_for_review);
  EXPECT_GE(in_review->probability, DefaultConfig().match_threshold);
  // The same model without the rule would have made them one person.
  LinkConfig config = DefaultConfig();
  config.comparisons[0].review_when_different = false;
  Result<LinkResult> linked = Link(inputs, config, {.seed = 1});
  ASSERT_TRUE(linked.ok());
  EXPECT_TRUE(together(*linked));
}

TEST(EvaluateTest, CountsPairs) {
  // Truth: {0,1,2} {3,4}; predicted {0,1} {2,3} {4}.
  Result<Evaluation> evaluation = Evaluate({{0, 1}, {2, 3}, {4}}, {"p", "p", "p", "q", "q"});
  ASSERT_TRUE(evaluation.ok());
  EXPECT_EQ(evaluation->true_positive_pairs, 1);
  EXPECT_EQ(evaluation->false_positive_pairs, 1);
  EXPECT_EQ(evaluation->false_negative_pairs, 3);
  EXPECT_DOUBLE_EQ(evaluation->precision, 0.5);
  EXPECT_DOUBLE_EQ(evaluation->recall, 0.25);
  EXPECT_EQ(evaluation->predicted_clusters, 3);
  EXPECT_EQ(evaluation->true_clusters, 2);
  EXPECT_EQ(evaluation->exact_clusters, 0);
  EXPECT_FALSE(Evaluate({{0, 1}, {1}}, {"p", "p"}).ok());
  EXPECT_FALSE(Evaluate({{0, 7}}, {"p", "p"}).ok());
}

TEST(ConfigTest, RoundTripsAndNamesBadMembers) {
  Result<LinkConfig> parsed = ParseConfig(ConfigToJson(DefaultConfig()));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(ConfigToJson(*parsed), ConfigToJson(DefaultConfig()));
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {"[", "config: not valid JSON"},
      {"{\"threshold\": 1}", "threshold: unknown member"},
      {"{\"match_threshold\": 2}", "match_threshold: expected a number in"},
      {"{\"comparisons\": [{\"name\": \"x\", \"method\": \"fuzzy\", \"fields\": [\"facility\"]}]}",
       "comparisons[0].method: 'fuzzy' is not one of name, sex, date, place, text"},
      {"{\"comparisons\": [{\"name\": \"x\", \"method\": \"text\"}]}",
       "comparisons[0].fields: expected an array"},
      {"{\"blocking\": [{\"name\": \"r\", \"keys\": [\"shoe_size\"]}]}",
       "blocking[0].keys: \"shoe_size\" is not one of"},
      {"{\"blocking\": []}", "blocking: expected a non-empty array"},
      {"{\"comparisons\": [{\"name\": \"x\", \"method\": \"text\", \"fields\": [\"facility\"], "
       "\"similar_threshold\": 0}]}",
       "comparisons[0].similar_threshold: expected a number in"},
      {"{\"comparisons\": [{\"name\": \"x\", \"method\": \"text\", \"fields\": [\"facility\"], "
       "\"review_when_different\": 1}]}",
       "comparisons[0].review_when_different: expected true or false"},
  };
  for (const Case& c : cases) {
    Result<LinkConfig> config = ParseConfig(c.json);
    ASSERT_FALSE(config.ok()) << c.json;
    EXPECT_EQ(config.status().message().rfind(c.message, 0), 0u) << config.status().message();
  }
  Result<LinkConfig> custom = ParseConfig(
      "{\"match_threshold\": 0.95, \"comparisons\": [{\"name\": \"unit\", \"method\": \"text\", "
      "\"fields\": [\"Unit\"]}]}");
  ASSERT_TRUE(custom.ok());
  EXPECT_DOUBLE_EQ(custom->match_threshold, 0.95);
  ASSERT_EQ(custom->comparisons.size(), 1u);
  EXPECT_EQ(custom->blocking.size(), DefaultConfig().blocking.size());
}

}  // namespace
}  // namespace sijil::link
