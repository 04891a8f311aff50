#include "services/identity/domain/identity_directory.h"

#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"
#include "common/status/status_macros.h"
#include "services/identity/domain/resource_names.h"

namespace masar::identity {

IdentityDirectory::IdentityDirectory(IdentityPorts ports) : ports_(ports) {}

absl::Time IdentityDirectory::Now() const {
  return absl::FromUnixMicros(absl::ToUnixMicros(ports_.clock->Now()));
}

absl::Status IdentityDirectory::Audit(Transaction& tx, const Actor& actor,
                                      absl::string_view action,
                                      absl::string_view resource,
                                      absl::string_view content) {
  AuditEvent event;
  event.actor = actor.AuditName();
  event.action = std::string(action);
  event.resource = std::string(resource);
  event.request_id = actor.request_id();
  event.payload_digest =
      crypto::Sha256Hex(absl::StrCat(action, "\n", resource, "\n", content));
  return ports_.audit->Append(tx, event);
}

bool IdentityDirectory::CanSeeUser(const Actor& actor,
                                   absl::string_view user_id) const {
  return actor.IsUser(user_id) || actor.IsPlatformAdmin() ||
         actor.HasGlobalRole(auth::Role::kService);
}

absl::StatusOr<bool> IdentityDirectory::IsManager(Transaction& tx,
                                                  const Actor& actor,
                                                  const Organization& org) {
  if (actor.IsPlatformAdmin()) return true;
  if (IsInstitutionalKind(org.kind) &&
      actor.HasRole(auth::Role::kPartnershipOfficer, org.name())) {
    return true;
  }
  return IsOwner(tx, actor, org.id);
}

absl::StatusOr<std::optional<Member>> IdentityDirectory::MembershipOf(
    Transaction& tx, const Actor& actor, absl::string_view organization_id) {
  absl::StatusOr<PrincipalRef> who = ParsePrincipal("actor", actor.subject());
  if (!who.ok() || who->kind != PrincipalKind::kUser) return std::nullopt;
  absl::StatusOr<Member> member =
      ports_.members->Get(tx, organization_id, who->id);
  if (absl::IsNotFound(member.status())) return std::nullopt;
  if (!member.ok()) return member.status();
  return *std::move(member);
}

absl::StatusOr<bool> IdentityDirectory::IsOwner(
    Transaction& tx, const Actor& actor, absl::string_view organization_id) {
  ASSIGN_OR_RETURN(std::optional<Member> member,
                   MembershipOf(tx, actor, organization_id));
  return member.has_value() && member->role == MemberRole::kOwner;
}

absl::StatusOr<bool> IdentityDirectory::IsMember(
    Transaction& tx, const Actor& actor, absl::string_view organization_id) {
  ASSIGN_OR_RETURN(std::optional<Member> member,
                   MembershipOf(tx, actor, organization_id));
  return member.has_value();
}

absl::Status IdentityDirectory::EndSessionsOf(Transaction& tx, User& user,
                                              absl::Time now) {
  user.sessions_not_before = now;
  return ports_.revocations->Append(tx, SubjectRevocation(user.name(), now));
}

absl::Status IdentityDirectory::EndSessionsOf(Transaction& tx,
                                              absl::string_view principal) {
  ASSIGN_OR_RETURN(PrincipalRef who, ParsePrincipal("principal", principal));
  const absl::Time now = Now();
  if (who.kind == PrincipalKind::kUser) {
    ASSIGN_OR_RETURN(User user, ports_.users->Get(tx, who.id));
    RETURN_IF_ERROR(EndSessionsOf(tx, user, now));
    user.update_time = now;
    return ports_.users->Update(tx, user).status();
  }
  ASSIGN_OR_RETURN(ServiceAccount account,
                   ports_.service_accounts->Get(tx, who.id));
  account.tokens_not_before = now;
  account.update_time = now;
  RETURN_IF_ERROR(ports_.service_accounts->Update(tx, account).status());
  return ports_.revocations->Append(tx, SubjectRevocation(principal, now));
}

absl::Status IdentityDirectory::RemoveBindings(
    Transaction& tx, const RoleBindingFilter& filter) {
  ASSIGN_OR_RETURN(std::vector<RoleBinding> bindings,
                   DeleteBindings(tx, filter));
  absl::flat_hash_set<std::string> principals;
  for (const RoleBinding& binding : bindings) {
    if (!principals.insert(binding.principal).second) continue;
    RETURN_IF_ERROR(EndSessionsOf(tx, binding.principal));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RoleBinding>> IdentityDirectory::DeleteBindings(
    Transaction& tx, const RoleBindingFilter& filter) {
  ASSIGN_OR_RETURN(std::vector<RoleBinding> bindings,
                   ports_.role_bindings->FindAll(tx, filter));
  if (bindings.empty()) return bindings;
  RETURN_IF_ERROR(ports_.role_bindings->DeleteAll(tx, filter).status());
  for (const RoleBinding& binding : bindings) {
    RETURN_IF_ERROR(Emit(tx, RoleBindingDeleted{binding}));
  }
  return bindings;
}

absl::Status IdentityDirectory::MembersRemoved(
    Transaction& tx, const std::vector<Member>& members) {
  for (const Member& member : members) {
    RETURN_IF_ERROR(
        Emit(tx, MemberRemoved{member.organization_id, member.user_id}));
  }
  return absl::OkStatus();
}

absl::Status IdentityDirectory::Emit(Transaction& tx,
                                     const IdentityEvent& event) {
  // Never silently: a change whose event cannot be recorded does not commit.
  if (ports_.events == nullptr) {
    return absl::InternalError("identity has no event log wired");
  }
  return ports_.events->Append(tx, event);
}

absl::StatusOr<std::vector<RoleBinding>> IdentityDirectory::RolesOf(
    Transaction& tx, const std::string& principal) {
  RoleBindingFilter filter;
  filter.principal = principal;
  return ports_.role_bindings->FindAll(tx, filter);
}

}  // namespace masar::identity
