#include "store/internal/link_tables.h"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/custody_entry.h"
#include "store/internal/codec.h"
#include "store/internal/custody.h"

namespace sijil::store::internal {
namespace {

using SourceIds = std::unordered_map<std::string, int64_t>;

Result<SourceIds> LoadSourceIds(Database& db) {
  ASSIGN_OR_RETURN(ScopedStatement stmt, db.Prepare("SELECT id, name FROM sources"));
  SourceIds ids;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return ids;
    ids.emplace(std::string(stmt->ColumnText(1)), stmt->ColumnInt64(0));
  }
}

std::string Describe(const RecordRef& ref) {
  return "record '" + ref.record_id + "' of source '" + ref.source + "'";
}

Result<int64_t> SourceIdOf(const SourceIds& ids, const RecordRef& ref) {
  auto it = ids.find(ref.source);
  if (it == ids.end()) return InvalidArgumentError("no source '" + ref.source + "'");
  return it->second;
}

// A pair of records in the store's canonical order (a < b), with source ids.
struct StoredPair {
  int64_t source_a = 0;
  const RecordRef* a = nullptr;
  int64_t source_b = 0;
  const RecordRef* b = nullptr;
};

Result<StoredPair> CanonicalPair(const SourceIds& ids, const RecordRef& x, const RecordRef& y) {
  if (x == y) return InvalidArgumentError("a pair needs two different records: " + Describe(x));
  const RecordRef& a = x < y ? x : y;
  const RecordRef& b = x < y ? y : x;
  ASSIGN_OR_RETURN(int64_t source_a, SourceIdOf(ids, a));
  ASSIGN_OR_RETURN(int64_t source_b, SourceIdOf(ids, b));
  return StoredPair{source_a, &a, source_b, &b};
}

// Binds the pair to parameters first..first+3.
Status BindPair(Statement& stmt, int first, const StoredPair& pair) {
  RETURN_IF_ERROR(stmt.BindInt64(first, pair.source_a));
  RETURN_IF_ERROR(stmt.BindText(first + 1, pair.a->record_id));
  RETURN_IF_ERROR(stmt.BindInt64(first + 2, pair.source_b));
  return stmt.BindText(first + 3, pair.b->record_id);
}

Result<int64_t> InsertRun(Database& db, const LinkRunInfo& run) {
  ASSIGN_OR_RETURN(ScopedStatement stmt,
                   db.Prepare("INSERT INTO link_runs (started_at, finished_at, records, "
                              "candidate_pairs, persons, review_pairs, settings, model) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  RETURN_IF_ERROR(stmt->BindText(1, run.started_at));
  RETURN_IF_ERROR(stmt->BindText(2, run.finished_at));
  RETURN_IF_ERROR(stmt->BindInt64(3, run.records));
  RETURN_IF_ERROR(stmt->BindInt64(4, run.candidate_pairs));
  RETURN_IF_ERROR(stmt->BindInt64(5, run.persons));
  RETURN_IF_ERROR(stmt->BindInt64(6, run.review_pairs));
  RETURN_IF_ERROR(stmt->BindText(7, run.settings_json));
  RETURN_IF_ERROR(stmt->BindText(8, run.model_json));
  RETURN_IF_ERROR(stmt->Run());
  return db.LastInsertRowId();
}

// A member as stored, pointing into the linkage.
struct MemberRow {
  int64_t source_id = 0;
  const std::string* record_id = nullptr;
  const std::string* person_id = nullptr;
  const RecordRef* record = nullptr;

  // person_records' key, whose order is the table's.
  std::pair<int64_t, std::string_view> key() const { return {source_id, *record_id}; }
};

// The linkage's members in person_records' key order; fails on a member
// without a person or a record given two.
Result<std::vector<MemberRow>> SortedMemberRows(const SourceIds& ids,
                                                const std::vector<PersonMember>& members) {
  std::vector<MemberRow> rows;
  rows.reserve(members.size());
  for (const PersonMember& m : members) {
    if (m.person_id.empty()) return InvalidArgumentError(Describe(m.record) + " has no person id");
    ASSIGN_OR_RETURN(int64_t source_id, SourceIdOf(ids, m.record));
    rows.push_back({source_id, &m.record.record_id, &m.person_id, &m.record});
  }
  std::sort(rows.begin(), rows.end(),
            [](const MemberRow& a, const MemberRow& b) { return a.key() < b.key(); });
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i - 1].key() == rows[i].key()) {
      return InvalidArgumentError(Describe(*rows[i].record) + " is given two persons");
    }
  }
  return rows;
}

