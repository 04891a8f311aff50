#include "services/mentoring/api/mentoring_policy.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/mentoring/v1/mentoring_service.grpc.pb.h"
#include "masar/mentoring/v1/mentoring_service.pb.h"
#include "tests/services/policies/policy_test_support.h"

namespace masar::mentoring {
namespace {

using ::masar::policy_testing::ServiceAccountWith;
using ::masar::policy_testing::ServicePolicy;
using ::masar::policy_testing::UserWith;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;

ServicePolicy Policy() {
  return ServicePolicy(MentoringPolicy(),
                       v1::MentoringService::service_full_name());
}

TEST(MentoringPolicyTest, TopicsAreForAnyone) {
  auth::Principal nobody = UserWith({});
  EXPECT_THAT(Policy().Check("ListTopics", &nobody), IsOk());
  EXPECT_THAT(Policy().Check("GetMentor", &nobody),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(MentoringPolicyTest, TheMentorIsARole) {
  auth::Principal mentor = UserWith({"MENTOR@*"});
  EXPECT_THAT(Policy().Check("PauseMentor", &mentor), IsOk());
  EXPECT_THAT(Policy().Check("AcceptMatch", &mentor), IsOk());
  EXPECT_THAT(Policy().Check("DeleteMentor", &mentor),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Policy().Check("CreateMatchingRun", &mentor),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(MentoringPolicyTest, FeedbackIsOnlyFromTheSides) {
  auth::Principal founder = UserWith({"FOUNDER@organizations/o1"});
  auth::Principal admin = UserWith({"PLATFORM_ADMIN@*"});
  EXPECT_THAT(Policy().Check("SubmitSessionFeedback", &founder), IsOk());
  EXPECT_THAT(Policy().Check("SubmitSessionFeedback", &admin),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Policy().Check("ActivateMatch", &founder),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(MentoringPolicyTest, ServicesReadButDoNotChange) {
  auth::Principal service = ServiceAccountWith({"SERVICE@*"});
  EXPECT_THAT(Policy().Check("WatchMatchingRun", &service), IsOk());
  EXPECT_THAT(Policy().Check("GetSession", &service), IsOk());
  EXPECT_THAT(Policy().Check("CreateMatch", &service),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(MentoringPolicyTest, AuditIsForAuditorsAndPlatformAdmins) {
  auth::Principal auditor = UserWith({"AUDITOR@*"});
  auth::Principal mentor = UserWith({"MENTOR@*"});
  EXPECT_THAT(Policy().Check("ListAuditEvents", &auditor), IsOk());
  EXPECT_THAT(Policy().Check("VerifyAuditChain", &mentor),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace masar::mentoring
