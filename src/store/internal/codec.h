// How the SQLite store serialises record parts: content hashes, JSON pair
// lists and timestamps.
#ifndef SIJIL_STORE_INTERNAL_CODEC_H_
#define SIJIL_STORE_INTERNAL_CODEC_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/record.h"
#include "core/status.h"

namespace sijil::store::internal {

using ::sijil::NowUtc;

// Appends `pairs` to `out` as a JSON array of [name, value] arrays. Fails with
// kInvalidArgument when a string is not valid UTF-8 (JSON cannot hold it);
// `what` names the list in that message ("extra", "raw").
Status AppendPairsJson(const std::vector<Attribute>& pairs, std::string_view what,
                       std::string* out);
// Parses what AppendPairsJson wrote. Fails with kDataLoss on anything else.
Result<std::vector<Attribute>> ParsePairsJson(std::string_view json);

// Appends only the values of `pairs` as a JSON array of strings. Raw cells are
// stored this way: their column names are the import's header, kept once per
// import rather than once per record (a quarter of a record's bytes).
Status AppendValuesJson(const std::vector<Attribute>& pairs, std::string_view what,
                        std::string* out);
// Parses a JSON array of strings (values, or an import's header).
Result<std::vector<std::string>> ParseStringsJson(std::string_view json);
// Pairs stored values with the import's `header`; kDataLoss when there are
// more values than columns.
Result<std::vector<Attribute>> ParseValuesJson(std::string_view json,
                                               const std::vector<std::string>& header);

using Sha256 = std::array<unsigned char, 32>;

// The canonical text of every field of a record (Record::Get), in Field order.
using FieldTexts = std::array<std::string, kFieldCount>;

// Fills `texts` from `record`, reusing the strings' storage.
void CanonicalTexts(const Record& record, FieldTexts* texts);

// Computes record content hashes: SHA-256 over an unambiguous serialisation
// of every canonical field (`texts`, from CanonicalTexts, in Field order), the
// normalised names, then the extra and raw JSON (AppendPairsJson output, which
// is itself unambiguous), each prefixed by its 64-bit length. Reuses its
// OpenSSL context and buffer between records.
class ContentHasher {
 public:
  ContentHasher();
  ~ContentHasher();
  ContentHasher(const ContentHasher&) = delete;
  ContentHasher& operator=(const ContentHasher&) = delete;

  // A record's level counts only when above public, so public records keep
  // the hashes they had before records carried a level.
  Result<Sha256> Hash(const FieldTexts& texts, const NormalizedNames& normalized,
                      std::string_view extra_json, std::string_view raw_json,
                      Sensitivity sensitivity);

 private:
  struct Context;
  std::unique_ptr<Context> context_;
  std::string buffer_;
};

}  // namespace sijil::store::internal

#endif  // SIJIL_STORE_INTERNAL_CODEC_H_
