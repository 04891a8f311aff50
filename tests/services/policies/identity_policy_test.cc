#include "services/identity/api/identity_policy.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "masar/identity/v1/identity_service.pb.h"
#include "tests/services/policies/policy_test_support.h"

namespace masar::identity {
namespace {

using ::masar::policy_testing::ServiceAccountWith;
using ::masar::policy_testing::ServicePolicy;
using ::masar::policy_testing::UserWith;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::UnorderedElementsAre;

ServicePolicy Policy() {
  return ServicePolicy(IdentityPolicy(),
                       v1::IdentityService::service_full_name());
}

TEST(IdentityPolicyTest, DisablingUsersIsForPlatformAdmins) {
  auth::Principal founder = UserWith({"FOUNDER@organizations/o1"});
  auth::Principal admin = UserWith({"PLATFORM_ADMIN@*"});
  EXPECT_THAT(Policy().Check("DisableUser", nullptr),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(Policy().Check("DisableUser", &founder),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Policy().Check("DisableUser", &admin), IsOk());
  EXPECT_THAT(Policy().Check("CreateServiceAccount", &founder),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(IdentityPolicyTest, TheUserThemselfReachesTheDomain) {
  auth::Principal nobody = UserWith({});
  EXPECT_THAT(Policy().Check("GetUser", &nobody), IsOk());
  EXPECT_THAT(Policy().Check("ChangePassword", &nobody), IsOk());
  EXPECT_THAT(Policy().Check("BeginMfaEnrollment", &nobody), IsOk());
  EXPECT_THAT(Policy().Check("ListUsers", &nobody),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(IdentityPolicyTest, OwnerMembersReachTheDomainForFounderBindings) {
  auth::Principal owner = UserWith({});
  EXPECT_THAT(Policy().Check("CreateRoleBinding", &owner), IsOk());
  EXPECT_THAT(Policy().Check("UpdateOrganization", &owner), IsOk());
}

TEST(IdentityPolicyTest, AuditIsForAuditorsAndPlatformAdmins) {
  auth::Principal auditor = UserWith({"AUDITOR@*"});
  auth::Principal manager = UserWith({"PROGRAM_MANAGER@*"});
  EXPECT_THAT(Policy().Check("ListAuditEvents", &auditor), IsOk());
  EXPECT_THAT(Policy().Check("VerifyAuditChain", &auditor), IsOk());
  EXPECT_THAT(Policy().Check("ListAuditEvents", &manager),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(IdentityPolicyTest, IntrospectionIsForServices) {
  auth::Principal service = ServiceAccountWith({"SERVICE@*"});
  auth::Principal auditor = UserWith({"AUDITOR@*"});
  EXPECT_THAT(Policy().Check("IntrospectToken", &service), IsOk());
  EXPECT_THAT(Policy().Check("IntrospectToken", &auditor),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace masar::identity