// What turns the stored members into the linkage's.
struct MemberChanges {
  std::vector<std::pair<int64_t, std::string>> removed;  // rows no longer linked
  std::vector<const MemberRow*> written;                 // rows new or with another person
  std::vector<std::string> losing_persons;               // persons of rows removed or moved
};

// Compares the stored members with `rows`, both in key order, in one pass.
Result<MemberChanges> DiffMembers(Database& db, const std::vector<MemberRow>& rows) {
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> stored,
                   db.PrepareUncached("SELECT source_id, record_id, person_id FROM "
                                      "person_records ORDER BY source_id, record_id"));
  MemberChanges changes;
  auto write = [&changes](const MemberRow& row) { changes.written.push_back(&row); };
  size_t next = 0;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stored->Step());
    if (!row) break;
    const std::pair<int64_t, std::string_view> key = {stored->ColumnInt64(0),
                                                      stored->ColumnText(1)};
    const std::string_view person_id = stored->ColumnText(2);
    while (next < rows.size() && rows[next].key() < key) write(rows[next++]);
    if (next < rows.size() && rows[next].key() == key) {
      if (*rows[next].person_id != person_id) {
        write(rows[next]);
        changes.losing_persons.emplace_back(person_id);
      }
      ++next;
    } else {
      changes.removed.emplace_back(key.first, std::string(key.second));
      changes.losing_persons.emplace_back(person_id);
    }
  }
  while (next < rows.size()) write(rows[next++]);
  return changes;
}

