#ifndef MASAR_SERVICES_MASAR_AUTH_SETUP_H_
#define MASAR_SERVICES_MASAR_AUTH_SETUP_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/jwks.h"
#include "common/auth/jwks_refresher.h"
#include "common/auth/authenticator.h"
#include "common/auth/revocation_list.h"
#include "common/auth/service_token_source.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_verifier.h"
#include "common/auth/verified_token_cache.h"
#include "common/clock/clock.h"
#include "common/log/logger.h"

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
  // Processes without identity: keeps `verifier`'s keys current (last, so
  // it stops before what it updates goes).
  std::unique_ptr<auth::JwksRefresher> key_refresher;
};

// The subject of the SERVICE tokens a process that signs tokens (it hosts
// identity) issues to itself: no service account can have it ('.' is not
// allowed in an id), so revoking an account never ends it.
inline constexpr char kSelfServiceSubject[] = "serviceAccounts/masar.process";
// How long such a token lives; the ServiceTokenSource renews it after two
// thirds.
inline constexpr absl::Duration kSelfServiceTokenLifetime = absl::Minutes(5);

// Signs in, for a ServiceTokenSource, by signing a SERVICE@* token with the
// newest of `keys`, which must outlive the fetcher: what a process's calls
// to the peers it hosts or reaches carry when it holds identity's keys.
auth::TokenFetcher SelfIssuedServiceTokens(const auth::SigningKeySet* keys,
                                           const Clock* clock);

// The signing keys of `keys_dir` (common/auth/signing_key_files.h); with
// none configured (empty), the embedded default generates one on first
// start and keeps it as `<data_dir>/keys/token-signing.ed25519` (0600).
absl::StatusOr<std::unique_ptr<AuthRuntime>> OpenAuth(
    const std::string& data_dir, const Clock* clock,
    const std::string& keys_dir = "");
// The same over keys already loaded (key_setup.h's TokenSigningKeys).
absl::StatusOr<std::unique_ptr<AuthRuntime>> OpenAuth(auth::SigningKeySet keys,
                                                      const Clock* clock);

// Gives `runtime` its verifier over `jwks`, its verified-token cache and its
// authenticator; `key_source`, when set, fetches the keys again when a
// token names an unknown kid.
void BuildVerifier(AuthRuntime& runtime, auth::Jwks jwks, const Clock* clock,
                   auth::KeySource key_source = nullptr);

// For a process that does not host identity: no signing key; the keys come
// from `key_source` (identity's GetJwks), tried for up to `startup_wait`,
// then on any unknown kid and every kJwksCacheMaxAge (JwksRefresher), so a
// key identity withdraws stops verifying here too. Identity still down
// after the wait is logged and the process starts with no key: the first
// token triggers a fetch.
std::unique_ptr<AuthRuntime> OpenRemoteAuth(auth::KeySource key_source,
                                            const Clock* clock, Logger& logger,
                                            absl::Duration startup_wait);

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_AUTH_SETUP_H_
