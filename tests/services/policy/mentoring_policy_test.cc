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

using ::masar::policy_testing::FindService;
using ::masar::policy_testing::GrpcMethods;
using ::masar::policy_testing::PublicMethods;
using ::masar::policy_testing::ServiceAccountWith;
using ::masar::policy_testing::UnknownEntries;
using ::masar::policy_testing::UserWith;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const google::protobuf::ServiceDescriptor& Service() {
  v1::GetMentorRequest::descriptor();  // Links the file's descriptors.
  const google::protobuf::ServiceDescriptor* service =
      FindService(v1::MentoringService::service_full_name());
  EXPECT_NE(service, nullptr);
  return *service;
}

auth::PolicyTable Table() {
  absl::StatusOr<auth::PolicyTable> table = MentoringPolicy();
  EXPECT_THAT(table, IsOk());
  return *std::move(table);
}

std::string M(const char* method) {
  return auth::GrpcMethodName(v1::MentoringService::service_full_name(),
                              method);
}

TEST(MentoringPolicyTest, ListsEveryMethodOfTheService) {
  EXPECT_THAT(Table().MissingMethods(GrpcMethods(Service())), IsEmpty());
}

TEST(MentoringPolicyTest, ListsNothingButMethodsOfTheService) {
  EXPECT_THAT(UnknownEntries(Service(), MentoringPolicyEntries()), IsEmpty());
  EXPECT_THAT(MentoringPolicyEntries(), SizeIs(Service().method_count()));
}

TEST(MentoringPolicyTest, NothingIsPublic) {
  EXPECT_THAT(PublicMethods(Service(), Table()), IsEmpty());
  EXPECT_THAT(Table().Check(M("ListTopics"), nullptr),
              StatusIs(absl::StatusCode::kUnauthenticated));
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
