// The canonical, versioned encoding of one custody log entry: the exact bytes
// that become a leaf of the Merkle log (leaf hash = SHA-256(0x00 || bytes)).
//
// It lives in core because two modules write or read it: the store appends
// entries in the same transaction as the change they record (imports), and
// the vault engine appends, decodes and verifies them. docs/custody.md
// documents the format byte for byte so anyone can re-derive the leaves.
//
// Format v1 (UTF-8 text, every line ends in LF, no CR):
//   sijil-custody v1
//   index <decimal leaf index, no leading zeros>
//   time <YYYY-MM-DDTHH:MM:SSZ>
//   kind <[a-z_]+>
//   <key> <value>          zero or more, keys strictly ascending (byte order)
// Keys are [a-z0-9_]+ and never one of index/time/kind. In values the bytes
// 0x00-0x1F, 0x25 ('%') and 0x7F are written as '%' + two uppercase hex
// digits; every other byte is written as is. Decoding accepts only this one
// spelling, so Encode(Decode(bytes)) == bytes for every accepted input.
//
// Example:
//   CustodyEntry entry{.index = 7, .time = "2026-01-02T03:04:05Z", .kind = "ingest",
//                      .fields = {{"sha256", "ab..."}, {"size", "12"}}};
//   std::string leaf = EncodeCustodyEntry(entry);
#ifndef SIJIL_CORE_CUSTODY_ENTRY_H_
#define SIJIL_CORE_CUSTODY_ENTRY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace sijil {

// The first line of every v1 entry, without its LF.
inline constexpr std::string_view kCustodyEntryMagic = "sijil-custody v1";

struct CustodyEntry {
  int64_t index = 0;  // leaf index in the log, 0-based
  std::string time;   // UTC, second precision, "2026-01-02T03:04:05Z"
  std::string kind;   // "import", "ingest", "view", "export", ...
  // Kind-specific facts. EncodeCustodyEntry sorts them by key.
  std::vector<std::pair<std::string, std::string>> fields;

  // Returns the value of `key`, or "" when absent.
  std::string Get(std::string_view key) const;
  friend bool operator==(const CustodyEntry&, const CustodyEntry&) = default;
};

// Checks `entry` can be encoded: index >= 0, time in the form above, kind
// and keys well formed, no reserved or repeated key. kInvalidArgument names
// the offending part.
Status ValidateCustodyEntry(const CustodyEntry& entry);

// Returns the canonical bytes of `entry` (fields sorted by key). Fails as
// ValidateCustodyEntry does.
Result<std::string> EncodeCustodyEntry(const CustodyEntry& entry);

// Parses canonical bytes. Fails with kDataLoss, naming the line and what was
// expected, on anything EncodeCustodyEntry would not have written.
Result<CustodyEntry> DecodeCustodyEntry(std::string_view bytes);

}  // namespace sijil

#endif  // SIJIL_CORE_CUSTODY_ENTRY_H_
