// link, link explain, link evaluate: the linkage engine run over the store.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <span>
#include <sstream>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "cli/bounded_queue.h"
#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/person_ids.h"
#include "cli/progress.h"
#include "core/clock.h"
#include "ingest/ingest.h"
#include "link/link.h"
#include "vault/vault.h"

namespace sijil::cli {
namespace {

// Every current record of the store, in the store's order (source, then
// record_id, in byte order: the order of store::RecordRef), by what linkage
// needs to refer back to it; the records themselves go to the engine.
struct StoreRecords {
  std::vector<std::string> source_names;  // distinct, in order of appearance
  std::vector<uint32_t> source_of;        // index into source_names, per record
  std::vector<std::string> record_ids;
  std::vector<int64_t> versions;
  std::vector<int64_t> import_ids;  // the import that wrote each record's version

  int64_t size() const { return static_cast<int64_t>(record_ids.size()); }
  store::RecordRef Ref(int64_t i) const { return {source_names[source_of[i]], record_ids[i]}; }
  // Returns the index of `ref`, or nullopt when it is not a current record;
  // a binary search, since records are in RecordRef order.
  std::optional<int64_t> IndexOf(const store::RecordRef& ref) const {
    int64_t low = 0, high = size();
    while (low < high) {
      const int64_t middle = low + (high - low) / 2;
      if (Ref(middle) < ref) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    if (low < size() && Ref(low) == ref) return low;
    return std::nullopt;
  }
};

// Records read from the store, on their way to the engine.
struct RecordBatch {
  std::vector<std::string> sources;
  std::vector<Record> records;
  std::vector<int64_t> versions;
  std::vector<int64_t> import_ids;
  Status status;  // a read error: the last batch
};

// Producer: reads every current record, in batches.
void ReadRecordBatches(store::Store& store, BoundedQueue<RecordBatch>& queue) {
  constexpr size_t kBatch = 1 << 15;
  RecordBatch batch;
  bool stopped = false;  // by the consumer, which no longer reads the queue
  Status status =
      store.ForEachRecord({.with_raw = false}, [&](store::StoredRecord&& stored) -> Status {
        batch.sources.push_back(std::move(stored.source));
        batch.records.push_back(std::move(stored.record));
        batch.versions.push_back(stored.version);
        batch.import_ids.push_back(stored.import_id.value);
        if (batch.records.size() < kBatch) return OkStatus();
        stopped = !queue.Push(std::exchange(batch, RecordBatch()));
        return stopped ? CancelledError("the reader of records was stopped") : OkStatus();
      });
  if (stopped) return;
  batch.status = std::move(status);
  if (queue.Push(std::move(batch))) queue.Finish();
}

// Reads every current record into `out` and, batch by batch, into the
// engine's `inputs`, decoding one batch while the next is read: at a million
// records, holding them all as Records would take more memory than linking
// them.
Result<StoreRecords> ReadStoreRecords(store::Store& store, link::LinkRecords& inputs) {
  ASSIGN_OR_RETURN(int64_t total, store.Search().CountRecords(Sensitivity::kConfidential));
  StoreRecords out;
  out.record_ids.reserve(total);
  ProgressBar bar("link: read records");
  BoundedQueue<RecordBatch> queue(2);
  std::thread reader([&] { ReadRecordBatches(store, queue); });
  Status status;
  while (std::optional<RecordBatch> batch = queue.Pop()) {
    std::vector<link::LinkInput> batch_inputs;
    batch_inputs.reserve(batch->records.size());
    for (size_t i = 0; i < batch->records.size(); ++i) {
      if (out.source_names.empty() || out.source_names.back() != batch->sources[i]) {
        out.source_names.push_back(batch->sources[i]);
      }
      out.source_of.push_back(static_cast<uint32_t>(out.source_names.size() - 1));
      out.record_ids.push_back(batch->records[i].record_id);
      batch_inputs.push_back({.source = batch->sources[i], .record = &batch->records[i]});
    }
    out.versions.insert(out.versions.end(), batch->versions.begin(), batch->versions.end());
    out.import_ids.insert(out.import_ids.end(), batch->import_ids.begin(), batch->import_ids.end());
    status = batch->status.ok() ? inputs.Add(batch_inputs) : batch->status;
    if (!status.ok()) break;
    if (total > 0) {
      bar.Update(double(out.size()) / double(total), std::to_string(out.size()) + " records");
    }
  }
  queue.Close();
  reader.join();
  RETURN_IF_ERROR(status);
  bar.Finish();
  return out;
}

// Reviewers' decisions on records that are still current, as labels for the
// engine (which also makes them must-link / cannot-link).
struct Labels {
  std::vector<link::LabelledPair> pairs;
  int64_t stale = 0;  // decisions naming a record no longer in the store
};

Labels LabelsFor(const StoreRecords& records, const std::vector<store::LinkDecision>& decisions) {
  Labels labels;
  for (const store::LinkDecision& decision : decisions) {
    const std::optional<int64_t> a = records.IndexOf(decision.a);
    const std::optional<int64_t> b = records.IndexOf(decision.b);
    if (!a || !b || *a == *b) {
      ++labels.stale;
      continue;
    }
    labels.pairs.push_back({.pair = {std::min(*a, *b), std::max(*a, *b)},
                            .same_person = decision.decision == store::LinkDecisionKind::kMatch});
  }
  return labels;
}

// SHA-256 over everything a run depends on: the settings, each record's
// identity and version, and the decisions. Equal fingerprints, equal result.
std::string InputFingerprint(const std::string& settings_json, const StoreRecords& records,
                             const std::vector<store::LinkDecision>& decisions) {
  vault::Sha256Stream hash;
  auto add = [&hash](std::string_view part) {
    hash.Update(part);
    hash.Update(std::string_view("\0", 1));
  };
  add(settings_json);
  for (int64_t i = 0; i < records.size(); ++i) {
    add(records.source_names[records.source_of[i]]);
    add(records.record_ids[i]);
    add(std::to_string(records.versions[i]));
  }
  for (const store::LinkDecision& d : decisions) {
    for (const std::string* part :
         {&d.a.source, &d.a.record_id, &d.b.source, &d.b.record_id, &d.decided_at}) {
      add(*part);
    }
    add(d.decision == store::LinkDecisionKind::kMatch ? "match" : "non_match");
  }
  return vault::ToHex(hash.Finish());
}

Result<link::LinkConfig> ConfigFor(const LinkageOptions& options) {
  link::LinkConfig config = link::DefaultConfig();
  if (!options.config_file.empty()) {
    std::ifstream in(options.config_file, std::ios::binary);
    if (!in) return NotFoundError(options.config_file + ": cannot open the link config");
    std::stringstream text;
    text << in.rdbuf();
    Result<link::LinkConfig> parsed = link::ParseConfig(text.str());
    if (!parsed.ok()) {
      return InvalidArgumentError(options.config_file + ": " + parsed.status().message());
    }
    config = *std::move(parsed);
  }
  if (options.threshold) {
    const double p = *options.threshold;
    if (!(p > config.review_lower && p < 1)) {
      return InvalidArgumentError("--threshold " + std::to_string(p) +
                                  ": expected a probability above the review band's lower bound (" +
                                  std::to_string(config.review_lower) +
                                  ") and below 1; review_lower is set in --config");
    }
    config.match_threshold = p;
  }
  return config;
}

// Wall time per stage, for the outcome; a stage's clock runs until the next
// one starts.
class StageClock {
 public:
  explicit StageClock(std::vector<std::pair<std::string, double>>* seconds) : seconds_(seconds) {}
  void Start(std::string_view stage) {
    Stop();
    seconds_->emplace_back(stage, 0.0);
    started_ = std::chrono::steady_clock::now();
    running_ = true;
  }
  void Stop() {
    if (!running_) return;
    seconds_->back().second +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    running_ = false;
  }

