#include "common/auth/service_token_source.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace masar::auth {

ServiceTokenSource::ServiceTokenSource(TokenFetcher fetch, const Clock* clock,
                                       ServiceTokenSourceOptions options)
    : fetch_(std::move(fetch)),
      clock_(clock),
      options_(options),
      backoff_(options.initial_backoff) {}

absl::StatusOr<std::string> ServiceTokenSource::Token() {
  absl::MutexLock lock(&mu_);
  while (true) {
    const absl::Time now = clock_->Now();
    const bool usable = !token_.empty() && now < usable_until_;
    if (usable && (now < renew_at_ || renewing_ || now < next_attempt_)) {
      return token_;
    }
    if (renewing_) {
      // No usable token: wait for the sign-in in flight, then look again.
      mu_.Await(absl::Condition(
          +[](bool* renewing) { return !*renewing; }, &renewing_));
      continue;
    }
    if (now < next_attempt_) return last_error_;
    Renew(now);
    // A failed sign-in set next_attempt_, a successful one a fresh token:
    // either way the next round answers.
  }
}

void ServiceTokenSource::Renew(absl::Time now) {
  renewing_ = true;
  mu_.Unlock();
  absl::StatusOr<FetchedToken> fetched = fetch_();
  mu_.Lock();
  renewing_ = false;
  if (fetched.ok() && fetched->lifetime > options_.expiry_margin &&
      !fetched->access_token.empty()) {
    token_ = std::move(fetched->access_token);
    renew_at_ = now + fetched->lifetime * options_.renew_after;
    usable_until_ = now + fetched->lifetime - options_.expiry_margin;
    backoff_ = options_.initial_backoff;
    next_attempt_ = absl::InfinitePast();
    last_error_ = absl::OkStatus();
    return;
  }
  last_error_ =
      fetched.ok()
          ? absl::InternalError(
                "service-account sign-in returned a token too short-lived "
                "to use")
          : absl::Status(fetched.status().code(),
                         absl::StrCat("service-account sign-in failed: ",
                                      fetched.status().message()));
  next_attempt_ = clock_->Now() + backoff_;
  backoff_ = std::min(backoff_ * 2, options_.max_backoff);
}

}  // namespace masar::auth
