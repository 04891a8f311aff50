#include "common/events/domain_event_proto.h"

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/events.pb.h"

namespace masar::events {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;

TEST(DomainEventProtoTest, ATypedPayloadRoundTrips) {
  identity::v1::UserStateChanged changed;
  changed.set_user("users/u1");
  changed.set_state(identity::v1::User::STATE_DISABLED);
  NewEvent appended = NewEventOf(changed, "users/u1");
  EXPECT_EQ(appended.type, "masar.identity.v1.UserStateChanged");

  Event stored{"0b9f0c1e-0000-4000-8000-000000000001", "identity", 7,
               appended.type, appended.resource,
               absl::FromUnixMicros(1700000000123456), appended.payload};
  common::v1::DomainEvent wire = ToProto(stored);
  identity::v1::UserStateChanged unpacked;
  ASSERT_TRUE(wire.payload().UnpackTo(&unpacked));
  EXPECT_EQ(unpacked.state(), identity::v1::User::STATE_DISABLED);
  EXPECT_THAT(FromProto(wire), ::masar::testing::IsOkAndHolds(stored));
}

TEST(DomainEventProtoTest, APayloadOfAnotherTypeIsRefused) {
  common::v1::DomainEvent wire;
  wire.set_type("masar.identity.v1.UserStateChanged");
  wire.mutable_payload()->set_type_url(
      "type.googleapis.com/masar.identity.v1.MemberRemoved");
  EXPECT_THAT(FromProto(wire), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace masar::events
