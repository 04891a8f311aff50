#ifndef MASAR_COMMON_AUTH_JWKS_REFRESHER_H_
#define MASAR_COMMON_AUTH_JWKS_REFRESHER_H_

#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/auth/token_verifier.h"

namespace masar::auth {

// Keeps the keys of a verifier that gets them from identity current: every
// `interval` (identity's JWKS cache_max_age) it fetches the set and
// replaces the verifier's, so that a key identity withdrew (rotated out, or
// removed after a compromise) stops verifying within an interval, where
// the verifier alone refreshes only when a token names a kid it does not
// know. A failed fetch keeps the keys it has and is tried again at the next
// interval. Tokens already verified stay in the verified-token cache until
// they expire (15 minutes at most).
class JwksRefresher {
 public:
  // `verifier` must outlive the refresher; the first fetch is one interval
  // after construction (the caller fetched at start).
  JwksRefresher(KeySource source, TokenVerifier* verifier,
                absl::Duration interval);
  // Stops the thread, waiting for a fetch in progress.
  ~JwksRefresher();
  JwksRefresher(const JwksRefresher&) = delete;
  JwksRefresher& operator=(const JwksRefresher&) = delete;

 private:
  void Loop();

  const KeySource source_;
  TokenVerifier* const verifier_;
  const absl::Duration interval_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_JWKS_REFRESHER_H_
