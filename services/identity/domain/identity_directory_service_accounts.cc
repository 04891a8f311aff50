// IdentityDirectory: service accounts.
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

constexpr absl::Duration kMaxPreviousSecretValidity = absl::Hours(24);

std::string AccountsFilterKey(const ServiceAccountFilter& f) {
  return absl::StrCat("serviceAccounts|", static_cast<int>(f.state));
}

}  // namespace

// Loads a live account that `actor` may change: NOT_FOUND unless visible
// (PLATFORM_ADMIN or the account itself), PERMISSION_DENIED unless admin.
#define LOAD_ACCOUNT_FOR_CHANGE(account, tx, actor, name, action)         \
  ASSIGN_OR_RETURN(std::string account##_id,                              \
                   ParseServiceAccountName("name", name));                \
  if (!(actor).IsPlatformAdmin()) {                                       \
    if ((actor).subject() == (name)) return PermissionDenied(action, name);\
    return ServiceAccountNotFound(name);                                  \
  }                                                                       \
  ASSIGN_OR_RETURN(ServiceAccount account,                                \
                   ports_.service_accounts->Get(tx, account##_id));       \
  if (account.deleted()) return ServiceAccountNotFound(name)

absl::StatusOr<ServiceAccount> IdentityDirectory::CreateServiceAccount(
    Transaction& tx, const Actor& actor, const NewServiceAccount& n) {
  if (!actor.IsPlatformAdmin()) {
    return PermissionDenied("create", "service accounts");
  }
  RETURN_IF_ERROR(
      ValidateServiceAccountId("service_account_id", n.service_account_id));
  RETURN_IF_ERROR(ValidateServiceAccountDisplayName(
      "service_account.display_name", n.display_name));
  RETURN_IF_ERROR(ValidateServiceAccountDescription(
      "service_account.description", n.description));
  if (n.secret_hash.empty()) {
    return absl::InternalError("a service account is created with a secret");
  }
  const absl::Time now = Now();
  ServiceAccount account;
  account.id = n.service_account_id;
  account.display_name = n.display_name;
  account.description = n.description;
  account.state = ServiceAccountState::kActive;
  account.client_id = NewUuid();
  account.secret_hash = n.secret_hash;
  account.secret_create_time = now;
  account.create_time = now;
  account.update_time = now;
  account.version = 1;
  RETURN_IF_ERROR(ports_.service_accounts->Create(tx, account));
  RETURN_IF_ERROR(
      Audit(tx, actor, "CreateServiceAccount", account.name(), account.etag()));
  return account;
}

absl::StatusOr<ServiceAccount> IdentityDirectory::GetServiceAccount(
    const Actor& actor, const std::string& name) {
  ASSIGN_OR_RETURN(std::string id, ParseServiceAccountName("name", name));
  if (!actor.IsPlatformAdmin() && actor.subject() != name) {
    return ServiceAccountNotFound(name);
  }
  return ReadOnly<ServiceAccount>(
      [&](Transaction& tx) -> absl::StatusOr<ServiceAccount> {
        ASSIGN_OR_RETURN(ServiceAccount account,
                         ports_.service_accounts->Get(tx, id));
        if (account.deleted()) return ServiceAccountNotFound(name);
        return account;
      });
}

absl::StatusOr<aip::Page<ServiceAccount>> IdentityDirectory::ListServiceAccounts(
    const Actor& actor, const ServiceAccountFilter& filter,
    const aip::PageRequest& page) {
  if (!actor.IsPlatformAdmin()) {
    return PermissionDenied("list", "service accounts");
  }
  const std::string key = AccountsFilterKey(filter);
  ASSIGN_OR_RETURN(aip::PageQuery query, aip::ParsePageRequest(page, key));
  return ReadOnly<aip::Page<ServiceAccount>>(
      [&](Transaction& tx) -> absl::StatusOr<aip::Page<ServiceAccount>> {
        ASSIGN_OR_RETURN(aip::ListResult<ServiceAccount> result,
                         ports_.service_accounts->List(tx, filter, query));
        return aip::MakePage(std::move(result), key, [](const ServiceAccount& a) {
          return aip::PageCursor{a.create_time, a.id};
        });
      });
}

absl::StatusOr<ServiceAccount> IdentityDirectory::UpdateServiceAccount(
    Transaction& tx, const Actor& actor, const ServiceAccountUpdate& u) {
  RETURN_IF_ERROR(
      aip::CheckUpdateMask(u.update_mask, {"display_name", "description"}));
  if (aip::MaskHas(u.update_mask, "display_name")) {
    RETURN_IF_ERROR(ValidateServiceAccountDisplayName(
        "service_account.display_name", u.display_name));
  }
  if (aip::MaskHas(u.update_mask, "description")) {
    RETURN_IF_ERROR(ValidateServiceAccountDescription(
        "service_account.description", u.description));
  }
  LOAD_ACCOUNT_FOR_CHANGE(account, tx, actor, u.name, "update");
  RETURN_IF_ERROR(aip::CheckRequiredEtag(u.etag, account.version, account.name()));
  if (aip::MaskHas(u.update_mask, "display_name")) {
    account.display_name = u.display_name;
  }
  if (aip::MaskHas(u.update_mask, "description"))
    account.description = u.description;
  account.update_time = Now();
  ASSIGN_OR_RETURN(ServiceAccount updated,
                   ports_.service_accounts->Update(tx, account));
  RETURN_IF_ERROR(Audit(
      tx, actor, "UpdateServiceAccount", updated.name(),
      absl::StrCat(updated.etag(), "\n", absl::StrJoin(u.update_mask, ","))));
  return updated;
}

absl::StatusOr<ServiceAccount> IdentityDirectory::RotateServiceAccountSecret(
    Transaction& tx, const Actor& actor, const SecretRotation& r) {
  if (r.previous_secret_validity < absl::ZeroDuration() ||
      r.previous_secret_validity > kMaxPreviousSecretValidity) {
    return InvalidArgumentError("previous_secret_validity", "0..24 hours");
  }
  if (r.new_secret_hash.empty()) {
    return absl::InternalError("a rotation needs the new secret's hash");
  }
  LOAD_ACCOUNT_FOR_CHANGE(account, tx, actor, r.name, "rotate");
  RETURN_IF_ERROR(aip::CheckOptionalEtag(r.etag, account.version, account.name()));
  if (account.state != ServiceAccountState::kActive) {
    return ServiceAccountNotActive(account.name());
  }
  const absl::Time now = Now();
  if (r.previous_secret_validity > absl::ZeroDuration()) {
    account.previous_secret_hash = account.secret_hash;
    account.previous_secret_expire_time = now + r.previous_secret_validity;
  } else {
    account.previous_secret_hash.clear();
    account.previous_secret_expire_time.reset();
  }
  account.secret_hash = r.new_secret_hash;
  account.secret_create_time = now;
  account.update_time = now;
  ASSIGN_OR_RETURN(ServiceAccount updated,
                   ports_.service_accounts->Update(tx, account));
  RETURN_IF_ERROR(Audit(tx, actor, "RotateServiceAccountSecret", updated.name(),
                        updated.etag()));
  return updated;
}

absl::StatusOr<ServiceAccount> IdentityDirectory::DisableServiceAccount(
    Transaction& tx, const Actor& actor, const NameAndEtag& req) {
  LOAD_ACCOUNT_FOR_CHANGE(account, tx, actor, req.name, "disable");
  RETURN_IF_ERROR(aip::CheckOptionalEtag(req.etag, account.version, account.name()));
  if (account.state != ServiceAccountState::kActive) {
    return ServiceAccountNotActive(account.name());
  }
  const absl::Time now = Now();
  account.state = ServiceAccountState::kDisabled;
  account.tokens_not_before = now;
  account.update_time = now;
  ASSIGN_OR_RETURN(ServiceAccount updated,
                   ports_.service_accounts->Update(tx, account));
  RETURN_IF_ERROR(Audit(tx, actor, "DisableServiceAccount", updated.name(),
                        updated.etag()));
  return updated;
}

absl::StatusOr<ServiceAccount> IdentityDirectory::EnableServiceAccount(
    Transaction& tx, const Actor& actor, const NameAndEtag& req) {
  LOAD_ACCOUNT_FOR_CHANGE(account, tx, actor, req.name, "enable");
  RETURN_IF_ERROR(aip::CheckOptionalEtag(req.etag, account.version, account.name()));
  if (account.state != ServiceAccountState::kDisabled) {
    return ServiceAccountNotDisabled(account.name());
  }
  account.state = ServiceAccountState::kActive;
  account.update_time = Now();
  ASSIGN_OR_RETURN(ServiceAccount updated,
                   ports_.service_accounts->Update(tx, account));
  RETURN_IF_ERROR(
      Audit(tx, actor, "EnableServiceAccount", updated.name(), updated.etag()));
  return updated;
}

absl::Status IdentityDirectory::DeleteServiceAccount(Transaction& tx,
                                                     const Actor& actor,
                                                     const NameAndEtag& req) {
  LOAD_ACCOUNT_FOR_CHANGE(account, tx, actor, req.name, "delete");
  RETURN_IF_ERROR(aip::CheckOptionalEtag(req.etag, account.version, account.name()));
  const absl::Time now = Now();
  account.secret_hash.clear();
  account.previous_secret_hash.clear();
  account.previous_secret_expire_time.reset();
  account.tokens_not_before = now;
  account.delete_time = now;
  account.update_time = now;
  ASSIGN_OR_RETURN(ServiceAccount deleted,
                   ports_.service_accounts->Update(tx, account));
  RoleBindingFilter bindings;
  bindings.principal = deleted.name();
  RETURN_IF_ERROR(DeleteBindings(tx, bindings).status());
  return Audit(tx, actor, "DeleteServiceAccount", deleted.name(),
               deleted.etag());
}

#undef LOAD_ACCOUNT_FOR_CHANGE

}  // namespace masar::identity
