#include "common/auth/signing_key_set.h"

#include <utility>

namespace masar::auth {

absl::Status SigningKeySet::Add(SigningKey key) {
  if (key.kid.empty()) return absl::InvalidArgumentError("signing key without kid");
  for (const SigningKey& k : keys_) {
    if (k.kid == key.kid) {
      return absl::InvalidArgumentError("two signing keys with one kid");
    }
  }
  keys_.push_back(std::move(key));
  return absl::OkStatus();
}

const SigningKey& SigningKeySet::Newest() const {
  const SigningKey* newest = &keys_.front();
  for (const SigningKey& k : keys_) {
    if (k.created >= newest->created) newest = &k;
  }
  return *newest;
}

Jwks SigningKeySet::PublicJwks() const {
  Jwks jwks;
  for (const SigningKey& k : keys_) {
    // Cannot fail: kids were checked by Add and the keys are Ed25519.
    jwks.Add(Jwk{k.kid, k.key_pair.public_key()}).IgnoreError();
  }
  return jwks;
}

}  // namespace masar::auth
