#include "common/grpc/status.h"

#include "common/status/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/common/v1/error_details.pb.h"

namespace masar {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

TEST(GrpcStatusTest, OkMapsToOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

TEST(GrpcStatusTest, EveryCodeRoundTrips) {
  for (int code = 1; code <= 16; ++code) {
    absl::Status in(static_cast<absl::StatusCode>(code), "message");
    grpc::Status wire = ToGrpcStatus(in);
    EXPECT_EQ(static_cast<int>(wire.error_code()), code);
    EXPECT_EQ(wire.error_message(), "message");
    EXPECT_TRUE(wire.error_details().empty()) << "no details were attached";
    EXPECT_EQ(FromGrpcStatus(wire), in);
  }
}

TEST(GrpcStatusTest, FieldViolationsAndRetryDelayRoundTrip) {
  absl::Status in = WithRetryDelay(
      WithFieldViolations(absl::InvalidArgumentError("bad request"),
                          {{"user.email", "not an address"},
                           {"user.phone", "not E.164"}}),
      absl::Milliseconds(2500));
  absl::Status out = FromGrpcStatus(ToGrpcStatus(in));
  EXPECT_EQ(out.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(out.message(), "bad request");
  EXPECT_THAT(FieldViolations(out),
              ElementsAre(FieldViolation{"user.email", "not an address"},
                          FieldViolation{"user.phone", "not E.164"}));
  EXPECT_THAT(RetryDelay(out), Optional(absl::Milliseconds(2500)));
}

TEST(GrpcStatusTest, DetailsUseTheStandardErrorModel) {
  grpc::Status wire = ToGrpcStatus(WithRetryDelay(
      InvalidArgumentError("page_size", "must not be negative"),
      absl::Seconds(3)));
  common::v1::ErrorStatus details;
  ASSERT_TRUE(details.ParseFromString(wire.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(details.message(), "page_size: must not be negative");
  ASSERT_EQ(details.details_size(), 2);
  EXPECT_EQ(details.details(0).type_url(),
            "type.googleapis.com/google.rpc.BadRequest");
  common::v1::BadRequest bad_request;
  ASSERT_TRUE(bad_request.ParseFromString(details.details(0).value()));
  EXPECT_EQ(bad_request.field_violations(0).field(), "page_size");
  EXPECT_EQ(details.details(1).type_url(),
            "type.googleapis.com/google.rpc.RetryInfo");
  common::v1::RetryInfo retry;
  ASSERT_TRUE(retry.ParseFromString(details.details(1).value()));
  EXPECT_EQ(retry.retry_delay().seconds(), 3);
}

TEST(GrpcStatusTest, GarbageDetailsAreIgnored) {
  absl::Status out = FromGrpcStatus(
      grpc::Status(grpc::StatusCode::INTERNAL, "boom", "\xff\xff not proto"));
  EXPECT_EQ(out, absl::InternalError("boom"));
}

}  // namespace
}  // namespace masar
