#include "services/identity/credentials/sql_throttle_counters.h"

#include <memory>
#include <string>

#include "common/clock/clock.h"
#include "common/sql/migrations.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/identity/credentials/cache_throttle_counters.h"
#include "services/identity/credentials/sign_in_throttle.h"
#include "tests/services/identity/credentials/throttle_scenarios.h"
#include "tests/services/identity/credentials/unavailable_cache.h"
#include "tests/testing/sql/test_database.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;

constexpr absl::string_view kAccount = "amina@example.ma";
constexpr absl::string_view kSource = "198.51.100.7";

// SQL as the fallback, with the cache away, on SQLite and PostgreSQL.
class SqlThrottleCountersTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    absl::StatusOr<sql::MigrationSet> migrations = ThrottleMigrations();
    ASSERT_THAT(migrations, IsOk());
    ASSERT_THAT(sql::Migrate(db(), *migrations), IsOk());
    counters_ = std::make_unique<SqlThrottleCounters>(db(), clock_);
    throttle_ = std::make_unique<SignInThrottle>(unavailable_, *counters_);
  }

  FakeClock clock_;
  UnavailableCache away_;
  CacheThrottleCounters unavailable_{away_};
  std::unique_ptr<SqlThrottleCounters> counters_;
  std::unique_ptr<SignInThrottle> throttle_;
};

TEST_P(SqlThrottleCountersTest, AddCountsWithinTheWindowAndRestartsAfter) {
  const absl::Duration window = absl::Minutes(15);
  EXPECT_THAT(counters_->Add("k", 1, window), IsOkAndHolds(1));
  EXPECT_THAT(counters_->Add("k", 1, window), IsOkAndHolds(2));
  EXPECT_THAT(counters_->Add("k", -1, window), IsOkAndHolds(1));
  EXPECT_THAT(counters_->Add("other", 1, window), IsOkAndHolds(1));
  clock_.Advance(window - absl::Seconds(1));
  EXPECT_THAT(counters_->Add("k", 1, window), IsOkAndHolds(2));
  clock_.Advance(absl::Seconds(1));  // The window of "k" is over.
  EXPECT_THAT(counters_->Add("k", 1, window), IsOkAndHolds(1));
}

TEST_P(SqlThrottleCountersTest, ResetRemovesOneCounter) {
  ASSERT_THAT(counters_->Add("k", 3, absl::Minutes(1)), IsOk());
  ASSERT_THAT(counters_->Add("j", 3, absl::Minutes(1)), IsOk());
  ASSERT_THAT(counters_->Reset("k"), IsOk());
  ASSERT_THAT(counters_->Reset("absent"), IsOk());
  EXPECT_THAT(counters_->Add("k", 1, absl::Minutes(1)), IsOkAndHolds(1));
  EXPECT_THAT(counters_->Add("j", 1, absl::Minutes(1)), IsOkAndHolds(4));
}

TEST_P(SqlThrottleCountersTest, PurgeExpiredKeepsLiveCountersInBatches) {
  for (const char* key : {"a", "b", "c"}) {
    ASSERT_THAT(counters_->Add(key, 1, absl::Minutes(1)), IsOk());
  }
  ASSERT_THAT(counters_->Add("long", 1, absl::Minutes(30)), IsOk());
  clock_.Advance(absl::Minutes(2));
  EXPECT_THAT(counters_->PurgeExpired(clock_.Now(), 2), IsOkAndHolds(2));
  EXPECT_THAT(counters_->PurgeExpired(clock_.Now(), 2), IsOkAndHolds(1));
  EXPECT_THAT(counters_->PurgeExpired(clock_.Now(), 2), IsOkAndHolds(0));
  EXPECT_THAT(counters_->Add("long", 1, absl::Minutes(30)), IsOkAndHolds(2));
}

TEST_P(SqlThrottleCountersTest, ThrottlesFromSqlWhileTheCacheIsAway) {
  EXPECT_EQ(testing::CountAllowed(*throttle_, kAccount, kSource, 5), 5);
  const absl::Status refused = throttle_->Check(kAccount, kSource);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kResourceExhausted));
  EXPECT_THAT(RetryDelay(refused), Optional(absl::Seconds(1)));
  EXPECT_THAT(RetryDelay(throttle_->Check(kAccount, kSource)),
              Optional(absl::Seconds(2)));
  EXPECT_GT(away_.calls(), 0);
  clock_.Advance(absl::Minutes(15));
  EXPECT_THAT(throttle_->Check(kAccount, kSource), IsOk());
}

TEST_P(SqlThrottleCountersTest, SuccessAndReleaseWorkFromSql) {
  testing::CountAllowed(*throttle_, kAccount, kSource, 5);
  ASSERT_THAT(throttle_->RecordSuccess(kAccount, kSource), IsOk());
  EXPECT_EQ(testing::CountAllowed(*throttle_, kAccount, kSource, 4), 4);
  ASSERT_THAT(throttle_->Check(kAccount, kSource), IsOk());
  ASSERT_THAT(throttle_->Release(kAccount, kSource), IsOk());
  EXPECT_THAT(throttle_->Check(kAccount, kSource), IsOk());
  EXPECT_THAT(throttle_->Check(kAccount, kSource),
              StatusIs(absl::StatusCode::kResourceExhausted));
}

TEST_P(SqlThrottleCountersTest, ParallelGuessesNeverPassTheLimit) {
  for (int round = 0; round < 3; ++round) {
    const std::string account = "parallel" + std::to_string(round);
    EXPECT_EQ(testing::ParallelGuesses(*throttle_, account, kSource, 32), 5);
  }
}

TEST_P(SqlThrottleCountersTest, StoresNoEmailOrAddress) {
  ASSERT_THAT(throttle_->Check(kAccount, kSource), IsOk());
  absl::StatusOr<sql::Result> rows =
      db().Execute("SELECT counter_key FROM masar_sign_in_throttle");
  ASSERT_THAT(rows, IsOk());
  ASSERT_EQ(rows->rows.size(), 2u);
  for (const sql::Row& row : rows->rows) {
    EXPECT_THAT(row.Text(0), IsOkAndHolds(Not(HasSubstr("amina"))));
    EXPECT_THAT(row.Text(0), IsOkAndHolds(Not(HasSubstr("198.51"))));
  }
}

INSTANTIATE_DATABASE_TEST_SUITE_P(SqlThrottleCountersTest);

}  // namespace
}  // namespace masar::identity
