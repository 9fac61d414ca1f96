#include "cli/person_ids.h"

#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace sijil::cli {
namespace {

std::string FreshId(const store::RecordRef& seed) {
  std::string input = seed.source;
  input.push_back('\0');
  input += seed.record_id;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "P-";
  for (int i = 0; i < 8; ++i) {
    id.push_back(kHex[digest[i] >> 4]);
    id.push_back(kHex[digest[i] & 15]);
  }
  return id;
}

struct RefHash {
  size_t operator()(const store::RecordRef& ref) const {
    const size_t h = std::hash<std::string>()(ref.source);
    return h ^ (std::hash<std::string>()(ref.record_id) + 0x9e3779b97f4a7c15ULL + (h << 6));
  }
};

struct Overlap {
  int64_t shared = 0;
  std::string old_id;
  size_t cluster = 0;
};

// The overlaps of every cluster with the previous persons, largest first.
std::vector<Overlap> Overlaps(const std::vector<store::PersonMember>& previous,
                              const std::vector<std::vector<store::RecordRef>>& clusters) {
  std::unordered_map<store::RecordRef, std::string_view, RefHash> old_person;
  old_person.reserve(previous.size());
  for (const store::PersonMember& m : previous) old_person.emplace(m.record, m.person_id);
  std::map<std::pair<size_t, std::string_view>, int64_t> shared;
  for (size_t c = 0; c < clusters.size(); ++c) {
    for (const store::RecordRef& ref : clusters[c]) {
      auto it = old_person.find(ref);
      if (it != old_person.end()) ++shared[{c, it->second}];
    }
  }
  std::vector<Overlap> overlaps;
  overlaps.reserve(shared.size());
  for (const auto& [key, count] : shared) {
    overlaps.push_back({count, std::string(key.second), key.first});
  }
  std::sort(overlaps.begin(), overlaps.end(), [](const Overlap& a, const Overlap& b) {
    return std::tie(b.shared, a.old_id, a.cluster) < std::tie(a.shared, b.old_id, b.cluster);
  });
  return overlaps;
}

}  // namespace

std::vector<std::string> AssignPersonIds(
    const std::vector<store::PersonMember>& previous, const std::vector<std::string>& retired,
    const std::vector<std::vector<store::RecordRef>>& clusters) {
  std::vector<std::string> ids(clusters.size());
  std::unordered_set<std::string> taken(retired.begin(), retired.end());
  for (const Overlap& overlap : Overlaps(previous, clusters)) {
    if (!ids[overlap.cluster].empty() || taken.count(overlap.old_id)) continue;
    ids[overlap.cluster] = overlap.old_id;
    taken.insert(overlap.old_id);
  }
  // Old ids that no cluster inherited stay reserved: never given to another person.
  for (const store::PersonMember& m : previous) taken.insert(m.person_id);
  for (size_t c = 0; c < clusters.size(); ++c) {
    if (!ids[c].empty() || clusters[c].empty()) continue;
    const store::RecordRef& seed = *std::min_element(clusters[c].begin(), clusters[c].end());
    std::string id = FreshId(seed);
    for (int n = 2; taken.count(id); ++n) id = FreshId(seed) + "-" + std::to_string(n);
    ids[c] = id;
    taken.insert(id);
  }
  return ids;
}

}  // namespace sijil::cli
