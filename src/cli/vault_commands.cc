// vault add|get|list|show|verify and log head|key|proof|consistency|verify.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/custody.h"
#include "cli/output.h"

namespace sijil::cli {
namespace {

using nlohmann::json;

json HashesJson(const std::vector<vault::Hash>& hashes) {
  json out = json::array();
  for (const vault::Hash& hash : hashes) out.push_back(vault::ToHex(hash));
  return out;
}

// Prints a verification report; fails (exit 1) when it found problems.
Status FinishReport(const GlobalOptions& global, const VerifyReport& report,
                    const std::string& what, json summary) {
  if (global.json) {
    summary["ok"] = report.problems.empty();
    summary["problems"] = report.problems;
    PrintJson(summary);
  } else {
    for (const std::string& problem : report.problems) std::cout << "FAIL " << problem << "\n";
    if (report.problems.empty()) std::cout << "ok: " << what << "\n";
  }
  if (report.problems.empty()) return OkStatus();
  return DataLossError(std::to_string(report.problems.size()) + " problem(s) found in " + what);
}

struct Opened {
  std::unique_ptr<store::Store> store;
  UnlockedVault vault;
};

Result<Opened> OpenVault(const GlobalOptions& global, const VaultOptions& options, bool create) {
  Opened opened;
  ASSIGN_OR_RETURN(opened.store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(opened.vault,
                   UnlockVault(*opened.store, {.key_file = options.key_file}, create));
  return opened;
}

// The tree size a proof is given at: --size, else the latest checkpoint
// covering the leaf, else the whole log.
Result<uint64_t> ProofSize(store::Store& store, const VaultOptions& options, uint64_t index) {
  if (options.tree_size >= 0) return static_cast<uint64_t>(options.tree_size);
  ASSIGN_OR_RETURN(std::vector<store::StoredCheckpoint> checkpoints, store.custody().Checkpoints());
  if (!checkpoints.empty() && static_cast<uint64_t>(checkpoints.back().tree_size) > index) {
    return static_cast<uint64_t>(checkpoints.back().tree_size);
  }
  ASSIGN_OR_RETURN(int64_t size, store.custody().LogSize());
  return static_cast<uint64_t>(size);
}

Result<std::string> CheckpointAt(store::Store& store, uint64_t size) {
  ASSIGN_OR_RETURN(std::vector<store::StoredCheckpoint> checkpoints, store.custody().Checkpoints());
  for (const store::StoredCheckpoint& checkpoint : checkpoints) {
    if (checkpoint.tree_size == static_cast<int64_t>(size)) return checkpoint.note;
  }
  return std::string();
}

}  // namespace

Status RunVaultAdd(const GlobalOptions& global, const VaultOptions& options) {
  ASSIGN_OR_RETURN(Opened opened, OpenVault(global, options, /*create=*/true));
  const AddOptions add{.case_name = options.case_name,
                       .description = options.description,
                       .captured_at = options.captured_at,
                       .captured_by = options.captured_by,
                       .source = options.source,
                       .derived_from = options.derived_from,
                       .transformation = options.transformation};
  json added = json::array();
  for (const std::string& file : options.files) {
    ASSIGN_OR_RETURN(AddResult result,
                     AddEvidence(*opened.store, global.db, opened.vault, file, add));
    json item = ItemJson(result.item);
    item["stored"] = result.new_blob ? "new" : "deduplicated";
    added.push_back(item);
    if (!global.json) {
      std::cout << "added item " << result.item.id << ": " << result.item.original_name
                << " sha256 " << result.item.sha256 << " (" << result.item.size << " bytes, "
                << result.item.media_type << (result.new_blob ? "" : ", already stored")
                << "), log entry " << result.item.log_index << "\n";
    }
  }
  RETURN_IF_ERROR(SignCheckpoint(*opened.store, opened.vault).status());
  if (global.json) PrintJson(added);
  return OkStatus();
}

Status RunVaultGet(const GlobalOptions& global, const VaultOptions& options) {
  ASSIGN_OR_RETURN(Opened opened, OpenVault(global, options, /*create=*/false));
  RETURN_IF_ERROR(
      ExtractEvidence(*opened.store, global.db, opened.vault, options.id, options.out, "file"));
  ASSIGN_OR_RETURN(store::EvidenceItem item, opened.store->custody().Item(options.id));
  if (global.json) {
    PrintJson({{"id", item.id}, {"sha256", item.sha256}, {"out", options.out}, {"verified", true}});
  } else {
    std::cout << "item " << item.id << " -> " << options.out << " (sha256 " << item.sha256
              << " verified)\n";
  }
  return OkStatus();
}

Status RunVaultList(const GlobalOptions& global, const VaultOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(std::vector<store::EvidenceItem> items,
                   store->custody().Items(options.case_name));
  if (global.json) {
    json out = json::array();
    for (const store::EvidenceItem& item : items) out.push_back(ItemJson(item));
    PrintJson(out);
    return OkStatus();
  }
  std::vector<std::vector<std::string>> rows = {
      {"id", "name", "size", "type", "case", "sha256", "added"}};
  for (const store::EvidenceItem& item : items) {
    rows.push_back({std::to_string(item.id), item.original_name, std::to_string(item.size),
                    item.media_type, item.case_name, item.sha256.substr(0, 16), item.added_at});
  }
  PrintTable(rows);
  return OkStatus();
}

Status RunVaultShow(const GlobalOptions& global, const VaultOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(store::EvidenceItem item, store->custody().Item(options.id));
  ASSIGN_OR_RETURN(std::vector<std::string> entries,
                   store->custody().LogEntries(item.log_index, 1));
  json out = ItemJson(item);
  if (!entries.empty()) out["entry"] = entries[0];
  if (global.json) {
    PrintJson(out);
    return OkStatus();
  }
  for (const auto& [key, value] : out.items()) {
    std::cout << key << ": " << (value.is_string() ? value.get<std::string>() : value.dump())
              << "\n";
  }
  return OkStatus();
}

Status RunVaultVerify(const GlobalOptions& global, const VaultOptions& options) {
  ASSIGN_OR_RETURN(Opened opened, OpenVault(global, options, /*create=*/false));
  ASSIGN_OR_RETURN(VerifyReport report, VerifyVault(*opened.store, global.db, opened.vault));
  return FinishReport(global, report, std::to_string(report.checked) + " blobs",
                      {{"blobs", report.checked}});
}

Status RunLogHead(const GlobalOptions& global, const VaultOptions& options) {
  ASSIGN_OR_RETURN(Opened opened, OpenVault(global, options, /*create=*/false));
  ASSIGN_OR_RETURN(store::StoredCheckpoint checkpoint, SignCheckpoint(*opened.store, opened.vault));
  ASSIGN_OR_RETURN(vault::NoteVerifier verifier, StoredVerifier(*opened.store));
  ASSIGN_OR_RETURN(vault::Checkpoint parsed, vault::OpenCheckpoint(checkpoint.note, verifier));
  if (global.json) {
    PrintJson({{"tree_size", parsed.size},
               {"root_hash", vault::ToHex(parsed.root)},
               {"checkpoint", checkpoint.note}});
  } else {
    std::cout << checkpoint.note;
  }
  return OkStatus();
}

Status RunLogKey(const GlobalOptions& global, const VaultOptions&) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(std::optional<store::VaultConfig> config, store->custody().Config());
  if (!config) return FailedPreconditionError("this database has no vault (and no log key) yet");
  const std::string key = vault::FormatVerifierKey(config->origin, config->public_key);
  if (global.json) {
    PrintJson({{"verifier_key", key}, {"origin", config->origin}});
  } else {
    std::cout << key << "\n";
  }
  return OkStatus();
}

Status RunLogProof(const GlobalOptions& global, const VaultOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  int64_t index = options.index;
  if (options.id > 0) {
    ASSIGN_OR_RETURN(store::EvidenceItem item, store->custody().Item(options.id));
    index = item.log_index;
  }
  if (index < 0) return InvalidArgumentError("give --index I or --item ID");
  ASSIGN_OR_RETURN(uint64_t size, ProofSize(*store, options, static_cast<uint64_t>(index)));
  std::unique_ptr<vault::LogStorage> storage = vault::NewStoreLogStorage(store->custody());
  vault::MerkleLog log(*storage);
  RETURN_IF_ERROR(log.Sync());
  ASSIGN_OR_RETURN(std::vector<vault::Hash> path,
                   log.InclusionProof(static_cast<uint64_t>(index), size));
  ASSIGN_OR_RETURN(vault::Hash root, log.Root(size));
  ASSIGN_OR_RETURN(std::vector<std::string> entries, store->custody().LogEntries(index, 1));
  if (entries.empty()) return NotFoundError("no log entry " + std::to_string(index));
  const vault::Hash leaf = vault::HashLeaf(entries[0]);
  RETURN_IF_ERROR(vault::VerifyInclusion(static_cast<uint64_t>(index), size, leaf, path, root));
  ASSIGN_OR_RETURN(std::string checkpoint, CheckpointAt(*store, size));
  json out = {{"leaf_index", index},
              {"tree_size", size},
              {"leaf_hash", vault::ToHex(leaf)},
              {"entry", vault::Base64(entries[0])},
              {"inclusion_path", HashesJson(path)},
              {"root_hash", vault::ToHex(root)}};
  if (!checkpoint.empty()) out["checkpoint"] = checkpoint;
  if (global.json) {
    PrintJson(out);
  } else {
    std::cout << "entry " << index << " of " << size << " (leaf " << vault::ToHex(leaf) << ")\n"
              << entries[0] << "path:\n";
    for (const vault::Hash& hash : path) std::cout << "  " << vault::ToHex(hash) << "\n";
    std::cout << "root " << vault::ToHex(root) << "\n";
  }
  return OkStatus();
}

Status RunLogConsistency(const GlobalOptions& global, const VaultOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  std::unique_ptr<vault::LogStorage> storage = vault::NewStoreLogStorage(store->custody());
  vault::MerkleLog log(*storage);
  RETURN_IF_ERROR(log.Sync());
  ASSIGN_OR_RETURN(uint64_t size, storage->Size());
  const uint64_t second = options.to >= 0 ? static_cast<uint64_t>(options.to) : size;
  const uint64_t first = static_cast<uint64_t>(options.from);
  ASSIGN_OR_RETURN(std::vector<vault::Hash> proof, log.ConsistencyProof(first, second));
  ASSIGN_OR_RETURN(vault::Hash first_root, log.Root(first));
  ASSIGN_OR_RETURN(vault::Hash second_root, log.Root(second));
  RETURN_IF_ERROR(vault::VerifyConsistency(first, second, proof, first_root, second_root));
  if (global.json) {
    PrintJson({{"first", first},
               {"second", second},
               {"first_root", vault::ToHex(first_root)},
               {"second_root", vault::ToHex(second_root)},
               {"proof", HashesJson(proof)}});
  } else {
    std::cout << first << " " << vault::ToHex(first_root) << "\n"
              << second << " " << vault::ToHex(second_root) << "\nproof:\n";
    for (const vault::Hash& hash : proof) std::cout << "  " << vault::ToHex(hash) << "\n";
  }
  return OkStatus();
}

Status RunLogVerify(const GlobalOptions& global, const VaultOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  vault::NoteVerifier verifier;
  if (!options.verifier_key.empty()) {
    ASSIGN_OR_RETURN(verifier, vault::ParseVerifierKey(options.verifier_key));
  } else {
    Result<vault::NoteVerifier> stored = StoredVerifier(*store);
    // Without a vault there is no key and no checkpoint to check against.
    if (stored.ok()) verifier = *stored;
  }
  ASSIGN_OR_RETURN(VerifyReport report, VerifyLog(*store, verifier));
  return FinishReport(global, report,
                      std::to_string(report.checked) + " entries, " +
                          std::to_string(report.checkpoints) + " checkpoints",
                      {{"tree_size", report.checked}, {"checkpoints", report.checkpoints}});
}

Status RunExportPackage(const GlobalOptions& global, const VaultOptions& options) {
  ASSIGN_OR_RETURN(Opened opened, OpenVault(global, options, /*create=*/false));
  ASSIGN_OR_RETURN(PackageSummary summary, ExportPackage(*opened.store, global.db, opened.vault,
                                                         {.case_name = options.case_name,
                                                          .organization = options.organization,
                                                          .out = options.out}));
  if (global.json) {
    PrintJson({{"out", options.out},
               {"items", summary.items},
               {"payload_files", summary.payload_files},
               {"payload_octets", summary.payload_octets},
               {"tree_size", summary.checkpoint.size},
               {"root_hash", vault::ToHex(summary.checkpoint.root)}});
  } else {
    std::cout << "package " << options.out << ": " << summary.items << " item(s), "
              << summary.payload_files << " payload files (" << summary.payload_octets
              << " bytes), checkpoint at tree size " << summary.checkpoint.size << "\n";
  }
  return OkStatus();
}

Status RunVerifyPackage(const GlobalOptions& global, const VaultOptions& options) {
  std::optional<vault::NoteVerifier> trusted;
  if (!options.verifier_key.empty()) {
    ASSIGN_OR_RETURN(trusted, vault::ParseVerifierKey(options.verifier_key));
  }
  ASSIGN_OR_RETURN(vault::PackageReport package,
                   vault::VerifyPackage(options.package_dir, trusted));
  const VerifyReport report{.checked = package.entries, .problems = std::move(package.problems)};
  json summary = {{"package", options.package_dir},
                  {"items", package.items},
                  {"payload_files", package.payload_files},
                  {"entries", package.entries}};
  if (package.checkpoint) {
    summary["tree_size"] = package.checkpoint->size;
    summary["root_hash"] = vault::ToHex(package.checkpoint->root);
    summary["origin"] = package.checkpoint->origin;
  }
  return FinishReport(global, report,
                      options.package_dir + ": " + std::to_string(package.items) + " items, " +
                          std::to_string(package.payload_files) + " payload files, " +
                          std::to_string(package.entries) + " custody entries proven",
                      summary);
}

CommandRunner AddVaultCommands(CLI::App& app) {
  CommandTable<VaultOptions> table;
  VaultOptions& o = table.options();
  auto key_file = [&](CLI::App* command) {
    command->add_option("--key-file", o.key_file,
                        "unlock the vault with this key file (else $SIJIL_VAULT_PASSPHRASE or "
                        "a prompt)");
  };

  CLI::App* vault = app.add_subcommand("vault", "evidence vault: encrypted, hashed, logged");
  vault->require_subcommand(1);
  CLI::App* add_cmd = table.Add(vault, "add", "hash, encrypt and store files", RunVaultAdd);
  add_cmd->add_option("FILE", o.files, "files to add")->required();
  add_cmd->add_option("--case", o.case_name, "case the files belong to");
  add_cmd->add_option("--description", o.description, "what the files are");
  add_cmd->add_option("--captured-at", o.captured_at, "when they were captured");
  add_cmd->add_option("--captured-by", o.captured_by, "who captured them");
  add_cmd->add_option("--source", o.source, "where they came from");
  add_cmd->add_option("--derived-from", o.derived_from, "ID of the item these derive from");
  add_cmd->add_option("--transformation", o.transformation,
                      "how they derive (translation, redaction, ...)");
  key_file(add_cmd);
  CLI::App* get = table.Add(vault, "get", "decrypt an item, re-verifying its SHA-256", RunVaultGet);
  get->add_option("ID", o.id, "item id")->required();
  get->add_option("--out", o.out, "file to write")->required();
  key_file(get);
  table.Add(vault, "list", "list items", RunVaultList)
      ->add_option("--case", o.case_name, "only this case");
  table.Add(vault, "show", "show one item", RunVaultShow)
      ->add_option("ID", o.id, "item id")
      ->required();
  key_file(table.Add(vault, "verify", "re-hash and decrypt every blob", RunVaultVerify));

  CLI::App* log = app.add_subcommand("log", "the custody log: checkpoints and proofs");
  log->require_subcommand(1);
  key_file(table.Add(log, "head", "sign and print the checkpoint of the whole log", RunLogHead));
  table.Add(log, "key", "print the log's verifier key", RunLogKey);
  CLI::App* proof = table.Add(log, "proof", "inclusion proof of one entry", RunLogProof);
  proof->add_option("--index", o.index, "leaf index");
  proof->add_option("--item", o.id, "the ingest entry of this vault item");
  proof->add_option("--size", o.tree_size, "tree size (default: latest checkpoint)");
  CLI::App* consistency =
      table.Add(log, "consistency", "proof that one tree size extends another", RunLogConsistency);
  consistency->add_option("--from", o.from, "first tree size")->required();
  consistency->add_option("--to", o.to, "second tree size (default: the whole log)");
  table
      .Add(log, "verify", "recompute the tree and check every checkpoint and record", RunLogVerify)
      ->add_option("--verifier-key", o.verifier_key,
                   "trusted verifier key (default: the one stored in the database)");

  CLI::App* export_cmd = app.add_subcommand("export", "export evidence for a third party");
  export_cmd->require_subcommand(1);
  CLI::App* package =
      table.Add(export_cmd, "package", "write a case's evidence as a BagIt bag with custody proofs",
                RunExportPackage);
  package->add_option("--case", o.case_name, "the case to export")->required();
  package->add_option("--out", o.out, "package folder to create (must not exist)")->required();
  package->add_option("--organization", o.organization, "bag-info Source-Organization");
  key_file(package);
  CLI::App* verify_package = table.Add(
      &app, "verify-package", "check a package offline, without the database", RunVerifyPackage);
  verify_package->add_option("DIR", o.package_dir, "package folder")->required();
  verify_package->add_option("--verifier-key", o.verifier_key,
                             "trusted verifier key (default: the one in the package)");

  return std::move(table).Runner();
}

}  // namespace sijil::cli
