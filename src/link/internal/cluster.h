// Clustering scored pairs into persons, with guards against chaining.
#ifndef SIJIL_LINK_INTERNAL_CLUSTER_H_
#define SIJIL_LINK_INTERNAL_CLUSTER_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "link/link.h"

namespace sijil::link::internal {

struct ClusterRequest {
  int64_t records = 0;
  // Linked pairs, strongest first (ties by pair).
  std::vector<ScoredPair> links;
  std::vector<RecordPair> must_link;
  std::vector<RecordPair> cannot_link;
  int max_cluster_size = 20;
  // True when two records clearly differ. Two clusters never merge when
  // some record of one and some record of the other do: one record must not
  // chain two people.
  std::function<bool(int64_t, int64_t)> differ;
};

struct ClusterOutcome {
  std::vector<std::vector<int64_t>> clusters;  // as LinkResult::clusters
  std::vector<ScoredPair> cut;                 // links the guards refused
  int64_t conflicts = 0;                       // must-links refused by a cannot-link
};

// Merges must-link pairs first (unless a cannot-link forbids it), then the
// links strongest first, refusing a merge that would join a cannot-link pair,
// exceed max_cluster_size, or join records that differ.
ClusterOutcome Cluster(const ClusterRequest& request);

}  // namespace sijil::link::internal

#endif  // SIJIL_LINK_INTERNAL_CLUSTER_H_
