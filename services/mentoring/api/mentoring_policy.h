#ifndef MASAR_SERVICES_MENTORING_API_MENTORING_POLICY_H_
#define MASAR_SERVICES_MENTORING_API_MENTORING_POLICY_H_

#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/policy_table.h"

namespace masar::mentoring {

// Who may call each method of the mentoring service, as the `Access:` lines of
// its proto say; the domain then checks the object and the scope.
absl::StatusOr<auth::PolicyTable> MentoringPolicy();

// The entries MentoringPolicy() is built from, so a test can check that each
// one names a method of the service.
std::vector<auth::PolicyTable::Entry> MentoringPolicyEntries();

}  // namespace masar::mentoring

#endif  // MASAR_SERVICES_MENTORING_API_MENTORING_POLICY_H_
