// RFC 9162 tree hashing and proofs: transparency-dev known-answer vectors,
// their mutation probes, and a cross-check against the RFC's recursive
// definitions written out naively below.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "vault/vault.h"

namespace sijil::vault {
namespace {

Hash H(std::string_view hex) { return *HashFromHex(hex); }

std::string Unhex(std::string_view hex) {
  std::string bytes;
  for (size_t at = 0; at < hex.size(); at += 2) {
    bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(at, 2)), nullptr, 16)));
  }
  return bytes;
}

// transparency-dev/merkle proof/verify_test.go.
const std::vector<std::string> kLeaves = {"",
                                          Unhex("00"),
                                          Unhex("10"),
                                          Unhex("2021"),
                                          Unhex("3031"),
                                          Unhex("40414243"),
                                          Unhex("5051525354555657"),
                                          Unhex("606162636465666768696a6b6c6d6e6f")};
const std::vector<std::string> kRoots = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
const Hash kSomeHash = H("abacaba000000000000000000000000000000000000000000060061e00123456");

struct ProofVector {
  uint64_t a, b;  // (leaf 1-based, size) or (size1, size2)
  std::vector<std::string> proof;
};
const std::vector<ProofVector> kInclusion = {
    {1,
     8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6,
     8,
     {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {3, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
    {2,
     5,
     {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
};
const std::vector<ProofVector> kConsistency = {
    {1,
     8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6,
     8,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2,
     5,
     {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {6,
     7,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
};

std::vector<Hash> Hashes(const std::vector<std::string>& hex) {
  std::vector<Hash> hashes;
  for (const std::string& h : hex) hashes.push_back(H(h));
  return hashes;
}

MemoryLogStorage StorageOf(const std::vector<std::string>& leaves) {
  MemoryLogStorage storage;
  for (const std::string& leaf : leaves) storage.AppendLeafHash(HashLeaf(leaf));
  return storage;
}

TEST(MerkleTest, HashesAsRfc9162) {
  EXPECT_EQ(ToHex(EmptyRoot()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(HashLeaf("")), kRoots[0]);
  // Domain separation: a leaf over two hashes is not their parent node.
  const Hash a = HashLeaf("a"), b = HashLeaf("b");
  EXPECT_NE(HashLeaf(std::string(AsBytes(a)) + std::string(AsBytes(b))), HashChildren(a, b));
  EXPECT_NE(HashChildren(a, b), HashChildren(b, a));
}

TEST(MerkleTest, RootsMatchKnownAnswers) {
  for (size_t size = 1; size <= kLeaves.size(); ++size) {
    std::vector<std::string> prefix(kLeaves.begin(), kLeaves.begin() + size);
    MemoryLogStorage storage = StorageOf(prefix);
    MerkleLog log(storage);
    Result<Hash> root = log.Root(size);
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(ToHex(*root), kRoots[size - 1]) << "size " << size;
    std::vector<Hash> leaf_hashes;
    for (const std::string& leaf : prefix) leaf_hashes.push_back(HashLeaf(leaf));
    EXPECT_EQ(ToHex(RootOfLeafHashes(leaf_hashes)), kRoots[size - 1]);
  }
  EXPECT_EQ(RootOfLeafHashes({}), EmptyRoot());
}

// Every mutation of a good inclusion proof must fail (verify_test.go probes).
void ExpectInclusionMutationsFail(uint64_t index, uint64_t size, const Hash& leaf,
                                  const std::vector<Hash>& proof, const Hash& root) {
  auto fails = [](uint64_t i, uint64_t n, const Hash& l, const std::vector<Hash>& p,
                  const Hash& r) { return !VerifyInclusion(i, n, l, p, r).ok(); };
  EXPECT_TRUE(fails(index - 1, size, leaf, proof, root)) << "index - 1";
  EXPECT_TRUE(fails(index + 1, size, leaf, proof, root)) << "index + 1";
  EXPECT_TRUE(fails(index ^ 2, size, leaf, proof, root)) << "index ^ 2";
  EXPECT_TRUE(fails(index, size * 2, leaf, proof, root)) << "size * 2";
  EXPECT_TRUE(fails(index, size / 2, leaf, proof, root)) << "size / 2";
  EXPECT_TRUE(fails(index, size, HashLeaf("WrongLeaf"), proof, root)) << "wrong leaf";
  EXPECT_TRUE(fails(index, size, leaf, proof, EmptyRoot())) << "empty root";
  EXPECT_TRUE(fails(index, size, leaf, proof, kSomeHash)) << "random root";
  auto with = [&](bool front, const Hash& extra) {
    std::vector<Hash> p = proof;
    p.insert(front ? p.begin() : p.end(), extra);
    return p;
  };
  EXPECT_TRUE(fails(index, size, leaf, with(false, Hash{}), root)) << "trailing garbage";
  EXPECT_TRUE(fails(index, size, leaf, with(false, root), root)) << "trailing root";
  EXPECT_TRUE(fails(index, size, leaf, with(true, Hash{}), root)) << "preceding garbage";
  EXPECT_TRUE(fails(index, size, leaf, with(true, root), root)) << "preceding root";
  for (size_t at = 0; at < proof.size(); ++at) {
    std::vector<Hash> p = proof;
    p[at][0] ^= 8;
    EXPECT_TRUE(fails(index, size, leaf, p, root)) << "flipped bit in proof[" << at << "]";
  }
  if (!proof.empty()) {
    std::vector<Hash> p(proof.begin(), proof.end() - 1);
    EXPECT_TRUE(fails(index, size, leaf, p, root)) << "removed component";
  }
  if (proof.size() > 1) {
    std::vector<Hash> p = proof;
    p.insert(p.begin() + 1, kSomeHash);
    EXPECT_TRUE(fails(index, size, leaf, p, root)) << "inserted component";
  }
}

TEST(MerkleTest, InclusionProofsMatchKnownAnswersAndMutationsFail) {
  MemoryLogStorage storage = StorageOf(kLeaves);
  MerkleLog log(storage);
  for (const ProofVector& vector : kInclusion) {
    const uint64_t index = vector.a - 1, size = vector.b;
    const std::vector<Hash> expected = Hashes(vector.proof);
    Result<std::vector<Hash>> proof = log.InclusionProof(index, size);
    ASSERT_TRUE(proof.ok());
    EXPECT_EQ(*proof, expected) << "leaf " << index << " size " << size;
    const Hash leaf = HashLeaf(kLeaves[index]);
    const Hash root = H(kRoots[size - 1]);
    EXPECT_TRUE(VerifyInclusion(index, size, leaf, expected, root).ok());
    ExpectInclusionMutationsFail(index, size, leaf, expected, root);
  }
}

TEST(MerkleTest, InclusionEdgeCases) {
  const Hash leaf = HashLeaf("data");
  EXPECT_TRUE(VerifyInclusion(0, 1, leaf, {}, leaf).ok());
  EXPECT_FALSE(VerifyInclusion(0, 1, leaf, {}, kSomeHash).ok());
  for (auto [index, size] : std::vector<std::pair<uint64_t, uint64_t>>{{0, 0}, {1, 0}, {2, 1}}) {
    EXPECT_FALSE(VerifyInclusion(index, size, kSomeHash, {}, EmptyRoot()).ok());
  }
  MemoryLogStorage storage = StorageOf(kLeaves);
  MerkleLog log(storage);
  EXPECT_EQ(log.InclusionProof(8, 8).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log.InclusionProof(0, 9).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(log.Root(9).status().code(), StatusCode::kInvalidArgument);
}

void ExpectConsistencyMutationsFail(uint64_t size1, uint64_t size2, const Hash& root1,
                                    const Hash& root2, const std::vector<Hash>& proof) {
  auto fails = [](uint64_t m, uint64_t n, const Hash& r1, const Hash& r2,
                  const std::vector<Hash>& p) { return !VerifyConsistency(m, n, p, r1, r2).ok(); };
  EXPECT_TRUE(fails(size1 - 1, size2, root1, root2, proof)) << "size1 - 1";
  EXPECT_TRUE(fails(size1 + 1, size2, root1, root2, proof)) << "size1 + 1";
  EXPECT_TRUE(fails(size1 ^ 2, size2, root1, root2, proof)) << "size1 ^ 2";
  EXPECT_TRUE(fails(size1, size2 * 2, root1, root2, proof)) << "size2 * 2";
  EXPECT_TRUE(fails(size1, size2 / 2, root1, root2, proof)) << "size2 / 2";
  EXPECT_TRUE(fails(size1, size2, kSomeHash, root2, proof)) << "wrong root1";
  EXPECT_TRUE(fails(size1, size2, root1, kSomeHash, proof)) << "wrong root2";
  EXPECT_TRUE(fails(size1, size2, root2, root1, proof)) << "swapped roots";
  EXPECT_TRUE(fails(size1, size2, root1, root2, {})) << "empty proof";
  auto with = [&](bool front, const Hash& extra) {
    std::vector<Hash> p = proof;
    p.insert(front ? p.begin() : p.end(), extra);
    return p;
  };
  for (const Hash& extra : {Hash{}, root1, root2}) {
    EXPECT_TRUE(fails(size1, size2, root1, root2, with(false, extra))) << "trailing";
    EXPECT_TRUE(fails(size1, size2, root1, root2, with(true, extra))) << "preceding";
  }
  EXPECT_TRUE(fails(size1, size2, root1, root2, with(true, proof[0]))) << "preceding proof[0]";
  EXPECT_TRUE(fails(size1, size2, root1, root2, std::vector<Hash>(proof.begin(), proof.end() - 1)))
      << "truncated";
  for (size_t at = 0; at < proof.size(); ++at) {
    std::vector<Hash> p = proof;
    p[at][0] ^= 16;
    EXPECT_TRUE(fails(size1, size2, root1, root2, p)) << "flipped bit in proof[" << at << "]";
  }
}

TEST(MerkleTest, ConsistencyProofsMatchKnownAnswersAndMutationsFail) {
  MemoryLogStorage storage = StorageOf(kLeaves);
  MerkleLog log(storage);
  for (const ProofVector& vector : kConsistency) {
    const std::vector<Hash> expected = Hashes(vector.proof);
    Result<std::vector<Hash>> proof = log.ConsistencyProof(vector.a, vector.b);
    ASSERT_TRUE(proof.ok());
    EXPECT_EQ(*proof, expected) << vector.a << " -> " << vector.b;
    const Hash root1 = H(kRoots[vector.a - 1]), root2 = H(kRoots[vector.b - 1]);
    EXPECT_TRUE(VerifyConsistency(vector.a, vector.b, expected, root1, root2).ok());
    ExpectConsistencyMutationsFail(vector.a, vector.b, root1, root2, expected);
  }
}

TEST(MerkleTest, ConsistencyEdgeCases) {
  const Hash r1 = HashLeaf("don't care 1"), r2 = HashLeaf("don't care 2");
  EXPECT_FALSE(VerifyConsistency(0, 0, {}, r1, r2).ok());
  EXPECT_FALSE(VerifyConsistency(1, 1, {}, r1, r2).ok());
  EXPECT_TRUE(VerifyConsistency(0, 0, {}, r1, r1).ok());
  EXPECT_TRUE(VerifyConsistency(0, 1, {}, r1, r2).ok());
  EXPECT_TRUE(VerifyConsistency(1, 1, {}, r2, r2).ok());
  EXPECT_FALSE(VerifyConsistency(1, 0, {}, r1, r2).ok()) << "time travel";
  EXPECT_FALSE(VerifyConsistency(2, 1, {}, r1, r2).ok()) << "time travel";
  EXPECT_FALSE(VerifyConsistency(1, 2, {}, r1, r2).ok()) << "empty proof";
  const std::vector<Hash> one = {EmptyRoot()};
  EXPECT_FALSE(VerifyConsistency(0, 0, one, EmptyRoot(), EmptyRoot()).ok());
  EXPECT_FALSE(VerifyConsistency(0, 1, one, EmptyRoot(), EmptyRoot()).ok());
  EXPECT_FALSE(VerifyConsistency(1, 1, one, EmptyRoot(), EmptyRoot()).ok());
}

// ---- The RFC's recursive definitions, verbatim and slow ----

Hash NaiveRoot(const std::vector<Hash>& d, size_t begin, size_t end) {
  const size_t n = end - begin;
  if (n == 0) return EmptyRoot();
  if (n == 1) return d[begin];
  size_t k = 1;
  while (k * 2 < n) k *= 2;
  return HashChildren(NaiveRoot(d, begin, begin + k), NaiveRoot(d, begin + k, end));
}

void NaivePath(const std::vector<Hash>& d, size_t m, size_t begin, size_t end,
               std::vector<Hash>* out) {
  const size_t n = end - begin;
  if (n <= 1) return;
  size_t k = 1;
  while (k * 2 < n) k *= 2;
  if (m < k) {
    NaivePath(d, m, begin, begin + k, out);
    out->push_back(NaiveRoot(d, begin + k, end));
  } else {
    NaivePath(d, m - k, begin + k, end, out);
    out->push_back(NaiveRoot(d, begin, begin + k));
  }
}

void NaiveSubproof(const std::vector<Hash>& d, size_t m, size_t begin, size_t end, bool b,
                   std::vector<Hash>* out) {
  const size_t n = end - begin;
  if (m == n) {
    if (!b) out->push_back(NaiveRoot(d, begin, end));
    return;
  }
  size_t k = 1;
  while (k * 2 < n) k *= 2;
  if (m <= k) {
    NaiveSubproof(d, m, begin, begin + k, b, out);
    out->push_back(NaiveRoot(d, begin + k, end));
  } else {
    NaiveSubproof(d, m - k, begin + k, end, false, out);
    out->push_back(NaiveRoot(d, begin, begin + k));
  }
}

TEST(MerkleTest, ProofsAgreeWithTheRecursiveDefinitionWithAndWithoutCachedLevels) {
  constexpr size_t kMax = 70;
  std::vector<Hash> leaves;
  MemoryLogStorage cold, warm;
  for (size_t at = 0; at < kMax; ++at) {
    leaves.push_back(HashLeaf("entry " + std::to_string(at)));
    cold.AppendLeafHash(leaves.back());
    warm.AppendLeafHash(leaves.back());
  }
  MerkleLog cold_log(cold), warm_log(warm);
  ASSERT_TRUE(warm_log.Sync().ok());
  for (size_t size = 1; size <= kMax; ++size) {
    const Hash root = NaiveRoot(leaves, 0, size);
    ASSERT_EQ(*cold_log.Root(size), root);
    ASSERT_EQ(*warm_log.Root(size), root);
    for (size_t index = 0; index < size; ++index) {
      std::vector<Hash> expected;
      NaivePath(leaves, index, 0, size, &expected);
      ASSERT_EQ(*cold_log.InclusionProof(index, size), expected) << index << "/" << size;
      ASSERT_EQ(*warm_log.InclusionProof(index, size), expected) << index << "/" << size;
      ASSERT_TRUE(VerifyInclusion(index, size, leaves[index], expected, root).ok());
    }
    for (size_t size1 = 1; size1 < size; ++size1) {
      std::vector<Hash> expected;
      NaiveSubproof(leaves, size1, 0, size, true, &expected);
      ASSERT_EQ(*warm_log.ConsistencyProof(size1, size), expected) << size1 << "->" << size;
      ASSERT_TRUE(VerifyConsistency(size1, size, expected, NaiveRoot(leaves, 0, size1), root).ok());
    }
  }
}

TEST(MerkleTest, SyncIsIncrementalAndRandomProofsVerifyOnALargerLog) {
  MemoryLogStorage storage;
  MerkleLog log(storage);
  CompactRange range;
  std::mt19937_64 random(7);
  for (int batch = 0; batch < 5; ++batch) {
    for (int at = 0; at < 1000 + batch * 37; ++at) {
      const Hash leaf = HashLeaf(std::to_string(random()));
      storage.AppendLeafHash(leaf);
      range.Append(leaf);
    }
    ASSERT_TRUE(log.Sync().ok());
    const uint64_t size = range.size();
    EXPECT_EQ(*storage.StoredCount(4), size >> 4);
    EXPECT_EQ(*storage.StoredCount(8), size >> 8);
    ASSERT_EQ(*log.Root(size), range.Root());
    for (int probe = 0; probe < 20; ++probe) {
      const uint64_t index = random() % size;
      const Hash leaf = (*storage.ReadHashes(0, index, 1))[0];
      ASSERT_TRUE(
          VerifyInclusion(index, size, leaf, *log.InclusionProof(index, size), range.Root()).ok());
      const uint64_t size1 = 1 + random() % size;
      ASSERT_TRUE(VerifyConsistency(size1, size, *log.ConsistencyProof(size1, size),
                                    *log.Root(size1), range.Root())
                      .ok());
    }
  }
}

TEST(MerkleTest, HexAndBase64AreStrict) {
  EXPECT_FALSE(HashFromHex("abc").ok());
  EXPECT_FALSE(HashFromHex(std::string(64, 'g')).ok());
  EXPECT_EQ(Base64("hi"), "aGk=");
  EXPECT_EQ(*FromBase64("aGk="), "hi");
  EXPECT_FALSE(FromBase64("aGl=").ok()) << "non-zero padding bits";
  EXPECT_FALSE(FromBase64("aGk").ok());
  EXPECT_FALSE(FromBase64("a Gk=").ok());
}

// Proofs of logs of 1 to 100,000 entries, and corrupted copies of them,
// checked by an independent RFC 9162 verifier (tests/vault/rfc9162_verify.py,
// Python hashlib only): it must accept exactly the genuine ones.
TEST(MerkleTest, ProofsOfLogsUpTo100000EntriesVerifyIndependently) {
  constexpr uint64_t kEntries = 100'000;
  MemoryLogStorage storage;
  std::vector<std::string> entries;
  for (uint64_t i = 0; i < kEntries; ++i) {
    entries.push_back("sijil test entry " + std::to_string(i));
    storage.AppendLeafHash(HashLeaf(entries.back()));
  }
  MerkleLog log(storage);
  ASSERT_TRUE(log.Sync().ok());
  auto hexes = [](const std::vector<Hash>& hashes) {
    nlohmann::json list = nlohmann::json::array();
    for (const Hash& hash : hashes) list.push_back(ToHex(hash));
    return list;
  };
  // One line per proof: the genuine proof, then three corrupted copies.
  std::ostringstream lines;
  auto emit = [&lines](const char* kind, bool valid, const nlohmann::json& proof) {
    lines << nlohmann::json{{"kind", kind}, {"valid", valid}, {"proof", proof}}.dump() << "\n";
  };
  auto flip = [](std::string hex) {
    hex[7] = hex[7] == '0' ? '1' : '0';
    return hex;
  };
  std::mt19937_64 random(9162);
  int proofs = 0;
  for (uint64_t size : {1,   2,    3,    4,    5,    7,    8,     9,     15,    16,    17,
                        100, 1000, 1023, 1024, 1025, 4097, 65535, 65536, 65537, 99999, 100000}) {
    const std::string root = ToHex(*log.Root(size));
    for (uint64_t index : {uint64_t{0}, size / 2, size - 1, random() % size}) {
      const nlohmann::json proof = {{"entry", Base64(entries[index])},
                                    {"leaf_hash", ToHex(HashLeaf(entries[index]))},
                                    {"leaf_index", index},
                                    {"tree_size", size},
                                    {"inclusion_path", hexes(*log.InclusionProof(index, size))},
                                    {"root_hash", root}};
      emit("inclusion", true, proof);
      nlohmann::json wrong_root = proof, wrong_index = proof, wrong_entry = proof;
      wrong_root["root_hash"] = flip(root);
      wrong_index["leaf_index"] = size == 1 ? 1 : (index + 1) % size;
      wrong_entry["entry"] = Base64(entries[index] + " ");
      for (const nlohmann::json* bad : {&wrong_root, &wrong_index, &wrong_entry}) {
        emit("inclusion", false, *bad);
      }
      proofs += 4;
    }
    for (uint64_t first : {uint64_t{1}, size / 3, size - 1}) {
      if (first == 0 || first >= size) continue;
      const std::vector<Hash> path = *log.ConsistencyProof(first, size);
      const nlohmann::json proof = {{"first", first},
                                    {"second", size},
                                    {"first_root", ToHex(*log.Root(first))},
                                    {"second_root", root},
                                    {"proof", hexes(path)}};
      emit("consistency", true, proof);
      nlohmann::json wrong_path = proof, wrong_first = proof;
      wrong_path["proof"][0] = flip(wrong_path["proof"][0]);
      wrong_first["first_root"] = flip(proof["first_root"]);
      emit("consistency", false, wrong_path);
      emit("consistency", false, wrong_first);
      proofs += 3;
    }
  }
  const std::filesystem::path file =
      std::filesystem::path(::testing::TempDir()) / "rfc9162_proofs.ndjson";
  std::ofstream(file) << lines.str();
  const std::string command = "python3 " + std::string(SIJIL_SOURCE_DIR) +
                              "/tests/vault/rfc9162_verify.py batch " + file.string();
  EXPECT_EQ(std::system(command.c_str()), 0) << proofs << " proofs in " << file;
  EXPECT_GT(proofs, 150);
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace sijil::vault