 private:
  std::vector<std::pair<std::string, double>>* seconds_;
  std::chrono::steady_clock::time_point started_;
  bool running_ = false;
};

// One progress bar and one clock per engine stage.
class StageProgress {
 public:
  explicit StageProgress(StageClock* clock) : clock_(clock) {}
  void operator()(const link::LinkProgress& progress) {
    if (progress.stage != stage_) {
      if (bar_) bar_->Finish();
      stage_ = std::string(progress.stage);
      clock_->Start(stage_);
      bar_ = std::make_unique<ProgressBar>("link: " + stage_);
    }
    const double fraction = progress.total > 0 ? double(progress.done) / double(progress.total) : 0;
    bar_->Update(fraction, std::to_string(progress.done) +
                               (progress.total > 0 ? "/" + std::to_string(progress.total) : ""));
  }
  ~StageProgress() {
    if (bar_) bar_->Finish();
    clock_->Stop();
  }

 private:
  StageClock* clock_;
  std::string stage_;
  std::unique_ptr<ProgressBar> bar_;
};

store::Linkage LinkageOf(const StoreRecords& records, const link::LinkResult& result,
                         const std::vector<store::PersonMember>& previous,
                         const std::vector<std::string>& retired) {
  std::vector<std::vector<store::RecordRef>> clusters;
  clusters.reserve(result.clusters.size());
  for (const std::vector<int64_t>& cluster : result.clusters) {
    std::vector<store::RecordRef>& refs = clusters.emplace_back();
    for (int64_t i : cluster) refs.push_back(records.Ref(i));
  }
  const std::vector<std::string> ids = AssignPersonIds(previous, retired, clusters);
  store::Linkage linkage;
  for (size_t c = 0; c < clusters.size(); ++c) {
    for (store::RecordRef& ref : clusters[c]) linkage.members.push_back({std::move(ref), ids[c]});
  }
  for (const link::ScoredPair& pair : result.review) {
    linkage.review.push_back({.a = records.Ref(pair.pair.a),
                              .b = records.Ref(pair.pair.b),
                              .weight = pair.weight,
                              .probability = pair.probability});
  }
  return linkage;
}

// The members of one person: a run of equal person ids.
size_t PersonEnd(const std::vector<store::PersonMember>& members, size_t begin) {
  size_t end = begin;
  while (end < members.size() && members[end].person_id == members[begin].person_id) ++end;
  return end;
}

// Counts the persons whose id and records are as before, and the others.
// Both lists hold each person's records together and in record order:
// `previous` as ListPersonMembers gives it, `current` as LinkageOf builds it.
void CountChanges(const std::vector<store::PersonMember>& previous,
                  const std::vector<store::PersonMember>& current, LinkOutcome& outcome) {
  using Members = std::span<const store::PersonMember>;
  std::unordered_map<std::string_view, Members> before;
  for (size_t begin = 0, end = 0; begin < previous.size(); begin = end) {
    end = PersonEnd(previous, begin);
    before.emplace(previous[begin].person_id, Members(previous).subspan(begin, end - begin));
  }
  auto same_record = [](const store::PersonMember& a, const store::PersonMember& b) {
    return a.record == b.record;
  };
  for (size_t begin = 0, end = 0; begin < current.size(); begin = end) {
    end = PersonEnd(current, begin);
    const Members now = Members(current).subspan(begin, end - begin);
    const auto old = before.find(current[begin].person_id);
    const bool same = old != before.end() && std::ranges::equal(now, old->second, same_record);
    ++(same ? outcome.persons_unchanged : outcome.persons_changed);
    outcome.persons_with_several_records += end - begin > 1;
  }
}

Status RunLink(const GlobalOptions& global, const LinkageOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(LinkOutcome outcome, LinkStore(*store, options));
  if (global.json) {
    PrintJson(LinkOutcomeJson(outcome));
  } else {
    PrintLinkOutcome(outcome);
  }
  return OkStatus();
}

Status RunLinkExplain(const GlobalOptions& global, const LinkageOptions& options) {
  if (options.refs.size() != 2) {
    return InvalidArgumentError(
        "link explain takes two records: SOURCE:RECORD_ID SOURCE:RECORD_ID");
  }
  ASSIGN_OR_RETURN(store::RecordRef a, ParseRecordRef(options.refs[0]));
  ASSIGN_OR_RETURN(store::RecordRef b, ParseRecordRef(options.refs[1]));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(store::StoredRecord record_a, CurrentRecord(*store, a));
  ASSIGN_OR_RETURN(store::StoredRecord record_b, CurrentRecord(*store, b));
  ASSIGN_OR_RETURN(link::PairExplanation why,
                   ExplainWithLatestModel(*store, record_a.record, record_b.record));
  if (global.json) {
    PrintJson(
        {{"a", options.refs[0]}, {"b", options.refs[1]}, {"explanation", ExplanationJson(why)}});
  } else {
    PrintExplanation(why);
  }
  return OkStatus();
}

// source,record_id,person_id rows of a truth file, by record.
Result<std::map<store::RecordRef, std::string>> ReadTruth(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<ingest::TableReader> table,
                   ingest::OpenTable(path, {.format = ingest::Format::kCsv}));
  int columns[3] = {-1, -1, -1};
  const char* names[3] = {"source", "record_id", "person_id"};
  for (size_t c = 0; c < table->header().size(); ++c) {
    for (int n = 0; n < 3; ++n) {
      if (table->header()[c] == names[n]) columns[n] = static_cast<int>(c);
    }
  }
  for (int n = 0; n < 3; ++n) {
    if (columns[n] < 0) {
      return InvalidArgumentError(path + ": line 1: no column '" + names[n] +
                                  "' (expected the header source,record_id,person_id)");
    }
  }
  std::map<store::RecordRef, std::string> truth;
  ingest::TableRow row;
  while (true) {
    ASSIGN_OR_RETURN(bool more, table->Next(&row));
    if (!more) break;
    auto cell = [&row](int column) -> std::string {
      return static_cast<size_t>(column) < row.cells.size() ? row.cells[column] : "";
    };
    for (int n = 0; n < 3; ++n) {
      if (cell(columns[n]).empty()) {
        return InvalidArgumentError(path + ": line " + std::to_string(row.line) + ": column '" +
                                    names[n] + "': expected a value, found none");
      }
    }
    if (!truth.emplace(store::RecordRef{cell(columns[0]), cell(columns[1])}, cell(columns[2]))
             .second) {
      return InvalidArgumentError(path + ": line " + std::to_string(row.line) + ": record " +
                                  cell(columns[0]) + ":" + cell(columns[1]) +
                                  " appears twice (expected one row per record)");
    }
  }
  return truth;
}

Status RunLinkEvaluate(const GlobalOptions& global, const LinkageOptions& options) {
  ASSIGN_OR_RETURN(auto truth, ReadTruth(options.truth));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(std::vector<store::PersonMember> members,
                   store->ListPersonMembers("", Sensitivity::kConfidential));
  if (members.empty()) return FailedPreconditionError("no persons yet: run `sijil link` first");
  std::vector<std::string> truth_person;
  std::vector<std::vector<int64_t>> clusters;
  for (size_t i = 0; i < members.size(); ++i) {
    auto it = truth.find(members[i].record);
    if (it == truth.end()) {
      return InvalidArgumentError(options.truth + ": no row for record " +
                                  members[i].record.source + ":" + members[i].record.record_id +
                                  " (expected every linked record in the truth file)");
    }
    truth_person.push_back(it->second);
    if (i == 0 || members[i].person_id != members[i - 1].person_id) clusters.emplace_back();
    clusters.back().push_back(static_cast<int64_t>(i));
  }
  ASSIGN_OR_RETURN(link::Evaluation e, link::Evaluate(clusters, truth_person));
  if (global.json) {
    PrintJson({{"records", members.size()},
               {"precision", e.precision},
               {"recall", e.recall},
               {"f1", e.f1},
               {"true_positive_pairs", e.true_positive_pairs},
               {"false_positive_pairs", e.false_positive_pairs},
               {"false_negative_pairs", e.false_negative_pairs},
               {"predicted_persons", e.predicted_clusters},
               {"true_persons", e.true_clusters},
               {"exact_persons", e.exact_clusters}});
    return OkStatus();
  }
  auto fixed = [](double value) {
    std::ostringstream text;
    text.precision(4);
    text << std::fixed << value;
    return text.str();
  };
  PrintTable({{"measure", "value"},
              {"records", std::to_string(members.size())},
              {"pairwise precision", fixed(e.precision)},
              {"pairwise recall", fixed(e.recall)},
              {"pairwise F1", fixed(e.f1)},
              {"true / false positive pairs", std::to_string(e.true_positive_pairs) + " / " +
                                                  std::to_string(e.false_positive_pairs)},
              {"false negative pairs", std::to_string(e.false_negative_pairs)},
              {"persons found", std::to_string(e.predicted_clusters)},
              {"true persons", std::to_string(e.true_clusters)},
              {"persons found exactly", std::to_string(e.exact_clusters)}});
  return OkStatus();
}

// What an incremental run takes from the latest one.
struct IncrementalPlan {
  int64_t run_id = 0;
  std::string model_json;
  std::vector<int64_t> previous_person;        // link::LinkOptions::previous_person
  std::vector<store::ReviewItem> kept_review;  // queued pairs of two earlier records
};

// Plans linking only the records added since the latest run: possible when
// that run had the same settings and decisions and recorded the newest
// import it saw. A run adding more than a quarter of the records is full:
// its model was fitted on too few of them.
Result<std::optional<IncrementalPlan>> PlanIncremental(
    store::Store& store, const std::optional<store::LinkRunInfo>& latest,
    const nlohmann::json& settings, const StoreRecords& records,
    const std::vector<store::PersonMember>& previous) {
  const std::optional<IncrementalPlan> none;
  if (!latest) return none;
  const nlohmann::json earlier = nlohmann::json::parse(latest->settings_json, nullptr, false);
  if (!earlier.is_object() || !earlier.contains("max_import_id") ||
      earlier.value("config", nlohmann::json()) != settings["config"] ||
      earlier.value("seed", nlohmann::json()) != settings["seed"] ||
      earlier.value("engine", nlohmann::json()) != settings["engine"] ||
      earlier.value("decisions_sha256", "") != settings["decisions_sha256"]) {
    return none;
  }
  const int64_t seen_through = earlier["max_import_id"].get<int64_t>();
  IncrementalPlan plan{.run_id = latest->id, .model_json = latest->model_json};
  plan.previous_person.assign(records.size(), -1);
  std::unordered_map<std::string_view, int64_t> numbers;
  for (const store::PersonMember& member : previous) {
    const std::optional<int64_t> index = records.IndexOf(member.record);
    if (!index || records.import_ids[*index] > seen_through) continue;  // gone or changed since
    const auto [it, inserted] =
        numbers.try_emplace(member.person_id, static_cast<int64_t>(numbers.size()));
    plan.previous_person[*index] = it->second;
  }
  const int64_t added = std::count(plan.previous_person.begin(), plan.previous_person.end(), -1);
  if (added == 0 || added * 4 > records.size()) return none;
  ASSIGN_OR_RETURN(std::vector<store::ReviewItem> queued, store.ListReviewQueue());
  for (store::ReviewItem& item : queued) {
    const std::optional<int64_t> a = records.IndexOf(item.a);
    const std::optional<int64_t> b = records.IndexOf(item.b);
    if (a && b && plan.previous_person[*a] >= 0 && plan.previous_person[*b] >= 0) {
      plan.kept_review.push_back(std::move(item));
    }
  }
  return std::optional<IncrementalPlan>(std::move(plan));
}

}  // namespace

Result<LinkOutcome> LinkStore(store::Store& store, const LinkageOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(link::LinkConfig config, ConfigFor(options));
  LinkOutcome outcome;
  StageClock clock(&outcome.stage_seconds);
  clock.Start("read records");
  ASSIGN_OR_RETURN(link::LinkRecords inputs, link::LinkRecords::Start(config));
  ASSIGN_OR_RETURN(StoreRecords records, ReadStoreRecords(store, inputs));
  if (records.size() == 0) {
    return FailedPreconditionError("no records to link: import a list first (`sijil import`)");
  }
  clock.Start("read earlier run");
  ASSIGN_OR_RETURN(std::vector<store::LinkDecision> decisions, store.ListLinkDecisions());
  const nlohmann::json settings = {
      {"config", nlohmann::json::parse(link::ConfigToJson(config))},
      {"seed", options.seed},
      {"engine", link::kEngineVersion},
      {"decisions_sha256", InputFingerprint("", StoreRecords(), decisions)}};
  const std::string fingerprint = InputFingerprint(settings.dump(), records, decisions);
  outcome.sources = static_cast<int64_t>(records.source_names.size());
  ASSIGN_OR_RETURN(std::optional<store::LinkRunInfo> latest, store.LatestLinkRun());
  if (latest && !options.force) {
    const nlohmann::json earlier = nlohmann::json::parse(latest->settings_json, nullptr, false);
    // --full redoes an incremental run even when nothing changed since.
    const bool redo = options.full && earlier.is_object() && earlier.contains("incremental_from");
    if (earlier.is_object() && earlier.value("input_sha256", "") == fingerprint &&
        earlier.value("engine", nlohmann::json()) == settings["engine"] && !redo) {
      outcome.run = *std::move(latest);
      outcome.unchanged = true;
      return outcome;
    }
  }
  const Labels labels = LabelsFor(records, decisions);
  outcome.decisions_applied = static_cast<int64_t>(labels.pairs.size());
  outcome.decisions_on_missing_records = labels.stale;
  ASSIGN_OR_RETURN(std::vector<store::PersonMember> previous,
                   store.ListPersonMembers("", Sensitivity::kConfidential));
  std::optional<IncrementalPlan> plan;
  if (!options.full) {
    ASSIGN_OR_RETURN(plan, PlanIncremental(store, latest, settings, records, previous));
  }
  const std::string started_at = NowUtc();
  link::LinkResult result;
  {
    StageProgress progress(&clock);
    link::LinkOptions link_options{
        .seed = options.seed, .progress = std::ref(progress), .labelled = labels.pairs};
    if (plan) {
      link_options.previous_model_json = plan->model_json;
      link_options.previous_person = std::move(plan->previous_person);
      outcome.incremental_from = plan->run_id;
    }
    ASSIGN_OR_RETURN(result, link::Link(std::move(inputs), link_options));
  }
  outcome.stats = result.stats;
  clock.Start("assign person ids");
  ASSIGN_OR_RETURN(std::vector<std::string> retired, store.ListRetiredPersonIds());
  store::Linkage linkage = LinkageOf(records, result, previous, retired);
  if (plan) {
    for (store::ReviewItem& item : plan->kept_review) linkage.review.push_back(std::move(item));
  }
  nlohmann::json run_settings = settings;
  run_settings["input_sha256"] = fingerprint;
  if (plan) run_settings["incremental_from"] = plan->run_id;
  run_settings["max_import_id"] =
      records.import_ids.empty()
          ? int64_t{0}
          : *std::max_element(records.import_ids.begin(), records.import_ids.end());
  linkage.run = {.started_at = started_at,
                 .records = records.size(),
                 .candidate_pairs = result.stats.candidate_pairs,
                 .persons = static_cast<int64_t>(result.clusters.size()),
                 .review_pairs = static_cast<int64_t>(linkage.review.size()),
                 .settings_json = run_settings.dump(),
                 .model_json = std::move(result.model_json)};
  // The stored run counts the pairs actually queued (decided ones are left out).
  clock.Start("save");
  ASSIGN_OR_RETURN(outcome.run, store.SaveLinkage(linkage));
  clock.Start("count changes");
  CountChanges(previous, linkage.members, outcome);
  clock.Stop();
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

namespace {
// An array, not an object: stages keep their order.
nlohmann::json StageSecondsJson(const std::vector<std::pair<std::string, double>>& stages) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [stage, seconds] : stages)
    out.push_back({{"stage", stage}, {"seconds", seconds}});
  return out;
}
}  // namespace

