// The import contract: all or nothing, idempotent, versioned, crash-safe.
#include "cli/import.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/custody_entry.h"

namespace sijil::cli {
namespace {

namespace fs = std::filesystem;

constexpr char kHeader[] =
    "الرقم,الاسم,اسم الأب,الكنية,الجنس,تاريخ الولادة,المحافظة,تاريخ الاعتقال,الحالة,رقم الملف\n";

std::string Row(int i, const std::string& sex = "ذكر") {
  return "R" + std::to_string(i) + ",محمد,أحمد,الحلبي" + std::to_string(i % 97) + "," + sex +
         ",1985,حلب,نيسان 2013,معتقل,F-" + std::to_string(i) + "\n";
}

class ImportTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) /
           ("import_test_" + std::to_string(getpid()) + "_" +
            testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = store::OpenSqliteStore((dir_ / "sijil.db").string()).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::string WriteRows(const std::string& name, int rows, int bad_row = -1) {
    std::string content = kHeader;
    for (int i = 1; i <= rows; ++i) content += Row(i, i == bad_row ? "غير صالح" : "ذكر");
    return WriteFile(name, content);
  }

  ImportReport Import(const std::string& path, bool skip_invalid = false, bool dry_run = false) {
    ImportRequest request;
    request.path = path;
    request.source = "snhr";
    request.skip_invalid = skip_invalid;
    request.dry_run = dry_run;
    Result<ImportReport> report = ImportFile(*store_, request);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : ImportReport{};
  }

  int64_t RecordCount() {
    Result<std::vector<store::SourceInfo>> sources =
        store_->ListSources(Sensitivity::kConfidential);
    EXPECT_TRUE(sources.ok());
    int64_t count = 0;
    for (size_t i = 0; sources.ok() && i < sources->size(); ++i) count += (*sources)[i].records;
    return count;
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(ImportTest, ImportsEveryRowWithItsProvenance) {
  ImportReport report = Import(WriteRows("list.csv", 50));
  EXPECT_EQ(report.outcome, ImportOutcome::kImported);
  EXPECT_EQ(report.inserted, 50);
  EXPECT_EQ(report.sha256.size(), 64u);
  std::vector<store::StoredRecord> records = store_->ListRecords({"snhr", 1, 0}).value();
  ASSERT_EQ(records.size(), 1u);
  const Record& r = records[0].record;
  EXPECT_EQ(r.family_name, "الحلبي1");
  EXPECT_EQ(r.status, VictimStatus::kDetained);
  EXPECT_EQ(r.arrest_date.ToString(), "2013-04");
  ASSERT_EQ(r.extra.size(), 1u);
  EXPECT_EQ(r.extra[0].first, "رقم الملف");
  EXPECT_EQ(r.raw.size(), 10u);
}

// How each column was read is part of the provenance: kept with the import
// and in its custody entry, the user's mapping included.
TEST_F(ImportTest, KeepsHowEachColumnWasRead) {
  ImportRequest request;
  request.path = WriteRows("list.csv", 3);
  request.source = "snhr";
  request.mapping.columns = {{"رقم الملف", "facility"}};
  ASSERT_TRUE(ImportFile(*store_, request).ok());
  std::vector<store::ImportInfo> imports = store_->ListImports("snhr").value();
  ASSERT_EQ(imports.size(), 1u);
  const std::vector<Attribute>& mapping = imports[0].column_mapping;
  ASSERT_EQ(mapping.size(), 10u);
  EXPECT_EQ(mapping[0], Attribute("الرقم", "record_id"));
  EXPECT_EQ(mapping[3], Attribute("الكنية", "family_name"));
  EXPECT_EQ(mapping[9], Attribute("رقم الملف", "facility"));
  EXPECT_EQ(store_->ListRecords({"snhr", 1, 0}).value()[0].record.facility, "F-1");
  std::vector<std::string> entries = store_->custody().LogEntries(0, 10).value();
  ASSERT_EQ(entries.size(), 1u);
  Result<CustodyEntry> logged = DecodeCustodyEntry(entries[0]);
  ASSERT_TRUE(logged.ok()) << logged.status().ToString();
  EXPECT_NE(logged->Get("column_mapping").find(R"(["رقم الملف","facility"])"), std::string::npos)
      << logged->Get("column_mapping");
}

TEST_F(ImportTest, BadRowAtLine900000LeavesTheStoreUnchanged) {
  Import(WriteRows("first.csv", 10));
  const int64_t before = RecordCount();
  ImportReport report = Import(WriteRows("big.csv", 900000, /*bad_row=*/899999));
  EXPECT_EQ(report.outcome, ImportOutcome::kRejected);
  EXPECT_EQ(report.rejected, 1);
  ASSERT_EQ(report.errors.size(), 1u);
  // The header is line 1, so row 899,999 is on line 900,000.
  EXPECT_EQ(report.errors[0],
            "big.csv:900000: column 'الجنس': value 'غير صالح': expected a sex: M, F, male, "
            "female, ذكر or أنثى");
  EXPECT_EQ(RecordCount(), before);
  EXPECT_EQ(store_->ListImports("snhr").value().size(), 1u);
}

TEST_F(ImportTest, ReimportingTheSameFileIsANoOp) {
  const std::string path = WriteRows("list.csv", 20);
  const ImportReport first = Import(path);
  const ImportReport second = Import(path);
  EXPECT_EQ(second.outcome, ImportOutcome::kAlreadyImported);
  EXPECT_EQ(second.import_id, first.import_id);
  EXPECT_EQ(store_->ListImports("snhr").value().size(), 1u);
  EXPECT_EQ(RecordCount(), 20);
}

TEST_F(ImportTest, ChangedListUpdatesChangedRecordsAndKeepsOldVersions) {
  Import(WriteRows("v1.csv", 20));
  std::string changed = std::string(kHeader);
  for (int i = 1; i <= 21; ++i) changed += i == 5 ? Row(i, "أنثى") : Row(i);
  ImportReport report = Import(WriteFile("v2.csv", changed));
  EXPECT_EQ(report.inserted, 1);
  EXPECT_EQ(report.updated, 1);
  EXPECT_EQ(report.unchanged, 19);
  std::vector<store::StoredRecord> versions = store_->RecordVersions("snhr", "R5").value();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].record.sex, Sex::kMale);
  EXPECT_FALSE(versions[0].current);
  EXPECT_EQ(versions[1].record.sex, Sex::kFemale);
  EXPECT_EQ(versions[1].version, 2);
}

TEST_F(ImportTest, SkipInvalidWritesRejectedRowsUntouched) {
  std::string content = std::string(kHeader) + Row(1) + Row(2, "x") +
                        "R3,\"multi\nline\",أحمد,الحلبي,ذكر,1985,حلب,31/02/2013,معتقل,F\n" + Row(4);
  const std::string path = WriteFile("mixed.csv", content);
  ImportReport report = Import(path, /*skip_invalid=*/true);
  EXPECT_EQ(report.outcome, ImportOutcome::kImported);
  EXPECT_EQ(report.inserted, 2);
  EXPECT_EQ(report.rejected, 2);
  EXPECT_EQ(RecordCount(), 2);
  std::ifstream rejects(report.rejects_file);
  std::stringstream rejected;
  rejected << rejects.rdbuf();
  EXPECT_EQ(rejected.str(), std::string(kHeader) + Row(2, "x") +
                                "R3,\"multi\nline\",أحمد,الحلبي,ذكر,1985,حلب,31/02/2013,معتقل,F\n");
  std::ifstream why(report.report_file);
  std::string first_line;
  std::getline(why, first_line);
  EXPECT_EQ(first_line.rfind("mixed.csv:3: column 'الجنس': value 'x'", 0), 0u) << first_line;
}

TEST_F(ImportTest, DryRunWritesNothing) {
  ImportReport report = Import(WriteRows("list.csv", 30), false, /*dry_run=*/true);
  EXPECT_EQ(report.outcome, ImportOutcome::kDryRun);
  EXPECT_EQ(report.inserted, 30);
  EXPECT_EQ(RecordCount(), 0);
  EXPECT_TRUE(store_->ListImports("").value().empty());
}

TEST_F(ImportTest, DuplicateRecordIdIsARowError) {
  ImportReport report = Import(WriteFile("dup.csv", std::string(kHeader) + Row(1) + Row(1)));
  EXPECT_EQ(report.outcome, ImportOutcome::kRejected);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_NE(report.errors[0].find("dup.csv:3: column 'record_id': value 'R1'"), std::string::npos)
      << report.errors[0];
}

TEST_F(ImportTest, MalformedFileIsAnErrorAndWritesNothing) {
  ImportRequest request{WriteFile("bad.csv", std::string(kHeader) + "R1,\"unterminated\n"), "snhr"};
  Result<ImportReport> report = ImportFile(*store_, request);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.status().message().find("bad.csv"), std::string::npos);
  EXPECT_EQ(RecordCount(), 0);
}

