// sijil export package: a case's evidence as a BagIt bag with custody proofs.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "cli/custody.h"
#include "core/clock.h"

namespace sijil::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A file name safe in a bag on any file system: no separators, control
// bytes or dot-only names, and no '%' (a manifest would percent-encode it,
// which `sha256sum -c` does not read); UTF-8 (Arabic) names are kept.
std::string SafeFileName(const std::string& name) {
  std::string safe;
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    safe.push_back(byte < 0x20 || byte == 0x7F || c == '/' || c == '\\' || c == '%' ? '_' : c);
  }
  if (safe.empty() || safe == "." || safe == "..") safe = "file";
  if (safe == vault::kPackageItemJson) safe = "file-" + safe;  // keep the name free
  return safe;
}

std::string HumanSize(uint64_t octets) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (octets < 1024) return std::to_string(octets) + " bytes";
  double value = static_cast<double>(octets) / 1024;
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

Status WriteWholeFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return InvalidArgumentError("cannot write " + path.string());
  return OkStatus();
}

// fsyncs every file and folder under `root`, and `root` itself.
Status SyncTree(const fs::path& root) {
  std::vector<fs::path> paths = {root};
  for (const auto& entry : fs::recursive_directory_iterator(root)) paths.push_back(entry.path());
  for (const fs::path& path : paths) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    const bool synced = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0) close(fd);
    if (!synced) return InvalidArgumentError("cannot fsync " + path.string());
  }
  return OkStatus();
}

// The bag being built in a temporary folder; removed unless Commit succeeds.
class BagBuilder {
 public:
  explicit BagBuilder(fs::path temp) : temp_(std::move(temp)) {}
  ~BagBuilder() {
    if (!committed_) {
      std::error_code ignored;
      fs::remove_all(temp_, ignored);
    }
  }
  BagBuilder(const BagBuilder&) = delete;
  BagBuilder& operator=(const BagBuilder&) = delete;

  fs::path PathOf(const std::string& relative) const { return temp_ / relative; }

  // Records a payload file written at `relative` (by the caller) with its hash.
  void AddWritten(const std::string& relative, const vault::Hash& sha256, uint64_t size) {
    payload_.push_back({relative, sha256});
    octets_ += size;
  }
  // Writes and records a small payload file.
  Status AddBytes(const std::string& relative, std::string_view bytes) {
    RETURN_IF_ERROR(WriteWholeFile(PathOf(relative), bytes));
    AddWritten(relative, vault::Sha256(bytes), bytes.size());
    return OkStatus();
  }

  uint64_t octets() const { return octets_; }
  size_t files() const { return payload_.size(); }

  // Writes the tag files with `info` (Payload-Oxum and Bag-Size added), syncs
  // everything and renames the folder to `out`.
  Status Commit(vault::BagInfo info, const fs::path& out) {
    info.emplace_back("Payload-Oxum", std::to_string(octets_) + "." + std::to_string(files()));
    info.emplace_back("Bag-Size", HumanSize(octets_));
    const std::string manifest = vault::FormatBagManifest(payload_);
    const std::string bag_info = vault::FormatBagInfo(info);
    std::vector<vault::BagManifestLine> tags;
    for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string_view>>{
             {"bagit.txt", vault::kBagItDeclaration},
             {"bag-info.txt", bag_info},
             {"manifest-sha256.txt", manifest}}) {
      RETURN_IF_ERROR(WriteWholeFile(PathOf(name), bytes));
      tags.push_back({name, vault::Sha256(bytes)});
    }
    RETURN_IF_ERROR(
        WriteWholeFile(PathOf("tagmanifest-sha256.txt"), vault::FormatBagManifest(tags)));
    RETURN_IF_ERROR(SyncTree(temp_));
    MaybeCrash("package_before_rename");
    if (rename(temp_.c_str(), out.c_str()) != 0) {
      return InvalidArgumentError("cannot rename " + temp_.string() + " to " + out.string() + ": " +
                                  std::strerror(errno));
    }
    committed_ = true;
    return SyncTree(out.parent_path());
  }

 private:
  fs::path temp_;
  std::vector<vault::BagManifestLine> payload_;
  uint64_t octets_ = 0;
  bool committed_ = false;
};

Result<fs::path> MakeTempBeside(const fs::path& out) {
  std::string pattern = (out.parent_path() / ("." + out.filename().string() + ".tmp-XXXXXX"));
  if (mkdtemp(pattern.data()) == nullptr) {
    return InvalidArgumentError("cannot create a folder beside " + out.string() + ": " +
                                std::strerror(errno));
  }
  return fs::path(pattern);
}

// Returns, by item id, the log entries (index, bytes) before `size` that
// name one of `ids` in their "item" field.
Result<std::map<int64_t, std::vector<std::pair<int64_t, std::string>>>> EntriesOfItems(
    store::Store& store, const std::set<int64_t>& ids, int64_t size) {
  std::map<int64_t, std::vector<std::pair<int64_t, std::string>>> entries;
  RETURN_IF_ERROR(store.custody().ForEachLogEntry(
      [&](int64_t index, std::string_view bytes, std::string_view) -> Status {
        if (index >= size) return OkStatus();
        ASSIGN_OR_RETURN(CustodyEntry entry, DecodeCustodyEntry(bytes));
        const std::string item = entry.Get("item");
        int64_t id = 0;
        const auto [end, parsed] = std::from_chars(item.data(), item.data() + item.size(), id);
        if (parsed == std::errc() && end == item.data() + item.size() && ids.count(id)) {
          entries[id].emplace_back(index, std::string(bytes));
        }
        return OkStatus();
      }));
  return entries;
}

