// The SQLite SearchStore: name search keys per record and dashboard counts.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "store/internal/sqlite_extras.h"

namespace sijil::store::internal {
namespace {

// Keys are ASCII; every key with prefix P sorts in [P, P + DEL).
std::string PrefixEnd(const std::string& prefix) { return prefix + '\x7f'; }

// The condition matching `term` on the search table aliased `alias`, with
// its parameters appended to `params`.
std::string TermCondition(const SearchTerm& term, const std::string& alias,
                          std::vector<std::string>* params) {
  params->push_back(term.key);
  if (!term.prefix) return alias + ".key = ?";
  params->push_back(PrefixEnd(term.key));
  return alias + ".key >= ? AND " + alias + ".key < ?";
}

// Binds `params` (kept alive by the caller: bound without a copy) from
// parameter `first` on.
Status BindParams(Statement& stmt, int first, const std::vector<std::string>& params) {
  for (size_t param_idx = 0; param_idx < params.size(); ++param_idx) {
    RETURN_IF_ERROR(stmt.BindText(first + static_cast<int>(param_idx), params[param_idx]));
  }
  return OkStatus();
}

// Returns the SQL expression of `facet` over records aliased r, or an error.
Result<std::string> FacetExpression(std::string_view facet) {
  // An ambiguous date "[2013-04-07,2013-07-04]" has one year in both readings.
  if (facet == "arrest_year") return std::string("substr(ltrim(r.arrest_date, '['), 1, 4)");
  if (facet == "birth_year") return std::string("substr(ltrim(r.birth_date, '['), 1, 4)");
  std::optional<Field> field = FieldFromName(facet);
  if (!field || *field == Field::kRecordId) {
    return InvalidArgumentError("cannot count records by '" + std::string(facet) +
                                "' (expected a field name, arrest_year or birth_year)");
  }
  return "r." + std::string(FieldName(*field));
}

class SqliteSearchStore final : public SearchStore {
 public:
  explicit SqliteSearchStore(Database& db) : db_(db) {}

