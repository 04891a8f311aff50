// The table is derived from the `// Access:` line of each RPC in
// protos/masar/onboarding/v1/onboarding_service.proto, by these rules:
// - "public" -> Access::Public() (no method here is public).
// - A line with a path open to a signed-in principal whatever its platform
//   roles ("authenticated") -> Access::Authenticated(): the domain decides
//   object by object.
// - Otherwise -> Access::AnyRole() of the roles the line names, in any scope.
//   "FOUNDER of the startup" is the role FOUNDER scoped to the startup's
//   organization, and "PROGRAM_MANAGER on the programme" (likewise REVIEWER)
//   the role scoped to the programme or `*`: the table lets the role through
//   and the domain checks that its scope reaches the object. So do "a user,
//   not a service account" and "the review's author only".
// Every RPC of the service is listed; tests/services/policies checks it.

#include "services/onboarding/api/onboarding_policy.h"

#include <utility>
#include <vector>

namespace masar::onboarding {
namespace {

using auth::Access;
using auth::Role;

constexpr char kService[] = "masar.onboarding.v1.OnboardingService";

std::vector<auth::PolicyTable::Entry> ProgramEntries() {
  const Access manager =
      Access::AnyRole({Role::kProgramManager, Role::kPlatformAdmin});
  return {
      {"CreateProgram", manager},
      // Authenticated; DRAFT programmes only to their managers, PLATFORM_ADMIN
      // and SERVICE, which the domain filters.
      {"GetProgram", Access::Authenticated()},
      {"ListPrograms", Access::Authenticated()},
      {"UpdateProgram", manager},
      {"DeleteProgram", manager},
      {"OpenProgram", manager},
      {"StartProgramReview", manager},
      {"StartProgram", manager},
      {"CloseProgram", manager},
      {"GetProgramStats", manager},
  };
}

std::vector<auth::PolicyTable::Entry> StartupEntries() {
  const Access founder =
      Access::AnyRole({Role::kFounder, Role::kPlatformAdmin});
  const Access reader =
      Access::AnyRole({Role::kFounder, Role::kProgramManager, Role::kReviewer,
                       Role::kService, Role::kPlatformAdmin});
  return {
      {"CreateStartup", founder}, {"GetStartup", reader},
      {"ListStartups", reader},   {"UpdateStartup", founder},
      {"DeleteStartup", founder},
  };
}

std::vector<auth::PolicyTable::Entry> ApplicationEntries() {
  const Access founder =
      Access::AnyRole({Role::kFounder, Role::kPlatformAdmin});
  const Access founder_or_manager = Access::AnyRole(
      {Role::kFounder, Role::kProgramManager, Role::kPlatformAdmin});
  const Access reader =
      Access::AnyRole({Role::kFounder, Role::kProgramManager, Role::kReviewer,
                       Role::kService, Role::kPlatformAdmin});
  return {
      {"CreateApplication", founder_or_manager},
      {"GetApplication", reader},
      {"ListApplications", reader},
      {"UpdateApplication", founder_or_manager},
      {"DeleteApplication", founder},
      {"CheckApplicationEligibility", founder_or_manager},
      {"SubmitApplication", founder},
      {"WithdrawApplication", founder},
  };
}

std::vector<auth::PolicyTable::Entry> DecisionEntries() {
  const Access manager =
      Access::AnyRole({Role::kProgramManager, Role::kPlatformAdmin});
  return {
      {"StartScreening", manager},     {"ScheduleInterview", manager},
      {"QualifyApplication", manager}, {"AcceptApplication", manager},
      {"RejectApplication", manager},  {"WaitlistApplication", manager},
      {"SelectFinalist", manager},     {"DeclareWinner", manager},
      {"RankApplications", manager},
  };
}

std::vector<auth::PolicyTable::Entry> ReviewAndAuditEntries() {
  const Access reviewer = Access::AnyRole({Role::kReviewer});
  const Access reader = Access::AnyRole(
      {Role::kReviewer, Role::kProgramManager, Role::kPlatformAdmin});
  const Access audit = Access::AnyRole({Role::kAuditor, Role::kPlatformAdmin});
  return {
      {"CreateReview", reviewer}, {"GetReview", reader},
      {"ListReviews", reader},    {"UpdateReview", reviewer},
      // Consuming services read this service's outbox with it.
      {"ListDomainEvents", Access::AnyRole({Role::kService})},
      {"ListAuditEvents", audit}, {"VerifyAuditChain", audit},
  };
}

}  // namespace

std::vector<auth::PolicyTable::Entry> OnboardingPolicyEntries() {
  std::vector<auth::PolicyTable::Entry> entries;
  for (auto&& part : {ProgramEntries(), StartupEntries(), ApplicationEntries(),
                      DecisionEntries(), ReviewAndAuditEntries()}) {
    entries.insert(entries.end(), part.begin(), part.end());
  }
  return entries;
}

absl::StatusOr<auth::PolicyTable> OnboardingPolicy() {
  return auth::PolicyTable::Create(kService, OnboardingPolicyEntries());
}

}  // namespace masar::onboarding
