#ifndef MASAR_SERVICES_IDENTITY_CLIENT_IDENTITY_REVOCATION_SOURCE_H_
#define MASAR_SERVICES_IDENTITY_CLIENT_IDENTITY_REVOCATION_SOURCE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/revocation.h"
#include "common/auth/revocation_source.h"
#include "services/identity/client/identity_client.h"

namespace masar::identity {

// Identity's revocation log read over gRPC (ListRevocations), for the
// RevocationSync of a process that does not host identity. The client
// carries the process's service-account token.
class IdentityRevocationSource final : public auth::RevocationSource {
 public:
  // `client` must outlive the source.
  explicit IdentityRevocationSource(IdentityClient* client) : client_(client) {}

  absl::StatusOr<std::vector<auth::Revocation>> ListAfter(int64_t sequence,
                                                          int limit) override {
    return client_->ListRevocations({}, sequence, limit);
  }

 private:
  IdentityClient* const client_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CLIENT_IDENTITY_REVOCATION_SOURCE_H_
