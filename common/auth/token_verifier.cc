#include "common/auth/token_verifier.h"

#include <algorithm>
#include <utility>

#include "common/auth/auth_errors.h"
#include "common/auth/base64url.h"
#include "common/auth/jws.h"
#include "common/crypto/ed25519.h"
#include "common/status/status_macros.h"

namespace masar::auth {
namespace {

constexpr size_t kSignatureSize = 64;

bool Contains(const std::vector<std::string>& values, absl::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

}  // namespace

TokenVerifier::TokenVerifier(TokenVerifierOptions options, Jwks jwks,
                             const Clock* clock, KeySource key_source)
    : options_(std::move(options)),
      clock_(clock),
      key_source_(std::move(key_source)),
      jwks_(std::make_shared<const Jwks>(std::move(jwks))) {}

void TokenVerifier::SetJwks(Jwks jwks) {
  auto fresh = std::make_shared<const Jwks>(std::move(jwks));
  absl::MutexLock lock(&mu_);
  jwks_ = std::move(fresh);
}

std::shared_ptr<const Jwks> TokenVerifier::CurrentJwks() const {
  absl::MutexLock lock(&mu_);
  return jwks_;
}

void TokenVerifier::MaybeRefresh(const std::string& kid) {
  absl::MutexLock lock(&refresh_mu_);
  if (CurrentJwks()->Find(kid) != nullptr) return;  // another thread did it
  absl::Time now = clock_->Now();
  if (now - last_refresh_ < options_.min_key_refresh_interval) return;
  last_refresh_ = now;
  absl::StatusOr<Jwks> fetched = key_source_();
  // A failed fetch keeps the keys we have: they still verify known kids.
  if (fetched.ok()) SetJwks(*std::move(fetched));
}

absl::StatusOr<std::string> TokenVerifier::PublicKey(const std::string& kid) {
  if (const Jwk* key = CurrentJwks()->Find(kid)) return key->public_key;
  if (key_source_ == nullptr) return InvalidToken("unknown kid");
  MaybeRefresh(kid);
  if (const Jwk* key = CurrentJwks()->Find(kid)) return key->public_key;
  return InvalidToken("unknown kid");
}

absl::Status TokenVerifier::CheckClaims(const Claims& c) const {
  if (c.issuer != options_.issuer) return InvalidToken("wrong issuer");
  if (!Contains(c.audience, options_.audience)) {
    return InvalidToken("wrong audience");
  }
  if (c.subject.empty()) return InvalidToken("missing sub");
  if (c.token_id.empty()) return InvalidToken("missing jti");
  absl::Time now = clock_->Now();
  if (c.expires_at <= now) return InvalidToken("expired");
  absl::Duration lifetime = c.expires_at - c.issued_at;
  if (lifetime <= absl::ZeroDuration() || lifetime > options_.max_lifetime) {
    return InvalidToken("lifetime out of range");
  }
  absl::Time latest_start = now + options_.leeway;
  if (c.issued_at > latest_start) return InvalidToken("issued in the future");
  if (c.not_before > latest_start) return InvalidToken("not yet valid");
  return absl::OkStatus();
}

absl::StatusOr<Claims> TokenVerifier::Verify(absl::string_view token) {
  ASSIGN_OR_RETURN(JwsParts parts, SplitJws(token));
  ASSIGN_OR_RETURN(std::string kid, CheckHeader(parts.header));
  absl::StatusOr<std::string> signature = Base64UrlDecode(parts.signature);
  if (!signature.ok() || signature->size() != kSignatureSize) {
    return InvalidToken("malformed signature");
  }
  ASSIGN_OR_RETURN(std::string public_key, PublicKey(kid));
  signature_checks_.fetch_add(1, std::memory_order_relaxed);
  if (!crypto::Ed25519Verify(public_key, parts.signing_input, *signature)) {
    return InvalidToken("bad signature");
  }
  absl::StatusOr<std::string> payload = Base64UrlDecode(parts.payload);
  if (!payload.ok()) return InvalidToken("payload is not base64url");
  ASSIGN_OR_RETURN(Claims claims, ClaimsFromJson(*payload));
  RETURN_IF_ERROR(CheckClaims(claims));
  return claims;
}

}  // namespace masar::auth
