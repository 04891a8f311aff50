#include "services/onboarding/api/onboarding_policy.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/onboarding/v1/onboarding_service.grpc.pb.h"
#include "masar/onboarding/v1/onboarding_service.pb.h"
#include "tests/services/policies/policy_test_support.h"

namespace masar::onboarding {
namespace {

using ::masar::policy_testing::ServiceAccountWith;
using ::masar::policy_testing::ServicePolicy;
using ::masar::policy_testing::UserWith;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;

ServicePolicy Policy() {
  return ServicePolicy(OnboardingPolicy(),
                       v1::OnboardingService::service_full_name());
}

TEST(OnboardingPolicyTest, ProgrammesAreReadByAnyone) {
  auth::Principal nobody = UserWith({});
  EXPECT_THAT(Policy().Check("GetProgram", &nobody), IsOk());
  EXPECT_THAT(Policy().Check("ListPrograms", &nobody), IsOk());
  EXPECT_THAT(Policy().Check("CreateProgram", &nobody),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(OnboardingPolicyTest, ReviewsNeedReviewer) {
  auth::Principal reviewer = UserWith({"REVIEWER@programs/p1"});
  auth::Principal manager = UserWith({"PROGRAM_MANAGER@programs/p1"});
  auth::Principal admin = UserWith({"PLATFORM_ADMIN@*"});
  EXPECT_THAT(Policy().Check("CreateReview", &reviewer), IsOk());
  EXPECT_THAT(Policy().Check("CreateReview", &manager),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Policy().Check("CreateReview", &admin),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Policy().Check("ListReviews", &manager), IsOk());
}

TEST(OnboardingPolicyTest, DecisionsAreForManagers) {
  auth::Principal manager = UserWith({"PROGRAM_MANAGER@programs/p1"});
  auth::Principal founder = UserWith({"FOUNDER@organizations/o1"});
  EXPECT_THAT(Policy().Check("AcceptApplication", &manager), IsOk());
  EXPECT_THAT(Policy().Check("AcceptApplication", &founder),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Policy().Check("SubmitApplication", &founder), IsOk());
  EXPECT_THAT(Policy().Check("SubmitApplication", &manager),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(OnboardingPolicyTest, ServicesReadButDoNotChange) {
  auth::Principal service = ServiceAccountWith({"SERVICE@*"});
  EXPECT_THAT(Policy().Check("ListApplications", &service), IsOk());
  EXPECT_THAT(Policy().Check("UpdateStartup", &service),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(OnboardingPolicyTest, AuditIsForAuditorsAndPlatformAdmins) {
  auth::Principal auditor = UserWith({"AUDITOR@*"});
  auth::Principal founder = UserWith({"FOUNDER@organizations/o1"});
  EXPECT_THAT(Policy().Check("VerifyAuditChain", &auditor), IsOk());
  EXPECT_THAT(Policy().Check("ListAuditEvents", &founder),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace masar::onboarding
