// IdentityDirectory: role bindings.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/ids/ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/domain/resource_names.h"
#include "services/identity/domain/validation.h"

namespace masar::identity {
namespace {

std::string BindingsFilterKey(const RoleBindingFilter& f) {
  return absl::StrCat("roleBindings|", f.principal, "|",
                      static_cast<int>(f.role), "|", f.scope);
}

bool SeesAllBindings(const Actor& actor) {
  return actor.IsPlatformAdmin() || actor.HasGlobalRole(auth::Role::kAuditor) ||
         actor.HasGlobalRole(auth::Role::kService);
}

// The organization id of an "organizations/{id}" scope, or empty.
std::string OrganizationOfScope(absl::string_view scope) {
  absl::StatusOr<std::string> id = ParseOrganizationName("scope", scope);
  return id.ok() ? *id : std::string();
}

}  // namespace

absl::Status IdentityDirectory::CheckPrincipalForBinding(
    Transaction& tx, const NewRoleBinding& b, bool bootstrap) {
  ASSIGN_OR_RETURN(PrincipalRef who,
                   ParsePrincipal("role_binding.principal", b.principal));
  if (who.kind == PrincipalKind::kUser) {
    ASSIGN_OR_RETURN(User user, ports_.users->Get(tx, who.id));
    if (user.state != UserState::kActive) return UserNotActive(user.name());
    if (b.role == Role::kPlatformAdmin && !user.mfa_enabled && !bootstrap) {
      return MfaRequiredForPlatformAdmin(user.name());
    }
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(ServiceAccount account,
                   ports_.service_accounts->Get(tx, who.id));
  if (account.deleted()) return ServiceAccountNotFound(account.name());
  if (account.state != ServiceAccountState::kActive) {
    return ServiceAccountNotActive(account.name());
  }
  return absl::OkStatus();
}

absl::Status IdentityDirectory::CheckScopeForBinding(Transaction& tx,
                                                     const NewRoleBinding& b) {
  const std::string org_id = OrganizationOfScope(b.scope);
  if (org_id.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(Organization org, ports_.organizations->Get(tx, org_id));
  if (b.role == Role::kFounder) {
    if (org.deleted() || !IsFoundedKind(org.kind)) {
      return FounderNeedsFoundedKind(org.name());
    }
    ASSIGN_OR_RETURN(PrincipalRef who,
                     ParsePrincipal("role_binding.principal", b.principal));
    absl::StatusOr<Member> member = ports_.members->Get(tx, org_id, who.id);
    if (absl::IsNotFound(member.status())) {
      return FounderNeedsMember(b.principal, org.name());
    }
    return member.status();
  }
  if (org.deleted()) return OrganizationDeleted(org.name());
  return absl::OkStatus();
}

absl::StatusOr<RoleBinding> IdentityDirectory::CreateRoleBinding(
    Transaction& tx, const Actor& actor, const NewRoleBinding& b) {
  RETURN_IF_ERROR(
      ValidateRoleBinding("role_binding", b.role, b.scope, b.principal));
  if (!actor.IsPlatformAdmin()) {
    const std::string org_id = OrganizationOfScope(b.scope);
    bool owner_granting_founder = false;
    if (b.role == Role::kFounder && !org_id.empty() &&
        b.principal != actor.subject()) {
      ASSIGN_OR_RETURN(owner_granting_founder, IsOwner(tx, actor, org_id));
    }
    if (!owner_granting_founder) {
      return PermissionDenied("create", "this role binding");
    }
  }
  RETURN_IF_ERROR(
      CheckPrincipalForBinding(tx, b, actor.subject() == kSystemActor));
  RETURN_IF_ERROR(CheckScopeForBinding(tx, b));
  RoleBinding binding;
  binding.id = NewUuid();
  binding.principal = b.principal;
  binding.role = b.role;
  binding.scope = b.scope;
  binding.creator = actor.subject().empty() ? "system" : actor.subject();
  binding.create_time = Now();
  RETURN_IF_ERROR(ports_.role_bindings->Create(tx, binding));
  RETURN_IF_ERROR(
      Audit(tx, actor, "CreateRoleBinding", binding.name(),
            absl::StrCat(binding.principal, "\n", binding.ScopedRole())));
  return binding;
}

absl::StatusOr<RoleBinding> IdentityDirectory::GetRoleBinding(
    const Actor& actor, const std::string& name) {
  ASSIGN_OR_RETURN(std::string id, ParseRoleBindingName("name", name));
  return ReadOnly<RoleBinding>(
      [&](Transaction& tx) -> absl::StatusOr<RoleBinding> {
        ASSIGN_OR_RETURN(RoleBinding binding,
                         ports_.role_bindings->Get(tx, id));
        if (!SeesAllBindings(actor) && binding.principal != actor.subject()) {
          return RoleBindingNotFound(name);
        }
        return binding;
      });
}

absl::StatusOr<aip::Page<RoleBinding>> IdentityDirectory::ListRoleBindings(
    const Actor& actor, const RoleBindingFilter& filter,
    const aip::PageRequest& page) {
  if (!filter.principal.empty()) {
    RETURN_IF_ERROR(ParsePrincipal("principal", filter.principal).status());
  }
  if (!filter.scope.empty()) {
    RETURN_IF_ERROR(ValidateScope("scope", filter.scope));
  }
  const std::string key = BindingsFilterKey(filter);
  ASSIGN_OR_RETURN(aip::PageQuery query, aip::ParsePageRequest(page, key));
  return ReadOnly<aip::Page<RoleBinding>>(
      [&](Transaction& tx) -> absl::StatusOr<aip::Page<RoleBinding>> {
        bool allowed =
            SeesAllBindings(actor) ||
            (!filter.principal.empty() && filter.principal == actor.subject());
        const std::string org_id = OrganizationOfScope(filter.scope);
        if (!allowed && !org_id.empty()) {
          ASSIGN_OR_RETURN(allowed, IsOwner(tx, actor, org_id));
        }
        if (!allowed) return PermissionDenied("list", "these role bindings");
        ASSIGN_OR_RETURN(aip::ListResult<RoleBinding> result,
                         ports_.role_bindings->List(tx, filter, query));
        return aip::MakePage(std::move(result), key, [](const RoleBinding& b) {
          return aip::PageCursor{b.create_time, b.id};
        });
      });
}

absl::Status IdentityDirectory::DeleteRoleBinding(Transaction& tx,
                                                  const Actor& actor,
                                                  const std::string& name) {
  ASSIGN_OR_RETURN(std::string id, ParseRoleBindingName("name", name));
  ASSIGN_OR_RETURN(RoleBinding binding, ports_.role_bindings->Get(tx, id));
  bool allowed = actor.IsPlatformAdmin();
  const std::string org_id = OrganizationOfScope(binding.scope);
  if (!allowed && binding.role == Role::kFounder && !org_id.empty()) {
    ASSIGN_OR_RETURN(allowed, IsOwner(tx, actor, org_id));
  }
  if (!allowed) {
    if (SeesAllBindings(actor) || binding.principal == actor.subject()) {
      return PermissionDenied("delete", name);
    }
    return RoleBindingNotFound(name);
  }
  if (binding.role == Role::kPlatformAdmin) {
    RETURN_IF_ERROR(CheckNotLastPlatformAdmin(tx, binding));
  }
  RETURN_IF_ERROR(ports_.role_bindings->Delete(tx, id));
  RETURN_IF_ERROR(Emit(tx, RoleBindingDeleted{binding}));
  RETURN_IF_ERROR(EndSessionsOf(tx, binding.principal));
  return Audit(tx, actor, "DeleteRoleBinding", binding.name(),
               absl::StrCat(binding.principal, "\n", binding.ScopedRole()));
}

absl::Status IdentityDirectory::CheckNotLastPlatformAdmin(
    Transaction& tx, const RoleBinding& binding) {
  ASSIGN_OR_RETURN(PrincipalRef who,
                   ParsePrincipal("principal", binding.principal));
  if (who.kind != PrincipalKind::kUser) return absl::OkStatus();
  ASSIGN_OR_RETURN(User holder, ports_.users->Get(tx, who.id));
  if (holder.state != UserState::kActive) return absl::OkStatus();
  RoleBindingFilter admins;
  admins.role = Role::kPlatformAdmin;
  ASSIGN_OR_RETURN(std::vector<RoleBinding> all,
                   ports_.role_bindings->FindAll(tx, admins));
  for (const RoleBinding& other : all) {
    if (other.id == binding.id) continue;
    absl::StatusOr<PrincipalRef> other_who =
        ParsePrincipal("principal", other.principal);
    if (!other_who.ok() || other_who->kind != PrincipalKind::kUser) continue;
    absl::StatusOr<User> user = ports_.users->Get(tx, other_who->id);
    if (user.ok() && user->state == UserState::kActive) {
      return absl::OkStatus();
    }
  }
  return LastPlatformAdmin(binding.principal);
}

}  // namespace masar::identity
