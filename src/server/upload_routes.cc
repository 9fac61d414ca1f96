// Uploads: list imports (with a dry-run preview) and evidence files. The
// pipelines themselves belong to the command line and come in as hooks.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ingest/ingest.h"
#include "server/internal/api.h"
#include "server/internal/state.h"

namespace sijil::server::internal {
namespace {

namespace fs = std::filesystem;

// A private temporary folder holding one uploaded file, removed when done.
class SavedUpload {
 public:
  ~SavedUpload() {
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }
  const std::string& path() const { return path_; }

  // Writes `part` as dir/<base name of its file name>.
  Status Save(const UploadedPart& part) {
    std::string name = fs::path(part.filename).filename().string();
    if (name.empty() || name == "." || name == ".." || name.size() > 200) name = "upload";
    std::string pattern = (fs::temp_directory_path() / "sijil-upload-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      return InternalError("cannot create a temporary folder");
    dir_ = pattern;
    path_ = (fs::path(dir_) / name).string();
    std::ofstream out(path_, std::ios::binary);
    out.write(part.content.data(), static_cast<std::streamsize>(part.content.size()));
    out.close();
    if (!out) return InternalError("cannot save the upload");
    return OkStatus();
  }

 private:
  std::string dir_;
  std::string path_;
};

Result<const UploadedPart*> FilePart(const RouteContext& context) {
  auto found = context.request.parts.find("file");
  if (found == context.request.parts.end() || found->second.filename.empty()) {
    return InvalidArgumentError("expected a multipart form with a 'file' part");
  }
  return &found->second;
}

// Returns the form's text fields among `names` (other parts are refused).
// A column mapping may be long; other fields are short texts.
Result<std::map<std::string, std::string>> FormFields(
    const RouteContext& context, std::initializer_list<std::string_view> names) {
  std::map<std::string, std::string> fields;
  for (const auto& [name, part] : context.request.parts) {
    if (name == "file") continue;
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return InvalidArgumentError("unknown form field (expected file and " +
                                  std::to_string(names.size()) + " named fields)");
    }
    const size_t limit = name == "mapping" ? 65536 : 4096;
    if (part.content.size() > limit) {
      return InvalidArgumentError("form field '" + name + "': longer than " +
                                  std::to_string(limit) + " bytes");
    }
    fields[name] = part.content;
  }
  return fields;
}

// Saves the file part, completes `upload` with its path and the uploader,
// and runs `hook` on it; `extra` is added to the hook's answer.
template <typename UploadType>
Result<Reply> RunHook(
    RouteContext& context,
    const std::function<Result<nlohmann::json>(store::Store&, const UploadType&)>& hook,
    UploadType upload, nlohmann::json extra) {
  if (!hook) return UnavailableError("this server was started without this pipeline");
  ASSIGN_OR_RETURN(const UploadedPart* part, FilePart(context));
  SavedUpload saved;
  RETURN_IF_ERROR(saved.Save(*part));
  upload.path = saved.path();
  upload.user = context.principal->name;
  ASSIGN_OR_RETURN(nlohmann::json result, hook(context.store, upload));
  for (auto& [key, value] : extra.items()) result[key] = std::move(value);
  return Reply{200, std::move(result), {}};
}

// The import form's fields, checked and parsed.
Result<ListUpload> ReadImportForm(const RouteContext& context) {
  ASSIGN_OR_RETURN(auto fields, FormFields(context, {"source", "format", "encoding", "mapping"}));
  ListUpload upload;
  upload.source = fields["source"];
  if (upload.source.empty()) return InvalidArgumentError("form field 'source' is required");
  ASSIGN_OR_RETURN(upload.table.format,
                   ingest::ParseFormat(fields.contains("format") ? fields["format"] : "auto"));
  ASSIGN_OR_RETURN(
      upload.table.encoding,
      ingest::ParseEncoding(fields.contains("encoding") ? fields["encoding"] : "auto"));
  if (fields.contains("mapping")) {
    ASSIGN_OR_RETURN(upload.mapping,
                     ingest::ParseMapping(fields["mapping"], "form field 'mapping'"));
  }
  const std::string dry_run = context.Query("dry_run", "0");
  if (dry_run != "0" && dry_run != "1") {
    return InvalidArgumentError("query parameter 'dry_run': expected 0 or 1");
  }
  upload.dry_run = dry_run == "1";
  return upload;
}

// The header as mapped and the first rows as read, for the import wizard;
// `targets` are the names a column may be mapped to.
Result<nlohmann::json> Preview(const UploadedPart& part, const ListUpload& upload) {
  ASSIGN_OR_RETURN(std::unique_ptr<ingest::TableReader> reader,
                   ingest::OpenTableFromBuffer(part.content, part.filename, upload.table));
  ASSIGN_OR_RETURN(ingest::ColumnMapping mapping,
                   ingest::MapColumns(reader->header(), upload.mapping));
  nlohmann::json columns = nlohmann::json::array();
  for (size_t column_idx = 0; column_idx < reader->header().size(); ++column_idx) {
    columns.push_back({{"header", reader->header()[column_idx]},
                       {"maps_to", ingest::ColumnTargetName(mapping.columns[column_idx])}});
  }
  nlohmann::json rows = nlohmann::json::array();
  ingest::TableRow row;
  for (int row_idx = 0; row_idx < 10; ++row_idx) {
    ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    rows.push_back({{"line", row.line}, {"cells", row.cells}});
  }
  return nlohmann::json{{"format", ingest::FormatName(reader->format())},
                        {"encoding", ingest::EncodingName(reader->encoding())},
                        {"columns", std::move(columns)},
                        {"targets", ingest::ColumnTargetNames()},
                        {"rows", std::move(rows)}};
}

}  // namespace

Result<Reply> HandleImport(RouteContext& context) {
  ASSIGN_OR_RETURN(ListUpload upload, ReadImportForm(context));
  ASSIGN_OR_RETURN(const UploadedPart* part, FilePart(context));
  nlohmann::json extra = nlohmann::json::object();
  if (upload.dry_run) {
    ASSIGN_OR_RETURN(extra["preview"], Preview(*part, upload));
  }
  const bool dry_run = upload.dry_run;
  ASSIGN_OR_RETURN(Reply reply, RunHook(context, context.state.options().hooks.import_file,
                                        std::move(upload), std::move(extra)));
  if (!dry_run) RETURN_IF_ERROR(context.state.CatchUpSearchIndex(context.store));
  return reply;
}

Result<Reply> HandleVaultAdd(RouteContext& context) {
  ASSIGN_OR_RETURN(auto fields, FormFields(context, {"case_name", "description", "captured_at",
                                                     "captured_by", "source"}));
  return RunHook(context, context.state.options().hooks.add_evidence,
                 Upload{.fields = std::move(fields)}, nlohmann::json::object());
}

}  // namespace sijil::server::internal
