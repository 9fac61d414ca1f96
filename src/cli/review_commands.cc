// persons export|show, review list|show|accept|reject: what linkage decided, and
// the reviewers' say over it.
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/custody.h"
#include "cli/output.h"
#include "core/csv_writer.h"
#include "store/store.h"

namespace sijil::cli {
namespace {

std::string RefText(const store::RecordRef& ref) { return ref.source + ":" + ref.record_id; }

nlohmann::json RefJson(const store::RecordRef& ref) {
  return {{"source", ref.source}, {"record_id", ref.record_id}};
}

nlohmann::json ReviewItemJson(const store::ReviewItem& item) {
  return {{"id", item.id},
          {"a", RefJson(item.a)},
          {"b", RefJson(item.b)},
          {"weight", item.weight},
          {"probability", item.probability}};
}

std::string Percent(double probability) {
  return std::to_string(static_cast<int>(probability * 100 + 0.5)) + "%";
}

// Returns the current version of each record.
Result<std::vector<store::StoredRecord>> CurrentRecords(store::Store& store,
                                                        const std::vector<store::RecordRef>& refs) {
  std::vector<store::StoredRecord> records;
  for (const store::RecordRef& ref : refs) {
    ASSIGN_OR_RETURN(store::StoredRecord record, CurrentRecord(store, ref));
    records.push_back(std::move(record));
  }
  return records;
}

// Prints records as columns, one row per field any of them has, so a reader
// compares them field by field.
void PrintSideBySide(const std::vector<store::StoredRecord>& records) {
  std::vector<std::vector<std::string>> rows = {{"field"}};
  for (const store::StoredRecord& r : records)
    rows[0].push_back(r.source + ":" + r.record.record_id);
  for (Field field : AllFields()) {
    if (field == Field::kRecordId) continue;
    std::vector<std::string> row = {std::string(FieldName(field))};
    bool any = false;
    for (const store::StoredRecord& r : records) {
      row.push_back(r.record.Get(field));
      any = any || !row.back().empty();
    }
    if (any) rows.push_back(std::move(row));
  }
  PrintTable(rows);
}

Status PrintRecords(const GlobalOptions& global, const std::vector<store::StoredRecord>& records,
                    nlohmann::json json) {
  if (global.json) {
    json["records"] = nlohmann::json::array();
    for (const store::StoredRecord& r : records) {
      json["records"].push_back(StoredRecordJson(r, /*with_raw=*/false));
    }
    PrintJson(json);
  } else {
    PrintSideBySide(records);
  }
  return OkStatus();
}

// The reviewer: --by, else $SIJIL_USER, else $USER.
Result<std::string> Reviewer(const std::string& by) {
  if (!by.empty()) return by;
  for (const char* variable : {"SIJIL_USER", "USER"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && *value != '\0') return std::string(value);
  }
  return InvalidArgumentError("who decides? give --by NAME (or set $SIJIL_USER)");
}

}  // namespace

Result<store::RecordRef> ParseRecordRef(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    return InvalidArgumentError("'" + std::string(text) +
                                "' is not a record: expected SOURCE:RECORD_ID");
  }
  return store::RecordRef{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

Result<store::StoredRecord> CurrentRecord(store::Store& store, const store::RecordRef& ref) {
  Result<std::vector<store::StoredRecord>> versions =
      store.RecordVersions(ref.source, ref.record_id);
  if (versions.status().code() == StatusCode::kNotFound) {
    return NotFoundError("no record '" + ref.record_id + "' in source '" + ref.source + "'");
  }
  RETURN_IF_ERROR(versions.status());
  return std::move(versions->back());
}

Status RunPersonsExport(const GlobalOptions& global, const LinkageOptions& options) {
  const std::string& out_path = options.out;
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(std::vector<store::PersonMember> members,
                   store->ListPersonMembers("", Sensitivity::kConfidential));
  if (members.empty()) return FailedPreconditionError("no persons yet: run `sijil link` first");
  std::ofstream out(out_path, std::ios::binary);
  if (!out) return InvalidArgumentError(out_path + ": cannot write");
  CsvWriter csv(out);
  csv.WriteRow({"record_id", "source", "person_id"});
  for (const store::PersonMember& m : members) {
    csv.WriteRow({m.record.record_id, m.record.source, m.person_id});
  }
  out.close();
  if (!out) return InvalidArgumentError(out_path + ": write failed");
  if (global.json) {
    PrintJson({{"out", out_path}, {"records", members.size()}});
  } else {
    std::cout << members.size() << " records with their person ids written to " << out_path << "\n";
  }
  return OkStatus();
}

Status RunPersonsShow(const GlobalOptions& global, const LinkageOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(std::vector<store::PersonMember> members,
                   store->ListPersonMembers(options.person, Sensitivity::kConfidential));
  if (members.empty()) return NotFoundError("no person '" + options.person + "'");
  std::vector<store::RecordRef> refs;
  for (const store::PersonMember& m : members) refs.push_back(m.record);
  ASSIGN_OR_RETURN(std::vector<store::StoredRecord> records, CurrentRecords(*store, refs));
  ASSIGN_OR_RETURN(std::string note, RevealSealedValues(*store, {.key_file = options.key_file},
                                                        "sijil persons show", &records));
  if (!note.empty()) std::cerr << "note: " << note << "\n";
  if (!global.json) {
    std::cout << "person " << options.person << ": " << records.size() << " records\n\n";
  }
  return PrintRecords(global, records, {{"person_id", options.person}});
}

Status RunReviewShow(const GlobalOptions& global, const LinkageOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(store::ReviewItem item, store->GetReviewItem(options.id));
  ASSIGN_OR_RETURN(std::vector<store::StoredRecord> records,
                   CurrentRecords(*store, {item.a, item.b}));
  ASSIGN_OR_RETURN(std::string note, RevealSealedValues(*store, {}, "sijil review show", &records));
  if (!note.empty()) std::cerr << "note: " << note << "\n";
  // Pairs saved without a model (none yet) are still shown, unexplained.
  Result<link::PairExplanation> why =
      ExplainWithLatestModel(*store, records[0].record, records[1].record);
  if (!why.ok() && why.status().code() != StatusCode::kFailedPrecondition) return why.status();
  if (global.json) {
    nlohmann::json json = ReviewItemJson(item);
    if (why.ok()) json["explanation"] = ExplanationJson(*why);
    return PrintRecords(global, records, std::move(json));
  }
  std::cout << "pair " << item.id << ": p(match) " << Percent(item.probability) << ", weight "
            << item.weight << "\n\n";
  RETURN_IF_ERROR(PrintRecords(global, records, {}));
  if (why.ok()) {
    std::cout << "\nwhy:\n";
    PrintExplanation(*why);
  }
  return OkStatus();
}

Status RunReviewList(const GlobalOptions& global, const LinkageOptions& options) {
  const int64_t limit = options.limit;
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(std::vector<store::ReviewItem> queue, store->ListReviewQueue());
  const size_t shown = limit < 0 ? queue.size() : std::min(queue.size(), size_t(limit));
  if (global.json) {
    nlohmann::json items = nlohmann::json::array();
    for (size_t i = 0; i < shown; ++i) items.push_back(ReviewItemJson(queue[i]));
    PrintJson({{"pending", queue.size()}, {"pairs", items}});
    return OkStatus();
  }
  if (queue.empty()) {
    std::cout << "the review queue is empty\n";
    return OkStatus();
  }
  std::vector<std::vector<std::string>> rows = {{"id", "record a", "record b", "p(match)"}};
  for (size_t i = 0; i < shown; ++i) {
    const store::ReviewItem& item = queue[i];
    rows.push_back(
        {std::to_string(item.id), RefText(item.a), RefText(item.b), Percent(item.probability)});
  }
  PrintTable(rows);
  std::cout << "\n" << queue.size() << " pairs to review; `sijil review show ID` explains one\n";
  return OkStatus();
}

namespace {

Status Decide(const GlobalOptions& global, const LinkageOptions& request, bool match) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenExistingStore(global));
  ASSIGN_OR_RETURN(store::ReviewItem item, store->GetReviewItem(request.id));
  store::LinkDecision decision;
  decision.a = item.a;
  decision.b = item.b;
  decision.decision = match ? store::LinkDecisionKind::kMatch : store::LinkDecisionKind::kNonMatch;
  ASSIGN_OR_RETURN(decision.decided_by, Reviewer(request.by));
  decision.note = request.note;
  ASSIGN_OR_RETURN(store::LinkDecision stored, store->AddLinkDecision(decision));
  const char* verdict = match ? "match" : "non_match";
  if (global.json) {
    PrintJson({{"id", request.id},
               {"a", RefJson(stored.a)},
               {"b", RefJson(stored.b)},
               {"decision", verdict},
               {"decided_by", stored.decided_by},
               {"decided_at", stored.decided_at}});
  } else {
    std::cout << "pair " << request.id << " (" << RefText(stored.a) << ", " << RefText(stored.b)
              << "): " << (match ? "same person" : "different persons") << ", decided by "
              << stored.decided_by << "; it holds from the next `sijil link`\n";
  }
  return OkStatus();
}

}  // namespace

