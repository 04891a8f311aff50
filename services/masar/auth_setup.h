#ifndef MASAR_SERVICES_MASAR_AUTH_SETUP_H_
#define MASAR_SERVICES_MASAR_AUTH_SETUP_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/authenticator.h"
#include "common/auth/revocation_list.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_verifier.h"
#include "common/auth/verified_token_cache.h"
#include "common/clock/clock.h"

namespace masar {

// The token issuer every service expects, and the audience of its tokens.
inline constexpr char kTokenIssuer[] = "masar-identity";
inline constexpr char kTokenAudience[] = "masar";

// What authenticates every call in this process: the signing keys (used by
// identity, published as the JWKS), a verifier over their public halves,
// the verified-token cache and the revocation list.
struct AuthRuntime {
  auth::SigningKeySet keys;
  std::unique_ptr<auth::TokenVerifier> verifier;
  std::unique_ptr<auth::VerifiedTokenCache> cache;
  auth::RevocationList revocations;
  std::unique_ptr<auth::Authenticator> authenticator;
};

// With no key configured, the embedded default generates one on first start
// and keeps it as `<data_dir>/keys/token-signing.ed25519` (mode 0600).
absl::StatusOr<std::unique_ptr<AuthRuntime>> OpenAuth(
    const std::string& data_dir, const Clock* clock);

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_AUTH_SETUP_H_
