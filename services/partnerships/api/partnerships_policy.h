#ifndef MASAR_SERVICES_PARTNERSHIPS_API_PARTNERSHIPS_POLICY_H_
#define MASAR_SERVICES_PARTNERSHIPS_API_PARTNERSHIPS_POLICY_H_

#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/policy_table.h"

namespace masar::partnerships {

// Who may call each method of the partnerships service, as the `Access:` lines
// of its proto say; the domain then checks the object and the scope.
absl::StatusOr<auth::PolicyTable> PartnershipsPolicy();

// The entries PartnershipsPolicy() is built from, so a test can check that each
// one names a method of the service.
std::vector<auth::PolicyTable::Entry> PartnershipsPolicyEntries();

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_API_PARTNERSHIPS_POLICY_H_
