// End-to-end vault and custody log through the `sijil` binary: proofs that an
// independent verifier (tests/vault/rfc9162_verify.py) accepts, tampering of
// every kind reported precisely with exit 1, and kill -9 during `vault add`.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "cli/internal/cli_fixture.h"
#include "vault/internal/test_images.h"
#include "vault/vault.h"

namespace sijil::cli {
namespace {

namespace fs = std::filesystem;
using testing_util::RunResult;

class VaultCliTest : public testing_util::CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    Write("key", std::string(32, 'k'));
    Write("a.txt", "first exhibit\n");
    std::string big(3 * (1 << 20) + 7, '\0');
    for (size_t at = 0; at < big.size(); ++at) big[at] = static_cast<char>(at * 7919 % 251);
    Write("big.bin", big);
    ASSERT_EQ(Run({"init"}).exit_code, 0);
  }

  // Adds two files and an import, then signs a checkpoint.
  void Populate() {
    ASSERT_EQ(Run({"import", std::string(SIJIL_SOURCE_DIR) + "/tests/cli/data/arabic_tab.tsv",
                   "--source", "vdc"})
                  .exit_code,
              0);
    RunResult added = Keyed({"vault", "add", Path("a.txt"), Path("big.bin"), "--case", "c1"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    ASSERT_EQ(Keyed({"log", "head"}).exit_code, 0);
  }

  bool IndependentlyVerified(const std::string& kind, const std::string& json) {
    Write("proof.json", json);
    const std::string command = "python3 " + std::string(SIJIL_SOURCE_DIR) +
                                "/tests/vault/rfc9162_verify.py " + kind + " " +
                                Path("proof.json") + " > /dev/null";
    return std::system(command.c_str()) == 0;
  }
};

TEST_F(VaultCliTest, ProofsVerifyIndependently) {
  Populate();
  for (int extra = 0; extra < 20; ++extra) {
    ASSERT_EQ(Keyed({"vault", "get", "1", "--out", Path("copy")}).exit_code, 0);
  }
  RunResult size = Run({"log", "verify", "--json"});
  ASSERT_EQ(size.exit_code, 0) << size.out;
  // import, vault_created, 2 ingests, 20 exports.
  const int tree_size = 24;
  EXPECT_NE(size.out.find("\"tree_size\": 24"), std::string::npos) << size.out;
  for (int index : {0, 1, 2, 3, 10, 23}) {
    RunResult proof = Run({"--json", "log", "proof", "--index", std::to_string(index), "--size",
                           std::to_string(tree_size)});
    ASSERT_EQ(proof.exit_code, 0) << proof.err;
    EXPECT_TRUE(IndependentlyVerified("inclusion", proof.out)) << proof.out;
    std::string forged = proof.out;
    forged[forged.find("\"leaf_index\": ") + 14] ^= 1;
    EXPECT_FALSE(IndependentlyVerified("inclusion", forged));
  }
  for (auto [from, to] : std::vector<std::pair<int, int>>{{1, 24}, {3, 7}, {8, 24}, {23, 24}}) {
    RunResult proof = Run({"--json", "log", "consistency", "--from", std::to_string(from), "--to",
                           std::to_string(to)});
    ASSERT_EQ(proof.exit_code, 0) << proof.err;
    EXPECT_TRUE(IndependentlyVerified("consistency", proof.out)) << proof.out;
  }
  RunResult by_item = Run({"--json", "log", "proof", "--item", "2"});
  ASSERT_EQ(by_item.exit_code, 0);
  EXPECT_NE(by_item.out.find("\"checkpoint\""), std::string::npos);
  EXPECT_TRUE(IndependentlyVerified("inclusion", by_item.out));
}

TEST_F(VaultCliTest, AFlippedBlobByteIsNamedAndGetFailsClosed) {
  Populate();
  ASSERT_EQ(Keyed({"vault", "verify"}).exit_code, 0);
  fs::path blob;
  for (const auto& file : fs::recursive_directory_iterator(db_ + ".vault")) {
    if (file.is_regular_file() && fs::file_size(file.path()) > (1 << 20)) blob = file.path();
  }
  ASSERT_FALSE(blob.empty());
  // Flip bits rather than write a value the random ciphertext may already hold.
  std::fstream bytes(blob, std::ios::in | std::ios::out | std::ios::binary);
  bytes.seekg(5000);
  const char original = static_cast<char>(bytes.get());
  bytes.seekp(5000);
  bytes.put(static_cast<char>(original ^ 0x42));
  bytes.close();
  RunResult verify = Keyed({"vault", "verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.out.find("FAIL blob"), std::string::npos) << verify.out;
  EXPECT_NE(verify.out.find("chunk 0 fails authentication"), std::string::npos) << verify.out;
  RunResult get = Keyed({"vault", "get", "2", "--out", Path("out.bin")});
  EXPECT_EQ(get.exit_code, 1);
  EXPECT_FALSE(fs::exists(Path("out.bin")));
  EXPECT_EQ(Keyed({"vault", "get", "1", "--out", Path("a.out")}).exit_code, 0);
}

TEST_F(VaultCliTest, AnEditedRecordRowIsNamed) {
  Populate();
  ASSERT_EQ(Run({"log", "verify"}).exit_code, 0);
  Sql("UPDATE records SET family_name = 'forged' WHERE id = 2");
  RunResult verify = Run({"log", "verify"});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.out.find("FAIL source 'vdc' record"), std::string::npos) << verify.out;
  EXPECT_NE(verify.out.find("no longer match its content hash"), std::string::npos);
}

TEST_F(VaultCliTest, DeletedOrReorderedOrEditedEntriesAreNamed) {
  Populate();
  Sql("CREATE TABLE saved AS SELECT * FROM custody_log");
  Sql("DELETE FROM custody_log WHERE idx = 2");
  RunResult deleted = Run({"log", "verify"});
  EXPECT_EQ(deleted.exit_code, 1);
  EXPECT_NE(deleted.out.find("entries 2..2 are missing (deleted)"), std::string::npos)
      << deleted.out;

  Sql("DELETE FROM custody_log; INSERT INTO custody_log SELECT * FROM saved");
  ASSERT_EQ(Run({"log", "verify"}).exit_code, 0);
  Sql("UPDATE custody_log SET entry = (SELECT entry FROM saved WHERE idx = 3), leaf_hash = "
      "(SELECT leaf_hash FROM saved WHERE idx = 3) WHERE idx = 2;"
      "UPDATE custody_log SET entry = (SELECT entry FROM saved WHERE idx = 2), leaf_hash = "
      "(SELECT leaf_hash FROM saved WHERE idx = 2) WHERE idx = 3");
  RunResult reordered = Run({"log", "verify"});
  EXPECT_EQ(reordered.exit_code, 1);
  EXPECT_NE(reordered.out.find("entry 2 says it is entry 3"), std::string::npos) << reordered.out;
  EXPECT_NE(reordered.out.find("checkpoint at size"), std::string::npos);

  Sql("DELETE FROM custody_log; INSERT INTO custody_log SELECT * FROM saved");
  Sql("UPDATE custody_log SET entry = replace(entry, 'case c1', 'case c2') WHERE idx = 2");
  RunResult edited = Run({"log", "verify"});
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_NE(edited.out.find("entry 2 was modified after it was appended"), std::string::npos)
      << edited.out;
}

TEST_F(VaultCliTest, KillDuringAddLeavesAConsistentStore) {
  Populate();
  char fill = 'a';
  for (const char* step : {"after_encrypt", "after_rename", "before_commit"}) {
    Write("new.bin", std::string(2 << 20, fill++));
    RunResult killed =
        Run({"vault", "add", Path("new.bin"), "--case", "again", "--key-file", Path("key")},
            {{"SIJIL_VAULT_CRASH_AT", step}});
    EXPECT_EQ(killed.exit_code, -1) << step;
  }
  RunResult list = Run({"--json", "vault", "list"});
  EXPECT_EQ(list.out.find("new.bin"), std::string::npos) << "no half-stored item";
  EXPECT_EQ(Keyed({"vault", "verify"}).exit_code, 0);
  EXPECT_EQ(Run({"log", "verify"}).exit_code, 0);
  RunResult again = Keyed({"vault", "add", Path("new.bin")});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Keyed({"vault", "get", "3", "--out", Path("new.out")}).exit_code, 0);
  EXPECT_TRUE(testing_util::ReadFile(Path("new.out")) == std::string(2 << 20, 'c'));
}

TEST_F(VaultCliTest, WrongKeysAndMissingKeysAreRefused) {
  Populate();
  Write("other", std::string(32, 'o'));
  RunResult wrong = Run({"vault", "verify", "--key-file", Path("other")});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("does not unlock this vault"), std::string::npos);
  RunResult passphrase = Run({"vault", "verify"}, {{"SIJIL_VAULT_PASSPHRASE", "x"}});
  EXPECT_EQ(passphrase.exit_code, 1);
  RunResult key = Run({"log", "key"});
  EXPECT_EQ(key.exit_code, 0);
  EXPECT_NE(key.out.find("sijil.log/"), std::string::npos);
  RunResult trusted =
      Run({"log", "verify", "--verifier-key", key.out.substr(0, key.out.size() - 1)});
  EXPECT_EQ(trusted.exit_code, 0) << trusted.out;
}

TEST_F(VaultCliTest, PassphraseVaultsUnlockWithTheSamePassphraseOnly) {
  const std::vector<std::pair<std::string, std::string>> env = {
      {"SIJIL_VAULT_PASSPHRASE", "correct horse battery staple"},
      {"SIJIL_VAULT_KDF", "interactive"}};
  ASSERT_EQ(Run({"vault", "add", Path("a.txt")}, env).exit_code, 0);
  EXPECT_EQ(Run({"vault", "get", "1", "--out", Path("a.out")}, env).exit_code, 0);
  EXPECT_EQ(testing_util::ReadFile(Path("a.out")), "first exhibit\n");
  RunResult wrong =
      Run({"vault", "get", "1", "--out", Path("b.out")}, {{"SIJIL_VAULT_PASSPHRASE", "wrong"}});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("passphrase does not unlock"), std::string::npos);
  EXPECT_EQ(wrong.err.find("correct horse"), std::string::npos);
}

