#ifndef MASAR_SERVICES_IDENTITY_API_PROTO_MAPPING_H_
#define MASAR_SERVICES_IDENTITY_API_PROTO_MAPPING_H_

#include <optional>

#include "common/proto_mapping/audit_mapping.h"
#include "common/proto_mapping/proto_mapping.h"
#include "masar/common/v1/language.pb.h"
#include "masar/identity/v1/member.pb.h"
#include "masar/identity/v1/organization.pb.h"
#include "masar/identity/v1/role_binding.pb.h"
#include "masar/identity/v1/service_account.pb.h"
#include "masar/identity/v1/user.pb.h"
#include "services/identity/domain/member.h"
#include "services/identity/domain/organization.h"
#include "services/identity/domain/role_binding.h"
#include "services/identity/domain/service_account.h"
#include "services/identity/domain/user.h"

// proto <-> domain for the identity resources. Only what a resource may show
// leaves through ToProto: the national identifier masked (never its
// ciphertext), and no password hash, TOTP secret or client-secret hash.
// Enum conversions copy the number (the domain enums match the protos);
// whether a value is allowed is the domain's validation.
namespace masar::identity {

// The shared mappers (common/proto_mapping) serve timestamps, durations,
// LocalizedText and audit entries. FromProto(common::v1::LocalizedText)
// joins this overload set by name: argument-dependent lookup would not
// find it from here.
using ::masar::FromProto;

// Users: `national_id` is never filled (input only); `national_id_masked`
// is; secrets and hashes are dropped.
v1::User ToProto(const User& user);
common::v1::Language ToProto(Language language);
Language FromProto(common::v1::Language language);
Gender FromProto(v1::Gender gender);
UserState FromProto(v1::User::State state);

v1::Organization ToProto(const Organization& organization);
OrganizationKind FromProto(v1::Organization::Kind kind);

v1::Member ToProto(const Member& member);
MemberRole FromProto(v1::Member::Role role);

v1::RoleBinding ToProto(const RoleBinding& binding);
Role FromProto(v1::Role role);

// Service accounts: the current and previous secret hashes are dropped.
v1::ServiceAccount ToProto(const ServiceAccount& account);
ServiceAccountState FromProto(v1::ServiceAccount::State state);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_PROTO_MAPPING_H_
