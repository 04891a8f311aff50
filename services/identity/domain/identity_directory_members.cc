// IdentityDirectory: members.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/aip/update_mask.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/domain/resource_names.h"
#include "services/identity/domain/validation.h"

namespace masar::identity {
namespace {

absl::Status ValidateMemberRole(absl::string_view field, MemberRole role) {
  if (role != MemberRole::kOwner && role != MemberRole::kMember) {
    return InvalidArgumentError(field, "must be OWNER or MEMBER");
  }
  return absl::OkStatus();
}

std::string MembersFilterKey(const MemberFilter& f) {
  return absl::StrCat("members|", f.organization_id, "|", f.user_id, "|",
                      static_cast<int>(f.role));
}

}  // namespace

absl::StatusOr<Member> IdentityDirectory::CreateMember(Transaction& tx,
                                                       const Actor& actor,
                                                       const NewMember& n) {
  ASSIGN_OR_RETURN(std::string org_id,
                   ParseOrganizationName("parent", n.parent));
  ASSIGN_OR_RETURN(std::string user_id, ParseUserName("member.user", n.user));
  RETURN_IF_ERROR(ValidateMemberRole("member.role", n.role));
  RETURN_IF_ERROR(ValidateTitle("member.title", n.title));
  if (actor.subject().empty()) return OrganizationNotFound(n.parent);
  ASSIGN_OR_RETURN(Organization org, ports_.organizations->Get(tx, org_id));
  ASSIGN_OR_RETURN(bool manager, IsManager(tx, actor, org));
  if (!manager) return PermissionDenied("add members to", org.name());
  if (org.deleted()) return OrganizationDeleted(org.name());
  ASSIGN_OR_RETURN(User user, ports_.users->Get(tx, user_id));
  if (user.state != UserState::kActive) return UserNotActive(user.name());
  const absl::Time now = Now();
  Member member;
  member.organization_id = org_id;
  member.user_id = user_id;
  member.title = n.title;
  member.role = n.role;
  member.create_time = now;
  member.update_time = now;
  member.version = 1;
  RETURN_IF_ERROR(ports_.members->Create(tx, member));
  RETURN_IF_ERROR(
      Audit(tx, actor, "CreateMember", member.name(), member.etag()));
  return member;
}

absl::StatusOr<Member> IdentityDirectory::GetMember(const Actor& actor,
                                                    const std::string& name) {
  ASSIGN_OR_RETURN(MemberKey key, ParseMemberName("name", name));
  return ReadOnly<Member>([&](Transaction& tx) -> absl::StatusOr<Member> {
    absl::StatusOr<Organization> org =
        ports_.organizations->Get(tx, key.organization_id);
    if (absl::IsNotFound(org.status())) return MemberNotFound(name);
    if (!org.ok()) return org.status();
    bool visible = actor.HasGlobalRole(auth::Role::kService);
    if (!visible) {
      ASSIGN_OR_RETURN(visible, IsManager(tx, actor, *org));
    }
    if (!visible) {
      ASSIGN_OR_RETURN(visible, IsMember(tx, actor, org->id));
    }
    if (!visible) return MemberNotFound(name);
    return ports_.members->Get(tx, key.organization_id, key.user_id);
  });
}

absl::StatusOr<aip::Page<Member>> IdentityDirectory::ListMembers(
    const Actor& actor, const MemberListRequest& request) {
  MemberFilter filter;
  filter.role = request.role;
  if (request.role != MemberRole::kUnspecified) {
    RETURN_IF_ERROR(ValidateMemberRole("role", request.role));
  }
  if (!request.user.empty()) {
    ASSIGN_OR_RETURN(filter.user_id, ParseUserName("user", request.user));
  }
  const bool every_organization = request.parent == "organizations/-";
  if (every_organization) {
    if (request.user.empty()) {
      return InvalidArgumentError("user", "required with organizations/-");
    }
    if (!actor.IsUser(filter.user_id) && !actor.IsPlatformAdmin() &&
        !actor.HasGlobalRole(auth::Role::kService)) {
      return PermissionDenied("list memberships of", request.user);
    }
  } else {
    ASSIGN_OR_RETURN(filter.organization_id,
                     ParseOrganizationName("parent", request.parent));
  }
  const std::string key = MembersFilterKey(filter);
  ASSIGN_OR_RETURN(aip::PageQuery query, aip::ParsePageRequest(request.page, key));
  return ReadOnly<aip::Page<Member>>(
      [&](Transaction& tx) -> absl::StatusOr<aip::Page<Member>> {
        if (!every_organization) {
          ASSIGN_OR_RETURN(Organization org, ports_.organizations->Get(
                                                 tx, filter.organization_id));
          // A partnership officer finds a party's signatory among them.
          bool allowed = actor.HasGlobalRole(auth::Role::kService) ||
                         actor.HasGlobalRole(auth::Role::kPartnershipOfficer);
          if (!allowed) {
            ASSIGN_OR_RETURN(allowed, IsManager(tx, actor, org));
          }
          if (!allowed) {
            ASSIGN_OR_RETURN(allowed, IsMember(tx, actor, org.id));
          }
          if (!allowed) return PermissionDenied("list members of", org.name());
        }
        ASSIGN_OR_RETURN(aip::ListResult<Member> result,
                         ports_.members->List(tx, filter, query));
        return aip::MakePage(std::move(result), key, [](const Member& m) {
          return aip::PageCursor{m.create_time, MemberCursorKey(m)};
        });
      });
}

absl::StatusOr<Member> IdentityDirectory::UpdateMember(Transaction& tx,
                                                       const Actor& actor,
                                                       const MemberUpdate& u) {
  ASSIGN_OR_RETURN(MemberKey key, ParseMemberName("member.name", u.name));
  RETURN_IF_ERROR(aip::CheckUpdateMask(u.update_mask, {"title", "role"}));
  if (aip::MaskHas(u.update_mask, "title")) {
    RETURN_IF_ERROR(ValidateTitle("member.title", u.title));
  }
  if (aip::MaskHas(u.update_mask, "role")) {
    RETURN_IF_ERROR(ValidateMemberRole("member.role", u.role));
  }
  absl::StatusOr<Organization> org =
      ports_.organizations->Get(tx, key.organization_id);
  if (absl::IsNotFound(org.status())) return MemberNotFound(u.name);
  if (!org.ok()) return org.status();
  ASSIGN_OR_RETURN(bool manager, IsManager(tx, actor, *org));
  const bool self = actor.IsUser(key.user_id);
  if (!manager && !self) {
    ASSIGN_OR_RETURN(bool member, IsMember(tx, actor, org->id));
    if (!member && !actor.HasGlobalRole(auth::Role::kService)) {
      return MemberNotFound(u.name);
    }
    return PermissionDenied("update", u.name);
  }
  if (!manager && aip::MaskHas(u.update_mask, "role")) {
    return PermissionDenied("change the role of", u.name);
  }
  ASSIGN_OR_RETURN(Member member,
                   ports_.members->Get(tx, key.organization_id, key.user_id));
  RETURN_IF_ERROR(aip::CheckRequiredEtag(u.etag, member.version, member.name()));
  if (aip::MaskHas(u.update_mask, "role") && member.role == MemberRole::kOwner &&
      u.role != MemberRole::kOwner) {
    ASSIGN_OR_RETURN(int64_t owners,
                     ports_.members->CountOwners(tx, key.organization_id));
    if (owners <= 1) return LastOwner(org->name());
  }
  if (aip::MaskHas(u.update_mask, "title")) member.title = u.title;
  if (aip::MaskHas(u.update_mask, "role")) member.role = u.role;
  member.update_time = Now();
  ASSIGN_OR_RETURN(Member updated, ports_.members->Update(tx, member));
  RETURN_IF_ERROR(Audit(
      tx, actor, "UpdateMember", updated.name(),
      absl::StrCat(updated.etag(), "\n", absl::StrJoin(u.update_mask, ","))));
  return updated;
}

absl::Status IdentityDirectory::DeleteMember(Transaction& tx,
                                             const Actor& actor,
                                             const NameAndEtag& req) {
  ASSIGN_OR_RETURN(MemberKey key, ParseMemberName("name", req.name));
  absl::StatusOr<Organization> org =
      ports_.organizations->Get(tx, key.organization_id);
  if (absl::IsNotFound(org.status())) return MemberNotFound(req.name);
  if (!org.ok()) return org.status();
  ASSIGN_OR_RETURN(bool manager, IsManager(tx, actor, *org));
  if (!manager && !actor.IsUser(key.user_id)) {
    ASSIGN_OR_RETURN(bool member, IsMember(tx, actor, org->id));
    if (!member && !actor.HasGlobalRole(auth::Role::kService)) {
      return MemberNotFound(req.name);
    }
    return PermissionDenied("delete", req.name);
  }
  ASSIGN_OR_RETURN(Member member,
                   ports_.members->Get(tx, key.organization_id, key.user_id));
  RETURN_IF_ERROR(aip::CheckOptionalEtag(req.etag, member.version, member.name()));
  if (member.role == MemberRole::kOwner) {
    ASSIGN_OR_RETURN(int64_t owners,
                     ports_.members->CountOwners(tx, key.organization_id));
    if (owners <= 1) return LastOwner(org->name());
  }
  RETURN_IF_ERROR(ports_.members->Delete(tx, member));
  RETURN_IF_ERROR(MembersRemoved(tx, {member}));
  RoleBindingFilter scoped;
  scoped.principal = member.user();
  scoped.scope = org->name();
  RETURN_IF_ERROR(RemoveBindings(tx, scoped));
  return Audit(tx, actor, "DeleteMember", member.name(), member.etag());
}

}  // namespace masar::identity