Status RunReviewAccept(const GlobalOptions& global, const LinkageOptions& options) {
  return Decide(global, options, true);
}

Status RunReviewReject(const GlobalOptions& global, const LinkageOptions& options) {
  return Decide(global, options, false);
}

CommandRunner AddLinkageCommands(CLI::App& app) {
  CommandTable<LinkageOptions> table;
  LinkageOptions& o = table.options();
  AddLinkCommands(table, app);
  CLI::App* persons = app.add_subcommand("persons", "persons found by linkage");
  persons->require_subcommand(1);
  table.Add(persons, "export", "write record_id,source,person_id as CSV", RunPersonsExport)
      ->add_option("--out", o.out, "CSV file to write")
      ->required();

  CLI::App* review = app.add_subcommand("review", "the queue of doubtful pairs");
  review->require_subcommand(1);
  CLI::App* show =
      table.Add(persons, "show", "the records of one person, side by side", RunPersonsShow);
  show->add_option("PERSON_ID", o.person, "person id")->required();
  show->add_option("--key-file", o.key_file,
                   "vault key file, to show encrypted values (else $SIJIL_VAULT_PASSPHRASE)");
  table.Add(review, "show", "one pair side by side", RunReviewShow)
      ->add_option("ID", o.id, "pair id from `review list`")
      ->required();
  table.Add(review, "list", "pairs waiting for a decision", RunReviewList)
      ->add_option("--limit", o.limit, "at most N pairs (-1: all)")
      ->default_val(50);
  for (CLI::App* decide :
       {table.Add(review, "accept", "the pair is one person", RunReviewAccept),
        table.Add(review, "reject", "the pair is two different persons", RunReviewReject)}) {
    decide->add_option("ID", o.id, "pair id from `review list`")->required();
    decide->add_option("--by", o.by, "reviewer (default $SIJIL_USER, else $USER)");
    decide->add_option("--note", o.note, "why");
  }
  return std::move(table).Runner();
}

}  // namespace sijil::cli
