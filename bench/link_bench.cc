// Links generated lists and measures accuracy and speed against the truth.
//
//   sijil generate --persons 100000 --lists 4 --seed 1 --out DIR
//   build/bench/link_bench DIR [--threads N] [--seed N] [--config FILE]
//                              [--lists list_1,list_2] [--blocking-recall]
//                              [--blocking-only]
//
// Reads DIR/list_*.csv through src/ingest (TableReader + RecordBuilder, as
// `sijil import` does) and DIR/truth.csv, runs link::Link with the default
// (or given) config and prints precision, recall, F1, cluster counts,
// candidate pairs, per-rule counts, blocking recall (with --blocking-recall),
// wall times and peak RSS.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "ingest/ingest.h"
#include "link/link.h"

namespace {

using namespace sijil;

struct List {
  std::string source;
  std::vector<Record> records;
  Status status;
};

void ReadList(const std::string& path, List& list) {
  Result<std::unique_ptr<ingest::TableReader>> reader = ingest::OpenTable(path, {});
  if (!reader.ok()) {
    list.status = reader.status();
    return;
  }
  Result<std::unique_ptr<ingest::RecordBuilder>> builder =
      ingest::RecordBuilder::Create((*reader)->header(), {});
  if (!builder.ok()) {
    list.status = builder.status();
    return;
  }
  ingest::TableRow row;
  std::vector<ingest::FieldError> errors;
  while (true) {
    Result<bool> more = (*reader)->Next(&row);
    if (!more.ok()) {
      list.status = more.status();
      return;
    }
    if (!*more) break;
    Record record;
    if (!(*builder)->Build(row, &record, &errors)) continue;
    // Linkage needs neither the raw cells nor the notes.
    std::vector<Attribute>().swap(record.raw);
    std::string().swap(record.notes);
    list.records.push_back(std::move(record));
  }
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

long PeakRssMib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

std::string Describe(const Record& r) {
  return r.full_name + "|" + r.given_name + " " + r.father_name + " " + r.grandfather_name + " " +
         r.family_name + "|m=" + r.mother_name + "|b=" + r.birth_date.ToString() + "|" +
         r.governorate + "/" + r.district + "/" + r.city + "|a=" + r.arrest_date.ToString();
}

// Prints a few true pairs that blocking missed, for tuning the rules.
void PrintMissed(const std::vector<link::LinkInput>& inputs, const std::vector<std::string>& truth,
                 const std::vector<link::RecordPair>& pairs) {
  std::unordered_map<std::string, std::vector<int64_t>> by_person;
  for (size_t i = 0; i < truth.size(); ++i) by_person[truth[i]].push_back(i);
  std::vector<uint64_t> found;
  for (const link::RecordPair& pair : pairs) found.push_back(uint64_t(pair.a) << 32 | pair.b);
  int shown = 0;
  for (const auto& [person, members] : by_person) {
    for (size_t x = 0; x < members.size() && shown < 40; ++x) {
      for (size_t y = x + 1; y < members.size() && shown < 40; ++y) {
        if (std::binary_search(found.begin(), found.end(), uint64_t(members[x]) << 32 | members[y]))
          continue;
        std::printf("MISS %s\n     %s\n", Describe(*inputs[members[x]].record).c_str(),
                    Describe(*inputs[members[y]].record).c_str());
        ++shown;
      }
    }
  }
}

// Prints why a few true pairs ended in different clusters.
void PrintMissedLinks(const std::vector<link::LinkInput>& inputs,
                      const std::vector<std::string>& truth, const link::LinkResult& result) {
  std::vector<size_t> cluster_of(inputs.size());
  for (size_t c = 0; c < result.clusters.size(); ++c) {
    for (int64_t record : result.clusters[c]) cluster_of[record] = c;
  }
  std::unordered_map<std::string, int64_t> first_of;
  int shown = 0;
  for (size_t i = 0; i < inputs.size() && shown < 25; ++i) {
    auto [it, inserted] = first_of.try_emplace(truth[i], i);
    if (inserted || cluster_of[it->second] == cluster_of[i]) continue;
    Result<link::PairExplanation> why =
        link::Explain(result.model_json, *inputs[it->second].record, *inputs[i].record);
    if (!why.ok()) continue;
    std::printf("FN p=%.3f w=%.1f prior=%.1f\n", why->probability, why->weight, why->prior_weight);
    for (const auto& c : why->comparisons) {
      std::printf("   %-16s %-10s %6.2f  %s | %s\n", c.name.c_str(), c.level.c_str(), c.weight,
                  c.value_a.c_str(), c.value_b.c_str());
    }
    ++shown;
  }
}

int Fail(const Status& status) {
  std::cerr << "link_bench: " << status.ToString() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: link_bench DIR [--threads N] [--seed N] [--config FILE] "
                 "[--lists list_1,list_2] [--blocking-recall] [--blocking-only]\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  link::LinkOptions options;
  link::LinkConfig config = link::DefaultConfig();
  bool blocking_recall = false;
  bool blocking_only = false;  // measure blocking recall without linking
  std::string only_lists;      // comma-separated list names, empty = all
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) {
      options.threads = std::stoi(argv[++i]);
    } else if (arg == "--seed" && i + 1 < argc) {
      options.seed = std::stoull(argv[++i]);
    } else if (arg == "--config" && i + 1 < argc) {
      std::ifstream file(argv[++i]);
      std::stringstream text;
      text << file.rdbuf();
      Result<link::LinkConfig> parsed = link::ParseConfig(text.str());
      if (!parsed.ok()) return Fail(parsed.status());
      config = *parsed;
    } else if (arg == "--lists" && i + 1 < argc) {
      only_lists = "," + std::string(argv[++i]) + ",";
    } else if (arg == "--blocking-recall") {
      blocking_recall = true;
    } else if (arg == "--blocking-only") {
      blocking_only = true;
    } else {
      std::cerr << "link_bench: unknown argument " << arg << "\n";
      return 2;
    }
  }

  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const std::string stem = entry.path().stem().string();
    if (!only_lists.empty() && only_lists.find("," + stem + ",") == std::string::npos) continue;
    if (name.starts_with("list_") && name.ends_with(".csv")) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<List> lists(paths.size());
  {
    std::vector<std::thread> readers;
    for (size_t i = 0; i < paths.size(); ++i) {
      lists[i].source = std::filesystem::path(paths[i]).stem().string();
      readers.emplace_back(ReadList, paths[i], std::ref(lists[i]));
    }
    for (std::thread& reader : readers) reader.join();
  }
  std::vector<link::LinkInput> inputs;
  for (const List& list : lists) {
    if (!list.status.ok()) return Fail(list.status);
    for (const Record& record : list.records) inputs.push_back({list.source, &record});
  }
  const double read_seconds = Seconds(start);