nlohmann::json LinkOutcomeJson(const LinkOutcome& outcome) {
  if (outcome.unchanged) {
    return {{"run", outcome.run.id}, {"unchanged", true}, {"persons", outcome.run.persons}};
  }
  return {{"run", outcome.run.id},
          {"records", outcome.run.records},
          {"sources", outcome.sources},
          {"candidate_pairs", outcome.run.candidate_pairs},
          {"persons", outcome.run.persons},
          {"persons_with_several_records", outcome.persons_with_several_records},
          {"persons_unchanged", outcome.persons_unchanged},
          {"persons_new_or_changed", outcome.persons_changed},
          {"review_pairs", outcome.run.review_pairs},
          {"decisions_applied", outcome.decisions_applied},
          {"decisions_on_missing_records", outcome.decisions_on_missing_records},
          {"decision_conflicts", outcome.stats.decision_conflicts},
          {"em_iterations", outcome.stats.em_iterations},
          {"em_converged", outcome.stats.em_converged},
          {"em_match_class_agrees", outcome.stats.em_match_class_agrees},
          {"incremental_from_run", outcome.incremental_from},
          {"new_records", outcome.stats.new_records},
          {"seconds", outcome.seconds},
          {"stage_seconds", StageSecondsJson(outcome.stage_seconds)}};
}

