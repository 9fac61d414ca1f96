#include "link/internal/cluster.h"

#include <algorithm>
#include <numeric>

namespace sijil::link::internal {
namespace {

class Clusters {
 public:
  Clusters(int64_t records, const std::vector<RecordPair>& cannot_link)
      : parent_(records), members_(records), cannot_(records) {
    std::iota(parent_.begin(), parent_.end(), 0);
    for (int64_t i = 0; i < records; ++i) members_[i] = {i};
    for (const RecordPair& pair : cannot_link) {
      cannot_[pair.a].push_back(pair.b);
      cannot_[pair.b].push_back(pair.a);
    }
  }

  int64_t Find(int64_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }

  const std::vector<int64_t>& Members(int64_t root) const { return members_[root]; }

  // True when a cannot-link pair would end in the merged cluster.
  bool Forbidden(int64_t root_a, int64_t root_b) {
    if (members_[root_a].size() > members_[root_b].size()) std::swap(root_a, root_b);
    for (int64_t x : members_[root_a]) {
      for (int64_t y : cannot_[x]) {
        if (Find(y) == root_b) return true;
      }
    }
    return false;
  }

  void Merge(int64_t root_a, int64_t root_b) {
    if (members_[root_a].size() < members_[root_b].size()) std::swap(root_a, root_b);
    parent_[root_b] = root_a;
    members_[root_a].insert(members_[root_a].end(), members_[root_b].begin(),
                            members_[root_b].end());
    std::vector<int64_t>().swap(members_[root_b]);
  }

  std::vector<std::vector<int64_t>> Result() {
    std::vector<std::vector<int64_t>> clusters;
    for (int64_t i = 0; i < static_cast<int64_t>(parent_.size()); ++i) {
      if (Find(i) != i) continue;
      std::vector<int64_t> cluster = members_[i];
      std::sort(cluster.begin(), cluster.end());
      clusters.push_back(std::move(cluster));
    }
    std::sort(clusters.begin(), clusters.end());
    return clusters;
  }

 private:
  std::vector<int64_t> parent_;
  std::vector<std::vector<int64_t>> members_;
  std::vector<std::vector<int64_t>> cannot_;
};

bool Vetoed(const ClusterRequest& request, const std::vector<int64_t>& a,
            const std::vector<int64_t>& b) {
  if (a.size() == 1 && b.size() == 1) return false;
  for (int64_t x : a) {
    for (int64_t y : b) {
      if (request.differ(x, y)) return true;
    }
  }
  return false;
}

}  // namespace

ClusterOutcome Cluster(const ClusterRequest& request) {
  ClusterOutcome outcome;
  Clusters clusters(request.records, request.cannot_link);
  for (const RecordPair& pair : request.must_link) {
    const int64_t a = clusters.Find(pair.a), b = clusters.Find(pair.b);
    if (a == b) continue;
    if (clusters.Forbidden(a, b)) {
      ++outcome.conflicts;
      continue;
    }
    clusters.Merge(a, b);
  }
  for (const ScoredPair& link : request.links) {
    const int64_t a = clusters.Find(link.pair.a), b = clusters.Find(link.pair.b);
    if (a == b) continue;
    const size_t size = clusters.Members(a).size() + clusters.Members(b).size();
    if (static_cast<int64_t>(size) > request.max_cluster_size || clusters.Forbidden(a, b) ||
        Vetoed(request, clusters.Members(a), clusters.Members(b))) {
      outcome.cut.push_back(link);
      continue;
    }
    clusters.Merge(a, b);
  }
  outcome.clusters = clusters.Result();
  return outcome;
}

}  // namespace sijil::link::internal
