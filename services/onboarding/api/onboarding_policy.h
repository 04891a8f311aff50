#ifndef MASAR_SERVICES_ONBOARDING_API_ONBOARDING_POLICY_H_
#define MASAR_SERVICES_ONBOARDING_API_ONBOARDING_POLICY_H_

#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/policy_table.h"

namespace masar::onboarding {

// Who may call each method of the onboarding service, as the `Access:` lines of
// its proto say; the domain then checks the object and the scope.
absl::StatusOr<auth::PolicyTable> OnboardingPolicy();

// The entries OnboardingPolicy() is built from, so a test can check that each
// one names a method of the service.
std::vector<auth::PolicyTable::Entry> OnboardingPolicyEntries();

}  // namespace masar::onboarding

#endif  // MASAR_SERVICES_ONBOARDING_API_ONBOARDING_POLICY_H_