TEST_F(ImportTest, KillNineMidImportLeavesTheStoreAsBefore) {
  Import(WriteRows("first.csv", 100));
  const std::string big = WriteRows("big.csv", 60000);
  store_.reset();
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::unique_ptr<store::Store> store =
        store::OpenSqliteStore((dir_ / "sijil.db").string()).value();
    ImportRequest request{big, "snhr"};
    // A real SIGKILL, delivered mid-transaction after 40,000 rows were put.
    ImportFile(*store, request, [](double, int64_t rows) {
      if (rows >= 40000) raise(SIGKILL);
    }).IgnoreError();
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  store_ = store::OpenSqliteStore((dir_ / "sijil.db").string()).value();
  EXPECT_EQ(RecordCount(), 100);
  EXPECT_EQ(store_->ListImports("snhr").value().size(), 1u);
  // And the same import then succeeds.
  EXPECT_EQ(Import(big).inserted, 60000 - 100);
}

// Read while the store is still open, so the write-ahead log holds the
// import's pages un-checkpointed: no canary may be in either file.
TEST_F(ImportTest, NoConfidentialPlaintextInTheDatabaseOrItsLog) {
  std::string content = "الرقم,الاسم,ملاحظات,Witness phone,رقم الملف\n";
  for (int i = 1; i <= 200; ++i) {
    content += "R" + std::to_string(i) + ",محمد,CANARYNOTE" + std::to_string(i) + ",CANARYPHONE" +
               std::to_string(i) + ",F-" + std::to_string(i) + "\n";
  }
  const vault::SecretKey data_key = vault::SecretKey::Random();
  ImportRequest request{WriteFile("witnesses.csv", content), "snhr"};
  request.unlock_data_key = [&data_key] { return vault::ValueCipher(data_key); };
  Result<ImportReport> report = ImportFile(*store_, request);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->inserted, 200);
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream in(dir_ / ("sijil.db" + std::string(suffix)), std::ios::binary);
    bytes += std::string(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_NE(bytes.find("F-200"), std::string::npos);
  EXPECT_EQ(bytes.find("CANARY"), std::string::npos);

  // Without the key the same list is refused and nothing is written.
  request.unlock_data_key = nullptr;
  request.source = "other";
  Result<ImportReport> refused = ImportFile(*store_, request);
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("columns 'ملاحظات', 'Witness phone'"),
            std::string::npos)
      << refused.status().ToString();
  EXPECT_EQ(RecordCount(), 200);
}

}  // namespace
}  // namespace sijil::cli
