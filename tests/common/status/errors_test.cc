#include "common/status/errors.h"

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar {
namespace {

using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

TEST(ErrorsTest, InvalidArgumentNamesTheField) {
  absl::Status status = InvalidArgumentError("program.window", "closes first");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
                               "program.window: closes first"));
  EXPECT_THAT(FieldViolations(status),
              ElementsAre(FieldViolation{"program.window", "closes first"}));
}

TEST(ErrorsTest, FailedPreconditionNamesTheField) {
  absl::Status status = FailedPreconditionError("state", "not OPEN");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(FieldViolations(status),
              ElementsAre(FieldViolation{"state", "not OPEN"}));
}

TEST(ErrorsTest, SeveralViolationsKeepTheirOrderAndText) {
  std::vector<FieldViolation> violations = {
      {"eligibility.country", "MA is not allowed"},
      {"eligibility.sectors", "needs one of: a, b"},
      {"odd\x1f" "field", "with\x1e" "separators"}};
  absl::Status status = WithFieldViolations(
      absl::FailedPreconditionError("not eligible"), violations);
  EXPECT_THAT(FieldViolations(status),
              ElementsAre(violations[0], violations[1],
                          FieldViolation{"odd field", "with separators"}));
}

TEST(ErrorsTest, NoViolationsOnPlainStatus) {
  EXPECT_THAT(FieldViolations(absl::NotFoundError("x")), IsEmpty());
}

TEST(ErrorsTest, OkStatusCarriesNoDetails) {
  absl::Status ok = WithRetryDelay(
      WithFieldViolations(absl::OkStatus(), {{"a", "b"}}), absl::Seconds(1));
  EXPECT_TRUE(ok.ok());
  EXPECT_THAT(FieldViolations(ok), IsEmpty());
  EXPECT_EQ(RetryDelay(ok), std::nullopt);
}

TEST(ErrorsTest, RetryDelayRoundTrips) {
  absl::Status status = WithRetryDelay(
      absl::ResourceExhaustedError("slow down"), absl::Milliseconds(1500));
  EXPECT_THAT(RetryDelay(status), Optional(absl::Milliseconds(1500)));
  EXPECT_EQ(RetryDelay(absl::ResourceExhaustedError("x")), std::nullopt);
}

}  // namespace
}  // namespace masar
