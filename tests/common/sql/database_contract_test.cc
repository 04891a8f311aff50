#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/sql/database.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/sql/test_database.h"

namespace masar::sql {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

// Counts to a billion: minutes of work, for deadline tests.
constexpr char kSlowQuery[] =
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
    "WHERE x < 1000000000) SELECT count(*) FROM c";

class DatabaseContractTest : public ::masar::testing::DatabaseTest {
 protected:
  void CreateValues() {
    ASSERT_THAT(
        db().Execute(absl::StrCat("CREATE TABLE vals (id BIGINT PRIMARY KEY, "
                                  "i BIGINT, r DOUBLE PRECISION, t TEXT, b ",
                                  BytesType(), ")"))
            .status(),
        IsOk());
  }

  void CreateCounter() {
    ASSERT_THAT(db().Execute("CREATE TABLE counter (id BIGINT PRIMARY KEY, "
                             "n BIGINT NOT NULL)")
                    .status(),
                IsOk());
    ASSERT_THAT(db().Execute("INSERT INTO counter VALUES (1, 0)").status(),
                IsOk());
  }

  absl::StatusOr<int64_t> Count(absl::string_view table) {
    ASSIGN_OR_RETURN(Result result, db().Execute(absl::StrCat(
                                        "SELECT count(*) FROM ", table)));
    return result.rows.at(0).Int(0);
  }
};

TEST_P(DatabaseContractTest, RoundTripsEveryValueType) {
  CreateValues();
  const std::string bytes("\0\x01\xff'?\0", 6);
  const std::vector<std::vector<Value>> rows = {
      {int64_t{1}, std::numeric_limits<int64_t>::max(), 0.1,
       std::string("h\xc3\xa9llo '?' \"x\""), Blob{bytes}},
      {int64_t{2}, std::numeric_limits<int64_t>::min(), -1.5e300, std::string(),
       Blob{}},
      {int64_t{3}, int64_t{0}, -std::numeric_limits<double>::infinity(),
       std::string("?"), Blob{std::string(1, '\0')}},
      {int64_t{4}, std::monostate(), std::monostate(), std::monostate(),
       std::monostate()},
  };
  for (const std::vector<Value>& row : rows) {
    ASSERT_THAT(db().Execute("INSERT INTO vals (id, i, r, t, b) "
                             "VALUES (?, ?, ?, ?, ?)",
                             row)
                    .status(),
                IsOk());
  }
  absl::StatusOr<Result> read =
      db().Execute("SELECT id, i, r, t, b FROM vals ORDER BY id");
  ASSERT_THAT(read, IsOk());
  ASSERT_THAT(read->rows, SizeIs(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) {
    for (int column = 0; column < 5; ++column) {
      EXPECT_EQ(read->rows[i].value(column), rows[i][column])
          << "row " << i << " column " << column;
    }
  }
  const Row& first = read->rows[0];
  EXPECT_THAT(first.Int(1), IsOkAndHolds(std::numeric_limits<int64_t>::max()));
  EXPECT_THAT(first.Double(2), IsOkAndHolds(0.1));
  EXPECT_THAT(first.Bytes(4), IsOkAndHolds(bytes));
  EXPECT_TRUE(read->rows[3].IsNull(1));
  EXPECT_THAT(read->rows[3].Int(1), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(first.Text(1), StatusIs(absl::StatusCode::kInternal));
  EXPECT_THAT(first.Int(9), StatusIs(absl::StatusCode::kInternal));
}

TEST_P(DatabaseContractTest, ReadsParametersByPlaceholder) {
  CreateValues();
  const Value params[] = {int64_t{7}, std::string("it's ?")};
  ASSERT_THAT(
      db().Execute("INSERT INTO vals (id, t) VALUES (?, ?)", params).status(),
      IsOk());
  // A `?` inside a literal is text, not a parameter.
  const Value key[] = {int64_t{7}};
  absl::StatusOr<Result> read =
      db().Execute("SELECT '?', t, 'it''s ?' = t FROM vals WHERE id = ?", key);
  ASSERT_THAT(read, IsOk());
  ASSERT_THAT(read->rows, SizeIs(1));
  EXPECT_THAT(read->rows[0].Text(0), IsOkAndHolds("?"));
  EXPECT_THAT(read->rows[0].Text(1), IsOkAndHolds("it's ?"));
  EXPECT_THAT(read->rows[0].Int(2), IsOkAndHolds(1));
}

TEST_P(DatabaseContractTest, RefusesWrongNumberOfValues) {
  CreateValues();
  const Value params[] = {int64_t{1}, int64_t{2}};
  EXPECT_THAT(db().Execute("SELECT t FROM vals WHERE id = ?", params),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(db().Execute("SELECT t FROM vals WHERE id = ?"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(DatabaseContractTest, CountsAffectedRows) {
  CreateCounter();
  ASSERT_THAT(db().Execute("INSERT INTO counter VALUES (2, 0)").status(),
              IsOk());
  absl::StatusOr<Result> updated = db().Execute("UPDATE counter SET n = n + 1");
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->affected_rows, 2);
  absl::StatusOr<Result> read = db().Execute("SELECT n FROM counter");
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->affected_rows, 0);
}

TEST_P(DatabaseContractTest, RunsScripts) {
  ASSERT_THAT(db().Execute("CREATE TABLE a (x BIGINT); INSERT INTO a VALUES "
                           "(1); INSERT INTO a VALUES (2);")
                  .status(),
              IsOk());
  EXPECT_THAT(Count("a"), IsOkAndHolds(2));
}

TEST_P(DatabaseContractTest, UniqueViolationIsAlreadyExists) {
  ASSERT_THAT(db().Execute("CREATE TABLE users (id BIGINT PRIMARY KEY, "
                           "email TEXT NOT NULL UNIQUE)")
                  .status(),
              IsOk());
  const Value first[] = {int64_t{1}, std::string("secret@example.org")};
  ASSERT_THAT(db().Execute("INSERT INTO users VALUES (?, ?)", first).status(),
              IsOk());
  const Value again[] = {int64_t{2}, std::string("secret@example.org")};
  absl::StatusOr<Result> duplicate =
      db().Execute("INSERT INTO users VALUES (?, ?)", again);
  EXPECT_THAT(duplicate, StatusIs(absl::StatusCode::kAlreadyExists,
                                  Not(HasSubstr("secret"))));
  EXPECT_THAT(db().Execute("INSERT INTO users VALUES (?, ?)", first),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_P(DatabaseContractTest, OtherConstraintsAreFailedPrecondition) {
  ASSERT_THAT(db().Execute("CREATE TABLE parents (id BIGINT PRIMARY KEY); "
                           "CREATE TABLE children (id BIGINT PRIMARY KEY, "
                           "parent BIGINT NOT NULL REFERENCES parents (id), "
                           "age BIGINT CHECK (age >= 0))")
                  .status(),
              IsOk());
  const Value orphan[] = {int64_t{1}, int64_t{99}, int64_t{1}};
  EXPECT_THAT(db().Execute("INSERT INTO children VALUES (?, ?, ?)", orphan),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ASSERT_THAT(db().Execute("INSERT INTO parents VALUES (1)").status(), IsOk());
  const Value negative[] = {int64_t{1}, int64_t{1}, int64_t{-4242}};
  EXPECT_THAT(
      db().Execute("INSERT INTO children VALUES (?, ?, ?)", negative),
      StatusIs(absl::StatusCode::kFailedPrecondition, Not(HasSubstr("4242"))));
  const Value no_parent[] = {int64_t{1}, std::monostate(), int64_t{1}};
  EXPECT_THAT(db().Execute("INSERT INTO children VALUES (?, ?, ?)", no_parent),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_P(DatabaseContractTest, FailedBodyRollsBack) {
  CreateCounter();
  absl::Status status = db().InTransaction([](Transaction& tx) {
    RETURN_IF_ERROR(tx.Execute("INSERT INTO counter VALUES (2, 0)").status());
    RETURN_IF_ERROR(tx.Execute("UPDATE counter SET n = 5").status());
    return absl::FailedPreconditionError("changed my mind");
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition,
                               HasSubstr("changed my mind")));
  EXPECT_THAT(Count("counter"), IsOkAndHolds(1));
  absl::StatusOr<Result> n = db().Execute("SELECT n FROM counter");
  ASSERT_THAT(n, IsOk());
  EXPECT_THAT(n->rows[0].Int(0), IsOkAndHolds(0));
}

TEST_P(DatabaseContractTest, FailedStatementEndsTheTransaction) {
  CreateCounter();
  absl::Status status = db().InTransaction([](Transaction& tx) {
    tx.Execute("INSERT INTO counter VALUES (2, 0)").IgnoreError();
    // Swallowed by the body, yet it ends the transaction on both drivers.
    tx.Execute("INSERT INTO counter VALUES (1, 0)").IgnoreError();
    EXPECT_THAT(tx.Execute("INSERT INTO counter VALUES (3, 0)"), Not(IsOk()));
    return absl::OkStatus();
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(Count("counter"), IsOkAndHolds(1));
}

TEST_P(DatabaseContractTest, CommitsTransaction) {
  CreateCounter();
  ASSERT_THAT(db().InTransaction([](Transaction& tx) {
    RETURN_IF_ERROR(tx.Execute("INSERT INTO counter VALUES (2, 0)").status());
    return tx.Execute("INSERT INTO counter VALUES (3, 0)").status();
  }),
              IsOk());
  EXPECT_THAT(Count("counter"), IsOkAndHolds(3));
}

TEST_P(DatabaseContractTest, AfterCommitRunsOnceTheChangeIsVisible) {
  CreateCounter();
  absl::StatusOr<int64_t> seen_by_effect = -1;
  int effects = 0;
  ASSERT_THAT(db().InTransaction([&](Transaction& tx) {
    tx.AfterCommit([&] {
      ++effects;
      seen_by_effect = Count("counter");  // another connection's view
    });
    return tx.Execute("INSERT INTO counter VALUES (2, 0)").status();
  }),
              IsOk());
  EXPECT_EQ(effects, 1);
  EXPECT_THAT(seen_by_effect, IsOkAndHolds(2));
}

TEST_P(DatabaseContractTest, AfterCommitIsDroppedOnRollback) {
  CreateCounter();
  int effects = 0;
  EXPECT_THAT(db().InTransaction([&](Transaction& tx) {
    tx.AfterCommit([&] { ++effects; });
    return absl::FailedPreconditionError("changed my mind");
  }),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(db().InTransaction([&](Transaction& tx) {
    tx.AfterCommit([&] { ++effects; });
    tx.Execute("INSERT INTO counter VALUES (1, 0)").IgnoreError();  // taken
    return absl::OkStatus();
  }),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(effects, 0);
}

TEST_P(DatabaseContractTest, AfterCommitOfARetriedAttemptIsDropped) {
  CreateCounter();
  int attempts = 0;
  std::vector<int> effects;
  TransactionOptions options;
  options.max_attempts = 3;
  ASSERT_THAT(db().InTransaction(options, [&](Transaction& tx) {
    const int attempt = ++attempts;
    tx.AfterCommit([&effects, attempt] { effects.push_back(attempt); });
    if (attempt == 1) return absl::AbortedError("conflict, try again");
    return tx.Execute("UPDATE counter SET n = 1").status();
  }),
              IsOk());
  EXPECT_EQ(attempts, 2);
  EXPECT_THAT(effects, ElementsAre(2));
}

TEST_P(DatabaseContractTest, ReadOnlyTransactionRefusesWrites) {
  CreateCounter();
  TransactionOptions options;
  options.read_only = true;
  int64_t seen = -1;
  ASSERT_THAT(db().InTransaction(
                  options,
                  [&](Transaction& tx) {
                    ASSIGN_OR_RETURN(Result result,
                                     tx.Execute("SELECT n FROM counter"));
                    ASSIGN_OR_RETURN(seen, result.rows.at(0).Int(0));
                    return absl::OkStatus();
                  }),
              IsOk());
  EXPECT_EQ(seen, 0);
  EXPECT_THAT(db().InTransaction(
                  options,
                  [](Transaction& tx) {
                    return tx.Execute("UPDATE counter SET n = 1").status();
                  }),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_P(DatabaseContractTest, ConcurrentIncrementsLoseNoUpdate) {
  CreateCounter();
  constexpr int kThreads = 8;
  constexpr int kIncrements = 25;
  TransactionOptions options;
  options.max_attempts = 1000;
  std::vector<absl::Status> failures[kThreads];
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIncrements; ++i) {
        // Read, then write what was read plus one: a lost update shows.
        absl::Status status = db().InTransaction(options, [](Transaction& tx) {
          ASSIGN_OR_RETURN(Result result,
                           tx.Execute("SELECT n FROM counter WHERE id = 1"));
          ASSIGN_OR_RETURN(int64_t n, result.rows.at(0).Int(0));
          const Value params[] = {n + 1};
          return tx.Execute("UPDATE counter SET n = ? WHERE id = 1", params)
              .status();
        });
        if (!status.ok()) failures[t].push_back(status);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_THAT(failures[t], ElementsAre());
  absl::StatusOr<Result> n = db().Execute("SELECT n FROM counter");
  ASSERT_THAT(n, IsOk());
  EXPECT_THAT(n->rows[0].Int(0), IsOkAndHolds(kThreads * kIncrements));
}

TEST_P(DatabaseContractTest, RetriesAbortedBodyUpToMaxAttempts) {
  int runs = 0;
  TransactionOptions options;
  options.max_attempts = 3;
  EXPECT_THAT(db().InTransaction(options,
                                 [&](Transaction&) {
                                   ++runs;
                                   return absl::AbortedError("conflict");
                                 }),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(runs, 3);
}

TEST_P(DatabaseContractTest, StopsWorkAtTheDeadline) {
  TransactionOptions options;
  options.deadline = absl::Now() + absl::Milliseconds(300);
  const absl::Time start = absl::Now();
  absl::Status status = db().InTransaction(
      options, [](Transaction& tx) { return tx.Execute(kSlowQuery).status(); });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  // The connection is fine afterwards.
  EXPECT_THAT(db().Execute("SELECT 1"), IsOk());
}

TEST_P(DatabaseContractTest, PassedDeadlineRunsNothing) {
  CreateCounter();
  TransactionOptions options;
  options.deadline = absl::Now() - absl::Seconds(1);
  bool ran = false;
  EXPECT_THAT(db().InTransaction(
                  options,
                  [&](Transaction& tx) {
                    ran = true;
                    return tx.Execute("UPDATE counter SET n = 9").status();
                  }),
              StatusIs(absl::StatusCode::kDeadlineExceeded));
  absl::StatusOr<Result> n = db().Execute("SELECT n FROM counter");
  ASSERT_THAT(n, IsOk());
  EXPECT_THAT(n->rows[0].Int(0), IsOkAndHolds(0));
  EXPECT_FALSE(ran);
}

INSTANTIATE_DATABASE_TEST_SUITE_P(DatabaseContractTest);

}  // namespace
}  // namespace masar::sql
