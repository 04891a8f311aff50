#ifndef MASAR_SERVICES_IDENTITY_API_IDENTITY_POLICY_H_
#define MASAR_SERVICES_IDENTITY_API_IDENTITY_POLICY_H_

#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/policy_table.h"

namespace masar::identity {

// Who may call each method of the identity service, as the `Access:` lines of
// its proto say; the domain then checks the object and the scope.
absl::StatusOr<auth::PolicyTable> IdentityPolicy();

// The entries IdentityPolicy() is built from, so a test can check that each one
// names a method of the service.
std::vector<auth::PolicyTable::Entry> IdentityPolicyEntries();

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_IDENTITY_POLICY_H_
