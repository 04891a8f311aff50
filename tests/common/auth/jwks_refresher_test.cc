#include "common/auth/jwks_refresher.h"

#include <atomic>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_signer.h"
#include "common/clock/clock.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/auth/token_factory.h"

namespace masar::auth {
namespace {

using ::masar::auth::testing::kAudience;
using ::masar::auth::testing::kIssuer;
using ::masar::auth::testing::NewKey;
using ::masar::auth::testing::ValidClaims;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;

// Identity's published keys, as a KeySource would fetch them.
class PublishedKeys {
 public:
  void Publish(Jwks jwks) {
    absl::MutexLock lock(&mu_);
    jwks_ = std::move(jwks);
  }
  void Fail(bool failing) { failing_ = failing; }
  KeySource Source() {
    return [this]() -> absl::StatusOr<Jwks> {
      ++fetches;
      if (failing_) return absl::UnavailableError("identity is down");
      absl::MutexLock lock(&mu_);
      return jwks_;
    };
  }
  std::atomic<int> fetches{0};

 private:
  absl::Mutex mu_;
  Jwks jwks_;
  std::atomic<bool> failing_{false};
};

// Waits (generously) until `verifier` answers `code` for `token`.
bool Eventually(TokenVerifier& verifier, const std::string& token,
                absl::StatusCode code) {
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (absl::Now() < give_up) {
    if (verifier.Verify(token).status().code() == code) return true;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return false;
}

TEST(JwksRefresherTest, AWithdrawnKeyStopsVerifyingWithoutAnUnknownKid) {
  SystemClock clock;
  SigningKeySet old_keys, both, new_keys;
  SigningKey old_key = NewKey("old", absl::UnixEpoch());
  SigningKey new_key = NewKey("new", absl::UnixEpoch() + absl::Seconds(1));
  ASSERT_THAT(old_keys.Add(old_key), IsOk());
  ASSERT_THAT(both.Add(old_key), IsOk());
  ASSERT_THAT(both.Add(new_key), IsOk());
  ASSERT_THAT(new_keys.Add(new_key), IsOk());
  absl::StatusOr<std::string> old_token =
      TokenSigner(&old_keys).Sign(ValidClaims(clock.Now(), "a"));
  absl::StatusOr<std::string> new_token =
      TokenSigner(&new_keys).Sign(ValidClaims(clock.Now(), "b"));
  ASSERT_THAT(old_token, IsOk());
  ASSERT_THAT(new_token, IsOk());

  PublishedKeys published;
  published.Publish(both.PublicJwks());
  TokenVerifierOptions options;
  options.issuer = kIssuer;
  options.audience = kAudience;
  TokenVerifier verifier(options, both.PublicJwks(), &clock);
  ASSERT_THAT(verifier.Verify(*old_token), IsOk());

  JwksRefresher refresher(published.Source(), &verifier,
                          absl::Milliseconds(20));
  // A fetch that fails keeps the keys the verifier has.
  published.Fail(true);
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (published.fetches < 2 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  ASSERT_GE(published.fetches, 2);
  EXPECT_THAT(verifier.Verify(*old_token), IsOk());

  // Identity withdraws the old key: tokens it signed stop verifying
  // although the verifier never meets an unknown kid.
  published.Publish(new_keys.PublicJwks());
  published.Fail(false);
  EXPECT_TRUE(Eventually(verifier, *old_token,
                         absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(verifier.Verify(*new_token), IsOk());
}

}  // namespace
}  // namespace masar::auth
