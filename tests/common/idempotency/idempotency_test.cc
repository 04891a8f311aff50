#include "common/idempotency/idempotency.h"

#include <atomic>
#include <thread>
#include <vector>

#include "common/sql/migrations.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/sql/test_database.h"

namespace masar::idempotency {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;

class IdempotencyTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    absl::StatusOr<sql::MigrationSet> migrations = IdempotencyMigrations();
    ASSERT_THAT(migrations, IsOk());
    ASSERT_THAT(sql::Migrate(db(), *migrations), IsOk());
    ASSERT_THAT(db().Execute("CREATE TABLE things (id TEXT PRIMARY KEY)")
                    .status(),
                IsOk());
    runner_ = std::make_unique<IdempotentRunner>(&db(), &clock_);
  }

  // A change that creates one row and answers with its id; `changes_`
  // counts how often it ran (rolled-back attempts included).
  absl::StatusOr<std::string> Create(const RequestKey& key,
                                     absl::string_view digest,
                                     const std::string& id) {
    sql::TransactionOptions options;
    options.max_attempts = 50;
    return runner_->Run(key, digest, options,
                        [&](sql::Transaction& tx) -> absl::StatusOr<Outcome> {
                          const sql::Value params[] = {id};
                          absl::Status s =
                              tx.Execute("INSERT INTO things (id) VALUES (?)",
                                         params)
                                  .status();
                          if (!s.ok()) return s;
                          ++changes_;
                          return Outcome{"created " + id + " secret=s3",
                                         "created " + id};
                        });
  }

  int64_t CountThings() {
    absl::StatusOr<sql::Result> r = db().Execute("SELECT COUNT(*) FROM things");
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r->rows[0].Int(0) : -1;
  }

  FakeClock clock_;
  std::unique_ptr<IdempotentRunner> runner_;
  std::atomic<int> changes_{0};
  const RequestKey key_{"users/alice", "/masar.x.v1.S/CreateThing", "req-1"};
};

TEST_P(IdempotencyTest, RepeatReturnsTheFirstResponseWithoutItsSecret) {
  EXPECT_THAT(Create(key_, "d1", "a"), IsOkAndHolds("created a secret=s3"));
  EXPECT_THAT(Create(key_, "d1", "b"), IsOkAndHolds("created a"));
  EXPECT_EQ(changes_.load(), 1);
  EXPECT_EQ(CountThings(), 1);
}

TEST_P(IdempotencyTest, SameIdForAnotherRequestIsRefusedNamingTheField) {
  ASSERT_THAT(Create(key_, "d1", "a"), IsOk());
  absl::StatusOr<std::string> other = Create(key_, "d2", "b");
  EXPECT_THAT(other, StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_FALSE(FieldViolations(other.status()).empty());
  EXPECT_EQ(FieldViolations(other.status())[0].field, "request_id");
  EXPECT_EQ(CountThings(), 1);
}

TEST_P(IdempotencyTest, KeysAreScopedToPrincipalAndMethod) {
  ASSERT_THAT(Create(key_, "d1", "a"), IsOk());
  RequestKey bob = key_;
  bob.principal = "users/bob";
  EXPECT_THAT(Create(bob, "d1", "b"), IsOkAndHolds("created b secret=s3"));
  RequestKey other_method = key_;
  other_method.method = "/masar.x.v1.S/OtherThing";
  EXPECT_THAT(Create(other_method, "d1", "c"), IsOk());
  EXPECT_EQ(CountThings(), 3);
}

TEST_P(IdempotencyTest, FailuresAreNotRecorded) {
  ASSERT_THAT(db().Execute("INSERT INTO things (id) VALUES ('taken')").status(),
              IsOk());
  EXPECT_THAT(Create(key_, "d1", "taken"),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(Create(key_, "d1", "free"), IsOkAndHolds("created free secret=s3"))
      << "a failed call may be retried with the same request id";
}

TEST_P(IdempotencyTest, EmptyRequestIdRunsEveryTime) {
  RequestKey anonymous = key_;
  anonymous.request_id = "";
  EXPECT_THAT(Create(anonymous, "d1", "a"), IsOk());
  EXPECT_THAT(Create(anonymous, "d1", "b"), IsOk());
  EXPECT_EQ(CountThings(), 2);
}

TEST_P(IdempotencyTest, OverlongRequestIdIsRefused) {
  RequestKey overlong = key_;
  overlong.request_id = std::string(129, 'x');
  EXPECT_THAT(Create(overlong, "d1", "a"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountThings(), 0);
}

TEST_P(IdempotencyTest, ConcurrentRepeatsRunTheChangeOnce) {
  std::vector<std::thread> threads;
  std::vector<absl::StatusOr<std::string>> results(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      results[t] = Create(key_, "d1", "id-" + std::to_string(t));
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(CountThings(), 1) << "only one change committed";
  std::string first;
  int full = 0;
  for (const absl::StatusOr<std::string>& r : results) {
    ASSERT_TRUE(r.ok()) << r.status();
    if (r->find("secret=") != std::string::npos) {
      ++full;
    } else if (first.empty()) {
      first = *r;
    } else {
      EXPECT_EQ(*r, first);
    }
  }
  EXPECT_EQ(full, 1) << "the secret went to the first caller only";
}

TEST_P(IdempotencyTest, RecordsExpireAndArePurged) {
  ASSERT_THAT(Create(key_, "d1", "a"), IsOk());
  clock_.Advance(kRecordLifetime + absl::Minutes(1));
  EXPECT_THAT(Create(key_, "d1", "b"), IsOkAndHolds("created b secret=s3"));
  clock_.Advance(kRecordLifetime + absl::Minutes(1));
  EXPECT_THAT(runner_->PurgeExpired(), IsOkAndHolds(1));
  EXPECT_THAT(runner_->PurgeExpired(), IsOkAndHolds(0));
}

INSTANTIATE_DATABASE_TEST_SUITE_P(IdempotencyTest);

}  // namespace
}  // namespace masar::idempotency
