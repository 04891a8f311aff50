#include "common/auth/jwks_refresher.h"

#include <utility>

namespace masar::auth {

JwksRefresher::JwksRefresher(KeySource source, TokenVerifier* verifier,
                             absl::Duration interval)
    : source_(std::move(source)),
      verifier_(verifier),
      interval_(interval),
      thread_([this] { Loop(); }) {}

JwksRefresher::~JwksRefresher() {
  stop_.Notify();
  thread_.join();
}

void JwksRefresher::Loop() {
  while (!stop_.WaitForNotificationWithTimeout(interval_)) {
    absl::StatusOr<Jwks> jwks = source_();
    if (jwks.ok()) verifier_->SetJwks(*std::move(jwks));
  }
}

}  // namespace masar::auth
