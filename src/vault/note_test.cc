// Signed notes against the golang.org/x/mod/sumdb/note test vectors, and
// checkpoints.
#include <gtest/gtest.h>

#include "vault/vault.h"

namespace sijil::vault {
namespace {

constexpr std::string_view kPeterKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kEnochKey =
    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
constexpr std::string_view kText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kPeterSig =
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
constexpr std::string_view kEnochSig =
    "\xE2\x80\x94 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
    "5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

NoteSigner PeterSigner() {
  // "PRIVATE+KEY+PeterNeumann+c74f20a3+" || base64(0x01 || seed)
  const std::string key = *FromBase64("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
  return *NoteSigner::FromSeed("PeterNeumann", key.substr(1));
}

TEST(NoteTest, SignsExactlyAsTheReferenceImplementation) {
  NoteSigner signer = PeterSigner();
  EXPECT_EQ(signer.VerifierKey(), kPeterKey);
  Result<std::string> note = signer.Sign(kText);
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(*note, std::string(kText) + "\n" + std::string(kPeterSig));
  EXPECT_FALSE(signer.Sign("no final newline").ok());
}

TEST(NoteTest, OpensWithTheTrustedKeyAndIgnoresOthers) {
  const NoteVerifier peter = *ParseVerifierKey(kPeterKey);
  const NoteVerifier enoch = *ParseVerifierKey(kEnochKey);
  const std::string both =
      std::string(kText) + "\n" + std::string(kPeterSig) + std::string(kEnochSig);
  EXPECT_EQ(*OpenNote(both, peter), kText);
  EXPECT_EQ(*OpenNote(both, enoch), kText);
  const std::string enoch_only = std::string(kText) + "\n" + std::string(kEnochSig);
  EXPECT_EQ(OpenNote(enoch_only, peter).status().code(), StatusCode::kDataLoss);
}

TEST(NoteTest, RejectsMalformedAndTamperedNotes) {
  const NoteVerifier peter = *ParseVerifierKey(kPeterKey);
  const std::string text(kText), sig(kPeterSig);
  std::string broken_sig = sig;
  broken_sig.insert(60, "ABCD");
  std::string tampered_text = text;
  tampered_text[3] = 'X';
  const std::vector<std::string> bad = {
      text,
      text + "\n",
      text + "\n" + sig.substr(0, sig.size() - 1),
      "\x01" + text + "\n" + sig,
      text +
          "\n\xE2\x80\x94 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2p"
          "ZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
      text + "\n" + sig + "Unexpected line.\n",
      text + "\n" + broken_sig,
      tampered_text + "\n" + sig,
  };
  for (const std::string& note : bad) {
    EXPECT_FALSE(OpenNote(note, peter).ok()) << note;
  }
}

TEST(NoteTest, VerifierKeysAreCheckedWhole) {
  ASSERT_TRUE(ParseVerifierKey(kPeterKey).ok());
  std::string key(kPeterKey);
  for (size_t at = 0; at < key.size(); ++at) {
    std::string mangled = key;
    mangled[at] = static_cast<char>(mangled[at] + 1);
    EXPECT_FALSE(ParseVerifierKey(mangled).ok()) << mangled;
  }
  for (size_t cut = 0; cut < key.size(); ++cut) {
    EXPECT_FALSE(ParseVerifierKey(key.substr(0, cut)).ok());
    EXPECT_FALSE(ParseVerifierKey(key.substr(cut + 1)).ok());
  }
}

TEST(NoteTest, CheckpointsRoundTripAndRejectOtherShapes) {
  const SecretKey seed = SecretKey::Random();
  NoteSigner signer = *NoteSigner::FromSeed("sijil.example/log", seed.view());
  const Checkpoint checkpoint{
      .origin = "sijil.example/log", .size = 20852163, .root = HashLeaf("x")};
  const std::string text = CheckpointText(checkpoint);
  EXPECT_EQ(text, "sijil.example/log\n20852163\n" + Base64(AsBytes(checkpoint.root)) + "\n");
  const std::string note = *signer.Sign(text);
  const NoteVerifier verifier = *ParseVerifierKey(signer.VerifierKey());
  Result<Checkpoint> opened = OpenCheckpoint(note, verifier);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, checkpoint);
  for (const std::string& bad : {"o\n012\n" + Base64("x") + "\n", std::string("o\n1\n"),
                                 "o\n1\n" + Base64(std::string(31, 'a')) + "\n",
                                 "\n1\n" + Base64(AsBytes(checkpoint.root)) + "\n",
                                 "o\n-1\n" + Base64(AsBytes(checkpoint.root)) + "\n"}) {
    EXPECT_FALSE(ParseCheckpointText(bad).ok()) << bad;
  }
  std::string forged = note;
  forged.replace(forged.find("20852163"), 8, "20852164");
  EXPECT_EQ(OpenCheckpoint(forged, verifier).status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace sijil::vault
