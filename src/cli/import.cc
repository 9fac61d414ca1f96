#include "cli/import.h"

#include <openssl/evp.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>

#include "cli/bounded_queue.h"
#include "core/csv_writer.h"

namespace sijil::cli {
namespace {

constexpr size_t kBatchRows = 1024;
constexpr size_t kQueuedBatches = 8;

// Rows set aside under skip_invalid: written to temporary files that replace
// the final ones only when the import commits.
class RejectsSink {
 public:
  RejectsSink(std::string csv_path, std::string report_path)
      : csv_path_(std::move(csv_path)), report_path_(std::move(report_path)) {}

  Status Open() {
    csv_.open(csv_path_ + ".tmp", std::ios::binary | std::ios::trunc);
    report_.open(report_path_ + ".tmp", std::ios::binary | std::ios::trunc);
    if (!csv_ || !report_)
      return InvalidArgumentError(csv_path_ + ": cannot write the rejects file");
    writer_ = std::make_unique<CsvWriter>(csv_);
    return OkStatus();
  }

  void Add(const std::vector<std::string>& header, const ingest::TableRow& row,
           const std::vector<std::string>& messages) {
    if (!wrote_header_) writer_->WriteRow(header);
    wrote_header_ = true;
    writer_->WriteRow(row.cells);
    for (const std::string& message : messages) report_ << message << '\n';
  }

  Status Publish() {
    csv_.close();
    report_.close();
    std::error_code error;
    std::filesystem::rename(csv_path_ + ".tmp", csv_path_, error);
    if (!error) std::filesystem::rename(report_path_ + ".tmp", report_path_, error);
    if (error) return InternalError(csv_path_ + ": " + error.message());
    return OkStatus();
  }

  void Discard() {
    csv_.close();
    report_.close();
    std::remove((csv_path_ + ".tmp").c_str());
    std::remove((report_path_ + ".tmp").c_str());
  }

  const std::string& csv_path() const { return csv_path_; }
  const std::string& report_path() const { return report_path_; }

 private:
  std::string csv_path_;
  std::string report_path_;
  std::ofstream csv_;
  std::ofstream report_;
  std::unique_ptr<CsvWriter> writer_;
  bool wrote_header_ = false;
};

std::string DisplayName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// Rows read and checked on the parsing thread, in file order.
struct ParsedRow {
  ingest::TableRow row;
  Record record;
  std::vector<ingest::FieldError> errors;
  bool valid = false;
};

struct ParsedBatch {
  std::vector<ParsedRow> rows;
  std::vector<std::string> header;  // the header so far, when some row is invalid
  double progress = 0;
  Status status;  // a reader error: the last batch
};

using BatchQueue = BoundedQueue<ParsedBatch>;

// Producer: reads and validates rows, so parsing overlaps with writing.
void ParseRows(ingest::TableReader& reader, ingest::RecordBuilder& builder, BatchQueue& queue) {
  ParsedBatch batch;
  while (true) {
    ParsedRow& parsed = batch.rows.emplace_back();
    Result<bool> more = reader.Next(&parsed.row);
    if (!more.ok() || !*more) {
      batch.rows.pop_back();
      batch.status = more.status();
      break;
    }
    parsed.valid = builder.Build(parsed.row, &parsed.record, &parsed.errors);
    if (!parsed.valid) batch.header = reader.header();
    if (batch.rows.size() == kBatchRows) {
      batch.progress = reader.Progress();
      if (!queue.Push(std::move(batch))) return;
      batch = ParsedBatch();
    }
  }
  batch.progress = 1.0;
  if (queue.Push(std::move(batch))) queue.Finish();
}

// Consumer: puts valid records and collects row errors in the report.
Status PutRows(BatchQueue& queue, store::ImportBatch& batch, const ImportRequest& request,
               RejectsSink* rejects, const ImportProgress& progress, ImportReport* report) {
  const std::string file = DisplayName(request.path);
  std::vector<std::string> messages;
  while (std::optional<ParsedBatch> parsed = queue.Pop()) {
    for (ParsedRow& row : parsed->rows) {
      ++report->rows_read;
      if (row.valid) {
        Result<store::PutOutcome> outcome = batch.Put(row.record);
        if (outcome.ok()) {
          switch (*outcome) {
            case store::PutOutcome::kInserted:
              ++report->inserted;
              break;
            case store::PutOutcome::kUpdated:
              ++report->updated;
              break;
            case store::PutOutcome::kUnchanged:
              ++report->unchanged;
              break;
          }
          continue;
        }
        if (outcome.status().code() != StatusCode::kAlreadyExists) return outcome.status();
        row.errors.push_back(
            {row.row.line, "record_id", row.record.record_id,
             "a record_id used only once in the file (" + outcome.status().message() + ")"});
      }
      ++report->rejected;
      messages.clear();
      for (const ingest::FieldError& error : row.errors) messages.push_back(error.ToString(file));
      for (const std::string& message : messages) {
        if (report->errors.size() < request.max_errors) report->errors.push_back(message);
      }
      if (rejects != nullptr) rejects->Add(parsed->header, row.row, messages);
    }
    if (progress) progress(parsed->progress, report->rows_read);
    RETURN_IF_ERROR(parsed->status);
  }
  return OkStatus();
}

// Reads, validates and puts every row, parsing on a second thread.
Status ImportRows(ingest::TableReader& reader, ingest::RecordBuilder& builder,
                  store::ImportBatch& batch, const ImportRequest& request, RejectsSink* rejects,
                  const ImportProgress& progress, ImportReport* report) {
  BatchQueue queue(kQueuedBatches);
  std::thread parser([&] { ParseRows(reader, builder, queue); });
  Status status = PutRows(queue, batch, request, rejects, progress, report);
  queue.Close();
  parser.join();
  return status;
}

}  // namespace

Result<std::string> Sha256File(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path + ": cannot open the file");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
    return InternalError("cannot initialise SHA-256");
  }
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.gcount() > 0)
      EVP_DigestUpdate(context.get(), buffer.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return InvalidArgumentError(path + ": read error");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xF]);
  }
  return hex;
}

