#include "services/partnerships/api/partnerships_policy.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/partnerships/v1/partnership_service.grpc.pb.h"
#include "masar/partnerships/v1/partnership_service.pb.h"
#include "tests/services/policies/policy_test_support.h"

namespace masar::partnerships {
namespace {

using ::masar::policy_testing::ServiceAccountWith;
using ::masar::policy_testing::ServicePolicy;
using ::masar::policy_testing::UserWith;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;

ServicePolicy Policy() {
  return ServicePolicy(PartnershipsPolicy(),
                       v1::PartnershipService::service_full_name());
}

TEST(PartnershipsPolicyTest, SigningIsForTheSignatoryWhateverTheirRoles) {
  auth::Principal signatory = UserWith({});
  EXPECT_THAT(Policy().Check("SignAgreement", &signatory), IsOk());
  EXPECT_THAT(Policy().Check("GetAgreement", &signatory), IsOk());
  EXPECT_THAT(Policy().Check("ListObligations", &signatory), IsOk());
  EXPECT_THAT(Policy().Check("UpdateAgreement", &signatory),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(PartnershipsPolicyTest, DraftingIsForOfficers) {
  auth::Principal officer = UserWith({"PARTNERSHIP_OFFICER@organizations/o1"});
  auth::Principal auditor = UserWith({"AUDITOR@*"});
  EXPECT_THAT(Policy().Check("CreateAgreement", &officer), IsOk());
  EXPECT_THAT(Policy().Check("RequestSignatures", &officer), IsOk());
  EXPECT_THAT(Policy().Check("RecordKpiMeasurement", &officer), IsOk());
  EXPECT_THAT(Policy().Check("CreateAgreement", &auditor),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(PartnershipsPolicyTest, ServicesDoNotChangeAgreements) {
  auth::Principal service = ServiceAccountWith({"SERVICE@*"});
  EXPECT_THAT(Policy().Check("GetAgreement", &service), IsOk());
  EXPECT_THAT(Policy().Check("TerminateAgreement", &service),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(PartnershipsPolicyTest, AuditIsForAuditorsAndPlatformAdmins) {
  auth::Principal auditor = UserWith({"AUDITOR@*"});
  auth::Principal officer = UserWith({"PARTNERSHIP_OFFICER@*"});
  EXPECT_THAT(Policy().Check("ListAuditEvents", &auditor), IsOk());
  EXPECT_THAT(Policy().Check("VerifyAuditChain", &officer),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace masar::partnerships