  Result<std::vector<NamesToIndex>> NextToIndex(int64_t limit) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT id, full_name, given_name, father_name, "
                                 "grandfather_name, family_name FROM records WHERE id > "
                                 "(SELECT indexed_through FROM record_search_state) AND "
                                 "current = 1 ORDER BY id LIMIT ?"));
    RETURN_IF_ERROR(stmt->BindInt64(1, limit));
    std::vector<NamesToIndex> rows;
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) return rows;
      NamesToIndex& names = rows.emplace_back();
      names.row_id = stmt->ColumnInt64(0);
      for (int column = 1; column <= 5; ++column) {
        names.names.emplace_back(stmt->ColumnText(column));
      }
    }
  }

  Status AddSearchKeys(const std::vector<std::pair<int64_t, std::string>>& keys,
                       int64_t through_row_id) override {
    ASSIGN_OR_RETURN(std::unique_ptr<Transaction> txn, Transaction::Begin(db_));
    {
      ASSIGN_OR_RETURN(ScopedStatement insert,
                       db_.Prepare("INSERT OR IGNORE INTO record_search (key, record_row_id) "
                                   "VALUES (?, ?)"));
      for (const auto& [row_id, key] : keys) {
        RETURN_IF_ERROR(insert->BindText(1, key));
        RETURN_IF_ERROR(insert->BindInt64(2, row_id));
        RETURN_IF_ERROR(insert->Run());
        insert->Reset();
      }
      ASSIGN_OR_RETURN(ScopedStatement mark,
                       db_.Prepare("UPDATE record_search_state SET indexed_through = "
                                   "max(indexed_through, ?)"));
      RETURN_IF_ERROR(mark->BindInt64(1, through_row_id));
      RETURN_IF_ERROR(mark->Run());
    }
    return txn->Commit();
  }

  Result<std::vector<RecordRef>> SearchRecords(const std::vector<SearchTerm>& terms,
                                               std::string_view source, int64_t limit,
                                               int64_t offset, Sensitivity clearance) override {
    if (terms.empty()) return InvalidArgumentError("a search needs at least one term");
    std::vector<std::pair<int64_t, const SearchTerm*>> ordered;
    for (const SearchTerm& term : terms) {
      ASSIGN_OR_RETURN(int64_t estimate, CountMatches(term));
      ordered.emplace_back(estimate, &term);
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    // The rarest term's rows are the candidates, narrowed by the others.
    return IntersectSearch(ordered, source, limit, offset, clearance);
  }

  Result<std::vector<Facet>> CountRecordsBy(std::string_view facet, int64_t limit,
                                            Sensitivity clearance) override {
    ASSIGN_OR_RETURN(std::string expression, FacetExpression(facet));
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT coalesce(" + expression +
                                 ", '') AS v, count(*) AS c "
                                 "FROM records r WHERE r.current = 1 AND r.sensitivity <= ? "
                                 "GROUP BY v ORDER BY c DESC, v LIMIT ?"));
    RETURN_IF_ERROR(stmt->BindInt64(1, static_cast<int64_t>(clearance)));
    RETURN_IF_ERROR(stmt->BindInt64(2, limit));
    std::vector<Facet> facets;
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (!row) return facets;
      facets.push_back({std::string(stmt->ColumnText(0)), stmt->ColumnInt64(1)});
    }
  }

  Result<int64_t> CountRecords(Sensitivity clearance) override {
    return db_.QueryInt64("SELECT count(*) FROM records WHERE current = 1 AND sensitivity <= " +
                          std::to_string(static_cast<int>(clearance)));
  }

  Result<std::vector<std::string>> PersonIdsOf(const std::vector<RecordRef>& refs) override {
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT p.person_id FROM person_records p JOIN sources s ON "
                                 "s.id = p.source_id WHERE s.name = ? AND p.record_id = ?"));
    std::vector<std::string> persons;
    for (const RecordRef& ref : refs) {
      RETURN_IF_ERROR(stmt->BindText(1, ref.source));
      RETURN_IF_ERROR(stmt->BindText(2, ref.record_id));
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      persons.emplace_back(row ? std::string(stmt->ColumnText(0)) : std::string());
      stmt->Reset();
    }
    return persons;
  }

 private:
  // The rows having one term, in increasing order, read only as far as
  // needed: a search stops once it has enough records, so two common names
  // ("Ahmad Mohammad") are joined over a short span of rows, not all of them.
  class TermRows {
   public:
    // `slot` tells apart the statements of one search, which step together
    // (the cache holds one statement per SQL text).
    static Result<TermRows> Open(Database& db, const SearchTerm& term, size_t slot) {
      std::vector<std::string> params;
      // An exact key's rows come in primary-key order; a prefix spans keys,
      // so SQLite sorts its distinct rows first.
      const std::string condition = TermCondition(term, "d", &params);
      ASSIGN_OR_RETURN(ScopedStatement stmt,
                       db.Prepare(std::string("SELECT ") + (term.prefix ? "DISTINCT " : "") +
                                  "d.record_row_id FROM record_search d WHERE " + condition +
                                  " ORDER BY d.record_row_id /* term " + std::to_string(slot) +
                                  " */"));
      TermRows rows(std::move(stmt), std::move(params));
      // The strings stay in place when `rows` moves.
      RETURN_IF_ERROR(BindParams(*rows.stmt_, 1, rows.params_));
      return rows;
    }

    // Returns the next row, or nullopt after the last.
    Result<std::optional<int64_t>> Next() {
      ASSIGN_OR_RETURN(bool row, stmt_->Step());
      if (!row) return std::optional<int64_t>();
      return std::optional<int64_t>(stmt_->ColumnInt64(0));
    }

    // True when the term has `row`; rows must be asked for in increasing order.
    Result<bool> Has(int64_t row) {
      while (!ended_ && (!current_ || *current_ < row)) {
        ASSIGN_OR_RETURN(current_, Next());
        ended_ = !current_;
      }
      return current_ == row;
    }

   private:
    TermRows(ScopedStatement stmt, std::vector<std::string> params)
        : params_(std::move(params)), stmt_(std::move(stmt)) {}

    std::vector<std::string> params_;  // outlives the statement bound to it
    ScopedStatement stmt_;
    std::optional<int64_t> current_;
    bool ended_ = false;
  };

  // Answers "does row R have term T" by one index lookup.
  struct TermLookup {
    ScopedStatement stmt;
    std::vector<std::string> params;  // the term's, bound after the row

    Result<bool> Has(int64_t row_id) {
      RETURN_IF_ERROR(stmt->BindInt64(1, row_id));
      RETURN_IF_ERROR(BindParams(*stmt, 2, params));
      ASSIGN_OR_RETURN(bool found, stmt->Step());
      stmt->Reset();
      return found;
    }
  };

  Result<TermLookup> PrepareLookup(const SearchTerm& term) {
    std::vector<std::string> params;
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT 1 FROM record_search d WHERE d.record_row_id = ? AND " +
                                 TermCondition(term, "d", &params) + " LIMIT 1"));
    return TermLookup{std::move(stmt), std::move(params)};
  }

  // The rarest term's rows are the candidates. Each other term is either
  // read alongside in row order or looked up per candidate, whichever reads
  // less (reading a row in order costs about a twentieth of a lookup); both
  // stop as soon as enough records are found. A term much commoner than the
  // candidates (a quarter of all records may be called Mohammad) is looked
  // up. So is a common prefix: its rows span keys and must all be read and
  // sorted before the first, while a few hundred lookups find `limit`
  // records among that many.
  static bool LookUpPerCandidate(const SearchTerm& term, int64_t term_rows,
                                 int64_t candidate_rows, int64_t records, int64_t wanted) {
    if (!term.prefix) return candidate_rows * 20 < term_rows;
    const int64_t checks =
        std::min(candidate_rows, wanted * records / std::max<int64_t>(term_rows, 1));
    return checks * 10 < term_rows;
  }

  Result<std::vector<RecordRef>> IntersectSearch(
      const std::vector<std::pair<int64_t, const SearchTerm*>>& ordered, std::string_view source,
      int64_t limit, int64_t offset, Sensitivity clearance) {
    ASSIGN_OR_RETURN(TermRows candidates, TermRows::Open(db_, *ordered[0].second, 0));
    ASSIGN_OR_RETURN(int64_t records, db_.QueryInt64("SELECT max(id) FROM records"));
    std::vector<TermRows> alongside;
    std::vector<TermLookup> common;
    for (size_t term_idx = 1; term_idx < ordered.size(); ++term_idx) {
      const SearchTerm& term = *ordered[term_idx].second;
      if (LookUpPerCandidate(term, ordered[term_idx].first, ordered[0].first, records,
                             limit + offset)) {
        ASSIGN_OR_RETURN(TermLookup lookup, PrepareLookup(term));
        common.push_back(std::move(lookup));
      } else {
        ASSIGN_OR_RETURN(TermRows rows, TermRows::Open(db_, term, term_idx));
        alongside.push_back(std::move(rows));
      }
    }
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT s.name, r.record_id FROM records r JOIN sources s ON "
                                 "s.id = r.source_id WHERE r.id = ? AND r.current = 1 AND "
                                 "(? = '' OR s.name = ?) AND r.sensitivity <= ?"));
    std::vector<RecordRef> refs;
    int64_t skipped = 0;
    while (static_cast<int64_t>(refs.size()) < limit) {
      ASSIGN_OR_RETURN(std::optional<int64_t> row_id, candidates.Next());
      if (!row_id) break;
      ASSIGN_OR_RETURN(bool has_all, HasAll(*row_id, alongside, common));
      if (!has_all) continue;
      RETURN_IF_ERROR(stmt->BindInt64(1, *row_id));
      RETURN_IF_ERROR(stmt->BindText(2, source));
      RETURN_IF_ERROR(stmt->BindText(3, source));
      RETURN_IF_ERROR(stmt->BindInt64(4, static_cast<int64_t>(clearance)));
      ASSIGN_OR_RETURN(bool row, stmt->Step());
      if (row && skipped++ >= offset) {
        refs.push_back({std::string(stmt->ColumnText(0)), std::string(stmt->ColumnText(1))});
      }
      stmt->Reset();
    }
    return refs;
  }

  static Result<bool> HasAll(int64_t row_id, std::vector<TermRows>& alongside,
                             std::vector<TermLookup>& common) {
    for (TermRows& rows : alongside) {
      ASSIGN_OR_RETURN(bool has, rows.Has(row_id));
      if (!has) return false;
    }
    for (TermLookup& lookup : common) {
      ASSIGN_OR_RETURN(bool has, lookup.Has(row_id));
      if (!has) return false;
    }
    return true;
  }

  // Returns how many records have `term` (a prefix's keys summed: a record
  // with two of them counts twice, which is close enough to plan by).
  Result<int64_t> CountMatches(const SearchTerm& term) {
    std::vector<std::string> params;
    ASSIGN_OR_RETURN(ScopedStatement stmt,
                     db_.Prepare("SELECT coalesce(sum(c.records), 0) FROM record_search_counts c "
                                 "WHERE " +
                                 TermCondition(term, "c", &params)));
    RETURN_IF_ERROR(BindParams(*stmt, 1, params));
    ASSIGN_OR_RETURN(bool row, stmt->Step());
    return row ? stmt->ColumnInt64(0) : 0;
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<SearchStore> NewSqliteSearchStore(Database& db) {
  return std::make_unique<SqliteSearchStore>(db);
}

}  // namespace sijil::store::internal
