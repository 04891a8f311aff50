#include "services/masar/auth_setup.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/jwks.h"
#include "common/auth/signing_key_files.h"
#include "common/auth/token_signer.h"
#include "common/crypto/key_file.h"
#include "common/ids/ids.h"
#include "common/status/status_macros.h"

namespace masar {

namespace {

absl::StatusOr<auth::SigningKeySet> EmbeddedDefaultKey(
    const std::string& data_dir) {
  auth::SigningKeySet keys;
  const std::string path =
      absl::StrCat(data_dir, "/keys/token-signing.ed25519");
  ASSIGN_OR_RETURN(std::string seed, crypto::LoadOrCreateSecret(path, 32));
  ASSIGN_OR_RETURN(auth::SigningKey key, auth::KeyFromSeed(seed));
  RETURN_IF_ERROR(keys.Add(std::move(key)));
  return keys;
}

}  // namespace

auth::TokenFetcher SelfIssuedServiceTokens(const auth::SigningKeySet* keys,
                                           const Clock* clock) {
  return [keys, clock]() -> absl::StatusOr<auth::FetchedToken> {
    auth::Claims claims;
    claims.issuer = kTokenIssuer;
    claims.audience = {kTokenAudience};
    claims.subject = kSelfServiceSubject;
    claims.roles = {"SERVICE@*"};
    claims.token_id = NewUuid();
    claims.issued_at = auth::TokenTime(clock->Now());
    claims.expires_at = claims.issued_at + kSelfServiceTokenLifetime;
    ASSIGN_OR_RETURN(std::string token, auth::TokenSigner(keys).Sign(claims));
    return auth::FetchedToken{std::move(token), kSelfServiceTokenLifetime};
  };
}

absl::StatusOr<std::unique_ptr<AuthRuntime>> OpenAuth(
    const std::string& data_dir, const Clock* clock,
    const std::string& keys_dir) {
  ASSIGN_OR_RETURN(auth::SigningKeySet keys,
                   keys_dir.empty() ? EmbeddedDefaultKey(data_dir)
                                    : auth::LoadSigningKeys(keys_dir));
  return OpenAuth(std::move(keys), clock);
}

absl::StatusOr<std::unique_ptr<AuthRuntime>> OpenAuth(auth::SigningKeySet keys,
                                                      const Clock* clock) {
  auto runtime = std::make_unique<AuthRuntime>();
  runtime->keys = std::move(keys);
  BuildVerifier(*runtime, runtime->keys.PublicJwks(), clock);
  return runtime;
}

void BuildVerifier(AuthRuntime& runtime, auth::Jwks jwks, const Clock* clock,
                   auth::KeySource key_source) {
  auth::TokenVerifierOptions options;
  options.issuer = kTokenIssuer;
  options.audience = kTokenAudience;
  runtime.verifier = std::make_unique<auth::TokenVerifier>(
      options, std::move(jwks), clock, std::move(key_source));
  runtime.cache = std::make_unique<auth::VerifiedTokenCache>(clock);
  runtime.authenticator = std::make_unique<auth::Authenticator>(
      runtime.verifier.get(), runtime.cache.get(), &runtime.revocations);
}

std::unique_ptr<AuthRuntime> OpenRemoteAuth(auth::KeySource key_source,
                                            const Clock* clock, Logger& logger,
                                            absl::Duration startup_wait) {
  auto runtime = std::make_unique<AuthRuntime>();
  const absl::Time give_up = absl::Now() + startup_wait;
  absl::StatusOr<auth::Jwks> jwks = key_source();
  // Identity may start a moment after this process (a whole deployment
  // rolled out at once): a short wait saves the first calls a fetch.
  while (!jwks.ok() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(250));
    jwks = key_source();
  }
  if (!jwks.ok()) {
    logger.Warning("no token keys from identity yet; fetching them with the "
                   "first token",
                   {{"error", std::string(jwks.status().message())}});
  }
  BuildVerifier(*runtime, jwks.ok() ? *std::move(jwks) : auth::Jwks(), clock,
                key_source);
  runtime->key_refresher = std::make_unique<auth::JwksRefresher>(
      std::move(key_source), runtime->verifier.get(), auth::kJwksCacheMaxAge);
  return runtime;
}

}  // namespace masar
