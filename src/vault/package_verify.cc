// The offline verifier of evidence packages: BagIt manifests, payload
// hashes, the signed checkpoint and every custody entry's inclusion proof.
// It shares nothing with the writer in cli/ but the primitives of this module.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/custody_entry.h"
#include "vault/vault.h"

namespace sijil::vault {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kManifest = "manifest-sha256.txt";
constexpr std::string_view kTagManifest = "tagmanifest-sha256.txt";
constexpr std::string_view kBagInfo = "bag-info.txt";
constexpr std::string_view kBagIt = "bagit.txt";

struct FileFacts {
  Hash sha256{};
  uint64_t size = 0;
};

Result<FileFacts> HashFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return DataLossError("cannot be read");
  Sha256Stream hash;
  FileFacts facts;
  std::string buffer(1 << 20, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<size_t>(in.gcount());
    hash.Update({buffer.data(), got});
    facts.size += got;
  }
  if (in.bad()) return DataLossError("read failed");
  facts.sha256 = hash.Finish();
  return facts;
}

Result<std::string> ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return DataLossError("cannot be read");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Checks one package; problems accumulate in report_.problems.
class PackageVerifier {
 public:
  PackageVerifier(fs::path dir, const std::optional<NoteVerifier>& trusted)
      : dir_(std::move(dir)), trusted_(trusted) {}

  PackageReport Run() {
    ListFiles();
    CheckDeclaration();
    CheckTagManifest();
    CheckPayload();
    CheckBagInfo();
    OpenCheckpoint();
    CheckItems();
    return std::move(report_);
  }

 private:
  void Problem(const std::string& text) { report_.problems.push_back(text); }

  // Sorts every file of the bag into tag files (top level) and payload files.
  void ListFiles() {
    std::error_code error;
    for (fs::recursive_directory_iterator it(dir_, error), end; !error && it != end;
         it.increment(error)) {
      const std::string relative = it->path().lexically_relative(dir_).generic_string();
      if (it->is_symlink()) {
        Problem(relative + ": is a symbolic link (a bag holds regular files only)");
      } else if (it->is_directory()) {
        if (relative.find('/') == std::string::npos && relative != "data") {
          Problem(relative + "/: unexpected folder beside data/");
        }
      } else if (!it->is_regular_file()) {
        Problem(relative + ": is not a regular file");
      } else if (relative.rfind("data/", 0) == 0) {
        payload_files_.insert(relative);
      } else {
        tag_files_.insert(relative);
      }
    }
    if (error) Problem(dir_.string() + ": cannot be listed: " + error.message());
  }

  void CheckDeclaration() {
    Result<std::string> text = ReadText(dir_ / kBagIt);
    if (!text.ok()) {
      Problem(std::string(kBagIt) + ": missing or unreadable");
    } else if (*text != kBagItDeclaration) {
      Problem(std::string(kBagIt) +
              ": expected exactly 'BagIt-Version: 1.0' and "
              "'Tag-File-Character-Encoding: UTF-8'");
    }
  }

  // Parses a manifest; nullopt (with the problem noted) when it cannot be used.
  std::optional<std::vector<BagManifestLine>> ReadManifest(std::string_view name) {
    Result<std::string> text = ReadText(dir_ / name);
    if (!text.ok()) {
      Problem(std::string(name) + ": missing or unreadable");
      return std::nullopt;
    }
    Result<std::vector<BagManifestLine>> lines = ParseBagManifest(*text, name);
    if (!lines.ok()) {
      Problem(lines.status().message());
      return std::nullopt;
    }
    return *std::move(lines);
  }

  // Re-hashes `path` and compares it with its manifest line.
  void CheckListedFile(std::string_view manifest, const BagManifestLine& line) {
    Result<FileFacts> facts = HashFile(dir_ / line.path);
    if (!facts.ok()) {
      Problem(line.path + ": " + std::string(facts.status().message()));
    } else if (facts->sha256 != line.sha256) {
      Problem(line.path + ": SHA-256 is " + ToHex(facts->sha256) + ", " + std::string(manifest) +
              " says " + ToHex(line.sha256) + " (the file was changed)");
    } else {
      verified_[line.path] = *facts;
    }
  }

  // Checks a manifest covers exactly `present` (minus `exempt`), and hashes.
  void CheckManifest(std::string_view name, const std::vector<BagManifestLine>& lines,
                     const std::set<std::string>& present, const std::set<std::string>& exempt) {
    std::set<std::string> listed;
    for (const BagManifestLine& line : lines) {
      listed.insert(line.path);
      if (!present.count(line.path)) {
        Problem(line.path + ": listed in " + std::string(name) + " but missing from the bag");
        continue;
      }
      CheckListedFile(name, line);
    }
    for (const std::string& path : present) {
      if (!listed.count(path) && !exempt.count(path)) {
        Problem(path + ": present in the bag but not listed in " + std::string(name) + " (added)");
      }
    }
  }