  std::unordered_map<std::string, std::string> person_of;
  {
    std::ifstream truth(dir / "truth.csv");
    std::string line;
    std::getline(truth, line);
    while (std::getline(truth, line)) {
      const size_t first = line.find(','), second = line.rfind(',');
      person_of[line.substr(0, second)] = line.substr(second + 1);
      (void)first;
    }
  }
  std::vector<std::string> truth;
  for (const link::LinkInput& input : inputs) {
    auto it = person_of.find(std::string(input.source) + "," + input.record->record_id);
    truth.push_back(it == person_of.end() ? "?" + input.record->record_id : it->second);
  }

  if (blocking_only) {
    Result<std::vector<link::RecordPair>> pairs =
        link::CandidatePairs(inputs, config, options.threads);
    if (!pairs.ok()) return Fail(pairs.status());
    std::printf("candidate pairs %zu, blocking recall %.4f\n", pairs->size(),
                link::BlockingRecall(*pairs, truth));
    if (std::getenv("LINK_BENCH_MISSED")) PrintMissed(inputs, truth, *pairs);
    return 0;
  }
  start = std::chrono::steady_clock::now();
  options.progress = [&start](const link::LinkProgress& progress) {
    std::fprintf(stderr, "  %6.2f s  %.*s\n", Seconds(start),
                 static_cast<int>(progress.stage.size()), progress.stage.data());
  };
  Result<link::LinkResult> result = link::Link(inputs, config, options);
  if (!result.ok()) return Fail(result.status());
  const double link_seconds = Seconds(start);
  Result<link::Evaluation> evaluation = link::Evaluate(result->clusters, truth);
  if (!evaluation.ok()) return Fail(evaluation.status());

  std::printf("records %zu (%zu lists), read %.2f s\n", inputs.size(), lists.size(), read_seconds);
  std::printf("link %.2f s, peak RSS %ld MiB\n", link_seconds, PeakRssMib());
  std::printf("candidate pairs %lld, linked pairs %lld, review %zu, guard cuts %lld\n",
              static_cast<long long>(result->stats.candidate_pairs),
              static_cast<long long>(result->stats.linked_pairs), result->review.size(),
              static_cast<long long>(result->stats.guard_cut_pairs));
  for (const link::BlockingRuleStats& rule : result->stats.rules) {
    std::printf("  rule %-40s pairs %10lld new %10lld\n", rule.name.c_str(),
                static_cast<long long>(rule.pairs), static_cast<long long>(rule.new_pairs));
  }
  std::printf("EM iterations %d (converged %d, match class agrees %d), prior %.7f\n",
              result->stats.em_iterations, result->stats.em_converged,
              result->stats.em_match_class_agrees, result->stats.match_prior);
  std::printf("precision %.4f recall %.4f F1 %.4f (TP %lld FP %lld FN %lld)\n",
              evaluation->precision, evaluation->recall, evaluation->f1,
              static_cast<long long>(evaluation->true_positive_pairs),
              static_cast<long long>(evaluation->false_positive_pairs),
              static_cast<long long>(evaluation->false_negative_pairs));
  std::printf("clusters predicted %lld, true %lld, exact %lld\n",
              static_cast<long long>(evaluation->predicted_clusters),
              static_cast<long long>(evaluation->true_clusters),
              static_cast<long long>(evaluation->exact_clusters));
  if (std::getenv("LINK_BENCH_FN")) PrintMissedLinks(inputs, truth, *result);
  if (blocking_recall) {
    Result<std::vector<link::RecordPair>> pairs =
        link::CandidatePairs(inputs, config, options.threads);
    if (!pairs.ok()) return Fail(pairs.status());
    std::printf("blocking recall %.4f\n", link::BlockingRecall(*pairs, truth));
    if (std::getenv("LINK_BENCH_MISSED")) PrintMissed(inputs, truth, *pairs);
  }
  if (std::getenv("LINK_BENCH_MODEL")) {
    std::ofstream(std::getenv("LINK_BENCH_MODEL")) << result->model_json;
  }
  return 0;
}
