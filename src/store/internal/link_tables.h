// The linkage tables of the SQLite store: link runs, persons, the review
// queue and reviewers' decisions. SqliteStore's linkage methods delegate here;
// see store.h for the contract and migrations.cc (version 2) for the schema.
#ifndef SIJIL_STORE_INTERNAL_LINK_TABLES_H_
#define SIJIL_STORE_INTERNAL_LINK_TABLES_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/internal/sqlite.h"
#include "store/store.h"

namespace sijil::store::internal {

// Opens its own transaction.
Result<LinkRunInfo> SaveLinkage(Database& db, const Linkage& linkage);
Result<std::optional<LinkRunInfo>> LatestLinkRun(Database& db);
Result<std::vector<PersonMember>> ListPersonMembers(Database& db, std::string_view person_id,
                                                    Sensitivity clearance);
Result<std::vector<std::string>> ListRetiredPersonIds(Database& db);
Result<std::vector<ReviewItem>> ListReviewQueue(Database& db);
Result<ReviewItem> GetReviewItem(Database& db, int64_t id);
// Opens its own transaction.
Result<LinkDecision> AddLinkDecision(Database& db, const LinkDecision& decision);
Result<std::vector<LinkDecision>> ListLinkDecisions(Database& db);

}  // namespace sijil::store::internal

#endif  // SIJIL_STORE_INTERNAL_LINK_TABLES_H_