TEST_F(VaultCliTest, ImagesKeepTheirExifAsMetadata) {
  vault::testing::TestExif exif{.make = "NIKON CORPORATION",
                                .model = "NIKON D750",
                                .date_time_original = "2012:08:11 17:05:09",
                                .orientation = 1};
  exif.gps = vault::testing::TestGps{
      .latitude = {36, 12, 0}, .latitude_ref = 'N', .longitude = {37, 9, 0}, .longitude_ref = 'E'};
  Write("photo.jpg", vault::testing::TestJpeg(exif, 600, 400));
  ASSERT_EQ(Keyed({"vault", "add", Path("photo.jpg"), Path("a.txt")}).exit_code, 0);
  RunResult shown = Run({"--json", "vault", "show", "1"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  for (const char* expected :
       {"\"media_type\": \"image/jpeg\"", "\"make\": \"NIKON CORPORATION\"",
        "\"model\": \"NIKON D750\"", "\"date_time_original\": \"2012-08-11T17:05:09\"",
        "\"orientation\": 1", "\"width\": 600", "\"height\": 400", "\"latitude\": 36.2",
        "\"longitude\": 37.15"}) {
    EXPECT_NE(shown.out.find(expected), std::string::npos) << expected << "\n" << shown.out;
  }
  RunResult text = Run({"vault", "show", "1"});
  EXPECT_NE(text.out.find("metadata: {"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("NIKON D750"), std::string::npos) << text.out;
  RunResult plain = Run({"--json", "vault", "show", "2"});
  EXPECT_NE(plain.out.find("\"metadata\": {}"), std::string::npos) << plain.out;
}

class PackageTest : public VaultCliTest {
 protected:
  void SetUp() override {
    VaultCliTest::SetUp();
    Populate();
    ASSERT_EQ(Keyed({"vault", "add", Path("a.txt"), "--case", "other"}).exit_code, 0);
    RunResult exported = Keyed(
        {"export", "package", "--case", "c1", "--out", Path("bag"), "--organization", "Test Org"});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
  }

  RunResult VerifyBag(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"verify-package", Path("bag")};
    args.insert(args.end(), extra.begin(), extra.end());
    return Run(args);
  }

  // Returns every file of the bag, relative to it.
  std::vector<std::string> BagFiles() {
    std::vector<std::string> files;
    for (const auto& file : fs::recursive_directory_iterator(Path("bag"))) {
      if (file.is_regular_file()) {
        files.push_back(file.path().lexically_relative(Path("bag")).generic_string());
      }
    }
    std::sort(files.begin(), files.end());
    return files;
  }

  void FlipByte(const std::string& relative, size_t at, char mask) {
    std::fstream bytes(Path("bag/" + relative), std::ios::in | std::ios::out | std::ios::binary);
    bytes.seekg(static_cast<std::streamoff>(at));
    const char original = static_cast<char>(bytes.get());
    bytes.seekp(static_cast<std::streamoff>(at));
    bytes.put(static_cast<char>(original ^ mask));
  }
};

TEST_F(PackageTest, ARoundTripVerifiesAndHoldsTheOriginals) {
  RunResult verified = VerifyBag({"--json"});
  ASSERT_EQ(verified.exit_code, 0) << verified.out;
  EXPECT_NE(verified.out.find("\"items\": 2"), std::string::npos) << verified.out;
  EXPECT_TRUE(testing_util::ReadFile(Path("bag/data/items/1/a.txt")) ==
              testing_util::ReadFile(Path("a.txt")));
  EXPECT_TRUE(testing_util::ReadFile(Path("bag/data/items/2/big.bin")) ==
              testing_util::ReadFile(Path("big.bin")));
  EXPECT_FALSE(fs::exists(Path("bag/data/items/3")));  // another case
  const std::vector<std::string> expected = {"bag-info.txt",           "bagit.txt",
                                             "data/checkpoint.txt",    "data/items/1/a.txt",
                                             "data/items/1/item.json", "data/items/2/big.bin",
                                             "data/items/2/item.json", "data/verifier-key.txt",
                                             "manifest-sha256.txt",    "tagmanifest-sha256.txt"};
  EXPECT_EQ(BagFiles(), expected);
  const std::string info = testing_util::ReadFile(Path("bag/bag-info.txt"));
  EXPECT_NE(info.find("Source-Organization: Test Org\n"), std::string::npos) << info;
  const uint64_t octets = fs::file_size(Path("bag/data/checkpoint.txt")) +
                          fs::file_size(Path("bag/data/verifier-key.txt")) +
                          fs::file_size(Path("a.txt")) + fs::file_size(Path("big.bin")) +
                          fs::file_size(Path("bag/data/items/1/item.json")) +
                          fs::file_size(Path("bag/data/items/2/item.json"));
  EXPECT_NE(info.find("Payload-Oxum: " + std::to_string(octets) + ".6\n"), std::string::npos);
  // An independent reader of the bag (manifests and RFC 9162 proofs) agrees.
  const std::string independent = "python3 " + std::string(SIJIL_SOURCE_DIR) +
                                  "/tests/vault/verify_package.py " + Path("bag") + " > /dev/null";
  EXPECT_EQ(std::system(independent.c_str()), 0);
  FlipByte("data/items/1/a.txt", 0, 1);
  EXPECT_NE(std::system(independent.c_str()), 0);
  FlipByte("data/items/1/a.txt", 0, 1);
  // Each item carries its ingest entry and the export entry of this package.
  EXPECT_EQ(Run({"log", "verify"}).exit_code, 0);
  const std::string item = testing_util::ReadFile(Path("bag/data/items/1/item.json"));
  size_t proofs = 0;
  for (size_t at = item.find("\"leaf_index\""); at != std::string::npos;
       at = item.find("\"leaf_index\"", at + 1)) {
    ++proofs;
  }
  EXPECT_EQ(proofs, 2u) << item;
  // A second export to the same folder is refused, leaving it untouched.
  RunResult again = Keyed({"export", "package", "--case", "c1", "--out", Path("bag")});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already exists"), std::string::npos);
  EXPECT_EQ(Keyed({"export", "package", "--case", "none", "--out", Path("b2")}).exit_code, 1);
  EXPECT_FALSE(fs::exists(Path("b2")));
}

TEST_F(PackageTest, ArabicAndAwkwardFileNamesAreKeptSafely) {
  Write("شهادة 100%.txt", "witness statement\n");
  Write("item.json", "{\"not\": \"metadata\"}\n");
  ASSERT_EQ(
      Keyed({"vault", "add", Path("شهادة 100%.txt"), Path("item.json"), "--case", "c9"}).exit_code,
      0);
  ASSERT_EQ(Keyed({"export", "package", "--case", "c9", "--out", Path("c9")}).exit_code, 0);
  // '%' would be percent-encoded in the manifest, which `sha256sum -c` does not read.
  EXPECT_EQ(testing_util::ReadFile(Path("c9/data/items/4/شهادة 100_.txt")), "witness statement\n");
  EXPECT_EQ(testing_util::ReadFile(Path("c9/data/items/5/file-item.json")),
            "{\"not\": \"metadata\"}\n");
  EXPECT_NE(testing_util::ReadFile(Path("c9/data/items/4/item.json")).find("شهادة 100%.txt"),
            std::string::npos);
  RunResult verified = Run({"verify-package", Path("c9")});
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
  const std::string independent = "python3 " + std::string(SIJIL_SOURCE_DIR) +
                                  "/tests/vault/verify_package.py " + Path("c9") + " > /dev/null";
  EXPECT_EQ(std::system(independent.c_str()), 0);
}

TEST_F(PackageTest, AKilledExportLeavesNoPackage) {
  RunResult killed =
      Run({"export", "package", "--case", "c1", "--out", Path("killed"), "--key-file", Path("key")},
          {{"SIJIL_VAULT_CRASH_AT", "package_before_rename"}});
  EXPECT_EQ(killed.exit_code, -1);
  EXPECT_FALSE(fs::exists(Path("killed")));
  EXPECT_EQ(Run({"log", "verify"}).exit_code, 0);
  RunResult again = Keyed({"export", "package", "--case", "c1", "--out", Path("killed")});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Run({"verify-package", Path("killed")}).exit_code, 0);
}

TEST_F(PackageTest, AnyFlippedByteOfAnyFileFailsNamingTheFile) {
  for (const std::string& file : BagFiles()) {
    const size_t size = fs::file_size(Path("bag/" + file));
    for (size_t at : {size_t{0}, size / 2, size - 1}) {
      for (char mask : {'\x01', '\x20'}) {
        FlipByte(file, at, mask);
        RunResult verify = VerifyBag();
        EXPECT_EQ(verify.exit_code, 1) << file << " byte " << at << " mask " << int{mask};
        EXPECT_NE(verify.out.find(file), std::string::npos) << file << " byte " << at << ":\n"
                                                            << verify.out;
        FlipByte(file, at, mask);
      }
    }
  }
  EXPECT_EQ(VerifyBag().exit_code, 0);
}

// A forger who changes a file and recomputes every manifest is caught by the
// custody entries: the signed log recorded the original SHA-256.
TEST_F(PackageTest, RewrittenManifestsDoNotHideAChangedFile) {
  auto rehash = [&](const std::string& manifest) {
    Result<std::vector<vault::BagManifestLine>> lines =
        vault::ParseBagManifest(testing_util::ReadFile(Path("bag/" + manifest)), manifest);
    ASSERT_TRUE(lines.ok());
    for (vault::BagManifestLine& line : *lines) {
      line.sha256 = vault::Sha256(testing_util::ReadFile(Path("bag/" + line.path)));
    }
    Write("bag/" + manifest, vault::FormatBagManifest(*lines));
  };
  const std::string original_sha256 = vault::ToHex(vault::Sha256("first exhibit\n"));
  const std::string forged_sha256 = vault::ToHex(vault::Sha256("first exhibiT\n"));
  Write("bag/data/items/1/a.txt", "first exhibiT\n");  // same size: Payload-Oxum holds
  rehash("manifest-sha256.txt");
  rehash("tagmanifest-sha256.txt");
  RunResult verify = VerifyBag();
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.out.find("data/items/1/a.txt: its SHA-256 is " + forged_sha256),
            std::string::npos)
      << verify.out;

  std::string item = testing_util::ReadFile(Path("bag/data/items/1/item.json"));
  item.replace(item.find(original_sha256), original_sha256.size(), forged_sha256);
  Write("bag/data/items/1/item.json", item);
  rehash("manifest-sha256.txt");
  rehash("tagmanifest-sha256.txt");
  verify = VerifyBag();
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.out.find("the ingest entry recorded SHA-256 " + original_sha256 + ", not " +
                            forged_sha256),
            std::string::npos)
      << verify.out;
  // Nonsense where the proofs should be is named, not crashed on.
  Write("bag/data/items/2/item.json", "[{\"custody\": 5}]");
  rehash("manifest-sha256.txt");
  rehash("tagmanifest-sha256.txt");
  verify = VerifyBag();
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_NE(verify.out.find("data/items/2/item.json: expected a JSON object"), std::string::npos)
      << verify.out;
}

