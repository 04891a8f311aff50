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

using ::masar::policy_testing::ServiceAccountWith;
using ::masar::policy_testing::UserWith;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;

auth::PolicyTable Table() {
  absl::StatusOr<auth::PolicyTable> table = PartnershipsPolicy();
  EXPECT_THAT(table, IsOk());
  return *std::move(table);
}

std::string M(const char* method) {
  return auth::GrpcMethodName(v1::PartnershipService::service_full_name(),
                              method);
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
