#include "common/status/status_macros.h"

#include <memory>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;

absl::StatusOr<std::unique_ptr<int>> MakeInt(absl::Status status, int value) {
  if (!status.ok()) return status;
  return std::make_unique<int>(value);
}

absl::StatusOr<int> DoubleIt(absl::Status status, int* steps) {
  ASSIGN_OR_RETURN(std::unique_ptr<int> value, MakeInt(status, 21));
  ++*steps;
  ASSIGN_OR_RETURN(auto again, MakeInt(absl::OkStatus(), *value * 2));
  ++*steps;
  return *again;
}

absl::Status Chain(absl::Status first, int* steps) {
  RETURN_IF_ERROR(first);
  ++*steps;
  return absl::OkStatus();
}

TEST(StatusMacrosTest, AssignOrReturnAssignsMoveOnlyValues) {
  int steps = 0;
  EXPECT_THAT(DoubleIt(absl::OkStatus(), &steps), IsOkAndHolds(42));
  EXPECT_EQ(steps, 2);
}

TEST(StatusMacrosTest, AssignOrReturnReturnsTheError) {
  int steps = 0;
  EXPECT_THAT(DoubleIt(absl::NotFoundError("gone"), &steps),
              StatusIs(absl::StatusCode::kNotFound, "gone"));
  EXPECT_EQ(steps, 0);
}

TEST(StatusMacrosTest, ReturnIfErrorStopsOnError) {
  int steps = 0;
  EXPECT_THAT(Chain(absl::AbortedError("stale"), &steps),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(steps, 0);
  EXPECT_THAT(Chain(absl::OkStatus(), &steps), IsOk());
  EXPECT_EQ(steps, 1);
}

}  // namespace
}  // namespace masar
