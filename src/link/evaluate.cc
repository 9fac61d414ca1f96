// Pairwise precision/recall of a clustering against the truth.
#include <algorithm>
#include <unordered_map>

#include "link/internal/blocking.h"
#include "link/link.h"

namespace sijil::link {
namespace {

int64_t PairsIn(int64_t n) { return n * (n - 1) / 2; }

// Returns dense person ids for the truth strings.
std::vector<int64_t> PersonIds(const std::vector<std::string>& truth_person) {
  std::unordered_map<std::string_view, int64_t> ids;
  std::vector<int64_t> person(truth_person.size());
  for (size_t i = 0; i < truth_person.size(); ++i) {
    person[i] = ids.try_emplace(truth_person[i], static_cast<int64_t>(ids.size())).first->second;
  }
  return person;
}

}  // namespace

Result<Evaluation> Evaluate(const std::vector<std::vector<int64_t>>& clusters,
                            const std::vector<std::string>& truth_person) {
  const int64_t n = static_cast<int64_t>(truth_person.size());
  const std::vector<int64_t> person = PersonIds(truth_person);
  std::vector<char> seen(n, 0);
  Evaluation evaluation;
  std::vector<int64_t> person_size(n, 0);
  for (int64_t p : person) ++person_size[p];
  int64_t predicted_pairs = 0;
  int64_t covered = 0;
  for (const std::vector<int64_t>& cluster : clusters) {
    std::unordered_map<int64_t, int64_t> per_person;
    for (int64_t record : cluster) {
      if (record < 0 || record >= n) {
        return InvalidArgumentError("clusters: record index " + std::to_string(record) +
                                    " is out of range (truth has " + std::to_string(n) +
                                    " records)");
      }
      if (seen[record]) {
        return InvalidArgumentError("clusters: record index " + std::to_string(record) +
                                    " is in two clusters");
      }
      seen[record] = 1;
      ++per_person[person[record]];
    }
    if (cluster.empty()) continue;
    ++evaluation.predicted_clusters;
    covered += static_cast<int64_t>(cluster.size());
    predicted_pairs += PairsIn(static_cast<int64_t>(cluster.size()));
    for (const auto& [p, count] : per_person) evaluation.true_positive_pairs += PairsIn(count);
    if (per_person.size() == 1 &&
        person_size[per_person.begin()->first] == static_cast<int64_t>(cluster.size())) {
      ++evaluation.exact_clusters;
    }
  }
  // Records in no cluster are singletons.
  evaluation.predicted_clusters += n - covered;
  for (int64_t record = 0; record < n; ++record) {
    if (!seen[record] && person_size[person[record]] == 1) ++evaluation.exact_clusters;
  }
  int64_t true_pairs = 0;
  for (int64_t size : person_size) {
    true_pairs += PairsIn(size);
    evaluation.true_clusters += size > 0;
  }
  evaluation.false_positive_pairs = predicted_pairs - evaluation.true_positive_pairs;
  evaluation.false_negative_pairs = true_pairs - evaluation.true_positive_pairs;
  const double tp = static_cast<double>(evaluation.true_positive_pairs);
  evaluation.precision = predicted_pairs == 0 ? 1 : tp / static_cast<double>(predicted_pairs);
  evaluation.recall = true_pairs == 0 ? 1 : tp / static_cast<double>(true_pairs);
  const double sum = evaluation.precision + evaluation.recall;
  evaluation.f1 = sum == 0 ? 0 : 2 * evaluation.precision * evaluation.recall / sum;
  return evaluation;
}

double BlockingRecall(const std::vector<RecordPair>& candidates,
                      const std::vector<std::string>& truth_person) {
  const std::vector<int64_t> person = PersonIds(truth_person);
  const int64_t n = static_cast<int64_t>(person.size());
  std::vector<int64_t> person_size(n, 0);
  for (int64_t p : person) ++person_size[p];
  int64_t true_pairs = 0;
  for (int64_t size : person_size) true_pairs += PairsIn(size);
  if (true_pairs == 0) return 1;
  int64_t found = 0;
  RecordPair previous{-1, -1};
  for (const RecordPair& pair : candidates) {
    if (pair.a < 0 || pair.b >= n || pair.a >= n || pair.b < 0 || pair == previous) continue;
    found += pair.a != pair.b && person[pair.a] == person[pair.b];
    previous = pair;
  }
  return static_cast<double>(found) / static_cast<double>(true_pairs);
}

}  // namespace sijil::link
