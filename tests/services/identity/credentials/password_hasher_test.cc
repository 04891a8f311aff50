#include "services/identity/credentials/password_hasher.h"

#include <atomic>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/identity/credentials/argon2id.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::StartsWith;

constexpr absl::string_view kPassword = "correct horse battery staple";

// The real Argon2id, counting what it is asked to do.
class CountingArgon2id final : public PasswordHashFunction {
 public:
  absl::StatusOr<std::string> Hash(absl::string_view password) override {
    ++hashes;
    return real_.Hash(password);
  }
  absl::StatusOr<bool> Verify(absl::string_view encoded,
                              absl::string_view password) override {
    ++verifies;
    return real_.Verify(encoded, password);
  }
  bool NeedsRehash(absl::string_view encoded) const override {
    return real_.NeedsRehash(encoded);
  }

  std::atomic<int> hashes = 0;
  std::atomic<int> verifies = 0;

 private:
  Argon2id real_;
};

// Holds every call until released, so that the queue can be filled.
class BlockingFunction final : public PasswordHashFunction {
 public:
  absl::StatusOr<std::string> Hash(absl::string_view) override {
    return "$argon2id$dummy";
  }
  absl::StatusOr<bool> Verify(absl::string_view, absl::string_view) override {
    if (!started.HasBeenNotified()) started.Notify();
    release.WaitForNotification();
    return false;
  }
  bool NeedsRehash(absl::string_view) const override { return false; }

  absl::Notification started;
  absl::Notification release;
};

std::unique_ptr<PasswordHasher> MakeHasher(PasswordHashFunction& function,
                                           PasswordHasherOptions options = {}) {
  absl::StatusOr<std::unique_ptr<PasswordHasher>> hasher =
      PasswordHasher::Create(function, options);
  EXPECT_THAT(hasher, IsOk());
  return hasher.ok() ? *std::move(hasher) : nullptr;
}