// Writes the persons and their members (`rows`, SortedMemberRows), only what
// changed since the stored ones; returns the number of persons. A kept row
// needs no check that its record is current: a record stays current until a
// newer version of it (same source and record_id) replaces it.
Result<int64_t> WriteMembers(Database& db, int64_t run_id, const std::vector<MemberRow>& rows) {
  ASSIGN_OR_RETURN(MemberChanges changes, DiffMembers(db, rows));
  // Rows are staged in temporary tables and written by one statement each:
  // a statement run per row re-opens its cursors every time, three times
  // slower at a million rows.
  RETURN_IF_ERROR(
      db.Exec("CREATE TEMP TABLE IF NOT EXISTS staged_members (source_id INTEGER NOT NULL, "
              "record_id TEXT NOT NULL, person_id TEXT NOT NULL);"
              "CREATE TEMP TABLE IF NOT EXISTS staged_persons (id TEXT NOT NULL);"
              "DELETE FROM temp.staged_members; DELETE FROM temp.staged_persons;"));
  {
    ASSIGN_OR_RETURN(ScopedStatement person,
                     db.Prepare("INSERT INTO temp.staged_persons (id) VALUES (?)"));
    for (const std::string& id : changes.losing_persons) {
      RETURN_IF_ERROR(person->BindText(1, id));
      RETURN_IF_ERROR(person->Run());
    }
    ASSIGN_OR_RETURN(ScopedStatement member,
                     db.Prepare("INSERT INTO temp.staged_members (source_id, record_id, "
                                "person_id) VALUES (?, ?, ?)"));
    for (const MemberRow* row : changes.written) {
      RETURN_IF_ERROR(member->BindInt64(1, row->source_id));
      RETURN_IF_ERROR(member->BindText(2, *row->record_id));
      RETURN_IF_ERROR(member->BindText(3, *row->person_id));
      RETURN_IF_ERROR(member->Run());
    }
  }
  // Only a current record can be linked.
  {
    ASSIGN_OR_RETURN(ScopedStatement missing,
                     db.Prepare("SELECT rowid FROM temp.staged_members m WHERE NOT EXISTS "
                                "(SELECT 1 FROM records r WHERE r.source_id = m.source_id AND "
                                "r.record_id = m.record_id AND r.current = 1) LIMIT 1"));
    ASSIGN_OR_RETURN(bool row, missing->Step());
    if (row) {
      return InvalidArgumentError("no current " +
                                  Describe(*changes.written[missing->ColumnInt64(0) - 1]->record));
    }
  }
  // Persons are never deleted: one without records is retired, its id kept.
  // link_run_id is the run that last changed the person's records: gaining
  // (written) or losing them.
  ASSIGN_OR_RETURN(ScopedStatement persons,
                   db.Prepare("INSERT INTO persons (id, link_run_id) SELECT id, ?1 FROM "
                              "(SELECT person_id AS id FROM temp.staged_members UNION "
                              "SELECT id FROM temp.staged_persons) WHERE true ORDER BY id "
                              "ON CONFLICT (id) DO UPDATE SET link_run_id = ?1"));
  RETURN_IF_ERROR(persons->BindInt64(1, run_id));
  RETURN_IF_ERROR(persons->Run());
  ASSIGN_OR_RETURN(ScopedStatement remove,
                   db.Prepare("DELETE FROM person_records WHERE source_id = ? AND record_id = ?"));
  for (const auto& [source_id, record_id] : changes.removed) {
    RETURN_IF_ERROR(remove->BindInt64(1, source_id));
    RETURN_IF_ERROR(remove->BindText(2, record_id));
    RETURN_IF_ERROR(remove->Run());
  }
  // Most rows new (a first run): the index by person is built afresh after,
  // one sort instead of a random insert per row, from its own definition.
  std::string person_index;
  if (changes.written.size() > 10000 && changes.written.size() * 2 > rows.size()) {
    ASSIGN_OR_RETURN(person_index,
                     db.QueryText("SELECT sql FROM sqlite_master WHERE type = 'index' AND "
                                  "name = 'person_records_person'"));
    RETURN_IF_ERROR(db.Exec("DROP INDEX person_records_person"));
  }
  RETURN_IF_ERROR(
      db.Exec("INSERT INTO person_records (source_id, record_id, person_id) "
              "SELECT source_id, record_id, person_id FROM temp.staged_members WHERE true "
              "ORDER BY rowid ON CONFLICT (source_id, record_id) DO UPDATE SET "
              "person_id = excluded.person_id;"
              "DELETE FROM temp.staged_members; DELETE FROM temp.staged_persons;"));
  if (!person_index.empty()) RETURN_IF_ERROR(db.Exec(person_index));
  return db.QueryInt64("SELECT count(DISTINCT person_id) FROM person_records");
}

// Queues the pairs no reviewer has decided; returns how many were queued.
Result<int64_t> InsertReview(Database& db, const SourceIds& ids, int64_t run_id,
                             const std::vector<ReviewItem>& review) {
  ASSIGN_OR_RETURN(ScopedStatement stmt,
                   db.Prepare("INSERT OR IGNORE INTO review_queue (link_run_id, source_a, "
                              "record_a, source_b, record_b, weight, probability) "
                              "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS (SELECT 1 "
                              "FROM link_decisions WHERE source_a = ?2 AND record_a = ?3 AND "
                              "source_b = ?4 AND record_b = ?5)"));
  int64_t queued = 0;
  for (const ReviewItem& item : review) {
    ASSIGN_OR_RETURN(StoredPair pair, CanonicalPair(ids, item.a, item.b));
    RETURN_IF_ERROR(stmt->BindInt64(1, run_id));
    RETURN_IF_ERROR(BindPair(*stmt, 2, pair));
    RETURN_IF_ERROR(stmt->BindDouble(6, item.weight));
    RETURN_IF_ERROR(stmt->BindDouble(7, item.probability));
    RETURN_IF_ERROR(stmt->Run());
    queued += db.Changes();
  }
  return queued;
}

constexpr std::string_view kSelectRun =
    "SELECT id, started_at, finished_at, records, candidate_pairs, persons, review_pairs, "
    "settings, model FROM link_runs";

