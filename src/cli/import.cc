#include "cli/import.h"

#include <openssl/evp.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>

#include "auth/auth.h"
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

// Returns the level of the values of a column mapped to `target`.
Sensitivity ColumnSensitivity(const ingest::ColumnTarget& target, const std::string& header) {
  switch (target.kind) {
    case ingest::ColumnTarget::Kind::kField:
      return auth::FieldSensitivity(target.field);
    case ingest::ColumnTarget::Kind::kExtra:
      return auth::AttributeSensitivity(header);
    default:
      return Sensitivity::kPublic;
  }
}

// Returns the headers of the confidential columns of a mapped header.
std::vector<std::string> ConfidentialColumns(const std::vector<std::string>& header,
                                             const ingest::ColumnMapping& mapping) {
  std::vector<std::string> columns;
  for (size_t column = 0; column < header.size() && column < mapping.columns.size(); ++column) {
    if (ColumnSensitivity(mapping.columns[column], header[column]) == Sensitivity::kConfidential) {
      columns.push_back(header[column]);
    }
  }
  return columns;
}

Status KeyNeededError(const std::string& file, const std::vector<std::string>& columns) {
  std::string names;
  for (const std::string& column : columns) names += (names.empty() ? "'" : ", '") + column + "'";
  return FailedPreconditionError(
      file + ": column" + (columns.size() > 1 ? "s " : " ") + names +
      (columns.size() > 1 ? " hold" : " holds") +
      " confidential values, which are stored encrypted: give the vault key with "
      "--key-file FILE or $SIJIL_VAULT_PASSPHRASE; nothing was imported");
}

// Seals the confidential values of each record before the store sees them.
// A value re-imported unchanged keeps its earlier sealed text (fresh nonces
// would otherwise make every such record look updated).
class ValueSealer {
 public:
  // `cipher` null: no key, and any confidential value is an error (or, for a
  // dry run, left as it is: nothing is written).
  ValueSealer(std::string file, std::string source, const vault::ValueCipher* cipher, bool dry_run)
      : file_(std::move(file)), source_(std::move(source)), cipher_(cipher), dry_run_(dry_run) {}

  // Remembers the sealed values of the source's current records.
  Status LoadPrevious(store::Store& store) {
    if (cipher_ == nullptr) return OkStatus();
    return store.ForEachRecord({.source = source_}, [this](const store::StoredRecord& stored) {
      const Record& record = stored.record;
      auto remember = [&](const std::string& slot, const std::string& value) -> Status {
        if (!IsSealedValue(value)) return OkStatus();
        Result<std::string> plain =
            cipher_->Open(value, vault::SealedValueContext(source_, record.record_id, slot));
        if (!plain.ok()) {
          return plain.status().WithContext("source '" + source_ + "' record '" + record.record_id +
                                            "' " + slot);
        }
        previous_[record.record_id][slot] = {*std::move(plain), value};
        return OkStatus();
      };
      for (Field field : AllFields()) {
        RETURN_IF_ERROR(remember(std::string(FieldName(field)), record.Get(field)));
      }
      for (const auto& [header, value] : record.extra)
        RETURN_IF_ERROR(remember("extra:" + header, value));
      for (const auto& [header, value] : record.raw)
        RETURN_IF_ERROR(remember("raw:" + header, value));
      return OkStatus();
    });
  }

  // Seals the values of `record` in confidential columns of `mapping`.
  Status Seal(const std::vector<std::string>& header, const ingest::ColumnMapping& mapping,
              Record* record) const {
    for (size_t column = 0; column < record->raw.size(); ++column) {
      auto& [name, cell] = record->raw[column];
      const ingest::ColumnTarget& target = mapping.columns.at(column);
      if (cell.empty() || ColumnSensitivity(target, name) != Sensitivity::kConfidential) continue;
      if (cipher_ == nullptr) {
        if (dry_run_) continue;
        return KeyNeededError(file_, ConfidentialColumns(header, mapping));
      }
      cell = SealOne(*record, "raw:" + name, cell);
      if (target.kind == ingest::ColumnTarget::Kind::kField) {
        RETURN_IF_ERROR(record->Set(
            target.field,
            SealOne(*record, std::string(FieldName(target.field)), record->Get(target.field))));
      }
      for (auto& [extra_name, value] : record->extra) {
        if (extra_name == name) value = SealOne(*record, "extra:" + name, value);
      }
    }
    return OkStatus();
  }

