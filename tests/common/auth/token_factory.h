#ifndef MASAR_TESTS_COMMON_AUTH_TOKEN_FACTORY_H_
#define MASAR_TESTS_COMMON_AUTH_TOKEN_FACTORY_H_

#include <string>

#include "absl/time/time.h"
#include "common/auth/claims.h"
#include "common/auth/jws.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_signer.h"
#include "common/crypto/ed25519.h"

namespace masar::auth::testing {

inline constexpr char kIssuer[] = "https://identity.masar.test";
inline constexpr char kAudience[] = "masar";

// Claims that a verifier configured with kIssuer/kAudience accepts at `now`.
inline Claims ValidClaims(absl::Time now, std::string jti = "jti-1") {
  Claims c;
  c.issuer = kIssuer;
  c.audience = {kAudience};
  c.subject = "users/u1";
  c.roles = {"FOUNDER@organizations/o1", "REVIEWER@programs/p1"};
  c.amr = {"pwd", "otp"};
  c.session_id = "s1";
  c.token_id = std::move(jti);
  c.issued_at = TokenTime(now);
  c.not_before = c.issued_at;
  c.expires_at = c.issued_at + absl::Minutes(10);
  return c;
}

inline SigningKey NewKey(std::string kid, absl::Time created) {
  return SigningKey{std::move(kid), crypto::Ed25519KeyPair::Generate(),
                    created};
}

// Signs `claims` as-is (even claims the signer would refuse), so tests can
// build every kind of bad token.
inline std::string SignRaw(const SigningKey& key, const Claims& claims) {
  return SignCompact(key.key_pair, EncodeHeader(key.kid), ClaimsToJson(claims));
}

}  // namespace masar::auth::testing

#endif  // MASAR_TESTS_COMMON_AUTH_TOKEN_FACTORY_H_
