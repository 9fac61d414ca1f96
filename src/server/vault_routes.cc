// Evidence vault items, their custody entries, and the log head.
#include <charconv>

#include "core/custody_entry.h"
#include "server/internal/api.h"
#include "server/internal/state.h"
#include "vault/vault.h"

namespace sijil::server::internal {
namespace {

// Who captured an item and where it came from can name a witness.
bool ShowsProvenance(const RouteContext& context) {
  return context.clearance() == auth::Sensitivity::kConfidential;
}

nlohmann::json ItemJson(const store::EvidenceItem& item, bool provenance) {
  nlohmann::json json = {{"id", item.id},
                         {"sha256", item.sha256},
                         {"size", item.size},
                         {"original_name", item.original_name},
                         {"media_type", item.media_type},
                         {"case_name", item.case_name},
                         {"description", item.description},
                         {"captured_at", item.captured_at},
                         {"derived_from", item.derived_from},
                         {"transformation", item.transformation},
                         {"added_at", item.added_at},
                         {"log_index", item.log_index}};
  if (provenance) {
    json["captured_by"] = item.captured_by;
    json["source"] = item.source;
  }
  return json;
}

Status AuditProvenance(RouteContext& context, const store::EvidenceItem& item) {
  if (!ShowsProvenance(context) || (item.captured_by.empty() && item.source.empty())) {
    return OkStatus();
  }
  return context.AuditRead("vault item " + std::to_string(item.id));
}

Result<int64_t> PathId(const RouteContext& context) {
  const std::string& text = context.request.path_params.at(0);
  int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return InvalidArgumentError("vault item id: expected a positive integer");
  }
  return id;
}

// The latest signed checkpoint, opened with the vault's own key.
struct Head {
  int64_t log_size = 0;
  std::optional<store::StoredCheckpoint> checkpoint;
  std::optional<vault::Checkpoint> opened;
};

Result<Head> LogHead(store::Store& store) {
  store::CustodyStore& custody = store.custody();
  Head head;
  ASSIGN_OR_RETURN(head.log_size, custody.LogSize());
  ASSIGN_OR_RETURN(std::vector<store::StoredCheckpoint> checkpoints, custody.Checkpoints());
  ASSIGN_OR_RETURN(std::optional<store::VaultConfig> config, custody.Config());
  if (checkpoints.empty() || !config) return head;
  head.checkpoint = checkpoints.back();
  ASSIGN_OR_RETURN(vault::NoteVerifier verifier, vault::ParseVerifierKey(vault::FormatVerifierKey(
                                                     config->origin, config->public_key)));
  ASSIGN_OR_RETURN(head.opened, vault::OpenCheckpoint(head.checkpoint->note, verifier));
  return head;
}

// Checks that log entry `index` is in the tree the latest checkpoint signs.
Result<nlohmann::json> VerifyEntry(store::Store& store, int64_t index) {
  ASSIGN_OR_RETURN(Head head, LogHead(store));
  if (!head.opened) return nlohmann::json{{"status", "no_checkpoint"}};
  const uint64_t size = head.opened->size;
  if (index < 0 || static_cast<uint64_t>(index) >= size) {
    return nlohmann::json{{"status", "not_yet_checkpointed"}, {"tree_size", size}};
  }
  std::unique_ptr<vault::LogStorage> storage = vault::NewStoreLogStorage(store.custody());
  vault::MerkleLog log(*storage);
  RETURN_IF_ERROR(log.Sync());
  ASSIGN_OR_RETURN(std::vector<vault::Hash> proof,
                   log.InclusionProof(static_cast<uint64_t>(index), size));
  ASSIGN_OR_RETURN(std::vector<std::string> entries, store.custody().LogEntries(index, 1));
  if (entries.empty()) return DataLossError("log entry " + std::to_string(index) + " is missing");
  const Status included = vault::VerifyInclusion(
      static_cast<uint64_t>(index), size, vault::HashLeaf(entries[0]), proof, head.opened->root);
  return nlohmann::json{{"status", included.ok() ? "verified" : "failed"},
                        {"tree_size", size},
                        {"root_hash", vault::ToHex(head.opened->root)},
                        {"proof_hashes", proof.size()}};
}

nlohmann::json EntryJson(const CustodyEntry& entry) {
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [key, value] : entry.fields) fields[key] = value;
  return {{"index", entry.index}, {"time", entry.time}, {"kind", entry.kind}, {"fields", fields}};
}

}  // namespace

Result<Reply> HandleVaultList(RouteContext& context) {
  ASSIGN_OR_RETURN(std::vector<store::EvidenceItem> items,
                   context.store.custody().Items(context.Query("case")));
  nlohmann::json list = nlohmann::json::array();
  for (const store::EvidenceItem& item : items) {
    RETURN_IF_ERROR(AuditProvenance(context, item));
    list.push_back(ItemJson(item, ShowsProvenance(context)));
  }
  return Reply{200, {{"items", std::move(list)}}, {}};
}

Result<Reply> HandleVaultItem(RouteContext& context) {
  ASSIGN_OR_RETURN(int64_t id, PathId(context));
  ASSIGN_OR_RETURN(store::EvidenceItem item, context.store.custody().Item(id));
  RETURN_IF_ERROR(AuditProvenance(context, item));
  nlohmann::json body = ItemJson(item, ShowsProvenance(context));
  body["metadata"] = nlohmann::json::parse(item.metadata_json, nullptr, false);
  if (body["metadata"].is_discarded()) body["metadata"] = nlohmann::json::object();
  nlohmann::json custody = nlohmann::json::array();
  if (item.log_index >= 0) {
    ASSIGN_OR_RETURN(std::vector<std::string> entries,
                     context.store.custody().LogEntries(item.log_index, 1));
    for (const std::string& bytes : entries) {
      ASSIGN_OR_RETURN(CustodyEntry entry, DecodeCustodyEntry(bytes));
      // Entries hold hashes and the case, never names (docs/custody.md).
      custody.push_back(EntryJson(entry));
    }
    ASSIGN_OR_RETURN(body["verification"], VerifyEntry(context.store, item.log_index));
  }
  body["custody"] = std::move(custody);
  return Reply{200, std::move(body), {}};
}

Result<Reply> HandleLogHead(RouteContext& context) {
  ASSIGN_OR_RETURN(Head head, LogHead(context.store));
  nlohmann::json body = {{"log_size", head.log_size}};
  if (head.opened) {
    body["tree_size"] = head.opened->size;
    body["root_hash"] = vault::ToHex(head.opened->root);
    body["checkpoint"] = head.checkpoint->note;
    body["signed_at"] = head.checkpoint->created_at;
  }
  return Reply{200, std::move(body), {}};
}

}  // namespace sijil::server::internal
