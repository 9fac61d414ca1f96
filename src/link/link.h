// link: probabilistic record linkage — which records are the same person.
//
// Lists record the same detainee many times, in Arabic and in several Latin
// spellings, with typos, missing parts and shifted dates; and many different
// people share the same few names. This engine turns records into persons:
//
//   1. Prepare: every record's name units, cross-script name keys, dates and
//      places are decoded once into integers (text::NameKey, ResolvePlace).
//   2. Block: several blocking rules (config) each group records that share a
//      key; the union of pairs inside groups are the candidate pairs. Never
//      all pairs.
//   3. Compare: each comparison (config) gives a pair a level (exact, equal
//      key, close, different, missing ...). A full name is split into units
//      and aligned with split names; family-name-first order is also tried.
//   4. Score: a Fellegi–Sunter model. u (level frequencies among non-matches)
//      comes from random pairs; m (among matches) and the match prior come
//      from EM on the candidate pairs, without labels. Agreement on a name is
//      adjusted by its term frequency, so agreeing on a rare family name
//      counts for more than agreeing on محمد. Reviewer labels refit m.
//   5. Cluster: pairs whose match probability reaches the threshold join
//      records, with guards against chaining unrelated people through one
//      ambiguous record; must-link and cannot-link decisions always hold.
//      Deduplication within a list and linkage across lists are one operation.
//
// The engine is a pure library: no SQL, no HTTP, no files. It is
// deterministic for a given seed whatever the number of threads.
//
// Example:
//   std::vector<link::LinkInput> inputs;
//   for (size_t i = 0; i < records.size(); ++i)
//     inputs.push_back({.source = sources[i], .record = &records[i]});
//   link::LinkConfig config = link::DefaultConfig();
//   ASSIGN_OR_RETURN(link::LinkResult result, link::Link(inputs, config, {.seed = 1}));
//   for (const auto& cluster : result.clusters) { ... }  // indices into inputs
//   ASSIGN_OR_RETURN(link::PairExplanation why,
//                    link::Explain(result.model_json, records[0], records[7]));
#ifndef SIJIL_LINK_LINK_H_
#define SIJIL_LINK_LINK_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/status.h"

