#ifndef MASAR_SERVICES_IDENTITY_API_PROTO_MAPPING_H_
#define MASAR_SERVICES_IDENTITY_API_PROTO_MAPPING_H_

#include <optional>

#include "absl/time/time.h"
#include "common/audit/audit_log.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "masar/common/v1/audit.pb.h"
#include "masar/common/v1/language.pb.h"
#include "masar/common/v1/localized_text.pb.h"
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

// Timestamps. An absl::InfinitePast/Future or a zero-initialised time maps
// as absl::ToUnixMicros does; unset proto timestamps read as the epoch.
google::protobuf::Timestamp ToProtoTimestamp(absl::Time time);
absl::Time FromProtoTimestamp(const google::protobuf::Timestamp& timestamp);
absl::Duration FromProtoDuration(const google::protobuf::Duration& duration);

common::v1::LocalizedText ToProto(const LocalizedText& text);
LocalizedText FromProto(const common::v1::LocalizedText& text);

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

common::v1::AuditEvent ToProto(const audit::AuditEntry& entry);
common::v1::AuditChainVerification ToProto(
    const audit::Verification& verification);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_PROTO_MAPPING_H_
