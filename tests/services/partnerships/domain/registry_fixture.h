#ifndef MASAR_TESTS_SERVICES_PARTNERSHIPS_DOMAIN_REGISTRY_FIXTURE_H_
#define MASAR_TESTS_SERVICES_PARTNERSHIPS_DOMAIN_REGISTRY_FIXTURE_H_

#include <string>
#include <type_traits>
#include <vector>

#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/domain/names.h"
#include "services/partnerships/testing/in_memory_partnerships_ports.h"

// What the partnerships registry tests share: the fakes, the cast of the
// tripartite memorandum (the agency leads, the ministry and a foreign
// company join), the actors, and the walk through the lifecycle.
namespace masar::partnerships::testing {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;

inline constexpr absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;
inline constexpr absl::StatusCode kNotFound = absl::StatusCode::kNotFound;
inline constexpr absl::StatusCode kDenied = absl::StatusCode::kPermissionDenied;
inline constexpr absl::StatusCode kPrecondition =
    absl::StatusCode::kFailedPrecondition;
inline constexpr absl::StatusCode kAborted = absl::StatusCode::kAborted;
inline constexpr absl::StatusCode kUnavailable = absl::StatusCode::kUnavailable;

inline constexpr char kAgency[] = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
inline constexpr char kMinistry[] = "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b";
inline constexpr char kCompany[] = "c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f";
inline constexpr char kOther[] = "d1d2d3d4-0000-4000-8000-000000000001";
// The signatories, and a member of the agency who signs nothing.
inline constexpr char kDirector[] = "0b9f3a9e-2f41-4c1a-9d35-7d3c1b2a4e5f";
inline constexpr char kMinister[] = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
inline constexpr char kVicePresident[] = "9d8c7b6a-5f4e-4d3c-a2b1-0f9e8d7c6b5a";
inline constexpr char kClerk[] = "e1e2e3e4-0000-4000-8000-000000000002";
inline constexpr char kStranger[] = "e1e2e3e4-0000-4000-8000-000000000003";

// A party as a request names it (no signature; status set by the service).
Party MakeParty(const std::string& organization_id, PartyRole role,
                const std::string& signatory_id, const std::string& title);

// The field named by the status's only violation.
std::string ViolatedField(const absl::Status& status);

auth::Caller Who(const std::string& subject,
                 std::vector<auth::RoleBinding> roles = {},
                 std::vector<std::string> amr = {"pwd"},
                 const std::string& request_id = "");
auth::Caller Admin();
auth::Caller Officer(const std::string& scope = "*");
auth::Caller Auditor(const std::string& scope = "*");
auth::Caller Service();
// The user `user_id` signing in with a TOTP code (or without, `otp` false).
auth::Caller User(const std::string& user_id, bool otp = true);
std::string OrgScope(const std::string& id);

class RegistryTest : public ::testing::Test {
 protected:
  RegistryTest();

  // A use case run alone, in a transaction of its own.
  template <typename R, typename... Params>
  R Change(R (AgreementRegistry::*use_case)(Transaction&, Params...),
           std::type_identity_t<Params>... args) {
    return RunInTransaction(fakes_.unit_of_work(), registry_, use_case,
                            args...);
  }

  // The tripartite memorandum's terms, effective 2025-06-15 for 24 months.
  static AgreementTerms Terms();
  PartyFacts FactsFor(const std::vector<Party>& parties);
  PartyFacts FactsOf(const Agreement& agreement);

  absl::StatusOr<Agreement> Create(const AgreementTerms& terms,
                                   const auth::Caller& by = Officer());
  Agreement Draft(const AgreementTerms& terms = Terms());
  absl::StatusOr<Agreement> Submit(const Agreement& a,
                                   const auth::Caller& by = Officer());
  absl::StatusOr<Agreement> Freeze(const Agreement& a,
                                   const auth::Caller& by = Officer());
  // A draft walked to AWAITING_SIGNATURES.
  Agreement Awaiting(const AgreementTerms& terms = Terms());
  absl::StatusOr<Agreement> Sign(const Agreement& a, const std::string& org,
                                 const auth::Caller& signer);
  absl::StatusOr<Agreement> SignAs(const Agreement& a, const std::string& org,
                                   const std::string& user);
  // Every party signs: ACTIVE.
  Agreement Active(const AgreementTerms& terms = Terms());
  absl::StatusOr<Agreement> Get(const Agreement& a,
                                const auth::Caller& by = Officer());
  // The stored (not derived) agreement.
  Agreement Stored(const Agreement& a);

  std::vector<audit::AuditRecord> AuditOf(const std::string& action);
  std::vector<AgreementStateChanged> Events() {
    return fakes_.unit_of_work().events();
  }
  void SetToday(absl::CivilDay day, int hour = 10);

  InMemoryPartnershipsPorts fakes_{
      absl::FromCivil(absl::CivilSecond(2025, 5, 1, 10, 0, 0),
                      absl::UTCTimeZone())};
  AgreementRegistry registry_{fakes_.ports()};
  CallMetadata call_;
};

}  // namespace masar::partnerships::testing

#endif  // MASAR_TESTS_SERVICES_PARTNERSHIPS_DOMAIN_REGISTRY_FIXTURE_H_