LinkRunInfo ReadRun(const Statement& row) {
  LinkRunInfo run;
  run.id = row.ColumnInt64(0);
  run.started_at = std::string(row.ColumnText(1));
  run.finished_at = std::string(row.ColumnText(2));
  run.records = row.ColumnInt64(3);
  run.candidate_pairs = row.ColumnInt64(4);
  run.persons = row.ColumnInt64(5);
  run.review_pairs = row.ColumnInt64(6);
  run.settings_json = std::string(row.ColumnText(7));
  run.model_json = std::string(row.ColumnText(8));
  return run;
}

constexpr std::string_view kSelectReview =
    "SELECT q.id, sa.name, q.record_a, sb.name, q.record_b, q.weight, q.probability "
    "FROM review_queue q JOIN sources sa ON sa.id = q.source_a "
    "JOIN sources sb ON sb.id = q.source_b";

ReviewItem ReadReviewItem(const Statement& row) {
  ReviewItem item;
  item.id = row.ColumnInt64(0);
  item.a = {std::string(row.ColumnText(1)), std::string(row.ColumnText(2))};
  item.b = {std::string(row.ColumnText(3)), std::string(row.ColumnText(4))};
  item.weight = row.ColumnDouble(5);
  item.probability = row.ColumnDouble(6);
  return item;
}

Status CheckRecordExists(Database& db, int64_t source_id, const RecordRef& ref) {
  ASSIGN_OR_RETURN(ScopedStatement stmt,
                   db.Prepare("SELECT EXISTS (SELECT 1 FROM records WHERE source_id = ? AND "
                              "record_id = ?)"));
  RETURN_IF_ERROR(stmt->BindInt64(1, source_id));
  RETURN_IF_ERROR(stmt->BindText(2, ref.record_id));
  ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row || stmt->ColumnInt64(0) == 0) return NotFoundError("no " + Describe(ref));
  return OkStatus();
}

// SHA-256 (hex) of what a link run decided, in a canonical order (by
// RecordRef), so its custody entry binds the persons without naming anyone.
std::string MembersDigest(const std::vector<MemberRow>& rows) {
  // `rows` are by source id, then record_id: each source's run of rows, the
  // runs taken in source name order, is RecordRef order.
  std::vector<std::pair<size_t, size_t>> runs;
  for (size_t begin = 0, end = 0; begin < rows.size(); begin = end) {
    for (end = begin; end < rows.size() && rows[end].source_id == rows[begin].source_id;) ++end;
    runs.emplace_back(begin, end);
  }
  std::sort(runs.begin(), runs.end(), [&rows](const auto& a, const auto& b) {
    return rows[a.first].record->source < rows[b.first].record->source;
  });
  std::string text;
  for (const auto& [begin, end] : runs) {
    for (size_t i = begin; i < end; ++i) {
      for (const std::string* part :
           {&rows[i].record->source, rows[i].record_id, rows[i].person_id}) {
        text += std::to_string(part->size());
        text += ':';
        text += *part;
      }
    }
  }
  return Sha256Hex(text);
}

std::string_view DecisionName(LinkDecisionKind kind) {
  return kind == LinkDecisionKind::kMatch ? "match" : "non_match";
}

}  // namespace

