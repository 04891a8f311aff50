#ifndef MASAR_COMMON_AUTH_JWKS_H_
#define MASAR_COMMON_AUTH_JWKS_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace masar::auth {

// How long a verifier may keep identity's JWKS before fetching it again
// (GetJwks' cache_max_age, and JwksRefresher's interval in processes that
// do not host identity).
inline constexpr absl::Duration kJwksCacheMaxAge = absl::Minutes(5);

// One public Ed25519 verification key (RFC 8037: kty "OKP", crv "Ed25519").
struct Jwk {
  std::string kid;
  std::string public_key;  // 32 raw bytes

  friend bool operator==(const Jwk&, const Jwk&) = default;
};

// The public keys tokens are verified with, by kid (RFC 7517 key set).
class Jwks {
 public:
  Jwks() = default;

  // INVALID_ARGUMENT for an empty kid, a key that is not 32 bytes, or a kid
  // already present.
  absl::Status Add(Jwk key);

  // The key with `kid`, or null.
  const Jwk* Find(absl::string_view kid) const;
  const std::vector<Jwk>& keys() const { return keys_; }

  // {"keys":[{"kty":"OKP","crv":"Ed25519","x":..,"kid":..,"alg":"EdDSA",
  // "use":"sig"}, ...]}
  std::string ToJson() const;

  // Parses a JWK Set. Keys of another type (kty other than "OKP", such as
  // an EC key a later issuer may publish) are skipped; an OKP key must be
  // Ed25519 with a 32-byte `x`, a kid, `alg` "EdDSA" if given and `use`
  // "sig" if given, or the whole set is refused: a key whose declared
  // algorithm disagrees with its type is never trusted. INVALID_ARGUMENT.
  static absl::StatusOr<Jwks> FromJson(absl::string_view json);

 private:
  std::vector<Jwk> keys_;
  absl::flat_hash_map<std::string, size_t> index_;
};

// RFC 7638 thumbprint of an Ed25519 public key (base64url of SHA-256 of its
// canonical JWK): a stable kid derived from the key itself.
std::string JwkThumbprint(absl::string_view public_key);

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_JWKS_H_
