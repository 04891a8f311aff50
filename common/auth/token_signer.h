#ifndef MASAR_COMMON_AUTH_TOKEN_SIGNER_H_
#define MASAR_COMMON_AUTH_TOKEN_SIGNER_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/auth/claims.h"
#include "common/auth/signing_key_set.h"

namespace masar::auth {

// The longest an access token may live (DESIGN.md section 2).
inline constexpr absl::Duration kMaxTokenLifetime = absl::Minutes(15);

// Signs access tokens (JWS compact, EdDSA) with the newest key of a set.
class TokenSigner {
 public:
  // `keys` must outlive the signer.
  explicit TokenSigner(const SigningKeySet* keys) : keys_(keys) {}

  // The signed token for `claims`. FAILED_PRECONDITION with no key;
  // INVALID_ARGUMENT for claims every verifier would refuse (no sub or jti,
  // or exp not within kMaxTokenLifetime after iat), so the issuer fails
  // loudly rather than handing out dead tokens.
  absl::StatusOr<std::string> Sign(const Claims& claims) const;

 private:
  const SigningKeySet* keys_;
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_TOKEN_SIGNER_H_
