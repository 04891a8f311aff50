// What every service's policy table must satisfy: it lists each method of
// the service exactly once, and the public methods are exactly those the
// protos call public.
#include <functional>
#include <set>
#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/identity_service.pb.h"
#include "masar/mentoring/v1/mentoring_service.pb.h"
#include "masar/onboarding/v1/onboarding_service.pb.h"
#include "masar/partnerships/v1/partnership_service.pb.h"
#include "services/identity/api/identity_policy.h"
#include "services/mentoring/api/mentoring_policy.h"
#include "services/onboarding/api/onboarding_policy.h"
#include "services/partnerships/api/partnerships_policy.h"
#include "tests/services/policies/policy_test_support.h"

namespace masar {
namespace {

using ::masar::policy_testing::FindService;
using ::masar::policy_testing::GrpcMethods;
using ::masar::policy_testing::PublicMethods;
using ::masar::policy_testing::UnknownEntries;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

struct ServicePolicy {
  std::string service;
  const google::protobuf::FileDescriptor* file;  // links the descriptors
  std::function<absl::StatusOr<auth::PolicyTable>()> table;
  std::function<std::vector<auth::PolicyTable::Entry>()> entries;
  std::vector<std::string> public_methods;  // short names
};

std::vector<ServicePolicy> AllPolicies() {
  return {
      {"masar.identity.v1.IdentityService",
       identity::v1::GetUserRequest::descriptor()->file(),
       identity::IdentityPolicy, identity::IdentityPolicyEntries,
       {"CreateUser", "Authenticate", "VerifyMfaChallenge",
        "AuthenticateServiceAccount", "RefreshToken", "GetJwks"}},
      {"masar.onboarding.v1.OnboardingService",
       onboarding::v1::GetProgramRequest::descriptor()->file(),
       onboarding::OnboardingPolicy, onboarding::OnboardingPolicyEntries, {}},
      {"masar.mentoring.v1.MentoringService",
       mentoring::v1::GetMentorRequest::descriptor()->file(),
       mentoring::MentoringPolicy, mentoring::MentoringPolicyEntries, {}},
      {"masar.partnerships.v1.PartnershipService",
       partnerships::v1::GetAgreementRequest::descriptor()->file(),
       partnerships::PartnershipsPolicy,
       partnerships::PartnershipsPolicyEntries, {}},
  };
}

class PolicyCompletenessTest : public ::testing::TestWithParam<ServicePolicy> {
 protected:
  const google::protobuf::ServiceDescriptor& Service() {
    const google::protobuf::ServiceDescriptor* service =
        FindService(GetParam().service.c_str());
    EXPECT_NE(service, nullptr) << GetParam().service;
    return *service;
  }
  auth::PolicyTable Table() {
    absl::StatusOr<auth::PolicyTable> table = GetParam().table();
    EXPECT_THAT(table, testing::IsOk());
    return *std::move(table);
  }
};

TEST_P(PolicyCompletenessTest, ListsEveryMethodOfTheService) {
  EXPECT_THAT(Table().MissingMethods(GrpcMethods(Service())), IsEmpty());
}

TEST_P(PolicyCompletenessTest, ListsNothingButMethodsOfTheService) {
  EXPECT_THAT(UnknownEntries(Service(), GetParam().entries()), IsEmpty());
  EXPECT_EQ(GetParam().entries().size(),
            static_cast<size_t>(Service().method_count()));
}

TEST_P(PolicyCompletenessTest, PublicMethodsAreExactlyTheProtosPublicOnes) {
  EXPECT_THAT(PublicMethods(Service(), Table()),
              UnorderedElementsAreArray(GetParam().public_methods));
  for (const std::string& m : GrpcMethods(Service())) {
    if (Table().IsPublic(m)) continue;
    EXPECT_EQ(Table().Check(m, nullptr).code(),
              absl::StatusCode::kUnauthenticated)
        << m;
  }
}

// Every service's outbox is read by the other services only: not by an
// administrator, whose tools read the audit chain instead.
TEST_P(PolicyCompletenessTest, DomainEventsAreForServicesOnly) {
  policy_testing::ServicePolicy policy(GetParam().table(), GetParam().service);
  auth::Principal service =
      policy_testing::ServiceAccountWith({"SERVICE@*"});
  auth::Principal admin = policy_testing::UserWith({"PLATFORM_ADMIN@*"});
  auth::Principal auditor = policy_testing::UserWith({"AUDITOR@*"});
  EXPECT_THAT(policy.Check("ListDomainEvents", &service), testing::IsOk());
  EXPECT_EQ(policy.Check("ListDomainEvents", &admin).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy.Check("ListDomainEvents", &auditor).code(),
            absl::StatusCode::kPermissionDenied);
}

INSTANTIATE_TEST_SUITE_P(
    , PolicyCompletenessTest, ::testing::ValuesIn(AllPolicies()),
    [](const ::testing::TestParamInfo<ServicePolicy>& p) {
      const std::string& s = p.param.service;
      std::string name = s.substr(s.rfind('.') + 1);
      return name;
    });

}  // namespace
}  // namespace masar
