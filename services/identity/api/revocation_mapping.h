#ifndef MASAR_SERVICES_IDENTITY_API_REVOCATION_MAPPING_H_
#define MASAR_SERVICES_IDENTITY_API_REVOCATION_MAPPING_H_

#include "absl/status/statusor.h"
#include "common/auth/revocation.h"
#include "masar/identity/v1/revocation.pb.h"

// proto <-> auth::Revocation, shared by the ListRevocations handler and the
// identity client that reads it, so both sides agree on one mapping.
namespace masar::identity {

v1::Revocation RevocationToProto(const auth::Revocation& revocation);

// INVALID_ARGUMENT naming the field for an unknown kind, an empty value or
// a sequence below 1: a replica must never apply a revocation it misread.
absl::StatusOr<auth::Revocation> RevocationFromProto(
    const v1::Revocation& revocation);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_REVOCATION_MAPPING_H_
