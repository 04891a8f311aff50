#include "services/partnerships/api/partnerships_policy.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/partnerships/v1/partnership_service.grpc.pb.h"
#include "masar/partnerships/v1/partnership_service.pb.h"
#include "tests/services/policy/policy_test_support.h"

namespace masar::partnerships {
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
  v1::GetAgreementRequest::descriptor();  // Links the file's descriptors.
  const google::protobuf::ServiceDescriptor* service =
      FindService(v1::PartnershipService::service_full_name());
  EXPECT_NE(service, nullptr);
  return *service;
}

auth::PolicyTable Table() {
  absl::StatusOr<auth::PolicyTable> table = PartnershipsPolicy();
  EXPECT_THAT(table, IsOk());
  return *std::move(table);
}

std::string M(const char* method) {
  return auth::GrpcMethodName(v1::PartnershipService::service_full_name(),
                              method);
}

TEST(PartnershipsPolicyTest, ListsEveryMethodOfTheService) {
  EXPECT_THAT(Table().MissingMethods(GrpcMethods(Service())), IsEmpty());
}

TEST(PartnershipsPolicyTest, ListsNothingButMethodsOfTheService) {
  EXPECT_THAT(UnknownEntries(Service(), PartnershipsPolicyEntries()),
              IsEmpty());
  EXPECT_THAT(PartnershipsPolicyEntries(), SizeIs(Service().method_count()));
}

TEST(PartnershipsPolicyTest, NothingIsPublic) {
  EXPECT_THAT(PublicMethods(Service(), Table()), IsEmpty());
  EXPECT_THAT(Table().Check(M("SignAgreement"), nullptr),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(PartnershipsPolicyTest, SigningIsForTheSignatoryWhateverTheirRoles) {
  auth::Principal signatory = UserWith({});
  EXPECT_THAT(Table().Check(M("SignAgreement"), &signatory), IsOk());
  EXPECT_THAT(Table().Check(M("GetAgreement"), &signatory), IsOk());
  EXPECT_THAT(Table().Check(M("ListObligations"), &signatory), IsOk());
  EXPECT_THAT(Table().Check(M("UpdateAgreement"), &signatory),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(PartnershipsPolicyTest, DraftingIsForOfficers) {
  auth::Principal officer = UserWith({"PARTNERSHIP_OFFICER@organizations/o1"});
  auth::Principal auditor = UserWith({"AUDITOR@*"});
  EXPECT_THAT(Table().Check(M("CreateAgreement"), &officer), IsOk());
  EXPECT_THAT(Table().Check(M("RequestSignatures"), &officer), IsOk());
  EXPECT_THAT(Table().Check(M("RecordKpiMeasurement"), &officer), IsOk());
  EXPECT_THAT(Table().Check(M("CreateAgreement"), &auditor),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(PartnershipsPolicyTest, ServicesDoNotChangeAgreements) {
  auth::Principal service = ServiceAccountWith({"SERVICE@*"});
  EXPECT_THAT(Table().Check(M("GetAgreement"), &service), IsOk());
  EXPECT_THAT(Table().Check(M("TerminateAgreement"), &service),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(PartnershipsPolicyTest, AuditIsForAuditorsAndPlatformAdmins) {
  auth::Principal auditor = UserWith({"AUDITOR@*"});
  auth::Principal officer = UserWith({"PARTNERSHIP_OFFICER@*"});
  EXPECT_THAT(Table().Check(M("ListAuditEvents"), &auditor), IsOk());
  EXPECT_THAT(Table().Check(M("VerifyAuditChain"), &officer),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace masar::partnerships