void PrintLinkOutcome(const LinkOutcome& outcome) {
  const store::LinkRunInfo& run = outcome.run;
  if (outcome.unchanged) {
    std::cout << "nothing changed since link run " << run.id << " (" << run.persons
              << " persons); --force links again\n";
    return;
  }
  std::cout << "link run " << run.id << ": " << run.records << " records from " << outcome.sources
            << " sources -> " << run.persons << " unique persons ("
            << outcome.persons_with_several_records << " with more than one record)\n";
  if (outcome.incremental_from > 0) {
    std::cout << "  incremental: " << outcome.stats.new_records
              << " new or changed records linked with the model of run " << outcome.incremental_from
              << " (" << run.candidate_pairs
              << " candidate pairs scored); --full links every record anew\n";
  } else {
    std::cout << "  " << run.candidate_pairs << " candidate pairs scored, EM "
              << (outcome.stats.em_converged ? "converged" : "stopped") << " after "
              << outcome.stats.em_iterations << " iterations\n";
  }
  if (!outcome.stats.em_match_class_agrees) {
    std::cout << "  warning: EM found no class of pairs that agree; m was not fitted, links rest "
                 "on its starting values (docs/linkage.md, \"Model\")\n";
  }
  std::cout << "  " << outcome.persons_unchanged << " persons unchanged since the last run, "
            << outcome.persons_changed << " new or changed\n"
            << "  " << outcome.decisions_applied << " reviewer decisions applied";
  if (outcome.decisions_on_missing_records > 0) {
    std::cout << " (" << outcome.decisions_on_missing_records << " name records no longer present)";
  }
  if (outcome.stats.decision_conflicts > 0) {
    std::cout << "; " << outcome.stats.decision_conflicts
              << " conflicting decisions: cannot-link kept";
  }
  std::ostringstream took;
  took.precision(1);
  took << std::fixed << outcome.seconds;
  took << " s (";
  for (size_t i = 0; i < outcome.stage_seconds.size(); ++i) {
    took << (i ? ", " : "") << outcome.stage_seconds[i].first << " "
         << outcome.stage_seconds[i].second;
  }
  std::cout << "\n  " << run.review_pairs << " pairs to review (`sijil review list`)\n  took "
            << took.str() << ")\n";
}

