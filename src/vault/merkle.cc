// RFC 9162 §2.1 Merkle tree hashing, proofs and their verification.
#include <bit>

#include "vault/vault.h"

namespace sijil::vault {
namespace {

// The largest power of two strictly smaller than n (n >= 2).
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

// Folds `count` (a power of two) adjacent subtree roots into their parent.
Hash Fold(const std::vector<Hash>& hashes, size_t from, size_t count) {
  std::vector<Hash> level(hashes.begin() + from, hashes.begin() + from + count);
  while (level.size() > 1) {
    for (size_t at = 0; at < level.size() / 2; ++at) {
      level[at] = HashChildren(level[2 * at], level[2 * at + 1]);
    }
    level.resize(level.size() / 2);
  }
  return level[0];
}

Status ProofError(std::string_view what) {
  return DataLossError("proof does not verify: " + std::string(what));
}

}  // namespace

Hash HashLeaf(std::string_view entry) {
  std::string buffer;
  buffer.reserve(entry.size() + 1);
  buffer.push_back('\0');
  buffer.append(entry);
  return Sha256(buffer);
}

Hash HashChildren(const Hash& left, const Hash& right) {
  char buffer[65];
  buffer[0] = 0x01;
  std::copy(left.begin(), left.end(), buffer + 1);
  std::copy(right.begin(), right.end(), buffer + 33);
  return Sha256(std::string_view(buffer, sizeof(buffer)));
}

Hash EmptyRoot() { return Sha256(""); }

Hash RootOfLeafHashes(const std::vector<Hash>& leaf_hashes) {
  CompactRange range;
  for (const Hash& hash : leaf_hashes) range.Append(hash);
  return range.Root();
}

// ---- CompactRange ----

void CompactRange::Append(const Hash& leaf_hash) {
  Hash carry = leaf_hash;
  // Each trailing set bit of size_ is a peak of equal height to merge with.
  for (uint64_t bits = size_; bits & 1; bits >>= 1) {
    carry = HashChildren(peaks_.back(), carry);
    peaks_.pop_back();
  }
  peaks_.push_back(carry);
  ++size_;
}

Hash CompactRange::Root() const {
  if (peaks_.empty()) return EmptyRoot();
  Hash root = peaks_.back();
  for (size_t at = peaks_.size() - 1; at-- > 0;) root = HashChildren(peaks_[at], root);
  return root;
}

// ---- Verification ----

Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                       const std::vector<Hash>& proof, const Hash& root) {
  if (index >= size) {
    return InvalidArgumentError("leaf index " + std::to_string(index) + " is not below tree size " +
                                std::to_string(size));
  }
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return ProofError("the inclusion path is too long");
    if ((fn & 1) || fn == sn) {
      r = HashChildren(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = HashChildren(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return ProofError("the inclusion path is too short");
  if (r != root) return ProofError("the computed root differs from the expected root");
  return OkStatus();
}

Status VerifyConsistency(uint64_t size1, uint64_t size2, const std::vector<Hash>& proof,
                         const Hash& root1, const Hash& root2) {
  if (size2 < size1) {
    return InvalidArgumentError("tree size " + std::to_string(size1) + " is larger than " +
                                std::to_string(size2));
  }
  if (size1 == size2) {
    if (!proof.empty()) return ProofError("a proof between equal sizes must be empty");
    if (root1 != root2) return ProofError("equal sizes with different roots");
    return OkStatus();
  }
  if (size1 == 0) {
    // Every tree extends the empty one.
    if (!proof.empty()) return ProofError("a proof from the empty tree must be empty");
    return OkStatus();
  }
  if (proof.empty()) return ProofError("empty consistency proof");
  std::vector<Hash> path;
  if (std::has_single_bit(size1)) path.push_back(root1);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (size_t at = 1; at < path.size(); ++at) {
    const Hash& c = path[at];
    if (sn == 0) return ProofError("the consistency proof is too long");
    if ((fn & 1) || fn == sn) {
      fr = HashChildren(c, fr);
      sr = HashChildren(c, sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = HashChildren(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return ProofError("the consistency proof is too short");
  if (fr != root1) return ProofError("the first root does not match");
  if (sr != root2) return ProofError("the second root does not match");
  return OkStatus();
}

// ---- MemoryLogStorage ----

Result<std::vector<Hash>> MemoryLogStorage::ReadHashes(int level, uint64_t first, uint64_t count) {
  const std::vector<Hash>& hashes = levels_[level];
  if (first >= hashes.size()) return std::vector<Hash>();
  const uint64_t end = std::min<uint64_t>(hashes.size(), first + count);
  return std::vector<Hash>(hashes.begin() + first, hashes.begin() + end);
}

Status MemoryLogStorage::WriteHashes(int level, uint64_t first, const std::vector<Hash>& hashes) {
  std::vector<Hash>& stored = levels_[level];
  if (first > stored.size()) return InvalidArgumentError("hashes must be written contiguously");
  stored.resize(std::max<uint64_t>(stored.size(), first + hashes.size()));
  std::copy(hashes.begin(), hashes.end(), stored.begin() + first);
  return OkStatus();
}

// ---- MerkleLog ----

Status MerkleLog::CheckSize(uint64_t size) {
  ASSIGN_OR_RETURN(uint64_t entries, storage_.Size());
  if (size > entries) {
    return InvalidArgumentError("tree size " + std::to_string(size) + " is beyond the log's " +
                                std::to_string(entries) + " entries");
  }
  return OkStatus();
}

Result<std::vector<Hash>> MerkleLog::LevelHashes(int level, uint64_t first, uint64_t count) {
  ASSIGN_OR_RETURN(std::vector<Hash> hashes, storage_.ReadHashes(level, first, count));
  if (hashes.size() == count) return hashes;
  if (level == 0) {
    return DataLossError("leaf hashes " + std::to_string(first + hashes.size()) + ".." +
                         std::to_string(first + count - 1) + " are missing");
  }
  const uint64_t fan = uint64_t{1} << kStoredLevelStride;
  const uint64_t missing_first = first + hashes.size();
  const uint64_t missing = count - hashes.size();
  ASSIGN_OR_RETURN(std::vector<Hash> lower,
                   LevelHashes(level - kStoredLevelStride, missing_first * fan, missing * fan));
  for (uint64_t at = 0; at < missing; ++at) hashes.push_back(Fold(lower, at * fan, fan));
  return hashes;
}

Result<Hash> MerkleLog::Subtree(int level, uint64_t index) {
  const int base = level - level % kStoredLevelStride;
  const uint64_t span = uint64_t{1} << (level - base);
  ASSIGN_OR_RETURN(std::vector<Hash> hashes, LevelHashes(base, index * span, span));
  return Fold(hashes, 0, span);
}

Result<Hash> MerkleLog::RangeRoot(uint64_t begin, uint64_t end) {
  const uint64_t n = end - begin;
  if (n == 0) return EmptyRoot();
  if (std::has_single_bit(n) && begin % n == 0) return Subtree(std::countr_zero(n), begin / n);
  const uint64_t k = SplitPoint(n);
  ASSIGN_OR_RETURN(Hash left, RangeRoot(begin, begin + k));
  ASSIGN_OR_RETURN(Hash right, RangeRoot(begin + k, end));
  return HashChildren(left, right);
}

Status MerkleLog::Sync() {
  ASSIGN_OR_RETURN(uint64_t size, storage_.Size());
  // Bounded batches keep memory flat while a large log is indexed.
  constexpr uint64_t kBatch = 1 << 16;
  const uint64_t fan = uint64_t{1} << kStoredLevelStride;
  for (int level = kStoredLevelStride; level < 64 && (size >> level) > 0;
       level += kStoredLevelStride) {
    const uint64_t complete = size >> level;
    ASSIGN_OR_RETURN(uint64_t stored, storage_.StoredCount(level));
    while (stored < complete) {
      const uint64_t count = std::min(kBatch, complete - stored);
      ASSIGN_OR_RETURN(std::vector<Hash> lower,
                       LevelHashes(level - kStoredLevelStride, stored * fan, count * fan));
      std::vector<Hash> nodes;
      nodes.reserve(count);
      for (uint64_t at = 0; at < count; ++at) nodes.push_back(Fold(lower, at * fan, fan));
      RETURN_IF_ERROR(storage_.WriteHashes(level, stored, nodes));
      stored += count;
    }
  }
  return OkStatus();
}

Result<Hash> MerkleLog::Root(uint64_t size) {
  RETURN_IF_ERROR(CheckSize(size));
  return RangeRoot(0, size);
}

Status MerkleLog::Path(uint64_t index, uint64_t begin, uint64_t end, std::vector<Hash>* proof) {
  if (end - begin <= 1) return OkStatus();
  const uint64_t middle = begin + SplitPoint(end - begin);
  if (index < middle) {
    RETURN_IF_ERROR(Path(index, begin, middle, proof));
    ASSIGN_OR_RETURN(Hash sibling, RangeRoot(middle, end));
    proof->push_back(sibling);
  } else {
    RETURN_IF_ERROR(Path(index, middle, end, proof));
    ASSIGN_OR_RETURN(Hash sibling, RangeRoot(begin, middle));
    proof->push_back(sibling);
  }
  return OkStatus();
}

Result<std::vector<Hash>> MerkleLog::InclusionProof(uint64_t index, uint64_t size) {
  RETURN_IF_ERROR(CheckSize(size));
  if (index >= size) {
    return InvalidArgumentError("leaf index " + std::to_string(index) + " is not below tree size " +
                                std::to_string(size));
  }
  std::vector<Hash> proof;
  RETURN_IF_ERROR(Path(index, 0, size, &proof));
  return proof;
}

Status MerkleLog::SubProof(uint64_t size1, uint64_t begin, uint64_t end, bool whole,
                           std::vector<Hash>* proof) {
  const uint64_t n = end - begin;
  if (size1 == n) {
    if (whole) return OkStatus();
    ASSIGN_OR_RETURN(Hash root, RangeRoot(begin, end));
    proof->push_back(root);
    return OkStatus();
  }
  const uint64_t k = SplitPoint(n);
  if (size1 <= k) {
    RETURN_IF_ERROR(SubProof(size1, begin, begin + k, whole, proof));
    ASSIGN_OR_RETURN(Hash right, RangeRoot(begin + k, end));
    proof->push_back(right);
  } else {
    RETURN_IF_ERROR(SubProof(size1 - k, begin + k, end, false, proof));
    ASSIGN_OR_RETURN(Hash left, RangeRoot(begin, begin + k));
    proof->push_back(left);
  }
  return OkStatus();
}

Result<std::vector<Hash>> MerkleLog::ConsistencyProof(uint64_t size1, uint64_t size2) {
  RETURN_IF_ERROR(CheckSize(size2));
  if (size1 > size2) {
    return InvalidArgumentError("--from " + std::to_string(size1) + " is larger than --to " +
                                std::to_string(size2));
  }
  std::vector<Hash> proof;
  if (size1 == 0 || size1 == size2) return proof;
  RETURN_IF_ERROR(SubProof(size1, 0, size2, true, &proof));
  return proof;
}

}  // namespace sijil::vault
