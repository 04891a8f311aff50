// IdentityPartyDirectory over a mock identity client: what identity's
// answers mean for a party, and the call's metadata carried to identity.
#include "services/partnerships/peers/identity_party_directory.h"

#include <memory>
#include <string>
#include <vector>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/identity/testing/mock_identity_client.h"

namespace masar::partnerships {
namespace {

using ::masar::identity::Membership;
using ::masar::identity::MockIdentityClient;
using ::masar::identity::OrganizationStanding;
using ::masar::identity::UserStanding;
using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::Return;

// gMock matches absl::string_view (not std's here) only given one.
absl::string_view Id(const char* id) { return id; }

MATCHER_P(CarriesRequestId, request_id, "") {
  return arg.request_id == request_id;
}

class IdentityPartyDirectoryTest : public ::testing::Test {
 protected:
  std::shared_ptr<MockIdentityClient> identity_ =
      std::make_shared<MockIdentityClient>();
  IdentityPartyDirectory directory_{[this] { return identity_; }};
  const CallMetadata call_{"req-1", "0af7651916cd43dd8448eb211c80319c",
                           absl::InfiniteFuture()};
};

TEST_F(IdentityPartyDirectoryTest, AnActiveOrganizationIsOkADeletedOneIsGone) {
  EXPECT_CALL(*identity_,
              GetOrganization(CarriesRequestId("req-1"), Id("agency")))
      .WillOnce(Return(OrganizationStanding::kActive));
  EXPECT_CALL(*identity_, GetOrganization(_, Id("old")))
      .WillOnce(Return(OrganizationStanding::kDeleted));
  EXPECT_CALL(*identity_, GetOrganization(_, Id("none")))
      .WillOnce(Return(absl::NotFoundError("organizations/none")));
  EXPECT_THAT(directory_.CheckOrganization(call_, "agency"), IsOk());
  EXPECT_THAT(directory_.CheckOrganization(call_, "old"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(directory_.CheckOrganization(call_, "none"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(IdentityPartyDirectoryTest, AUserExistsWhateverItsState) {
  EXPECT_CALL(*identity_, GetUser(_, Id("u1")))
      .WillOnce(Return(UserStanding::kErased));
  EXPECT_CALL(*identity_, GetUser(_, Id("u2")))
      .WillOnce(Return(absl::NotFoundError("users/u2")));
  EXPECT_THAT(directory_.CheckUser(call_, "u1"), IsOk());
  EXPECT_THAT(directory_.CheckUser(call_, "u2"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(IdentityPartyDirectoryTest, AnActiveMemberIsValidWithTheirTitle) {
  EXPECT_CALL(*identity_, GetUser(CarriesRequestId("req-1"), Id("u1")))
      .WillOnce(Return(UserStanding::kActive));
  EXPECT_CALL(*identity_,
              GetMember(CarriesRequestId("req-1"), Id("agency"), Id("u1")))
      .WillOnce(Return(Membership{"agency", "Director General"}));
  absl::StatusOr<SignatoryFacts> facts =
      directory_.CheckSignatory(call_, "agency", "u1");
  ASSERT_THAT(facts, IsOk());
  EXPECT_EQ(facts->status, SignatoryStatus::kValid);
  EXPECT_EQ(facts->member_title, "Director General");
}

TEST_F(IdentityPartyDirectoryTest, ANonMemberIsNotAMember) {
  EXPECT_CALL(*identity_, GetUser(_, Id("u1")))
      .WillOnce(Return(UserStanding::kActive));
  EXPECT_CALL(*identity_, GetMember(_, Id("ministry"), Id("u1")))
      .WillOnce(Return(absl::NotFoundError("not a member")));
  EXPECT_THAT(directory_.CheckSignatory(call_, "ministry", "u1"),
              IsOkAndHolds(Field(&SignatoryFacts::status,
                                 SignatoryStatus::kNotAMember)));
}

TEST_F(IdentityPartyDirectoryTest, DisabledAndErasedUsersAreNotAskedFurther) {
  EXPECT_CALL(*identity_, GetUser(_, Id("u1")))
      .WillOnce(Return(UserStanding::kDisabled));
  EXPECT_CALL(*identity_, GetUser(_, Id("u2")))
      .WillOnce(Return(UserStanding::kErased));
  EXPECT_CALL(*identity_, GetMember).Times(0);
  EXPECT_THAT(directory_.CheckSignatory(call_, "agency", "u1"),
              IsOkAndHolds(Field(&SignatoryFacts::status,
                                 SignatoryStatus::kUserDisabled)));
  EXPECT_THAT(directory_.CheckSignatory(call_, "agency", "u2"),
              IsOkAndHolds(Field(&SignatoryFacts::status,
                                 SignatoryStatus::kUserErased)));
}

TEST_F(IdentityPartyDirectoryTest, AnUnknownSignatoryIsNotFound) {
  EXPECT_CALL(*identity_, GetUser(_, Id("u9")))
      .WillOnce(Return(absl::NotFoundError("users/u9")));
  EXPECT_THAT(directory_.CheckSignatory(call_, "agency", "u9"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(IdentityPartyDirectoryTest, OrganizationsOfAreTheMembershipsIds) {
  EXPECT_CALL(*identity_, ListMemberships(CarriesRequestId("req-1"), Id("u1")))
      .WillOnce(
          Return(std::vector<Membership>{{"agency", "DG"}, {"ministry", ""}}));
  EXPECT_THAT(directory_.OrganizationsOf(call_, "u1"),
              IsOkAndHolds(ElementsAre("agency", "ministry")));
}

TEST_F(IdentityPartyDirectoryTest, IdentityDownIsUnavailable) {
  const absl::Status down =
      absl::UnavailableError("identity did not answer GetUser");
  EXPECT_CALL(*identity_, GetOrganization).WillOnce(Return(down));
  EXPECT_CALL(*identity_, GetUser).WillRepeatedly(Return(down));
  EXPECT_CALL(*identity_, ListMemberships).WillOnce(Return(down));
  EXPECT_THAT(directory_.CheckOrganization(call_, "agency"),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(directory_.CheckUser(call_, "u1"),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(directory_.CheckSignatory(call_, "agency", "u1"),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(directory_.OrganizationsOf(call_, "u1"),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(IdentityPartyDirectoryTest, ARefusalOfThisServiceIsUnavailable) {
  // The caller can do nothing about identity refusing partnerships' token.
  EXPECT_CALL(*identity_, GetUser(_, Id("u1")))
      .WillOnce(Return(UserStanding::kActive));
  EXPECT_CALL(*identity_, GetMember)
      .WillOnce(Return(absl::PermissionDeniedError("SERVICE role missing")));
  EXPECT_THAT(directory_.CheckSignatory(call_, "agency", "u1"),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST(IdentityPartyDirectoryWithoutIdentityTest, NoClientIsUnavailable) {
  IdentityPartyDirectory directory([] { return nullptr; });
  EXPECT_THAT(directory.CheckOrganization({}, "agency"),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(directory.OrganizationsOf({}, "u1"),
              StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace masar::partnerships
