#ifndef MASAR_COMMON_AUTH_SIGNING_KEY_SET_H_
#define MASAR_COMMON_AUTH_SIGNING_KEY_SET_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/auth/jwks.h"
#include "common/crypto/ed25519.h"

namespace masar::auth {

struct SigningKey {
  std::string kid;
  crypto::Ed25519KeyPair key_pair;
  // Orders keys: the newest signs.
  absl::Time created;
};

// The issuer's private keys. All are published, so that tokens signed by a
// key being rotated out keep verifying until they expire; only the newest
// signs. Rotation: add the new key, and remove the old one no sooner than
// the longest token lifetime (15 min) plus verifiers' JWKS refresh later.
class SigningKeySet {
 public:
  // INVALID_ARGUMENT for an empty or repeated kid.
  absl::Status Add(SigningKey key);

  bool empty() const { return keys_.empty(); }
  // The key that signs: the newest by `created` (the last added on a tie).
  // The set must not be empty.
  const SigningKey& Newest() const;

  // The public halves of every key.
  Jwks PublicJwks() const;

 private:
  std::vector<SigningKey> keys_;
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_SIGNING_KEY_SET_H_
