#ifndef MASAR_COMMON_AUTH_TOKEN_VERIFIER_H_
#define MASAR_COMMON_AUTH_TOKEN_VERIFIER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/claims.h"
#include "common/auth/jwks.h"
#include "common/clock/clock.h"

namespace masar::auth {

struct TokenVerifierOptions {
  // `iss` must equal it.
  std::string issuer;
  // `aud` must contain it.
  std::string audience = "masar";
  // How far `iat` and `nbf` may lie in the future (the issuer's clock ahead
  // of ours). `exp` gets none: a token is dead at its exp, which is also
  // when the verified-token cache forgets it.
  absl::Duration leeway = absl::Seconds(30);
  absl::Duration max_lifetime = absl::Minutes(15);
  // At most one KeySource call per interval, so a flood of tokens with
  // made-up kids cannot turn into a flood of JWKS fetches.
  absl::Duration min_key_refresh_interval = absl::Seconds(30);
};

// Fetches the current JWKS (from identity's GetJwks, a file...). It may
// block: it runs on the verifying thread, at most once per interval.
using KeySource = std::function<absl::StatusOr<Jwks>()>;

// Verifies access tokens locally against a JWKS. Every refusal is
// UNAUTHENTICATED with a short fixed reason. Thread-safe.
class TokenVerifier {
 public:
  // `clock` must outlive the verifier. `key_source` may be empty: then an
  // unknown kid is simply refused.
  TokenVerifier(TokenVerifierOptions options, Jwks jwks, const Clock* clock,
                KeySource key_source = nullptr);

  // The claims of `token` once its form, algorithm, key, signature and
  // claims all pass.
  absl::StatusOr<Claims> Verify(absl::string_view token);

  // Replaces the keys (a pushed JWKS update).
  void SetJwks(Jwks jwks);

  // Signature checks done so far (tests, metrics).
  int64_t signature_checks() const {
    return signature_checks_.load(std::memory_order_relaxed);
  }

 private:
  // The public key of `kid`, refreshing the JWKS once when it is unknown.
  absl::StatusOr<std::string> PublicKey(const std::string& kid);
  std::shared_ptr<const Jwks> CurrentJwks() const;
  // Fetches the JWKS unless another thread just did or the last attempt is
  // too recent.
  void MaybeRefresh(const std::string& kid);
  absl::Status CheckClaims(const Claims& claims) const;

  const TokenVerifierOptions options_;
  const Clock* clock_;
  const KeySource key_source_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const Jwks> jwks_ ABSL_GUARDED_BY(mu_);
  // Serializes refreshes; held across the (maybe slow) KeySource call, but
  // never while mu_ is held.
  absl::Mutex refresh_mu_;
  absl::Time last_refresh_ ABSL_GUARDED_BY(refresh_mu_) = absl::InfinitePast();
  std::atomic<int64_t> signature_checks_{0};
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_TOKEN_VERIFIER_H_