TEST_F(PackageTest, ExtraOrMissingPayloadFilesFail) {
  Write("bag/data/items/1/extra.txt", "planted\n");
  RunResult extra = VerifyBag();
  EXPECT_EQ(extra.exit_code, 1);
  EXPECT_NE(extra.out.find("data/items/1/extra.txt: present in the bag but not listed in "
                           "manifest-sha256.txt"),
            std::string::npos)
      << extra.out;
  fs::remove(Path("bag/data/items/1/extra.txt"));
  ASSERT_EQ(VerifyBag().exit_code, 0);
  fs::rename(Path("bag/data/items/2/big.bin"), Path("big.saved"));
  RunResult missing = VerifyBag();
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.out.find("data/items/2/big.bin: listed in manifest-sha256.txt but missing"),
            std::string::npos)
      << missing.out;
}

TEST_F(PackageTest, TheCheckpointMustOpenWithTheTrustedKey) {
  RunResult key = Run({"log", "key"});
  ASSERT_EQ(key.exit_code, 0);
  const std::string trusted = key.out.substr(0, key.out.size() - 1);
  EXPECT_EQ(VerifyBag({"--verifier-key", trusted}).exit_code, 0);
  // Another vault's key, e.g. a forger's who re-signed the package.
  RunResult other_db = testing_util::RunSijil({"--db", Path("other.db"), "init"}, dir_);
  ASSERT_EQ(other_db.exit_code, 0);
  Write("other.key", std::string(32, 'z'));
  ASSERT_EQ(testing_util::RunSijil({"--db", Path("other.db"), "vault", "add", Path("a.txt"),
                                    "--key-file", Path("other.key")},
                                   dir_)
                .exit_code,
            0);
  RunResult other_key = testing_util::RunSijil({"--db", Path("other.db"), "log", "key"}, dir_);
  ASSERT_EQ(other_key.exit_code, 0);
  RunResult wrong =
      VerifyBag({"--verifier-key", other_key.out.substr(0, other_key.out.size() - 1)});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.out.find("data/checkpoint.txt"), std::string::npos) << wrong.out;
  EXPECT_NE(wrong.out.find("trusted verifier key"), std::string::npos) << wrong.out;
}

}  // namespace
}  // namespace sijil::cli
