#include "services/identity/api/identity_policy.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "masar/identity/v1/identity_service.pb.h"
#include "tests/services/policy/policy_test_support.h"

namespace masar::identity {
namespace {

using ::masar::policy_testing::ServiceAccountWith;
using ::masar::policy_testing::UserWith;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::UnorderedElementsAre;

auth::PolicyTable Table() {
  absl::StatusOr<auth::PolicyTable> table = IdentityPolicy();
  EXPECT_THAT(table, IsOk());
  return *std::move(table);
}

std::string M(const char* method) {
  return auth::GrpcMethodName(v1::IdentityService::service_full_name(), method);
}

TEST(IdentityPolicyTest, DisablingUsersIsForPlatformAdmins) {
  auth::Principal founder = UserWith({"FOUNDER@organizations/o1"});
  auth::Principal admin = UserWith({"PLATFORM_ADMIN@*"});
  EXPECT_THAT(Table().Check(M("DisableUser"), nullptr),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(Table().Check(M("DisableUser"), &founder),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Table().Check(M("DisableUser"), &admin), IsOk());
  EXPECT_THAT(Table().Check(M("CreateServiceAccount"), &founder),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(IdentityPolicyTest, TheUserThemselfReachesTheDomain) {
  auth::Principal nobody = UserWith({});
  EXPECT_THAT(Table().Check(M("GetUser"), &nobody), IsOk());
  EXPECT_THAT(Table().Check(M("ChangePassword"), &nobody), IsOk());
  EXPECT_THAT(Table().Check(M("BeginMfaEnrollment"), &nobody), IsOk());
  EXPECT_THAT(Table().Check(M("ListUsers"), &nobody),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(IdentityPolicyTest, OwnerMembersReachTheDomainForFounderBindings) {
  auth::Principal owner = UserWith({});
  EXPECT_THAT(Table().Check(M("CreateRoleBinding"), &owner), IsOk());
  EXPECT_THAT(Table().Check(M("UpdateOrganization"), &owner), IsOk());
}

TEST(IdentityPolicyTest, AuditIsForAuditorsAndPlatformAdmins) {
  auth::Principal auditor = UserWith({"AUDITOR@*"});
  auth::Principal manager = UserWith({"PROGRAM_MANAGER@*"});
  EXPECT_THAT(Table().Check(M("ListAuditEvents"), &auditor), IsOk());
  EXPECT_THAT(Table().Check(M("VerifyAuditChain"), &auditor), IsOk());
  EXPECT_THAT(Table().Check(M("ListAuditEvents"), &manager),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(IdentityPolicyTest, IntrospectionIsForServices) {
  auth::Principal service = ServiceAccountWith({"SERVICE@*"});
  auth::Principal auditor = UserWith({"AUDITOR@*"});
  EXPECT_THAT(Table().Check(M("IntrospectToken"), &service), IsOk());
  EXPECT_THAT(Table().Check(M("IntrospectToken"), &auditor),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace masar::identity