Result<ImportReport> ImportFile(store::Store& store, const ImportRequest& request,
                                const ImportProgress& progress) {
  if (request.source.empty()) return InvalidArgumentError("a source name is required (--source)");
  ImportReport report;
  report.source = request.source;
  report.file = request.path;
  ASSIGN_OR_RETURN(report.sha256, Sha256File(request.path));
  ASSIGN_OR_RETURN(std::optional<store::ImportInfo> earlier,
                   store.FindImport(request.source, report.sha256));
  if (earlier) {
    report.outcome = ImportOutcome::kAlreadyImported;
    report.import_id = earlier->id.value;
    report.format = earlier->format;
    report.encoding = earlier->encoding;
    return report;
  }
  ingest::MappingOverrides overrides;
  if (!request.mapping_file.empty()) {
    ASSIGN_OR_RETURN(overrides, ingest::LoadMappingFile(request.mapping_file));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<ingest::TableReader> reader,
                   ingest::OpenTable(request.path, request.table));
  report.format = std::string(ingest::FormatName(reader->format()));
  report.encoding = std::string(ingest::EncodingName(reader->encoding()));
  Result<std::unique_ptr<ingest::RecordBuilder>> builder =
      ingest::RecordBuilder::Create(reader->header(), overrides);
  if (!builder.ok()) return builder.status().WithContext(DisplayName(request.path));
  ASSIGN_OR_RETURN(std::unique_ptr<store::ImportBatch> batch,
                   store.BeginImport({request.source, request.path, report.sha256, report.format,
                                      report.encoding}));
  const std::string prefix = request.rejects_prefix.empty() ? request.path : request.rejects_prefix;
  std::unique_ptr<RejectsSink> rejects;
  if (request.skip_invalid && !request.dry_run) {
    rejects = std::make_unique<RejectsSink>(prefix + ".rejects.csv", prefix + ".rejects.txt");
    RETURN_IF_ERROR(rejects->Open());
  }
  Status status = ImportRows(*reader, **builder, *batch, request, rejects.get(), progress, &report);
  const bool reject_all = report.rejected > 0 && !request.skip_invalid;
  if (!status.ok() || reject_all || request.dry_run) {
    if (rejects) rejects->Discard();
    RETURN_IF_ERROR(status);
    report.outcome = request.dry_run ? ImportOutcome::kDryRun : ImportOutcome::kRejected;
    return report;  // `batch` rolls back as it goes out of scope.
  }
  ASSIGN_OR_RETURN(store::ImportInfo info, batch->Commit(report.rejected));
  report.import_id = info.id.value;
  if (rejects && report.rejected > 0) {
    RETURN_IF_ERROR(rejects->Publish());
    report.rejects_file = rejects->csv_path();
    report.report_file = rejects->report_path();
  } else if (rejects) {
    rejects->Discard();
  }
  return report;
}

}  // namespace sijil::cli
