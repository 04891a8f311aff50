// IdentityDirectory: organizations.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/aip/update_mask.h"
#include "common/ids/ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/domain/resource_names.h"
#include "services/identity/domain/validation.h"

namespace masar::identity {
namespace {

absl::Status ValidateOrganizationFields(const Organization& org) {
  RETURN_IF_ERROR(ValidateOrganizationDisplayName("organization.display_name",
                                                  org.display_name));
  RETURN_IF_ERROR(ValidateCountry("organization.country", org.country));
  RETURN_IF_ERROR(
      ValidateIce("organization.ice", org.kind, org.country, org.ice));
  return ValidateWebsite("organization.website", org.website);
}

absl::Status ValidateOrganizationFilter(const OrganizationFilter& f) {
  if (f.kind != OrganizationKind::kUnspecified) {
    RETURN_IF_ERROR(ValidateOrganizationKind("kind", f.kind));
  }
  if (!f.country.empty())
    RETURN_IF_ERROR(ValidateCountry("country", f.country));
  if (!f.ice.empty()) {
    RETURN_IF_ERROR(ValidateIce("ice", f.kind, "MA", f.ice));
  }
  if (!f.display_name_query.empty()) {
    size_t n = CodePointCount(f.display_name_query);
    if (n < 2 || n > 100) {
      return InvalidArgumentError("display_name_query", "2..100 characters");
    }
  }
  return absl::OkStatus();
}

std::string OrganizationsFilterKey(const OrganizationFilter& f) {
  return absl::StrCat("organizations|", static_cast<int>(f.kind), "|",
                      f.country, "|", f.ice, "|", f.display_name_query, "|",
                      f.show_deleted);
}

}  // namespace

absl::StatusOr<CreatedOrganization> IdentityDirectory::CreateOrganization(
    Transaction& tx, const Actor& actor, const NewOrganization& n) {
  RETURN_IF_ERROR(ValidateOrganizationKind("organization.kind", n.kind));
  if (actor.subject().empty()) return PermissionDenied("create", "organizations");
  if (IsInstitutionalKind(n.kind) && !actor.IsPlatformAdmin() &&
      !actor.HasGlobalRole(auth::Role::kPartnershipOfficer)) {
    return PermissionDenied("create", "organizations of this kind");
  }
  const absl::Time now = Now();
  CreatedOrganization created;
  Organization& org = created.organization;
  org.id = NewUuid();
  org.display_name = n.display_name;
  org.kind = n.kind;
  org.country = n.country;
  org.ice = n.ice;
  org.website = n.website;
  org.create_time = now;
  org.update_time = now;
  org.version = 1;
  RETURN_IF_ERROR(ValidateOrganizationFields(org));
  RETURN_IF_ERROR(ports_.organizations->Create(tx, org));
  RETURN_IF_ERROR(
      Audit(tx, actor, "CreateOrganization", org.name(), org.etag()));

  absl::StatusOr<PrincipalRef> creator = ParsePrincipal("actor", actor.subject());
  if (!creator.ok() || creator->kind != PrincipalKind::kUser ||
      IsInstitutionalKind(org.kind)) {
    return created;
  }
  Member owner;
  owner.organization_id = org.id;
  owner.user_id = creator->id;
  owner.role = MemberRole::kOwner;
  owner.create_time = now;
  owner.update_time = now;
  owner.version = 1;
  RETURN_IF_ERROR(ports_.members->Create(tx, owner));
  RETURN_IF_ERROR(Audit(tx, actor, "CreateMember", owner.name(), owner.etag()));
  created.owner_member = owner;
  if (!IsFoundedKind(org.kind)) return created;

  RoleBinding founder;
  founder.id = NewUuid();
  founder.principal = actor.subject();
  founder.role = Role::kFounder;
  founder.scope = org.name();
  founder.creator = actor.subject();
  founder.create_time = now;
  RETURN_IF_ERROR(ports_.role_bindings->Create(tx, founder));
  RETURN_IF_ERROR(Audit(tx, actor, "CreateRoleBinding", founder.name(),
                        founder.ScopedRole()));
  created.founder_role_binding = founder;
  return created;
}

absl::StatusOr<Organization> IdentityDirectory::GetOrganization(
    const Actor& actor, const std::string& name) {
  ASSIGN_OR_RETURN(std::string id, ParseOrganizationName("name", name));
  if (actor.subject().empty()) return OrganizationNotFound(name);
  return ReadOnly<Organization>(
      [&](Transaction& tx) { return ports_.organizations->Get(tx, id); });
}

absl::StatusOr<aip::Page<Organization>> IdentityDirectory::ListOrganizations(
    const Actor& actor, const OrganizationFilter& filter,
    const aip::PageRequest& page) {
  if (actor.subject().empty()) return PermissionDenied("list", "organizations");
  RETURN_IF_ERROR(ValidateOrganizationFilter(filter));
  const std::string key = OrganizationsFilterKey(filter);
  ASSIGN_OR_RETURN(aip::PageQuery query, aip::ParsePageRequest(page, key));
  return ReadOnly<aip::Page<Organization>>(
      [&](Transaction& tx) -> absl::StatusOr<aip::Page<Organization>> {
        ASSIGN_OR_RETURN(aip::ListResult<Organization> result,
                         ports_.organizations->List(tx, filter, query));
        return aip::MakePage(std::move(result), key, [](const Organization& o) {
          return aip::PageCursor{o.create_time, o.id};
        });
      });
}

absl::StatusOr<Organization> IdentityDirectory::UpdateOrganization(
    Transaction& tx, const Actor& actor, const OrganizationUpdate& u) {
  ASSIGN_OR_RETURN(std::string id,
                   ParseOrganizationName("organization.name", u.name));
  RETURN_IF_ERROR(aip::CheckUpdateMask(
      u.update_mask, {"display_name", "country", "ice", "website"}));
  if (actor.subject().empty()) return OrganizationNotFound(u.name);
  ASSIGN_OR_RETURN(Organization org, ports_.organizations->Get(tx, id));
  ASSIGN_OR_RETURN(bool manager, IsManager(tx, actor, org));
  if (!manager) return PermissionDenied("update", org.name());
  if (org.deleted()) return OrganizationDeleted(org.name());
  RETURN_IF_ERROR(aip::CheckRequiredEtag(u.etag, org.version, org.name()));
  if (aip::MaskHas(u.update_mask, "display_name")) org.display_name = u.display_name;
  if (aip::MaskHas(u.update_mask, "country")) org.country = u.country;
  if (aip::MaskHas(u.update_mask, "ice")) org.ice = u.ice;
  if (aip::MaskHas(u.update_mask, "website")) org.website = u.website;
  RETURN_IF_ERROR(ValidateOrganizationFields(org));
  org.update_time = Now();
  ASSIGN_OR_RETURN(Organization updated, ports_.organizations->Update(tx, org));
  RETURN_IF_ERROR(Audit(
      tx, actor, "UpdateOrganization", updated.name(),
      absl::StrCat(updated.etag(), "\n", absl::StrJoin(u.update_mask, ","))));
  return updated;
}

absl::StatusOr<Organization> IdentityDirectory::DeleteOrganization(
    Transaction& tx, const Actor& actor, const NameAndEtag& req) {
  ASSIGN_OR_RETURN(std::string id, ParseOrganizationName("name", req.name));
  if (actor.subject().empty()) return OrganizationNotFound(req.name);
  ASSIGN_OR_RETURN(Organization org, ports_.organizations->Get(tx, id));
  ASSIGN_OR_RETURN(bool manager, IsManager(tx, actor, org));
  if (!manager) return PermissionDenied("delete", org.name());
  if (org.deleted()) return OrganizationDeleted(org.name());
  RETURN_IF_ERROR(aip::CheckOptionalEtag(req.etag, org.version, org.name()));
  const absl::Time now = Now();
  org.delete_time = now;
  org.update_time = now;
  ASSIGN_OR_RETURN(Organization deleted, ports_.organizations->Update(tx, org));
  ASSIGN_OR_RETURN(std::vector<Member> members,
                   ports_.members->DeleteAllOfOrganization(tx, id));
  RETURN_IF_ERROR(MembersRemoved(tx, members));
  RoleBindingFilter scoped;
  scoped.scope = org.name();
  RETURN_IF_ERROR(RemoveBindings(tx, scoped));
  RETURN_IF_ERROR(
      Audit(tx, actor, "DeleteOrganization", deleted.name(), deleted.etag()));
  return deleted;
}

}  // namespace masar::identity