Result<LinkRunInfo> SaveLinkage(Database& db, const Linkage& linkage) {
  ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, Transaction::Begin(db));
  ASSIGN_OR_RETURN(SourceIds ids, LoadSourceIds(db));
  LinkRunInfo run = linkage.run;
  run.finished_at = NowUtc();
  ASSIGN_OR_RETURN(run.id, InsertRun(db, run));
  RETURN_IF_ERROR(db.Exec("DELETE FROM review_queue"));
  ASSIGN_OR_RETURN(const std::vector<MemberRow> rows, SortedMemberRows(ids, linkage.members));
  ASSIGN_OR_RETURN(run.persons, WriteMembers(db, run.id, rows));
  ASSIGN_OR_RETURN(run.review_pairs, InsertReview(db, ids, run.id, linkage.review));
  {
    ASSIGN_OR_RETURN(ScopedStatement counts,
                     db.Prepare("UPDATE link_runs SET persons = ?, review_pairs = ? WHERE id = ?"));
    RETURN_IF_ERROR(counts->BindInt64(1, run.persons));
    RETURN_IF_ERROR(counts->BindInt64(2, run.review_pairs));
    RETURN_IF_ERROR(counts->BindInt64(3, run.id));
    RETURN_IF_ERROR(counts->Run());
  }
  CustodyEntry entry{.kind = "link_run",
                     .fields = {{"link_run", std::to_string(run.id)},
                                {"records", std::to_string(run.records)},
                                {"persons", std::to_string(run.persons)},
                                {"review_pairs", std::to_string(run.review_pairs)},
                                {"members_sha256", MembersDigest(rows)},
                                {"model_sha256", Sha256Hex(run.model_json)}}};
  RETURN_IF_ERROR(AppendCustodyEntry(db, std::move(entry)).status());
  RETURN_IF_ERROR(txn->Commit());
  return run;
}

Result<std::optional<LinkRunInfo>> LatestLinkRun(Database& db) {
  ASSIGN_OR_RETURN(ScopedStatement stmt,
                   db.Prepare(std::string(kSelectRun) + " ORDER BY id DESC LIMIT 1"));
  ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return std::optional<LinkRunInfo>();
  return std::optional<LinkRunInfo>(ReadRun(*stmt));
}

Result<std::vector<PersonMember>> ListPersonMembers(Database& db, std::string_view person_id,
                                                    Sensitivity clearance) {
  std::string sql =
      "SELECT s.name, m.record_id, m.person_id FROM person_records m "
      "JOIN sources s ON s.id = m.source_id";
  // Every member's record is current (WriteMembers), so only a reader below
  // the top level needs the records themselves: reading a million of them
  // for nothing took seconds.
  const bool filter = clearance < Sensitivity::kConfidential;
  if (filter) {
    sql +=
        " JOIN records r ON r.source_id = m.source_id AND r.record_id = m.record_id AND "
        "r.current = 1 AND r.sensitivity <= ?2";
  }
  if (!person_id.empty()) sql += " WHERE m.person_id = ?1";
  sql += " ORDER BY m.person_id, s.name, m.record_id";
  ASSIGN_OR_RETURN(std::unique_ptr<Statement> stmt, db.PrepareUncached(sql));
  if (!person_id.empty()) RETURN_IF_ERROR(stmt->BindText(1, person_id));
  if (filter) RETURN_IF_ERROR(stmt->BindInt64(2, static_cast<int64_t>(clearance)));
  std::vector<PersonMember> members;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return members;
    members.push_back({{std::string(stmt->ColumnText(0)), std::string(stmt->ColumnText(1))},
                       std::string(stmt->ColumnText(2))});
  }
}

Result<std::vector<std::string>> ListRetiredPersonIds(Database& db) {
  ASSIGN_OR_RETURN(ScopedStatement stmt,
                   db.Prepare("SELECT id FROM persons p WHERE NOT EXISTS (SELECT 1 FROM "
                              "person_records m WHERE m.person_id = p.id) ORDER BY id"));
  std::vector<std::string> ids;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return ids;
    ids.emplace_back(stmt->ColumnText(0));
  }
}

Result<std::vector<ReviewItem>> ListReviewQueue(Database& db) {
  // Most uncertain first: a reviewer's time is best spent near p = 0.5.
  ASSIGN_OR_RETURN(ScopedStatement stmt, db.Prepare(std::string(kSelectReview) +
                                                    " ORDER BY abs(q.probability - 0.5), q.id"));
  std::vector<ReviewItem> items;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return items;
    items.push_back(ReadReviewItem(*stmt));
  }
}

Result<ReviewItem> GetReviewItem(Database& db, int64_t id) {
  ASSIGN_OR_RETURN(ScopedStatement stmt,
                   db.Prepare(std::string(kSelectReview) + " WHERE q.id = ?"));
  RETURN_IF_ERROR(stmt->BindInt64(1, id));
  ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row) return NotFoundError("no pair " + std::to_string(id) + " in the review queue");
  return ReadReviewItem(*stmt);
}

