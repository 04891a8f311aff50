#include "services/masar/auth_setup.h"

#include "absl/strings/str_cat.h"
#include "common/auth/jwks.h"
#include "common/crypto/key_file.h"
#include "common/status/status_macros.h"

namespace masar {

absl::StatusOr<std::unique_ptr<AuthRuntime>> OpenAuth(
    const std::string& data_dir, const Clock* clock) {
  auto runtime = std::make_unique<AuthRuntime>();
  const std::string path =
      absl::StrCat(data_dir, "/keys/token-signing.ed25519");
  ASSIGN_OR_RETURN(std::string seed, crypto::LoadOrCreateSecret(path, 32));
  ASSIGN_OR_RETURN(crypto::Ed25519KeyPair pair,
                   crypto::Ed25519KeyPair::FromSeed(seed));
  std::string kid = auth::JwkThumbprint(pair.public_key());
  RETURN_IF_ERROR(runtime->keys.Add(
      auth::SigningKey{std::move(kid), std::move(pair), absl::UnixEpoch()}));
  auth::TokenVerifierOptions options;
  options.issuer = kTokenIssuer;
  options.audience = kTokenAudience;
  runtime->verifier = std::make_unique<auth::TokenVerifier>(
      options, runtime->keys.PublicJwks(), clock);
  runtime->cache = std::make_unique<auth::VerifiedTokenCache>(clock);
  runtime->authenticator = std::make_unique<auth::Authenticator>(
      runtime->verifier.get(), runtime->cache.get(), &runtime->revocations);
  return runtime;
}

}  // namespace masar
