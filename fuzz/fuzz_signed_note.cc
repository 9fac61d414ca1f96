// Signed-note, checkpoint, verifier-key and proof-hash parsers on arbitrary
// text: never crash; an opened checkpoint re-serialises to its note text.
#include <cstdlib>
#include <string_view>

#include "vault/vault.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sijil::vault;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static const NoteVerifier verifier =
      *ParseVerifierKey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
  OpenNote(input, verifier).IgnoreError();
  ParseVerifierKey(input).IgnoreError();
  HashFromHex(input).IgnoreError();
  FromBase64(input).IgnoreError();
  sijil::Result<Checkpoint> checkpoint = ParseCheckpointText(input);
  if (checkpoint.ok() && CheckpointText(*checkpoint) != input) std::abort();
  return 0;
}
