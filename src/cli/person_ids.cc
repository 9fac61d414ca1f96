#include "cli/person_ids.h"

#include <openssl/evp.h>

#include <algorithm>
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

// Records by pointer, compared by value: a million keys without copying them.
struct RefHash {
  size_t operator()(const store::RecordRef* ref) const {
    const size_t h = std::hash<std::string>()(ref->source);
    return h ^ (std::hash<std::string>()(ref->record_id) + 0x9e3779b97f4a7c15ULL + (h << 6));
  }
};
struct RefEqual {
  bool operator()(const store::RecordRef* a, const store::RecordRef* b) const { return *a == *b; }
};

struct Overlap {
  int64_t shared = 0;
  std::string_view old_id;  // into `previous`
  size_t cluster = 0;
};

// The overlaps of every cluster with the previous persons, largest first.
std::vector<Overlap> Overlaps(const std::vector<store::PersonMember>& previous,
                              const std::vector<std::vector<store::RecordRef>>& clusters) {
  std::unordered_map<const store::RecordRef*, std::string_view, RefHash, RefEqual> old_person;
  old_person.reserve(previous.size());
  for (const store::PersonMember& m : previous) old_person.emplace(&m.record, m.person_id);
  std::vector<Overlap> overlaps;
  std::vector<std::string_view> old_ids;
  for (size_t c = 0; c < clusters.size(); ++c) {
    old_ids.clear();
    for (const store::RecordRef& ref : clusters[c]) {
      auto it = old_person.find(&ref);
      if (it != old_person.end()) old_ids.push_back(it->second);
    }
    std::sort(old_ids.begin(), old_ids.end());
    for (size_t begin = 0, end = 0; begin < old_ids.size(); begin = end) {
      for (end = begin; end < old_ids.size() && old_ids[end] == old_ids[begin];) ++end;
      overlaps.push_back({static_cast<int64_t>(end - begin), old_ids[begin], c});
    }
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
  // Views into `retired`, `previous` and `ids`, whose strings stay in place.
  std::unordered_set<std::string_view> taken(retired.begin(), retired.end());
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
    ids[c] = std::move(id);
    taken.insert(ids[c]);
  }
  return ids;
}

}  // namespace sijil::cli