namespace sijil::link {

// One record to link. Its index in the input span is its id in every result.
struct LinkInput {
  // Name of the list the record comes from (the source name given at import).
  std::string_view source;
  // The record; not owned, must stay alive during the call. Never null.
  const Record* record = nullptr;
};

// How a comparison compares its field(s).
enum class ComparisonMethod {
  // One name unit (given, father, grandfather, family or mother name):
  // same cross-script key / Jaro-Winkler close / similar / different.
  // For given/father/grandfather/family, records that hold only a full name
  // are split into units and aligned (also family-name-first).
  kName,
  // Sex: agree / disagree.
  kSex,
  // A partial date: same day / same month / same year / within one year /
  // different; an ambiguous day-month date matches either reading.
  kDate,
  // Place of origin from governorate, district and city (any script, resolved
  // through the gazetteer): same city / same district / same governorate /
  // different.
  kPlace,
  // Free text (facility, arrest place, an extra column): same normalised text
  // / Jaro-Winkler close / similar / different. A known place of detention compares by
  // its gazetteer key (text::ResolveFacility), in any script; "not known" is
  // no value.
  kText,
};

// Returns "name", "sex", "date", "place" or "text".
std::string_view ComparisonMethodName(ComparisonMethod method);

// One comparison of the model.
struct ComparisonConfig {
  // Unique label, used in explanations and the model JSON, e.g. "family_name".
  std::string name;
  ComparisonMethod method = ComparisonMethod::kText;
  // The record fields compared: canonical field names ("family_name",
  // "birth_date"), or the header of an extra column. kPlace takes up to three
  // (governorate, district, city); every other method exactly one.
  std::vector<std::string> fields;
  // Adjust agreement weights by how common the agreed value is (kName, kText).
  bool term_frequency = false;
  // Jaro-Winkler similarity (of the keys) from which names/texts count as
  // "close" (a spelling variant, a typo in a long name) and from which as
  // "similar" (a typo in a short name, حسن / حست, or a related name). Below
  // "similar" are unrelated names, such as siblings': each level gets its
  // own weight.
  double close_threshold = 0.88;
  double similar_threshold = 0.6;
  // A pair on which this comparison is "different" is never linked
  // automatically, however likely: it goes to review. On for the given name:
  // brothers share father, family, mother, place and often the day of
  // arrest, and only their given names tell them apart.
  bool review_when_different = false;
};

// Keys a blocking rule can combine. A record with an empty part gets no key
// for the rule.
enum class BlockKey {
  kGivenKey,         // cross-script key of the given name
  kFatherKey,        // ... of the father's name
  kGrandfatherKey,   // ... of the grandfather's name
  kFamilyKey,        // ... of the family name
  kMotherKey,        // ... of the mother's first name
  kFirstUnitKey,     // key of the first name unit as written (any order)
  kLastUnitKey,      // key of the last name unit as written (any order)
  kBirthYear,        // year of birth
  kBirthYearNear,    // year of birth, also meeting years one apart (docs/linkage.md)
  kArrestYearMonth,  // year and month of arrest
  kArrestDate,       // day of arrest, when known to the day (the day-first reading)
  kGovernorate,      // resolved governorate of origin
  kCity,             // resolved city of origin
  kSex,              // M or F
  kGivenLoose,       // loose key of the given name (blocking only; docs/linkage.md)
  kFamilyLoose,      // loose key of the family name
  kFatherLoose,      // loose key of the father's name
};

// Returns the config spelling of `key`, e.g. "family_key", "birth_year".
std::string_view BlockKeyName(BlockKey key);

// Records sharing all keys of a rule become candidate pairs. Blocks larger
// than max_block_size are cut into windows (sorted by a secondary key) so a
// very common key cannot explode the pair count.
struct BlockingRule {
  std::string name;  // e.g. "given+family+birth_year"
  std::vector<BlockKey> keys;
  int max_block_size = 300;
  // EM fits m and u on the pairs of the rules marked `train` only. Leave it
  // off for rules whose pairs are dominated by relatives (same family and
  // father, different given name): EM would take relatives for matches.
  bool train = true;
};

struct LinkConfig {
  std::vector<ComparisonConfig> comparisons;
  std::vector<BlockingRule> blocking;
  // Pairs with match probability >= match_threshold are linked.
  double match_threshold = 0.5;
  // Pairs with review_lower <= probability < match_threshold, pairs held by
  // a review_when_different comparison, and linked pairs that the cluster
  // guards cut, go to the review band.
  double review_lower = 0.1;
  // A cluster larger than this is split along its weakest links.
  int max_cluster_size = 20;
  // EM stops after this many iterations or when no parameter moves by more
  // than em_tolerance.
  int em_max_iterations = 100;
  double em_tolerance = 1e-5;
  // Random pairs drawn to estimate u.
  int64_t u_sample_pairs = 300'000;
};

// Returns the detainee configuration: names (given, father, grandfather,
// family, mother), sex, birth date, place, arrest date, facility; twelve
// blocking rules on (loose) name keys combined with birth year, arrest month,
// governorate and mother's name (table in docs/linkage.md).
LinkConfig DefaultConfig();

// Parses a configuration from JSON (the `--config FILE` of `sijil link`).
// Missing members keep DefaultConfig() values; "comparisons" or "blocking",
// when given, replace the default lists. Format (docs/linkage.md):
//   {"match_threshold": 0.5, "review_lower": 0.1, "max_cluster_size": 20,
//    "comparisons": [{"name": "family_name", "method": "name",
//                     "fields": ["family_name"], "term_frequency": true,
//                     "close_threshold": 0.88}, ...],
//    "blocking": [{"name": "r1", "keys": ["given_key", "family_key"],
//                  "max_block_size": 100, "train": true}, ...]}
// Fails with kInvalidArgument naming the member path and what was expected,
// e.g. "comparisons[2].method: 'fuzzy' is not one of name, sex, date, place,
// text".
Result<LinkConfig> ParseConfig(std::string_view json_text);

// Returns `config` as JSON that ParseConfig reads back to the same config.
std::string ConfigToJson(const LinkConfig& config);

// A pair of input indices, a < b.
struct RecordPair {
  int64_t a = 0;
  int64_t b = 0;
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted comparison
  friend auto operator<=>(const RecordPair&, const RecordPair&) = default;
};

// A pair a reviewer labelled.
struct LabelledPair {
  RecordPair pair;
  bool same_person = false;
};

// Progress of a long run, for a terminal display.
struct LinkProgress {
  std::string_view stage;  // "prepare", "blocking", "u", "em", "scoring", "clustering"
  int64_t done = 0;
  int64_t total = 0;  // 0 when unknown
};

struct LinkOptions {
  // Seeds the random pairs for u. Same seed and input -> same result.
  uint64_t seed = 1;
  // Worker threads; 0 = all hardware threads. Results do not depend on it.
  int threads = 0;
  // Called from the calling thread only; may be empty.
  std::function<void(const LinkProgress&)> progress;
  // Reviewer decisions. must_link pairs always end in one cluster;
  // cannot_link pairs never do (when both are asked, the cannot-link wins
  // for that pair and the result's stats count the conflict).
  std::vector<RecordPair> must_link;
  std::vector<RecordPair> cannot_link;
  // Labelled pairs refit m (and the prior) after EM when there are at least
  // a few of each kind; they also act as must/cannot-link.
  std::vector<LabelledPair> labelled;
  // A model_json of an earlier run: when set, its m, u and prior are used as
  // is (no EM); the comparisons must be the same as the config's.
  std::string previous_model_json;
  // Incremental linking, after records were added to an earlier run: per
  // record, the number of the earlier person it was linked into, or -1 for
  // a record that is new (or changed) since. When set, previous_model_json
  // must be too; earlier persons stay whole, only pairs with a new record
  // are scored, and labelled pairs act as must/cannot-link without refitting
  // m (the earlier model already has them).
  std::vector<int64_t> previous_person;
};

// A scored candidate pair.
struct ScoredPair {
  RecordPair pair;
  double weight = 0;       // log2 Bayes factor with the prior: log2 odds of a match
  double probability = 0;  // match probability
  // A comparison marked review_when_different is "different": for review only.
  bool held_for_review = false;
};

struct BlockingRuleStats {
  std::string name;
  int64_t pairs = 0;      // pairs the rule generated (before union)
  int64_t new_pairs = 0;  // pairs no earlier rule had generated
};

struct LinkStats {
  int64_t records = 0;
  int64_t candidate_pairs = 0;  // distinct pairs scored
  std::vector<BlockingRuleStats> rules;
  int em_iterations = 0;
  bool em_converged = false;
  // False when EM's match class did not agree more than its non-match class
  // (docs/linkage.md, "Model"): m is then the starting one, not fitted.
  bool em_match_class_agrees = true;
  double match_prior = 0;          // fitted share of matches among candidate pairs
  int64_t linked_pairs = 0;        // pairs at or above the threshold
  int64_t guard_cut_pairs = 0;     // linked pairs the cluster guards dropped
  int64_t decision_conflicts = 0;  // must-link pairs also cannot-linked
  int64_t new_records = 0;         // incremental: records not in an earlier person
};

struct LinkResult {
  // Every input index in exactly one cluster (singletons included); each
  // cluster sorted ascending, clusters ordered by their first index.
  std::vector<std::vector<int64_t>> clusters;
  // Pairs in the review band (see LinkConfig), ordered by descending
  // probability, then by pair.
  std::vector<ScoredPair> review;
  // The fitted model (config, m, u, prior, term frequencies of names) as
  // JSON: keep it to explain pairs later or to relink without EM.
  std::string model_json;
  LinkStats stats;
};

// Changes whenever the same records and config may link differently (a new
// comparison level, gazetteer or guard): a store linked by another version
// is linked again.
inline constexpr int kEngineVersion = 6;

// Links `records` into persons. Fails with kInvalidArgument on a bad config
// or a decision naming an index out of range, kCancelled never (no
// cancellation yet). Keeps no reference to its arguments after returning.
Result<LinkResult> Link(std::span<const LinkInput> records, const LinkConfig& config,
                        const LinkOptions& options);

// Records decoded for linkage batch by batch, so that a caller reading
// millions of them need not hold them all: a batch's records may be freed
// once it is added. Indices continue from one batch to the next.
class LinkRecords {
 public:
  // Fails with kInvalidArgument on a bad config, as Link. `threads` as
  // LinkOptions::threads.
  static Result<LinkRecords> Start(const LinkConfig& config, int threads = 0);
  LinkRecords(LinkRecords&&) noexcept;
  LinkRecords& operator=(LinkRecords&&) noexcept;
  ~LinkRecords();

