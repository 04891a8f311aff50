#include "common/auth/service_token_source.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/clock/clock.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::auth {
namespace {

using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;

constexpr absl::Duration kLifetime = absl::Minutes(15);

// A sign-in that issues "token-1", "token-2"... or fails while told to.
class FakeSignIn {
 public:
  absl::StatusOr<FetchedToken> operator()() {
    const int n = ++calls_;
    if (fail_) return absl::UnavailableError("identity is down");
    return FetchedToken{absl::StrCat("token-", n), kLifetime};
  }
  int calls() const { return calls_; }
  void set_fail(bool fail) { fail_ = fail; }

 private:
  std::atomic<int> calls_{0};
  std::atomic<bool> fail_{false};
};

class ServiceTokenSourceTest : public ::testing::Test {
 protected:
  ServiceTokenSource Source() {
    return ServiceTokenSource([this] { return sign_in_(); }, &clock_);
  }

  FakeClock clock_;
  FakeSignIn sign_in_;
};

TEST_F(ServiceTokenSourceTest, SignsInOnceAndCachesTheToken) {
  ServiceTokenSource source = Source();
  EXPECT_THAT(source.Token(), IsOkAndHolds("token-1"));
  clock_.Advance(kLifetime / 2);
  EXPECT_THAT(source.Token(), IsOkAndHolds("token-1"));
  EXPECT_EQ(sign_in_.calls(), 1);
}

TEST_F(ServiceTokenSourceTest, RenewsOnceTwoThirdsOfTheLifetimeHavePassed) {
  ServiceTokenSource source = Source();
  ASSERT_THAT(source.Token(), IsOkAndHolds("token-1"));
  clock_.Advance(kLifetime * 2 / 3 - absl::Seconds(1));
  EXPECT_THAT(source.Token(), IsOkAndHolds("token-1"));
  clock_.Advance(absl::Seconds(1));
  EXPECT_THAT(source.Token(), IsOkAndHolds("token-2"));
  EXPECT_EQ(sign_in_.calls(), 2);
}

TEST_F(ServiceTokenSourceTest, KeepsTheValidTokenWhileRenewalFailsThenBacksOff) {
  ServiceTokenSource source = Source();
  ASSERT_THAT(source.Token(), IsOkAndHolds("token-1"));
  sign_in_.set_fail(true);
  clock_.Advance(kLifetime * 2 / 3);
  EXPECT_THAT(source.Token(), IsOkAndHolds("token-1"));
  EXPECT_EQ(sign_in_.calls(), 2);
  // Within the backoff no sign-in is tried.
  EXPECT_THAT(source.Token(), IsOkAndHolds("token-1"));
  EXPECT_EQ(sign_in_.calls(), 2);
  clock_.Advance(absl::Milliseconds(500));
  EXPECT_THAT(source.Token(), IsOkAndHolds("token-1"));
  EXPECT_EQ(sign_in_.calls(), 3);
  // The backoff doubled: 1 s now.
  clock_.Advance(absl::Milliseconds(999));
  EXPECT_THAT(source.Token(), IsOkAndHolds("token-1"));
  EXPECT_EQ(sign_in_.calls(), 3);
  sign_in_.set_fail(false);
  clock_.Advance(absl::Milliseconds(1));
  EXPECT_THAT(source.Token(), IsOkAndHolds("token-4"));
}

TEST_F(ServiceTokenSourceTest, ATokenNearItsExpiryIsNotHandedOut) {
  ServiceTokenSource source = Source();
  ASSERT_THAT(source.Token(), IsOkAndHolds("token-1"));
  sign_in_.set_fail(true);
  clock_.Advance(kLifetime - absl::Seconds(10));
  EXPECT_THAT(source.Token(),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("identity is down")));
}

TEST_F(ServiceTokenSourceTest, WithoutATokenFailsFastDuringTheBackoff) {
  sign_in_.set_fail(true);
  ServiceTokenSource source = Source();
  EXPECT_THAT(source.Token(), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(source.Token(), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(sign_in_.calls(), 1);
  // Doubling stops at the cap (30 s).
  for (int i = 0; i < 10; ++i) {
    clock_.Advance(absl::Seconds(30));
    EXPECT_THAT(source.Token(), StatusIs(absl::StatusCode::kUnavailable));
  }
  EXPECT_EQ(sign_in_.calls(), 11);
  sign_in_.set_fail(false);
  clock_.Advance(absl::Seconds(30));
  EXPECT_THAT(source.Token(), IsOkAndHolds("token-12"));
}

TEST_F(ServiceTokenSourceTest, ATokenTooShortLivedIsRefused) {
  ServiceTokenSource source(
      [] { return FetchedToken{"short", absl::Seconds(5)}; }, &clock_);
  EXPECT_THAT(source.Token(), StatusIs(absl::StatusCode::kInternal));
}

TEST_F(ServiceTokenSourceTest, ConcurrentCallersShareOneSignIn) {
  absl::Notification started, release;
  std::atomic<int> calls{0};
  ServiceTokenSource source(
      [&]() -> absl::StatusOr<FetchedToken> {
        ++calls;
        started.Notify();
        release.WaitForNotification();
        return FetchedToken{"shared", kLifetime};
      },
      &clock_);
  std::vector<std::thread> callers;
  std::atomic<int> got{0};
  for (int i = 0; i < 8; ++i) {
    callers.emplace_back([&] {
      if (source.Token().value_or("") == "shared") ++got;
    });
  }
  started.WaitForNotification();
  release.Notify();
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(got, 8);
  EXPECT_EQ(calls, 1);
}

TEST_F(ServiceTokenSourceTest, OthersUseTheCurrentTokenWhileOneRenews) {
  absl::Notification renewing, release;
  std::atomic<int> calls{0};
  ServiceTokenSource source(
      [&]() -> absl::StatusOr<FetchedToken> {
        if (++calls == 2) {
          renewing.Notify();
          release.WaitForNotification();
        }
        return FetchedToken{absl::StrCat("token-", calls.load()), kLifetime};
      },
      &clock_);
  ASSERT_THAT(source.Token(), IsOkAndHolds("token-1"));
  clock_.Advance(kLifetime * 2 / 3);
  std::thread renewer([&] { EXPECT_THAT(source.Token(), IsOkAndHolds("token-2")); });
  renewing.WaitForNotification();
  EXPECT_THAT(source.Token(), IsOkAndHolds("token-1"));
  release.Notify();
  renewer.join();
  EXPECT_THAT(source.Token(), IsOkAndHolds("token-2"));
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace masar::auth