 private:
  std::string SealOne(const Record& record, const std::string& slot,
                      const std::string& plain) const {
    if (plain.empty()) return plain;
    if (auto found = previous_.find(record.record_id); found != previous_.end()) {
      if (auto same = found->second.find(slot);
          same != found->second.end() && same->second.first == plain) {
        return same->second.second;
      }
    }
    return cipher_->Seal(plain, vault::SealedValueContext(source_, record.record_id, slot));
  }

  std::string file_;
  std::string source_;
  const vault::ValueCipher* cipher_;
  bool dry_run_;
  // record_id -> slot -> (plaintext, sealed text) of the stored version.
  std::unordered_map<std::string,
                     std::unordered_map<std::string, std::pair<std::string, std::string>>>
      previous_;
};

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

// Producer: reads, validates and seals rows, so parsing overlaps with writing.
void ParseRows(ingest::TableReader& reader, ingest::RecordBuilder& builder,
               const ValueSealer& sealer, BatchQueue& queue) {
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
    if (parsed.valid) {
      batch.status = sealer.Seal(reader.header(), builder.mapping(), &parsed.record);
      if (!batch.status.ok()) {
        batch.rows.pop_back();  // never hand an unsealed record to the store
        break;
      }
    }
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
                  const ValueSealer& sealer, store::ImportBatch& batch,
                  const ImportRequest& request, RejectsSink* rejects,
                  const ImportProgress& progress, ImportReport* report) {
  BatchQueue queue(kQueuedBatches);
  std::thread parser([&] { ParseRows(reader, builder, sealer, queue); });
  Status status = PutRows(queue, batch, request, rejects, progress, report);
  queue.Close();
  parser.join();
  return status;
}

// Header -> the field each column was read into, for the import's provenance.
std::vector<Attribute> ColumnMappingOf(const std::vector<std::string>& header,
                                       const ingest::ColumnMapping& mapping) {
  std::vector<Attribute> pairs;
  for (size_t column = 0; column < header.size() && column < mapping.columns.size(); ++column) {
    pairs.emplace_back(header[column], ingest::ColumnTargetName(mapping.columns[column]));
  }
  return pairs;
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
  ASSIGN_OR_RETURN(std::unique_ptr<ingest::TableReader> reader,
                   ingest::OpenTable(request.path, request.table));
  report.format = std::string(ingest::FormatName(reader->format()));
  report.encoding = std::string(ingest::EncodingName(reader->encoding()));
  Result<std::unique_ptr<ingest::RecordBuilder>> builder =
      ingest::RecordBuilder::Create(reader->header(), request.mapping);
  if (!builder.ok()) return builder.status().WithContext(DisplayName(request.path));
  (*builder)->set_minimum_sensitivity(request.sensitivity);
  // The key is unlocked before the import's transaction opens: unlocking may
  // create the vault and the data key.
  const std::vector<std::string> confidential =
      ConfidentialColumns(reader->header(), (*builder)->mapping());
  std::optional<vault::ValueCipher> cipher;
  if (!confidential.empty() || reader->format() == ingest::Format::kJson) {
    if (request.unlock_data_key) {
      ASSIGN_OR_RETURN(cipher, request.unlock_data_key());
    } else if (!confidential.empty() && !request.dry_run) {
      return KeyNeededError(DisplayName(request.path), confidential);
    }
  }
  ValueSealer sealer(DisplayName(request.path), request.source, cipher ? &*cipher : nullptr,
                     request.dry_run);
  RETURN_IF_ERROR(sealer.LoadPrevious(store));
  ASSIGN_OR_RETURN(std::unique_ptr<store::ImportBatch> batch,
                   store.BeginImport({request.source, request.path, report.sha256, report.format,
                                      report.encoding}));
  const std::string prefix = request.rejects_prefix.empty() ? request.path : request.rejects_prefix;
  std::unique_ptr<RejectsSink> rejects;
  if (request.skip_invalid && !request.dry_run) {
    rejects = std::make_unique<RejectsSink>(prefix + ".rejects.csv", prefix + ".rejects.txt");
    RETURN_IF_ERROR(rejects->Open());
  }
  Status status =
      ImportRows(*reader, **builder, sealer, *batch, request, rejects.get(), progress, &report);
  const bool reject_all = report.rejected > 0 && !request.skip_invalid;
  if (!status.ok() || reject_all || request.dry_run) {
    if (rejects) rejects->Discard();
    RETURN_IF_ERROR(status);
    report.outcome = request.dry_run ? ImportOutcome::kDryRun : ImportOutcome::kRejected;
    return report;  // `batch` rolls back as it goes out of scope.
  }
  batch->SetColumnMapping(ColumnMappingOf(reader->header(), (*builder)->mapping()));
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
