#ifndef MASAR_SERVICES_PARTNERSHIPS_STORE_AGREEMENT_ROWS_H_
#define MASAR_SERVICES_PARTNERSHIPS_STORE_AGREEMENT_ROWS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/sql/database.h"
#include "services/partnerships/domain/agreement.h"
#include "services/partnerships/domain/agreement_repository.h"
#include "services/partnerships/store/sql_rows.h"

// An agreement's rows: one in partnerships_agreements, one per party in
// partnerships_agreement_parties, one per scope area in
// partnerships_agreement_scopes (services/partnerships/store/migrations).
namespace masar::partnerships::agreement_rows {

// "a.id, a.kind, ...": every column of partnerships_agreements (alias `a`),
// in the order ReadAgreements reads them.
const std::string& SelectColumns();

// Inserts the agreement's row; ALREADY_EXISTS when its id is taken.
absl::Status Insert(sql::Transaction& tx, const Agreement& agreement);

// Rewrites the row if its version is `agreement.version`, giving it
// `agreement.version + 1`: false when no row of that id and version is.
absl::StatusOr<bool> UpdateIfVersion(sql::Transaction& tx,
                                     const Agreement& agreement);

// Reads the rows a SELECT of SelectColumns() answered, with their parties
// and scope areas.
absl::StatusOr<std::vector<Agreement>> ReadAgreements(sql::Transaction& tx,
                                                      const sql::Result& rows);

// Replaces the agreement's parties and scope areas with its own.
absl::Status WriteChildren(sql::Transaction& tx, const Agreement& agreement);
absl::Status DeleteChildren(sql::Transaction& tx, absl::string_view id);

// "<agreement_id_column> IN (the agreements with a party row where
// `party_condition`)", the party rows aliased `p`.
std::string WithParty(absl::string_view agreement_id_column,
                      absl::string_view party_condition);

// Adds to `where` that the agreement in `agreement_id_column` is visible
// to `visible`: one of its parties is among the organizations or has the
// signatory. An empty Visibility sees nothing.
void AddVisibleTo(const Visibility& visible,
                  absl::string_view agreement_id_column,
                  sql_rows::Conditions& where);

}  // namespace masar::partnerships::agreement_rows

#endif  // MASAR_SERVICES_PARTNERSHIPS_STORE_AGREEMENT_ROWS_H_