Result<link::PairExplanation> ExplainWithLatestModel(store::Store& store, const Record& a,
                                                     const Record& b) {
  ASSIGN_OR_RETURN(std::optional<store::LinkRunInfo> run, store.LatestLinkRun());
  if (!run || run->model_json.empty()) {
    return FailedPreconditionError("no link model yet: run `sijil link` first");
  }
  return link::Explain(run->model_json, a, b);
}

nlohmann::json ExplanationJson(const link::PairExplanation& why) {
  nlohmann::json comparisons = nlohmann::json::array();
  for (const link::ComparisonExplanation& c : why.comparisons) {
    comparisons.push_back({{"comparison", c.name},
                           {"a", c.value_a},
                           {"b", c.value_b},
                           {"level", c.level},
                           {"weight", c.weight}});
  }
  return {{"comparisons", comparisons},
          {"prior_weight", why.prior_weight},
          {"weight", why.weight},
          {"probability", why.probability}};
}

void PrintExplanation(const link::PairExplanation& why) {
  auto signed_weight = [](double weight) {
    std::ostringstream text;
    text.precision(2);
    text << std::fixed << std::showpos << weight;
    return text.str();
  };
  std::vector<std::vector<std::string>> rows = {{"comparison", "a", "b", "level", "weight"}};
  for (const link::ComparisonExplanation& c : why.comparisons) {
    rows.push_back({c.name, c.value_a, c.value_b, c.level, signed_weight(c.weight)});
  }
  rows.push_back({"prior", "", "", "", signed_weight(why.prior_weight)});
  rows.push_back({"total", "", "", "", signed_weight(why.weight)});
  PrintTable(rows);
  std::ostringstream probability;
  probability.precision(4);
  probability << std::fixed << why.probability;
  std::cout << "\nmatch weight " << signed_weight(why.weight) << " (log2 odds), p(match) "
            << probability.str() << "\n";
}

void AddLinkCommands(CommandTable<LinkageOptions>& table, CLI::App& app) {
  LinkageOptions& o = table.options();
  CLI::App* link = table.Add(&app, "link", "link records into unique persons", RunLink);
  link->add_option("--config", o.config_file, "comparisons and blocking as JSON (docs/linkage.md)");
  link->add_option("--threshold", o.threshold, "match probability from which pairs are linked");
  link->add_option("--seed", o.seed, "seed of the random pairs for u")->default_val(1);
  link->add_flag("--force", o.force, "link even when nothing changed since the last run");
  link->add_flag("--full", o.full,
                 "link every record anew (refit the model) even when only records were added");
  table.Add(link, "explain", "how the latest model scores two records", RunLinkExplain)
      ->add_option("RECORDS", o.refs, "two records as SOURCE:RECORD_ID")
      ->required()
      ->expected(2);
  table
      .Add(link, "evaluate", "precision, recall and F1 of the persons against a truth file",
           RunLinkEvaluate)
      ->add_option("--truth", o.truth, "CSV with source,record_id,person_id")
      ->required();
}

}  // namespace sijil::cli