  void CheckTagManifest() {
    std::optional<std::vector<BagManifestLine>> lines = ReadManifest(kTagManifest);
    if (!lines) return;
    CheckManifest(kTagManifest, *lines, tag_files_, {std::string(kTagManifest)});
    for (std::string_view required : {kBagIt, kBagInfo, kManifest}) {
      if (tag_files_.count(std::string(required)) &&
          std::none_of(lines->begin(), lines->end(),
                       [&](const BagManifestLine& line) { return line.path == required; })) {
        Problem(std::string(kTagManifest) + ": does not list " + std::string(required));
      }
    }
  }

  void CheckPayload() {
    std::optional<std::vector<BagManifestLine>> lines = ReadManifest(kManifest);
    if (!lines) return;
    for (const BagManifestLine& line : *lines) {
      if (line.path.rfind("data/", 0) != 0) {
        Problem(std::string(kManifest) + ": lists '" + line.path + "' outside data/");
      }
    }
    CheckManifest(kManifest, *lines, payload_files_, {});
    report_.payload_files = static_cast<int64_t>(payload_files_.size());
  }

  void CheckBagInfo() {
    Result<std::string> text = ReadText(dir_ / kBagInfo);
    if (!text.ok()) return Problem(std::string(kBagInfo) + ": missing or unreadable");
    Result<BagInfo> info = ParseBagInfo(*text);
    if (!info.ok()) return Problem(info.status().message());
    uint64_t octets = 0;
    for (const std::string& path : payload_files_) {
      std::error_code error;
      octets += fs::file_size(dir_ / path, error);
    }
    const std::string oxum = std::to_string(octets) + "." + std::to_string(payload_files_.size());
    auto found = std::find_if(info->begin(), info->end(),
                              [](const auto& field) { return field.first == "Payload-Oxum"; });
    if (found == info->end()) {
      Problem(std::string(kBagInfo) + ": has no Payload-Oxum");
    } else if (found->second != oxum) {
      Problem(std::string(kBagInfo) + ": Payload-Oxum is " + found->second +
              " but the payload is " + oxum + " (octets.files)");
    }
  }

  void OpenCheckpoint() {
    Result<std::string> note = ReadText(dir_ / kPackageCheckpoint);
    if (!note.ok()) return Problem(std::string(kPackageCheckpoint) + ": missing or unreadable");
    std::optional<NoteVerifier> verifier = trusted_;
    if (!verifier) {
      Result<std::string> key = ReadText(dir_ / kPackageVerifierKey);
      if (!key.ok()) return Problem(std::string(kPackageVerifierKey) + ": missing or unreadable");
      if (!key->empty() && key->back() == '\n') key->pop_back();
      Result<NoteVerifier> parsed = ParseVerifierKey(*key);
      if (!parsed.ok()) {
        return Problem(std::string(kPackageVerifierKey) + ": " + parsed.status().message());
      }
      verifier = *std::move(parsed);
    }
    Result<Checkpoint> checkpoint = vault::OpenCheckpoint(*note, *verifier);
    if (!checkpoint.ok()) {
      return Problem(std::string(kPackageCheckpoint) + ": " + checkpoint.status().message() +
                     (trusted_ ? " (with the trusted verifier key)" : ""));
    }
    report_.checkpoint = *checkpoint;
  }

  // Returns the item's "file" path when it is a verified payload file.
  std::optional<std::string> ItemFile(const std::string& where, const json& item,
                                      const std::string& folder) {
    if (!item.contains("file") || !item["file"].is_string()) {
      Problem(where + ": has no \"file\"");
      return std::nullopt;
    }
    const std::string file = item["file"].get<std::string>();
    if (file.rfind(folder, 0) != 0 || file.find('/', folder.size()) != std::string::npos ||
        file == folder + std::string(kPackageItemJson)) {
      Problem(where + ": \"file\" must name a file in " + folder);
      return std::nullopt;
    }
    if (!payload_files_.count(file)) {
      Problem(where + ": its file " + file + " is missing");
      return std::nullopt;
    }
    return file;
  }

