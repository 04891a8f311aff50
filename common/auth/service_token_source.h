#ifndef MASAR_COMMON_AUTH_SERVICE_TOKEN_SOURCE_H_
#define MASAR_COMMON_AUTH_SERVICE_TOKEN_SOURCE_H_

#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/clock/clock.h"

namespace masar::auth {

// An access token as a sign-in returns it.
struct FetchedToken {
  std::string access_token;
  // How long it lives from issue (the grant's `expires_in`). The source
  // counts it on its own clock from when the sign-in started, so a clock
  // that differs from identity's does not matter.
  absl::Duration lifetime;
};

// Signs in (AuthenticateServiceAccount) and returns a fresh token. It may
// block; it must have a deadline of its own.
using TokenFetcher = std::function<absl::StatusOr<FetchedToken>()>;

struct ServiceTokenSourceOptions {
  // A token is renewed once this part of its lifetime has passed, leaving
  // the rest to retry in while the renewal fails.
  double renew_after = 2.0 / 3.0;
  // A token is not handed out closer than this to its expiry: the call it
  // goes on must still be accepted on arrival.
  absl::Duration expiry_margin = absl::Seconds(10);
  // After a failed sign-in the next waits this long, doubling up to
  // max_backoff, so an identity outage is not met with a storm of sign-ins.
  absl::Duration initial_backoff = absl::Milliseconds(500);
  absl::Duration max_backoff = absl::Seconds(30);
};

// The access token of this process's service account, for its calls to
// other services: signed in on first use, cached, renewed when
// `renew_after` of its lifetime has passed. One sign-in at a time (the
// caller that finds the token due runs it; others keep using the current
// token, or wait for it when there is none). While renewals fail, the
// current token is used as long as it is valid. Thread-safe.
class ServiceTokenSource {
 public:
  // `clock` must outlive the source.
  ServiceTokenSource(TokenFetcher fetch, const Clock* clock,
                     ServiceTokenSourceOptions options = {});

  // A valid access token, or the last sign-in error when there is none
  // (UNAVAILABLE while identity is down; the next attempt waits for the
  // backoff, and until then the error is returned at once).
  absl::StatusOr<std::string> Token();

 private:
  // Runs one sign-in with mu_ released and records its outcome.
  void Renew(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const TokenFetcher fetch_;
  const Clock* const clock_;
  const ServiceTokenSourceOptions options_;
  absl::Mutex mu_;
  std::string token_ ABSL_GUARDED_BY(mu_);
  absl::Time renew_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Time usable_until_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool renewing_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time next_attempt_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Duration backoff_ ABSL_GUARDED_BY(mu_);
  absl::Status last_error_ ABSL_GUARDED_BY(mu_);
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_SERVICE_TOKEN_SOURCE_H_
