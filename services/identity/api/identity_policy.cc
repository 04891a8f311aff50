// The table is derived from the `// Access:` line of each RPC in
// protos/masar/identity/v1/identity_service.proto, by these rules:
// - "public" -> Access::Public().
// - A line with a path open to a signed-in principal whatever its platform
//   roles ("the user themself", "authenticated", "members"/"managers" of an
//   organization, which are OWNER members, "the binding's principal", "the
//   service account itself") -> Access::Authenticated(): the table cannot
//   tell whose object it is, so the domain decides object by object.
// - Otherwise -> Access::AnyRole() of the roles the line names, in any scope;
//   a scope the line demands ("scope `*`") is the domain's check.
// Every RPC of the service is listed; tests/services/policies checks it.

#include "services/identity/api/identity_policy.h"

#include <utility>
#include <vector>

namespace masar::identity {
namespace {

using auth::Access;
using auth::Role;

constexpr char kService[] = "masar.identity.v1.IdentityService";

std::vector<auth::PolicyTable::Entry> UserEntries() {
  const Access admin = Access::AnyRole({Role::kPlatformAdmin});
  return {
      {"CreateUser", Access::Public()},
      // The user themself, PLATFORM_ADMIN or SERVICE.
      {"GetUser", Access::Authenticated()},
      {"ListUsers", Access::AnyRole({Role::kPlatformAdmin, Role::kService})},
      // Other services' reads of people: cards and demographic counts.
      {"BatchGetPersonCards", Access::AnyRole({Role::kService})},
      {"CountDemographics", Access::AnyRole({Role::kService})},
      {"UpdateUser", Access::Authenticated()},
      {"ChangePassword", Access::Authenticated()},
      {"DisableUser", admin},
      {"EnableUser", admin},
      {"DeleteUser", Access::Authenticated()},
      {"BeginMfaEnrollment", Access::Authenticated()},
      {"ConfirmMfaEnrollment", Access::Authenticated()},
      {"DisableMfa", Access::Authenticated()},
  };
}

// Organizations and members: managers are OWNER members (a membership, not a
// role) as well as PLATFORM_ADMIN and PARTNERSHIP_OFFICER, so every method
// admits any principal and the domain checks the membership.
std::vector<auth::PolicyTable::Entry> OrganizationEntries() {
  return {
      // Authenticated for COMPANY, STARTUP, SME, INVESTOR, ASSOCIATION; the
      // public-sector kinds need PLATFORM_ADMIN or PARTNERSHIP_OFFICER on
      // "*", which the domain checks by kind.
      {"CreateOrganization", Access::Authenticated()},
      {"GetOrganization", Access::Authenticated()},
      {"ListOrganizations", Access::Authenticated()},
      {"UpdateOrganization", Access::Authenticated()},
      {"DeleteOrganization", Access::Authenticated()},
      {"CreateMember", Access::Authenticated()},
      {"GetMember", Access::Authenticated()},
      {"ListMembers", Access::Authenticated()},
      {"UpdateMember", Access::Authenticated()},
      {"DeleteMember", Access::Authenticated()},
  };
}

std::vector<auth::PolicyTable::Entry> ServiceAccountEntries() {
  const Access admin = Access::AnyRole({Role::kPlatformAdmin});
  return {
      {"CreateServiceAccount", admin},
      // PLATFORM_ADMIN, or the service account itself.
      {"GetServiceAccount", Access::Authenticated()},
      {"ListServiceAccounts", admin},
      {"UpdateServiceAccount", admin},
      {"RotateServiceAccountSecret", admin},
      {"DisableServiceAccount", admin},
      {"EnableServiceAccount", admin},
      {"DeleteServiceAccount", admin},
  };
}

// An OWNER member may grant, list and delete FOUNDER bindings on their
// organization, and any principal may read its own bindings: OWNER is a
// membership, not a role, so these admit any principal and the domain
// narrows them.
std::vector<auth::PolicyTable::Entry> RoleBindingEntries() {
  return {
      {"CreateRoleBinding", Access::Authenticated()},
      {"GetRoleBinding", Access::Authenticated()},
      {"ListRoleBindings", Access::Authenticated()},
      {"DeleteRoleBinding", Access::Authenticated()},
  };
}

std::vector<auth::PolicyTable::Entry> TokenAndAuditEntries() {
  const Access audit = Access::AnyRole({Role::kAuditor, Role::kPlatformAdmin});
  return {
      {"Authenticate", Access::Public()},
      {"VerifyMfaChallenge", Access::Public()},
      {"AuthenticateServiceAccount", Access::Public()},
      {"RefreshToken", Access::Public()},
      // Authenticated for the caller's own tokens; PLATFORM_ADMIN for any.
      {"RevokeToken", Access::Authenticated()},
      {"IntrospectToken",
       Access::AnyRole({Role::kService, Role::kPlatformAdmin})},
      {"GetJwks", Access::Public()},
      // Replicas of the other services catch up on revocations with it.
      {"ListRevocations",
       Access::AnyRole({Role::kService, Role::kPlatformAdmin})},
      // Consuming services read this service's outbox with it.
      {"ListDomainEvents", Access::AnyRole({Role::kService})},
      {"ListAuditEvents", audit},
      {"VerifyAuditChain", audit},
  };
}

}  // namespace

std::vector<auth::PolicyTable::Entry> IdentityPolicyEntries() {
  std::vector<auth::PolicyTable::Entry> entries;
  for (auto&& part :
       {UserEntries(), OrganizationEntries(), ServiceAccountEntries(),
        RoleBindingEntries(), TokenAndAuditEntries()}) {
    entries.insert(entries.end(), part.begin(), part.end());
  }
  return entries;
}

absl::StatusOr<auth::PolicyTable> IdentityPolicy() {
  return auth::PolicyTable::Create(kService, IdentityPolicyEntries());
}

}  // namespace masar::identity