std::string ItemFolder(int64_t id) {
  return std::string(vault::kPackageItems) + std::to_string(id) + "/";
}

// Returns the custody objects of one item: each entry with its inclusion
// proof in the tree of `size` entries.
Result<json> CustodyJson(vault::MerkleLog& log,
                         const std::vector<std::pair<int64_t, std::string>>& entries,
                         uint64_t size) {
  json custody = json::array();
  for (const auto& [index, bytes] : entries) {
    ASSIGN_OR_RETURN(std::vector<vault::Hash> path,
                     log.InclusionProof(static_cast<uint64_t>(index), size));
    json hexes = json::array();
    for (const vault::Hash& hash : path) hexes.push_back(vault::ToHex(hash));
    custody.push_back({{"leaf_index", index},
                       {"leaf_hash", vault::ToHex(vault::HashLeaf(bytes))},
                       {"entry", vault::Base64(bytes)},
                       {"inclusion_path", hexes}});
  }
  return custody;
}

vault::BagInfo BagInfoFor(const PackageOptions& options, size_t items,
                          const vault::Checkpoint& checkpoint) {
  return {{"Source-Organization", options.organization.empty() ? "unknown" : options.organization},
          {"Bagging-Date", NowUtc().substr(0, 10)},
          {"External-Identifier", "sijil case " + options.case_name},
          {"External-Description",
           "Evidence package of case '" + options.case_name + "': " + std::to_string(items) +
               " item(s) as received, their metadata, and their custody entries with inclusion "
               "proofs against the signed checkpoint of log " +
               checkpoint.origin + " at size " + std::to_string(checkpoint.size) +
               ". Check with: sijil verify-package DIR (see docs/custody.md)."},
          {"Sijil-Log-Origin", checkpoint.origin},
          {"Sijil-Tree-Size", std::to_string(checkpoint.size)},
          {"Sijil-Root-Hash", vault::ToHex(checkpoint.root)}};
}

}  // namespace

Result<PackageSummary> ExportPackage(store::Store& store, const std::string& db,
                                     const UnlockedVault& vault, const PackageOptions& options) {
  const fs::path out = fs::absolute(options.out).lexically_normal();
  std::error_code error;
  if (fs::exists(out, error)) {
    return AlreadyExistsError(out.string() + " already exists; give a new folder for the package");
  }
  ASSIGN_OR_RETURN(std::vector<store::EvidenceItem> items,
                   store.custody().Items(options.case_name));
  if (items.empty()) return NotFoundError("case '" + options.case_name + "' has no items");
  ASSIGN_OR_RETURN(fs::path temp, MakeTempBeside(out));
  BagBuilder bag(temp);
  // mkdtemp makes the folder private; a package is meant to be handed over.
  fs::permissions(temp, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec,
                  error);

  // The originals first: each decrypt re-verifies the SHA-256 and logs an export.
  std::set<int64_t> ids;
  std::map<int64_t, std::string> files;  // by item id, relative to the bag
  for (const store::EvidenceItem& item : items) {
    fs::create_directories(bag.PathOf(ItemFolder(item.id)), error);
    if (error) return InvalidArgumentError("cannot create folders in " + temp.string());
    files[item.id] = ItemFolder(item.id) + SafeFileName(item.original_name);
    RETURN_IF_ERROR(
        ExtractEvidence(store, db, vault, item.id, bag.PathOf(files[item.id]), "package"));
    ASSIGN_OR_RETURN(vault::Hash sha256, vault::HashFromHex(item.sha256));
    bag.AddWritten(files[item.id], sha256, static_cast<uint64_t>(item.size));
    ids.insert(item.id);
  }

  // Then a checkpoint covering those export entries, and the proofs against it.
  ASSIGN_OR_RETURN(store::StoredCheckpoint signed_checkpoint, SignCheckpoint(store, vault));
  ASSIGN_OR_RETURN(vault::NoteVerifier verifier, StoredVerifier(store));
  ASSIGN_OR_RETURN(vault::Checkpoint checkpoint,
                   vault::OpenCheckpoint(signed_checkpoint.note, verifier));
  RETURN_IF_ERROR(bag.AddBytes(std::string(vault::kPackageCheckpoint), signed_checkpoint.note));
  RETURN_IF_ERROR(
      bag.AddBytes(std::string(vault::kPackageVerifierKey),
                   vault::FormatVerifierKey(verifier.name, verifier.public_key) + "\n"));
  ASSIGN_OR_RETURN(auto entries, EntriesOfItems(store, ids, static_cast<int64_t>(checkpoint.size)));
  std::unique_ptr<vault::LogStorage> storage = vault::NewStoreLogStorage(store.custody());
  vault::MerkleLog log(*storage);
  for (const store::EvidenceItem& item : items) {
    json described = ItemJson(item);
    described["file"] = files[item.id];
    ASSIGN_OR_RETURN(described["custody"], CustodyJson(log, entries[item.id], checkpoint.size));
    RETURN_IF_ERROR(bag.AddBytes(ItemFolder(item.id) + std::string(vault::kPackageItemJson),
                                 described.dump(2) + "\n"));
  }

  PackageSummary summary{.items = static_cast<int64_t>(items.size()),
                         .payload_files = static_cast<int64_t>(bag.files()),
                         .payload_octets = bag.octets(),
                         .checkpoint = checkpoint};
  RETURN_IF_ERROR(bag.Commit(BagInfoFor(options, items.size(), checkpoint), out));
  return summary;
}

}  // namespace sijil::cli
