#include "services/partnerships/consumers/identity_event_handler.h"

#include <string>

#include "common/events/event.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/events.pb.h"
#include "tests/services/partnerships/domain/registry_fixture.h"

namespace masar::partnerships::testing {
namespace {

events::Event EventOf(const google::protobuf::Message& payload) {
  events::Event event;
  event.event_id = "e1";
  event.source = "identity";
  event.sequence = 1;
  event.type = payload.GetDescriptor()->full_name();
  event.payload = payload.SerializeAsString();
  return event;
}

class IdentityEventHandlerTest : public RegistryTest {
 protected:
  absl::Status Apply(const events::Event& event) {
    return fakes_.unit_of_work().Run([&](Transaction& tx) {
      return ApplyIdentityEvent(registry_, tx, event);
    });
  }
};

TEST_F(IdentityEventHandlerTest, UserStatesMarkTheirUnsignedParties) {
  Agreement a = Draft();
  identity::v1::UserStateChanged changed;
  changed.set_user(std::string("users/") + kMinister);
  changed.set_state(identity::v1::User::STATE_DISABLED);
  ASSERT_TRUE(Apply(EventOf(changed)).ok());
  EXPECT_EQ(Get(a)->terms.parties[1].signatory_status,
            SignatoryStatus::kUserDisabled);

  changed.set_state(identity::v1::User::STATE_ACTIVE);
  ASSERT_TRUE(Apply(EventOf(changed)).ok());
  EXPECT_EQ(Get(a)->terms.parties[1].signatory_status, SignatoryStatus::kValid);

  changed.set_state(identity::v1::User::STATE_ERASED);
  ASSERT_TRUE(Apply(EventOf(changed)).ok());
  EXPECT_EQ(Get(a)->terms.parties[1].signatory_status,
            SignatoryStatus::kUserErased);
}

TEST_F(IdentityEventHandlerTest, ARemovedMembershipMarksThatOrganizationsParty) {
  Agreement a = Draft();
  identity::v1::MemberRemoved removed;
  removed.set_organization(std::string("organizations/") + kCompany);
  removed.set_user(std::string("users/") + kVicePresident);
  removed.set_member(removed.organization() + "/members/" + kVicePresident);
  ASSERT_TRUE(Apply(EventOf(removed)).ok());
  EXPECT_EQ(Get(a)->terms.parties[2].signatory_status,
            SignatoryStatus::kNotAMember);
  EXPECT_EQ(Get(a)->terms.parties[1].signatory_status, SignatoryStatus::kValid);
}

TEST_F(IdentityEventHandlerTest, OtherTypesAreSkippedAndUnreadableOnesRefused) {
  Agreement a = Draft();
  events::Event other;
  other.event_id = "e2";
  other.type = "masar.identity.v1.RoleBindingDeleted";
  other.payload = "not parsed";
  EXPECT_TRUE(Apply(other).ok());
  EXPECT_EQ(Get(a)->version, a.version);

  identity::v1::UserStateChanged no_user;
  no_user.set_state(identity::v1::User::STATE_DISABLED);
  absl::Status s = Apply(EventOf(no_user));
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_NE(s.message().find("e1"), std::string::npos) << s;
}

}  // namespace
}  // namespace masar::partnerships::testing
