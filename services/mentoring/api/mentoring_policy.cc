// The table is derived from the `// Access:` line of each RPC in
// protos/masar/mentoring/v1/mentoring_service.proto, by these rules:
// - "public" -> Access::Public() (no method here is public).
// - A line with a path open to a signed-in principal whatever its platform
//   roles ("authenticated") -> Access::Authenticated(): the domain decides
//   object by object.
// - Otherwise -> Access::AnyRole() of the roles the line names, in any scope.
//   The service comment defines "the mentor" as role MENTOR held by the
//   profile's user, and "FOUNDER of the startup" as FOUNDER scoped to the
//   match's startup organization, so both are roles here (MENTOR, FOUNDER);
//   no line gives the mentor a path without the role, so the narrower
//   AnyRole holds. "PROGRAM_MANAGER on the programme", "scope `*`", which
//   side may answer and whose profile it is are the domain's checks.
// Every RPC of the service is listed; tests/services/policies checks it.

#include "services/mentoring/api/mentoring_policy.h"

#include <utility>
#include <vector>

namespace masar::mentoring {
namespace {

using auth::Access;
using auth::Role;

constexpr char kService[] = "masar.mentoring.v1.MentoringService";

std::vector<auth::PolicyTable::Entry> MentorEntries() {
  const Access steward = Access::AnyRole(
      {Role::kPlatformAdmin, Role::kProgramManager, Role::kMentor});
  return {
      {"ListTopics", Access::Authenticated()},
      {"CreateMentor",
       Access::AnyRole({Role::kPlatformAdmin, Role::kProgramManager})},
      {"GetMentor",
       Access::AnyRole({Role::kPlatformAdmin, Role::kProgramManager,
                        Role::kService, Role::kMentor, Role::kFounder})},
      {"ListMentors",
       Access::AnyRole({Role::kPlatformAdmin, Role::kProgramManager,
                        Role::kService, Role::kMentor})},
      {"UpdateMentor", steward},
      {"DeleteMentor", Access::AnyRole({Role::kPlatformAdmin})},
      {"PauseMentor", steward},
      {"ResumeMentor", steward},
      {"RetireMentor", steward},
  };
}

std::vector<auth::PolicyTable::Entry> MatchingRunEntries() {
  const Access manager =
      Access::AnyRole({Role::kPlatformAdmin, Role::kProgramManager});
  const Access reader = Access::AnyRole(
      {Role::kPlatformAdmin, Role::kService, Role::kProgramManager});
  return {
      {"CreateMatchingRun", manager}, {"GetMatchingRun", reader},
      {"ListMatchingRuns", reader},   {"CancelMatchingRun", manager},
      {"WatchMatchingRun", reader},
  };
}

std::vector<auth::PolicyTable::Entry> MatchEntries() {
  const Access sides =
      Access::AnyRole({Role::kPlatformAdmin, Role::kProgramManager,
                       Role::kMentor, Role::kFounder});
  const Access reader =
      Access::AnyRole({Role::kPlatformAdmin, Role::kService,
                       Role::kProgramManager, Role::kMentor, Role::kFounder});
  const Access mentor_side = Access::AnyRole(
      {Role::kPlatformAdmin, Role::kProgramManager, Role::kMentor});
  return {
      {"CreateMatch",
       Access::AnyRole({Role::kPlatformAdmin, Role::kProgramManager})},
      {"GetMatch", reader},
      {"ListMatches", reader},
      {"AcceptMatch", sides},
      {"DeclineMatch", sides},
      {"ActivateMatch", mentor_side},
      {"CompleteMatch", mentor_side},
      {"CancelMatch", sides},
  };
}

std::vector<auth::PolicyTable::Entry> SessionAndAuditEntries() {
  const Access sides =
      Access::AnyRole({Role::kPlatformAdmin, Role::kProgramManager,
                       Role::kMentor, Role::kFounder});
  const Access reader =
      Access::AnyRole({Role::kPlatformAdmin, Role::kService,
                       Role::kProgramManager, Role::kMentor, Role::kFounder});
  const Access audit = Access::AnyRole({Role::kAuditor, Role::kPlatformAdmin});
  return {
      {"CreateSession", sides},
      {"GetSession", reader},
      {"ListSessions", reader},
      {"UpdateSession", sides},
      // "The session's creator (as the mentor or FOUNDER of the startup)":
      // the creator holds one of those roles; the domain checks authorship.
      {"DeleteSession", sides},
      // Nobody submits on a side's behalf: no PLATFORM_ADMIN here.
      {"SubmitSessionFeedback",
       Access::AnyRole({Role::kMentor, Role::kFounder})},
      // Consuming services read this service's outbox with it.
      {"ListDomainEvents", Access::AnyRole({Role::kService})},
      {"ListAuditEvents", audit},
      {"VerifyAuditChain", audit},
  };
}

}  // namespace

std::vector<auth::PolicyTable::Entry> MentoringPolicyEntries() {
  std::vector<auth::PolicyTable::Entry> entries;
  for (auto&& part : {MentorEntries(), MatchingRunEntries(), MatchEntries(),
                      SessionAndAuditEntries()}) {
    entries.insert(entries.end(), part.begin(), part.end());
  }
  return entries;
}

absl::StatusOr<auth::PolicyTable> MentoringPolicy() {
  return auth::PolicyTable::Create(kService, MentoringPolicyEntries());
}

}  // namespace masar::mentoring
