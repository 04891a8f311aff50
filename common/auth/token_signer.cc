#include "common/auth/token_signer.h"

#include "common/auth/jws.h"

namespace masar::auth {

absl::StatusOr<std::string> TokenSigner::Sign(const Claims& claims) const {
  if (keys_->empty()) {
    return absl::FailedPreconditionError("no signing key configured");
  }
  if (claims.subject.empty() || claims.token_id.empty()) {
    return absl::InvalidArgumentError("a token needs sub and jti");
  }
  absl::Duration lifetime = claims.expires_at - claims.issued_at;
  if (lifetime <= absl::ZeroDuration() || lifetime > kMaxTokenLifetime) {
    return absl::InvalidArgumentError(
        "a token's exp is after its iat by at most 15 minutes");
  }
  const SigningKey& key = keys_->Newest();
  return SignCompact(key.key_pair, EncodeHeader(key.kid), ClaimsToJson(claims));
}

}  // namespace masar::auth