  // Checks one custody entry of item `id`; returns its decoded form when its
  // proof holds.
  std::optional<CustodyEntry> CheckEntry(const std::string& where, int64_t id, const json& proof) {
    const Checkpoint& checkpoint = *report_.checkpoint;
    try {
      if (!proof.at("leaf_index").is_number_unsigned()) {
        Problem(where + ": a custody entry's leaf_index is not a non-negative integer");
        return std::nullopt;
      }
      const uint64_t index = proof.at("leaf_index").get<uint64_t>();
      const std::string name = where + " entry " + std::to_string(index);
      Result<std::string> bytes = FromBase64(proof.at("entry").get<std::string>(), "entry");
      if (!bytes.ok()) {
        Problem(name + ": " + std::string(bytes.status().message()));
        return std::nullopt;
      }
      std::vector<Hash> path;
      for (const json& hex : proof.at("inclusion_path")) {
        Result<Hash> hash = HashFromHex(hex.get<std::string>(), "inclusion_path");
        if (!hash.ok()) {
          Problem(name + ": " + std::string(hash.status().message()));
          return std::nullopt;
        }
        path.push_back(*hash);
      }
      ++report_.entries;
      if (Status included =
              VerifyInclusion(index, checkpoint.size, HashLeaf(*bytes), path, checkpoint.root);
          !included.ok()) {
        Problem(name +
                ": not included in the checkpoint's tree: " + std::string(included.message()));
        return std::nullopt;
      }
      Result<CustodyEntry> entry = DecodeCustodyEntry(*bytes);
      if (!entry.ok()) {
        Problem(name + ": " + std::string(entry.status().message()));
        return std::nullopt;
      }
      if (entry->index != static_cast<int64_t>(index) || entry->Get("item") != std::to_string(id)) {
        Problem(name + ": is not an entry of item " + std::to_string(id) + " at this index");
        return std::nullopt;
      }
      return *std::move(entry);
    } catch (const json::exception& error) {
      Problem(where + ": a custody entry is malformed: " + error.what());
      return std::nullopt;
    }
  }

  void WrongIngestHash(const std::string& where, const CustodyEntry& entry,
                       const std::string& sha256) {
    std::string problem = where + " entry " + std::to_string(entry.index);
    problem += ": the " + entry.kind + " entry recorded SHA-256 " + entry.Get("sha256");
    problem += ", not " + sha256;
    Problem(problem);
  }

  void CheckItem(const std::string& folder) {
    const std::string where = folder + std::string(kPackageItemJson);
    const std::string id_text =
        folder.substr(kPackageItems.size(), folder.size() - kPackageItems.size() - 1);
    Result<std::string> text = ReadText(dir_ / where);
    if (!text.ok()) return Problem(where + ": missing or unreadable");
    const json item = json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (!item.is_object() || !item.contains("id") || !item["id"].is_number_integer() ||
        std::to_string(item["id"].get<int64_t>()) != id_text || !item.contains("sha256") ||
        !item["sha256"].is_string() || !item.contains("custody") || !item["custody"].is_array()) {
      return Problem(where + ": expected a JSON object with \"id\" " + id_text +
                     ", \"sha256\" and \"custody\"");
    }
    ++report_.items;
    const int64_t id = item["id"].get<int64_t>();
    const std::string sha256 = item["sha256"].get<std::string>();
    std::optional<std::string> file = ItemFile(where, item, folder);
    if (file) described_.insert(*file);
    if (file && verified_.count(*file) && ToHex(verified_[*file].sha256) != sha256) {
      Problem(*file + ": its SHA-256 is " + ToHex(verified_[*file].sha256) + ", " + where +
              " says " + sha256);
    }
    if (!report_.checkpoint) return;  // entries cannot be checked without it
    bool ingested = false;
    for (const json& proof : item["custody"]) {
      std::optional<CustodyEntry> entry = CheckEntry(where, id, proof);
      if (!entry || (entry->kind != "ingest" && entry->kind != "derive")) continue;
      ingested = true;
      if (entry->Get("sha256") != sha256) WrongIngestHash(where, *entry, sha256);
    }
    if (!ingested) Problem(where + ": no proven ingest entry for this item");
  }

  void CheckItems() {
    std::set<std::string> folders;
    for (const std::string& path : payload_files_) {
      if (path == kPackageCheckpoint || path == kPackageVerifierKey) continue;
      const size_t slash = path.find('/', kPackageItems.size());
      if (path.rfind(kPackageItems, 0) != 0 || slash == std::string::npos) {
        Problem(path + ": not part of any item");
        continue;
      }
      folders.insert(path.substr(0, slash + 1));
    }
    for (const std::string& folder : folders) {
      described_.insert(folder + std::string(kPackageItemJson));
      CheckItem(folder);
    }
    for (const std::string& path : payload_files_) {
      if (path.rfind(kPackageItems, 0) == 0 && !described_.count(path)) {
        Problem(path + ": not described by its item.json");
      }
    }
    if (report_.items == 0) Problem("the package holds no items");
  }

  fs::path dir_;
  std::optional<NoteVerifier> trusted_;
  PackageReport report_;
  std::set<std::string> tag_files_, payload_files_, described_;
  std::map<std::string, FileFacts> verified_;  // files whose hash matched
};

}  // namespace

Result<PackageReport> VerifyPackage(const std::string& dir,
                                    const std::optional<NoteVerifier>& trusted) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    return InvalidArgumentError(dir +
                                " is not a folder (expected a package made by "
                                "sijil export package)");
  }
  return PackageVerifier(dir, trusted).Run();
}

}  // namespace sijil::vault
