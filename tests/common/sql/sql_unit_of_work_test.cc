#include "common/sql/sql_unit_of_work.h"

#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/sql/test_database.h"

namespace masar::sql {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;

class SqlUnitOfWorkTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    ASSERT_THAT(db().Execute("CREATE TABLE things (id TEXT PRIMARY KEY)")
                    .status(),
                IsOk());
  }

  absl::Status Insert(masar::Transaction& tx, const std::string& id) {
    absl::StatusOr<Transaction*> sql_tx = SqlOf(tx);
    if (!sql_tx.ok()) return sql_tx.status();
    const Value params[] = {id};
    return (*sql_tx)->Execute("INSERT INTO things (id) VALUES (?)", params)
        .status();
  }

  int64_t CountThings() {
    absl::StatusOr<Result> r = db().Execute("SELECT COUNT(*) FROM things");
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r->rows[0].Int(0) : -1;
  }
};

TEST_P(SqlUnitOfWorkTest, CommitsWhatABodyAnsweringOkWrote) {
  SqlUnitOfWork uow(&db());
  EXPECT_THAT(uow.Run([&](masar::Transaction& tx) {
    RETURN_IF_ERROR(Insert(tx, "a"));
    return Insert(tx, "b");
  }),
              IsOk());
  EXPECT_EQ(CountThings(), 2);
}

TEST_P(SqlUnitOfWorkTest, RollsBackEverythingWhenTheBodyFails) {
  SqlUnitOfWork uow(&db());
  EXPECT_THAT(uow.Run([&](masar::Transaction& tx) {
    RETURN_IF_ERROR(Insert(tx, "a"));
    return absl::FailedPreconditionError("a rule said no");
  }),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(CountThings(), 0);
}

TEST_P(SqlUnitOfWorkTest, ReadOnlyBodiesSeeCommittedRows) {
  SqlUnitOfWork uow(&db());
  ASSERT_THAT(uow.Run([&](masar::Transaction& tx) { return Insert(tx, "a"); }),
              IsOk());
  int64_t seen = -1;
  EXPECT_THAT(uow.RunReadOnly([&](masar::Transaction& tx) -> absl::Status {
    absl::StatusOr<Transaction*> sql_tx = SqlOf(tx);
    if (!sql_tx.ok()) return sql_tx.status();
    absl::StatusOr<Result> r = (*sql_tx)->Execute("SELECT COUNT(*) FROM things");
    if (!r.ok()) return r.status();
    seen = *r->rows[0].Int(0);
    return absl::OkStatus();
  }),
              IsOk());
  EXPECT_EQ(seen, 1);
}

TEST(SqlOfTest, AnotherStoresTransactionIsInternal) {
  class OtherTransaction final : public masar::Transaction {};
  OtherTransaction other;
  EXPECT_THAT(SqlOf(other), StatusIs(absl::StatusCode::kInternal));
}

INSTANTIATE_DATABASE_TEST_SUITE_P(SqlUnitOfWorkTest);

}  // namespace
}  // namespace masar::sql
