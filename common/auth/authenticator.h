#ifndef MASAR_COMMON_AUTH_AUTHENTICATOR_H_
#define MASAR_COMMON_AUTH_AUTHENTICATOR_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/principal.h"
#include "common/auth/revocation_list.h"
#include "common/auth/token_verifier.h"
#include "common/auth/verified_token_cache.h"

namespace masar::auth {

// Access token -> Principal, all in memory: the verified-token cache, else
// a full verification (then cached); then the revocation list, checked on
// every call, cached or not, so a revocation takes effect at once.
class Authenticator {
 public:
  // All must outlive the authenticator; `revocations` may be null (no
  // revocation in this process, e.g. tools and tests).
  Authenticator(TokenVerifier* verifier, VerifiedTokenCache* cache,
                const RevocationList* revocations)
      : verifier_(verifier), cache_(cache), revocations_(revocations) {}

  // UNAUTHENTICATED for a token that fails verification or is revoked.
  absl::StatusOr<std::shared_ptr<const Principal>> Authenticate(
      absl::string_view token);

 private:
  absl::StatusOr<std::shared_ptr<const Principal>> VerifyAndCache(
      absl::string_view token);

  TokenVerifier* verifier_;
  VerifiedTokenCache* cache_;
  const RevocationList* revocations_;
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_AUTHENTICATOR_H_
