#include "common/idempotency/recorded_call.h"

#include "common/sql/migrations.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/testing/v1/echo_service.pb.h"
#include "tests/testing/sql/test_database.h"

namespace masar::idempotency {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::masar::testing::v1::EchoResponse;

// EchoResponse stands in for any request: it has a request_id and two
// other strings.
EchoResponse Request(const std::string& text, const std::string& request_id,
                     const std::string& secret) {
  EchoResponse request;
  request.set_text(text);
  request.set_request_id(request_id);
  request.set_trace_id(secret);
  return request;
}

TEST(RequestDigestTest, IgnoresTheRequestIdAndTheUndigestedFields) {
  const std::string digest = RequestDigest(Request("a", "r1", "s1"));
  EXPECT_EQ(digest, RequestDigest(Request("a", "r2", "s1")));
  EXPECT_NE(digest, RequestDigest(Request("b", "r1", "s1")));
  EXPECT_NE(digest, RequestDigest(Request("a", "r1", "s2")));
  EXPECT_EQ(RequestDigest(Request("a", "r1", "s1"), {"trace_id"}),
            RequestDigest(Request("a", "r1", "s2"), {"trace_id"}));
}

class RecordedCallTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    absl::StatusOr<sql::MigrationSet> migrations = IdempotencyMigrations();
    ASSERT_THAT(migrations, IsOk());
    ASSERT_THAT(sql::Migrate(db(), *migrations), IsOk());
    runner_ = std::make_unique<IdempotentRunner>(&db(), &clock_);
  }

  RecordedCall Call(const std::string& request_id, const EchoResponse& req) {
    return RecordedCall{.key = {.principal = "users/u",
                                .method = "/masar.Test/Change",
                                .request_id = request_id},
                        .request_digest = RequestDigest(req),
                        .options = {}};
  }

  // A change that answers `text` and counts its runs; it must receive the
  // runner's transaction as an SQL one.
  absl::StatusOr<bool> Change(const RecordedCall& call,
                              const std::string& text, EchoResponse* out) {
    return RunRecorded(*runner_, call, out,
                       [&](Transaction& tx) -> absl::StatusOr<Outcome> {
                         if (!sql::SqlOf(tx).ok()) {
                           return absl::InternalError("not SQL");
                         }
                         ++runs_;
                         EchoResponse answer;
                         answer.set_text(text);
                         return SameOutcome(answer);
                       });
  }

  FakeClock clock_;
  std::unique_ptr<IdempotentRunner> runner_;
  int runs_ = 0;
};

TEST_P(RecordedCallTest, ARepeatIsAnsweredFromTheRecordWithoutRunning) {
  const RecordedCall call = Call("r1", Request("a", "r1", ""));
  EchoResponse first;
  EXPECT_THAT(Change(call, "one", &first), IsOkAndHolds(true));
  EXPECT_EQ(first.text(), "one");
  EchoResponse repeat;
  EXPECT_THAT(Change(call, "two", &repeat), IsOkAndHolds(false));
  EXPECT_EQ(repeat.text(), "one");
  EXPECT_EQ(runs_, 1);
}

TEST_P(RecordedCallTest, ReplayFindsOnlyRecordedCalls) {
  const RecordedCall call = Call("r1", Request("a", "r1", ""));
  EchoResponse out;
  EXPECT_THAT(ReplayRecorded(*runner_, call, &out), IsOkAndHolds(false));
  ASSERT_THAT(Change(call, "one", &out), IsOkAndHolds(true));
  EchoResponse replayed;
  EXPECT_THAT(ReplayRecorded(*runner_, call, &replayed), IsOkAndHolds(true));
  EXPECT_EQ(replayed.text(), "one");
  EXPECT_THAT(ReplayRecorded(*runner_, Call("r1", Request("b", "r1", "")),
                             &replayed),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ReplayRecorded(*runner_, Call("", Request("a", "", "")), &out),
              IsOkAndHolds(false));
}

INSTANTIATE_DATABASE_TEST_SUITE_P(RecordedCallTest);

}  // namespace
}  // namespace masar::idempotency