Result<LinkDecision> AddLinkDecision(Database& db, const LinkDecision& decision) {
  if (decision.decided_by.empty()) return InvalidArgumentError("a decision needs a reviewer");
  ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, Transaction::Begin(db));
  ASSIGN_OR_RETURN(SourceIds ids, LoadSourceIds(db));
  ASSIGN_OR_RETURN(StoredPair pair, CanonicalPair(ids, decision.a, decision.b));
  RETURN_IF_ERROR(CheckRecordExists(db, pair.source_a, *pair.a));
  RETURN_IF_ERROR(CheckRecordExists(db, pair.source_b, *pair.b));
  LinkDecision stored = decision;
  stored.a = *pair.a;
  stored.b = *pair.b;
  stored.decided_at = NowUtc();
  {
    ASSIGN_OR_RETURN(ScopedStatement insert,
                     db.Prepare("INSERT INTO link_decisions (source_a, record_a, source_b, "
                                "record_b, decision, decided_by, decided_at, note) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    RETURN_IF_ERROR(BindPair(*insert, 1, pair));
    RETURN_IF_ERROR(insert->BindText(5, DecisionName(stored.decision)));
    RETURN_IF_ERROR(insert->BindText(6, stored.decided_by));
    RETURN_IF_ERROR(insert->BindText(7, stored.decided_at));
    RETURN_IF_ERROR(insert->BindText(8, stored.note));
    RETURN_IF_ERROR(insert->Run());
  }
  {
    ASSIGN_OR_RETURN(ScopedStatement dequeue,
                     db.Prepare("DELETE FROM review_queue WHERE source_a = ? AND record_a = ? "
                                "AND source_b = ? AND record_b = ?"));
    RETURN_IF_ERROR(BindPair(*dequeue, 1, pair));
    RETURN_IF_ERROR(dequeue->Run());
  }
  // The note is free text that may name people: the log keeps only its hash.
  CustodyEntry entry{.kind = "link_decision",
                     .fields = {{"a", stored.a.source + ":" + stored.a.record_id},
                                {"b", stored.b.source + ":" + stored.b.record_id},
                                {"decision", std::string(DecisionName(stored.decision))},
                                {"decided_by", stored.decided_by},
                                {"note_sha256", Sha256Hex(stored.note)}}};
  RETURN_IF_ERROR(AppendCustodyEntry(db, std::move(entry)).status());
  RETURN_IF_ERROR(txn->Commit());
  return stored;
}

Result<std::vector<LinkDecision>> ListLinkDecisions(Database& db) {
  ASSIGN_OR_RETURN(
      ScopedStatement stmt,
      db.Prepare("SELECT sa.name, d.record_a, sb.name, d.record_b, d.decision, d.decided_by, "
                 "d.decided_at, d.note FROM link_decisions d "
                 "JOIN sources sa ON sa.id = d.source_a JOIN sources sb ON sb.id = d.source_b "
                 "WHERE d.id = (SELECT max(e.id) FROM link_decisions e WHERE e.source_a = "
                 "d.source_a AND e.record_a = d.record_a AND e.source_b = d.source_b AND "
                 "e.record_b = d.record_b) ORDER BY d.id"));
  std::vector<LinkDecision> decisions;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    if (!row) return decisions;
    LinkDecision& d = decisions.emplace_back();
    d.a = {std::string(stmt->ColumnText(0)), std::string(stmt->ColumnText(1))};
    d.b = {std::string(stmt->ColumnText(2)), std::string(stmt->ColumnText(3))};
    d.decision =
        stmt->ColumnText(4) == "match" ? LinkDecisionKind::kMatch : LinkDecisionKind::kNonMatch;
    d.decided_by = std::string(stmt->ColumnText(5));
    d.decided_at = std::string(stmt->ColumnText(6));
    d.note = std::string(stmt->ColumnText(7));
  }
}

}  // namespace sijil::store::internal
