#ifndef MASAR_COMMON_AUTH_REVOCATION_SOURCE_H_
#define MASAR_COMMON_AUTH_REVOCATION_SOURCE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/revocation.h"

namespace masar::auth {

// Where a replica reads the revocations it missed: identity's SQL store in
// its own process, later an RPC to identity from the other services.
class RevocationSource {
 public:
  virtual ~RevocationSource() = default;

  // Up to `limit` revocations with a sequence above `sequence`, in
  // sequence order. Expired ones may already be gone.
  virtual absl::StatusOr<std::vector<Revocation>> ListAfter(int64_t sequence,
                                                            int limit) = 0;
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_REVOCATION_SOURCE_H_
