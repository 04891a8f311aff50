#include "services/onboarding/api/onboarding_policy.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/onboarding/v1/onboarding_service.grpc.pb.h"
#include "masar/onboarding/v1/onboarding_service.pb.h"
#include "tests/services/policy/policy_test_support.h"

namespace masar::onboarding {
namespace {

using ::masar::policy_testing::ServiceAccountWith;
using ::masar::policy_testing::UserWith;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;

auth::PolicyTable Table() {
  absl::StatusOr<auth::PolicyTable> table = OnboardingPolicy();
  EXPECT_THAT(table, IsOk());
  return *std::move(table);
}

std::string M(const char* method) {
  return auth::GrpcMethodName(v1::OnboardingService::service_full_name(),
                              method);
}

TEST(OnboardingPolicyTest, ProgrammesAreReadByAnyone) {
  auth::Principal nobody = UserWith({});
  EXPECT_THAT(Table().Check(M("GetProgram"), &nobody), IsOk());
  EXPECT_THAT(Table().Check(M("ListPrograms"), &nobody), IsOk());
  EXPECT_THAT(Table().Check(M("CreateProgram"), &nobody),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(OnboardingPolicyTest, ReviewsNeedReviewer) {
  auth::Principal reviewer = UserWith({"REVIEWER@programs/p1"});
  auth::Principal manager = UserWith({"PROGRAM_MANAGER@programs/p1"});
  auth::Principal admin = UserWith({"PLATFORM_ADMIN@*"});
  EXPECT_THAT(Table().Check(M("CreateReview"), &reviewer), IsOk());
  EXPECT_THAT(Table().Check(M("CreateReview"), &manager),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Table().Check(M("CreateReview"), &admin),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Table().Check(M("ListReviews"), &manager), IsOk());
}

TEST(OnboardingPolicyTest, DecisionsAreForManagers) {
  auth::Principal manager = UserWith({"PROGRAM_MANAGER@programs/p1"});
  auth::Principal founder = UserWith({"FOUNDER@organizations/o1"});
  EXPECT_THAT(Table().Check(M("AcceptApplication"), &manager), IsOk());
  EXPECT_THAT(Table().Check(M("AcceptApplication"), &founder),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Table().Check(M("SubmitApplication"), &founder), IsOk());
  EXPECT_THAT(Table().Check(M("SubmitApplication"), &manager),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(OnboardingPolicyTest, ServicesReadButDoNotChange) {
  auth::Principal service = ServiceAccountWith({"SERVICE@*"});
  EXPECT_THAT(Table().Check(M("ListApplications"), &service), IsOk());
  EXPECT_THAT(Table().Check(M("UpdateStartup"), &service),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(OnboardingPolicyTest, AuditIsForAuditorsAndPlatformAdmins) {
  auth::Principal auditor = UserWith({"AUDITOR@*"});
  auth::Principal founder = UserWith({"FOUNDER@organizations/o1"});
  EXPECT_THAT(Table().Check(M("VerifyAuditChain"), &auditor), IsOk());
  EXPECT_THAT(Table().Check(M("ListAuditEvents"), &founder),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace masar::onboarding