TEST(PasswordHasherTest, HashesWithArgon2idAtOwaspMinimum) {
  Argon2id argon2id;
  auto hasher = MakeHasher(argon2id);
  const absl::Time start = absl::Now();
  absl::StatusOr<std::string> hash = hasher->Hash(kPassword);
  const absl::Duration took = absl::Now() - start;
  ASSERT_THAT(hash, IsOk());
  EXPECT_THAT(*hash, StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
  EXPECT_FALSE(hasher->NeedsRehash(*hash));
  std::cout << "Argon2id m=19MiB t=2 p=1 hash took "
            << absl::FormatDuration(took) << "\n";
}

TEST(PasswordHasherTest, VerifiesTheRightPasswordOnly) {
  Argon2id argon2id;
  auto hasher = MakeHasher(argon2id);
  absl::StatusOr<std::string> hash = hasher->Hash(kPassword);
  ASSERT_THAT(hash, IsOk());
  EXPECT_THAT(hasher->Verify(*hash, kPassword), IsOkAndHolds(true));
  EXPECT_THAT(hasher->Verify(*hash, "correct horse battery stapler"),
              IsOkAndHolds(false));
}

TEST(PasswordHasherTest, SaltsEveryHash) {
  Argon2id argon2id;
  auto hasher = MakeHasher(argon2id);
  EXPECT_NE(*hasher->Hash(kPassword), *hasher->Hash(kPassword));
}

TEST(PasswordHasherTest, RefusesPasswordsOutsideThePolicy) {
  CountingArgon2id function;
  auto hasher = MakeHasher(function);
  const int before = function.hashes;
  EXPECT_THAT(
      hasher->Hash(std::string(11, 'a')),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("password")));
  EXPECT_THAT(hasher->Hash(std::string(129, 'a')),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(hasher->Verify("$argon2id$x", std::string(129, 'a')),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(function.hashes, before);
  EXPECT_EQ(function.verifies, 0);
}

TEST(PasswordHasherTest, AnUnreadableStoredHashIsInvalidArgument) {
  Argon2id argon2id;
  auto hasher = MakeHasher(argon2id);
  EXPECT_THAT(hasher->Verify("$2b$10$bcrypt", kPassword),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_TRUE(hasher->NeedsRehash("$2b$10$bcrypt"));
}

TEST(PasswordHasherTest, NeedsRehashWhenParametersDiffer) {
  Argon2id weaker(/*passes=*/1, /*memory_bytes=*/size_t{8} << 20);
  absl::StatusOr<std::string> old_hash = weaker.Hash(kPassword);
  ASSERT_THAT(old_hash, IsOk());
  Argon2id argon2id;
  auto hasher = MakeHasher(argon2id);
  EXPECT_TRUE(hasher->NeedsRehash(*old_hash));
  // Still verifies: the parameters travel in the encoded string.
  EXPECT_THAT(hasher->Verify(*old_hash, kPassword), IsOkAndHolds(true));
}

TEST(PasswordHasherTest, DummyVerifyRunsTheSameWork) {
  CountingArgon2id function;
  auto hasher = MakeHasher(function);
  absl::StatusOr<std::string> hash = hasher->Hash(kPassword);
  ASSERT_THAT(hash, IsOk());

  absl::Time start = absl::Now();
  EXPECT_THAT(hasher->Verify(*hash, "wrong password here"),
              IsOkAndHolds(false));
  const absl::Duration real = absl::Now() - start;
  start = absl::Now();
  EXPECT_THAT(hasher->VerifyAgainstDummy("wrong password here"),
              IsOkAndHolds(false));
  const absl::Duration dummy = absl::Now() - start;

  // Both ran a full Argon2id verification; times only roughly compared
  // (same order), since the machine may be busy.
  EXPECT_EQ(function.verifies, 2);
  EXPECT_GT(dummy, real / 4);
  EXPECT_LT(dummy, real * 4);
}

TEST(PasswordHasherTest, RefusesAtOnceWhenTheQueueIsFull) {
  BlockingFunction function;
  auto hasher = MakeHasher(
      function, {.queue_capacity = 2, .retry_delay = absl::Seconds(3)});
  std::atomic<int> finished = 0;
  auto count = [&](absl::StatusOr<bool>) { ++finished; };
  hasher->Verify("h", kPassword, count);  // Taken by the thread, blocked.
  function.started.WaitForNotification();
  hasher->Verify("h", kPassword, count);  // Queued.
  hasher->Verify("h", kPassword, count);  // Queued: the queue is full.

  const absl::Time start = absl::Now();
  absl::Status refused;
  hasher->Verify("h", kPassword,
                 [&](absl::StatusOr<bool> r) { refused = r.status(); });
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(100));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(RetryDelay(refused), Optional(absl::Seconds(3)));
  EXPECT_THAT(hasher->VerifyAgainstDummy(kPassword),
              StatusIs(absl::StatusCode::kResourceExhausted));

  function.release.Notify();
  hasher.reset();  // Joins after the queued work is done or cancelled.
  EXPECT_EQ(finished, 3);
}

TEST(PasswordHasherTest, QueuedWorkIsCancelledAtShutdown) {
  BlockingFunction function;
  auto hasher = MakeHasher(function, {.queue_capacity = 4});
  std::vector<absl::Status> outcomes;
  absl::Mutex mu;
  auto record = [&](absl::StatusOr<bool> r) {
    absl::MutexLock lock(&mu);
    outcomes.push_back(r.status());
  };
  hasher->Verify("h", kPassword, record);
  function.started.WaitForNotification();
  hasher->Verify("h", kPassword, record);
  hasher->Verify("h", kPassword, record);
  // Let the blocked call finish while the destructor is waiting for it.
  std::thread releaser([&] {
    absl::SleepFor(absl::Milliseconds(200));
    function.release.Notify();
  });
  hasher.reset();
  releaser.join();
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_THAT(outcomes[0], IsOk());
  EXPECT_THAT(outcomes[1], StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(outcomes[2], StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace masar::identity