  // Decodes `batch`. Fails with kInvalidArgument on a null record or past
  // 2^31 - 1 records, adding nothing.
  Status Add(std::span<const LinkInput> batch);
  int64_t size() const;

 private:
  struct State;
  explicit LinkRecords(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
  friend Result<LinkResult> Link(LinkRecords records, const LinkOptions& options);
};

// Links the records added to `records`, with the config given to Start, as
// Link above.
Result<LinkResult> Link(LinkRecords records, const LinkOptions& options);

// One comparison's part of an explanation.
struct ComparisonExplanation {
  std::string name;                 // the comparison's name
  std::vector<std::string> fields;  // the record fields it compares (config)
  std::string value_a;              // the values compared, as the records hold them
  std::string value_b;              // (joined with " / " when several fields)
  std::string level;                // e.g. "exact", "same key", "close", "different", "missing"
  double weight = 0;                // log2(m/u) for that level, with the TF adjustment
};

struct PairExplanation {
  std::vector<ComparisonExplanation> comparisons;
  double prior_weight = 0;  // log2(prior / (1 - prior))
  double weight = 0;        // prior_weight + sum of the comparison weights
  double probability = 0;   // 2^weight / (1 + 2^weight)
};

// Explains how `model_json` (LinkResult::model_json) scores the pair: each
// comparison's values, level and weight. Fails with kInvalidArgument when the
// model JSON is malformed (naming the member).
Result<PairExplanation> Explain(std::string_view model_json, const Record& record_a,
                                const Record& record_b);

// Pairwise and cluster measures of a clustering against the truth.
struct Evaluation {
  int64_t true_positive_pairs = 0;   // same predicted cluster and same person
  int64_t false_positive_pairs = 0;  // same predicted cluster, different persons
  int64_t false_negative_pairs = 0;  // same person, different predicted clusters
  double precision = 0;              // 1 when nothing was predicted
  double recall = 0;                 // 1 when there is nothing to find
  double f1 = 0;
  int64_t predicted_clusters = 0;
  int64_t true_clusters = 0;   // distinct persons
  int64_t exact_clusters = 0;  // predicted clusters equal to a true person
};

// Evaluates `clusters` (as in LinkResult) against `truth_person`, the true
// person id of each input index. Fails with kInvalidArgument when an index is
// out of range or appears in two clusters; indices in no cluster count as
// singletons.
Result<Evaluation> Evaluate(const std::vector<std::vector<int64_t>>& clusters,
                            const std::vector<std::string>& truth_person);

// Returns the share of true pairs (same truth_person) that are among
// `candidates` (as Link's blocking produced them: see CandidatePairs); 1 when
// there are no true pairs.
double BlockingRecall(const std::vector<RecordPair>& candidates,
                      const std::vector<std::string>& truth_person);

// Returns the distinct candidate pairs that `config`'s blocking rules give
// for `records`, sorted; for measuring blocking recall.
Result<std::vector<RecordPair>> CandidatePairs(std::span<const LinkInput> records,
                                               const LinkConfig& config, int threads = 0);

}  // namespace sijil::link

#endif  // SIJIL_LINK_LINK_H_
