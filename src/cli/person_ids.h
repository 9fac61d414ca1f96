// Stable person ids across link runs.
//
// A person's id must not change when nothing about its records changed:
// reports, court files and families cite it. Each new cluster keeps the id of
// the previous person it shares the most records with (greedily, largest
// overlap first, each old id used once); a cluster with nothing to inherit is
// named after its smallest record, "P-" + 16 hex digits of SHA-256 of
// "source\0record_id". The ids of earlier persons that no cluster inherits
// are never given to another person.
#ifndef SIJIL_CLI_PERSON_IDS_H_
#define SIJIL_CLI_PERSON_IDS_H_

#include <string>
#include <vector>

#include "store/store.h"

namespace sijil::cli {

// Returns one id per cluster, all distinct. `previous` are the members of the
// persons before this run, `retired` the ids of earlier persons that have no
// records; `clusters` hold each record exactly once.
std::vector<std::string> AssignPersonIds(
    const std::vector<store::PersonMember>& previous, const std::vector<std::string>& retired,
    const std::vector<std::vector<store::RecordRef>>& clusters);

}  // namespace sijil::cli

#endif  // SIJIL_CLI_PERSON_IDS_H_
