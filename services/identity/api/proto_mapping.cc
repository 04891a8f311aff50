#include "services/identity/api/proto_mapping.h"

namespace masar::identity {

common::v1::Language ToProto(Language language) {
  return static_cast<common::v1::Language>(static_cast<int>(language));
}

Language FromProto(common::v1::Language language) {
  return static_cast<Language>(static_cast<int>(language));
}

Gender FromProto(v1::Gender gender) {
  return static_cast<Gender>(static_cast<int>(gender));
}

UserState FromProto(v1::User::State state) {
  return static_cast<UserState>(static_cast<int>(state));
}

v1::User ToProto(const User& user) {
  v1::User out;
  out.set_name(user.name());
  out.set_display_name(user.display_name);
  out.set_email(user.email);
  out.set_phone(user.phone);
  // national_id is input only: only its masked form leaves the service.
  out.set_national_id_masked(user.national_id_masked);
  out.set_preferred_language(ToProto(user.preferred_language));
  out.set_state(static_cast<v1::User::State>(static_cast<int>(user.state)));
  if (user.demographics.has_value()) {
    v1::Demographics* d = out.mutable_demographics();
    d->set_gender(
        static_cast<v1::Gender>(static_cast<int>(user.demographics->gender)));
    d->set_birth_year(user.demographics->birth_year);
    d->set_consent(true);
    *d->mutable_consent_time() =
        ToProtoTimestamp(user.demographics->consent_time);
  }
  out.set_mfa_enabled(user.mfa_enabled);
  *out.mutable_create_time() = ToProtoTimestamp(user.create_time);
  *out.mutable_update_time() = ToProtoTimestamp(user.update_time);
  out.set_etag(user.etag());
  return out;
}

v1::Organization ToProto(const Organization& organization) {
  v1::Organization out;
  out.set_name(organization.name());
  *out.mutable_display_name() = ToProto(organization.display_name);
  out.set_kind(static_cast<v1::Organization::Kind>(
      static_cast<int>(organization.kind)));
  out.set_country(organization.country);
  out.set_ice(organization.ice);
  out.set_website(organization.website);
  *out.mutable_create_time() = ToProtoTimestamp(organization.create_time);
  *out.mutable_update_time() = ToProtoTimestamp(organization.update_time);
  if (organization.delete_time.has_value()) {
    *out.mutable_delete_time() = ToProtoTimestamp(*organization.delete_time);
  }
  out.set_etag(organization.etag());
  return out;
}

OrganizationKind FromProto(v1::Organization::Kind kind) {
  return static_cast<OrganizationKind>(static_cast<int>(kind));
}

v1::Member ToProto(const Member& member) {
  v1::Member out;
  out.set_name(member.name());
  out.set_user(member.user());
  out.set_title(member.title);
  out.set_role(static_cast<v1::Member::Role>(static_cast<int>(member.role)));
  *out.mutable_create_time() = ToProtoTimestamp(member.create_time);
  *out.mutable_update_time() = ToProtoTimestamp(member.update_time);
  out.set_etag(member.etag());
  return out;
}

MemberRole FromProto(v1::Member::Role role) {
  return static_cast<MemberRole>(static_cast<int>(role));
}

v1::RoleBinding ToProto(const RoleBinding& binding) {
  v1::RoleBinding out;
  out.set_name(binding.name());
  out.set_principal(binding.principal);
  out.set_role(static_cast<v1::Role>(static_cast<int>(binding.role)));
  out.set_scope(binding.scope);
  out.set_creator(binding.creator);
  *out.mutable_create_time() = ToProtoTimestamp(binding.create_time);
  return out;
}

Role FromProto(v1::Role role) {
  return static_cast<Role>(static_cast<int>(role));
}

v1::ServiceAccount ToProto(const ServiceAccount& account) {
  v1::ServiceAccount out;
  out.set_name(account.name());
  out.set_display_name(account.display_name);
  out.set_description(account.description);
  out.set_state(
      static_cast<v1::ServiceAccount::State>(static_cast<int>(account.state)));
  out.set_client_id(account.client_id);
  *out.mutable_secret_create_time() =
      ToProtoTimestamp(account.secret_create_time);
  if (account.previous_secret_expire_time.has_value()) {
    *out.mutable_previous_secret_expire_time() =
        ToProtoTimestamp(*account.previous_secret_expire_time);
  }
  *out.mutable_create_time() = ToProtoTimestamp(account.create_time);
  *out.mutable_update_time() = ToProtoTimestamp(account.update_time);
  out.set_etag(account.etag());
  return out;
}

ServiceAccountState FromProto(v1::ServiceAccount::State state) {
  return static_cast<ServiceAccountState>(static_cast<int>(state));
}

}  // namespace masar::identity
