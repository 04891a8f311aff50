#include "common/auth/revocation_store.h"

#include <thread>
#include <vector>

#include "common/sql/migrations.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/sql/test_database.h"

namespace masar::auth {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const absl::Time kT0 = absl::FromUnixSeconds(1700000000);

class RevocationStoreTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    absl::StatusOr<sql::MigrationSet> migrations = RevocationMigrations();
    ASSERT_THAT(migrations, IsOk());
    EXPECT_EQ(migrations->component(), "revocations");
    ASSERT_THAT(sql::Migrate(db(), *migrations), IsOk());
    store_ = std::make_unique<RevocationStore>(&db());
  }

  // Appends in a transaction of its own; the stored revocation.
  Revocation Append(RevocationKind kind, std::string value, absl::Time expire) {
    Revocation stored;
    // Concurrent appends conflict on the next sequence and retry.
    sql::TransactionOptions options;
    options.max_attempts = 50;
    EXPECT_THAT(db().InTransaction(options, [&](sql::Transaction& tx) -> absl::Status {
      absl::StatusOr<Revocation> r = RevocationStore::Append(
          tx, Revocation{0, kind, value, kT0 + absl::Microseconds(7), expire});
      if (r.ok()) stored = *r;
      return r.status();
    }),
                IsOk());
    return stored;
  }

  std::unique_ptr<RevocationStore> store_;
};

TEST_P(RevocationStoreTest, AppendNumbersInOrderAndListAfterReadsBack) {
  Revocation a = Append(RevocationKind::kToken, "jti-a", kT0 + absl::Minutes(15));
  Revocation b = Append(RevocationKind::kSubject, "users/u", kT0 + absl::Minutes(16));
  Revocation c = Append(RevocationKind::kSession, "sid", kT0 + absl::Minutes(16));
  EXPECT_EQ(a.sequence, 1);
  EXPECT_EQ(b.sequence, 2);
  EXPECT_EQ(c.sequence, 3);
  EXPECT_THAT(store_->ListAfter(0, 100), IsOkAndHolds(ElementsAre(a, b, c)));
  EXPECT_THAT(store_->ListAfter(1, 1), IsOkAndHolds(ElementsAre(b)));
  EXPECT_THAT(store_->ListAfter(3, 100), IsOkAndHolds(IsEmpty()));
}

TEST_P(RevocationStoreTest, AppendRollsBackWithItsTransaction) {
  EXPECT_FALSE(db().InTransaction([&](sql::Transaction& tx) -> absl::Status {
    absl::StatusOr<Revocation> r = RevocationStore::Append(
        tx, Revocation{0, RevocationKind::kToken, "j", kT0, kT0});
    if (!r.ok()) return r.status();
    return absl::AbortedError("the change failed");
  }).ok());
  EXPECT_THAT(store_->ListAfter(0, 100), IsOkAndHolds(IsEmpty()));
}

TEST_P(RevocationStoreTest, PurgeKeepsUnexpiredAndTheNewest) {
  Append(RevocationKind::kToken, "old-1", kT0);
  Append(RevocationKind::kToken, "live", kT0 + absl::Hours(1));
  Append(RevocationKind::kToken, "old-2", kT0);
  EXPECT_THAT(store_->PurgeExpired(kT0 + absl::Minutes(1)), IsOkAndHolds(1));
  EXPECT_THAT(store_->ListAfter(0, 100),
              IsOkAndHolds(ElementsAre(Field(&Revocation::value, "live"),
                                       Field(&Revocation::value, "old-2"))));
  // The sequence goes on from the newest kept, never starting over.
  EXPECT_EQ(Append(RevocationKind::kToken, "next", kT0).sequence, 4);
}

TEST_P(RevocationStoreTest, ConcurrentAppendsGetDistinctSequences) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        Append(RevocationKind::kToken, std::to_string(t * 10 + i), kT0);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  absl::StatusOr<std::vector<Revocation>> all = store_->ListAfter(0, 100);
  ASSERT_THAT(all, IsOkAndHolds(SizeIs(20)));
  for (int i = 0; i < 20; ++i) EXPECT_EQ((*all)[i].sequence, i + 1);
}

INSTANTIATE_DATABASE_TEST_SUITE_P(RevocationStoreTest);

}  // namespace
}  // namespace masar::auth
