#include "services/mentoring/api/mentoring_policy.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/mentoring/v1/mentoring_service.grpc.pb.h"
#include "masar/mentoring/v1/mentoring_service.pb.h"
#include "tests/services/policy/policy_test_support.h"

namespace masar::mentoring {
namespace {

using ::masar::policy_testing::ServiceAccountWith;
using ::masar::policy_testing::UserWith;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;

auth::PolicyTable Table() {
  absl::StatusOr<auth::PolicyTable> table = MentoringPolicy();
  EXPECT_THAT(table, IsOk());
  return *std::move(table);
}

std::string M(const char* method) {
  return auth::GrpcMethodName(v1::MentoringService::service_full_name(),
                              method);
}

TEST(MentoringPolicyTest, TopicsAreForAnyone) {
  auth::Principal nobody = UserWith({});
  EXPECT_THAT(Table().Check(M("ListTopics"), &nobody), IsOk());
  EXPECT_THAT(Table().Check(M("GetMentor"), &nobody),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(MentoringPolicyTest, TheMentorIsARole) {
  auth::Principal mentor = UserWith({"MENTOR@*"});
  EXPECT_THAT(Table().Check(M("PauseMentor"), &mentor), IsOk());
  EXPECT_THAT(Table().Check(M("AcceptMatch"), &mentor), IsOk());
  EXPECT_THAT(Table().Check(M("DeleteMentor"), &mentor),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Table().Check(M("CreateMatchingRun"), &mentor),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(MentoringPolicyTest, FeedbackIsOnlyFromTheSides) {
  auth::Principal founder = UserWith({"FOUNDER@organizations/o1"});
  auth::Principal admin = UserWith({"PLATFORM_ADMIN@*"});
  EXPECT_THAT(Table().Check(M("SubmitSessionFeedback"), &founder), IsOk());
  EXPECT_THAT(Table().Check(M("SubmitSessionFeedback"), &admin),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Table().Check(M("ActivateMatch"), &founder),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(MentoringPolicyTest, ServicesReadButDoNotChange) {
  auth::Principal service = ServiceAccountWith({"SERVICE@*"});
  EXPECT_THAT(Table().Check(M("WatchMatchingRun"), &service), IsOk());
  EXPECT_THAT(Table().Check(M("GetSession"), &service), IsOk());
  EXPECT_THAT(Table().Check(M("CreateMatch"), &service),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(MentoringPolicyTest, AuditIsForAuditorsAndPlatformAdmins) {
  auth::Principal auditor = UserWith({"AUDITOR@*"});
  auth::Principal mentor = UserWith({"MENTOR@*"});
  EXPECT_THAT(Table().Check(M("ListAuditEvents"), &auditor), IsOk());
  EXPECT_THAT(Table().Check(M("VerifyAuditChain"), &mentor),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace masar::mentoring
