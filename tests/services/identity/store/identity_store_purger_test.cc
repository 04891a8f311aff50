// IdentityStorePurger on SQLite and PostgreSQL: what goes, what stays.
#include "services/identity/store/identity_store_purger.h"

#include <optional>
#include <string>

#include "absl/time/clock.h"
#include "common/clock/clock.h"
#include "common/log/logger.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/identity/credentials/sql_throttle_counters.h"
#include "services/identity/store/sql_session_store.h"
#include "tests/services/identity/store/migrated_identity_store.h"
#include "tests/testing/sql/test_database.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;

constexpr absl::Time kT0 = absl::FromUnixSeconds(1700000000);

class IdentityStorePurgerTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    ASSERT_THAT(MigrateIdentityStore(db()), IsOk());
    unit_of_work_ = std::make_unique<sql::SqlUnitOfWork>(&db());
  }

  absl::Status InTransaction(absl::FunctionRef<absl::Status(Transaction&)> body) {
    return unit_of_work_->Run(body);
  }

  void AddSession(const std::string& id, absl::Time expire_time) {
    Session session{.id = id,
                    .subject = "users/u",
                    .amr = {"pwd"},
                    .create_time = kT0,
                    .expire_time = expire_time,
                    .revoke_time = std::nullopt};
    ASSERT_THAT(InTransaction([&](Transaction& tx) {
                  return sessions_.CreateSession(tx, session);
                }),
                IsOk());
  }

  void AddToken(const std::string& hash, const std::string& session,
                absl::Time expire_time, bool used) {
    RefreshTokenRecord token{.token_hash = hash,
                             .session_id = session,
                             .issue_time = kT0,
                             .expire_time = expire_time,
                             .use_time = used ? std::optional(kT0) : std::nullopt};
    ASSERT_THAT(InTransaction([&](Transaction& tx) {
                  return sessions_.AddRefreshToken(tx, token);
                }),
                IsOk());
  }

  void AddTicket(const std::string& hash, absl::Time expire_time) {
    MfaTicket ticket{.ticket_hash = hash, .user_id = "u",
                     .expire_time = expire_time, .attempts = 0, .used = false};
    ASSERT_THAT(InTransaction([&](Transaction& tx) {
                  return sessions_.CreateMfaTicket(tx, ticket);
                }),
                IsOk());
  }

  void AddDevice(const std::string& hash, absl::Time expire_time) {
    DeviceToken device{.token_hash = hash, .user_id = "u",
                       .issue_time = kT0, .expire_time = expire_time};
    ASSERT_THAT(InTransaction([&](Transaction& tx) {
                  return sessions_.AddDeviceToken(tx, device);
                }),
                IsOk());
  }

  // Whether `find` (a SessionStore lookup) finds a row.
  template <typename Find>
  bool Found(Find find) {
    bool found = false;
    EXPECT_THAT(InTransaction([&](Transaction& tx) {
                  auto row = find(tx);
                  if (!row.ok()) return row.status();
                  found = row->has_value();
                  return absl::OkStatus();
                }),
                IsOk());
    return found;
  }
  bool HasToken(const std::string& hash) {
    return Found([&](Transaction& tx) {
      return sessions_.FindRefreshToken(tx, hash);
    });
  }
  bool HasSession(const std::string& id) {
    return Found([&](Transaction& tx) { return sessions_.GetSession(tx, id); });
  }
  bool HasDevice(const std::string& hash) {
    return Found(
        [&](Transaction& tx) { return sessions_.FindDeviceToken(tx, hash); });
  }
  bool HasTicket(const std::string& hash) {
    return Found(
        [&](Transaction& tx) { return sessions_.FindMfaTicket(tx, hash); });
  }

  FakeClock clock_{kT0};
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  SqlSessionStore sessions_;
  std::unique_ptr<sql::SqlUnitOfWork> unit_of_work_;
};

TEST_P(IdentityStorePurgerTest, DeletesWhatNothingNeedsInBatches) {
  const absl::Time now = kT0 + absl::Hours(2);
  AddSession("ended", kT0 + absl::Hours(1));
  AddSession("live", kT0 + absl::Hours(3));
  AddToken("of-ended", "ended", kT0 + absl::Hours(1), /*used=*/true);
  // A used token of a live session is how a reuse is caught: it stays.
  AddToken("used-of-live", "live", kT0 + absl::Hours(1), /*used=*/true);
  AddToken("expired-unused", "live", kT0 + absl::Hours(1), /*used=*/false);
  AddToken("current", "live", kT0 + absl::Hours(3), /*used=*/false);
  AddToken("orphan", "gone", kT0 + absl::Hours(3), /*used=*/false);
  AddTicket("old-ticket", kT0 + absl::Minutes(5));
  AddTicket("new-ticket", now + absl::Minutes(5));
  AddDevice("old-device", kT0 + absl::Hours(1));
  AddDevice("new-device", now + absl::Hours(1));
  clock_.Set(now - absl::Minutes(30));
  SqlThrottleCounters counters(db(), clock_);
  ASSERT_THAT(counters.Add("over", 1, absl::Minutes(15)), IsOk());
  ASSERT_THAT(counters.Add("running", 1, absl::Hours(1)), IsOk());
  clock_.Set(now);

  IdentityStorePurger purger(&db(), &clock_, &logger_,
                             PurgeOptions{.interval = absl::Hours(1),
                                          .batch_size = 2});
  // 3 tokens, 1 session, 1 ticket, 1 device token, 1 counter; request ids
  // and revocations have none.
  EXPECT_THAT(purger.PurgeOnce(), IsOkAndHolds(7));
  EXPECT_THAT(purger.PurgeOnce(), IsOkAndHolds(0));

  EXPECT_FALSE(HasToken("of-ended"));
  EXPECT_FALSE(HasToken("expired-unused"));
  EXPECT_FALSE(HasToken("orphan"));
  EXPECT_TRUE(HasToken("used-of-live"));
  EXPECT_TRUE(HasToken("current"));
  EXPECT_FALSE(HasSession("ended"));
  EXPECT_TRUE(HasSession("live"));
  EXPECT_FALSE(HasTicket("old-ticket"));
  EXPECT_TRUE(HasTicket("new-ticket"));
  EXPECT_FALSE(HasDevice("old-device"));
  EXPECT_TRUE(HasDevice("new-device"));
  // The live counter goes on counting; the ended one starts again.
  EXPECT_THAT(counters.Add("running", 1, absl::Hours(1)), IsOkAndHolds(2));
  EXPECT_THAT(counters.PurgeExpired(now, 10), IsOkAndHolds(0));
}

TEST_P(IdentityStorePurgerTest, ItsThreadPurgesEveryIntervalUntilStopped) {
  AddTicket("old-ticket", kT0 - absl::Minutes(1));
  IdentityStorePurger purger(&db(), &clock_, &logger_,
                             PurgeOptions{.interval = absl::Milliseconds(10),
                                          .batch_size = 10});
  purger.Start();
  bool gone = false;
  for (int i = 0; i < 500 && !gone; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
    gone = !HasTicket("old-ticket");
  }
  purger.Stop();
  EXPECT_TRUE(gone);
  // Stopped: a new expired ticket stays.
  AddTicket("later-ticket", kT0 - absl::Minutes(1));
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_TRUE(HasTicket("later-ticket"));
}

INSTANTIATE_DATABASE_TEST_SUITE_P(IdentityStorePurgerTest);

}  // namespace
}  // namespace masar::identity
