// The table is derived from the `// Access:` line of each RPC in
// protos/masar/partnerships/v1/partnership_service.proto, by these rules:
// - "public" -> Access::Public() (no method here is public).
// - A line with a path open to a signed-in principal whatever its platform
//   roles ("authenticated, when the caller is a member of a party
//   organization or a party's signatory", "the named signatory") ->
//   Access::Authenticated(): membership and signatories live in identity and
//   the agreement, so the domain decides object by object.
// - Otherwise -> Access::AnyRole() of the roles the line names, in any scope;
//   "on `*`", "on the LEAD party's `organizations/{o}`" and "on the
//   responsible party's" are the domain's scope checks.
// Every RPC of the service is listed; tests/services/policies checks it.

#include "services/partnerships/api/partnerships_policy.h"

#include <utility>
#include <vector>

namespace masar::partnerships {
namespace {

using auth::Access;
using auth::Role;

constexpr char kService[] = "masar.partnerships.v1.PartnershipService";

Access Officer() {
  return Access::AnyRole({Role::kPlatformAdmin, Role::kPartnershipOfficer});
}

std::vector<auth::PolicyTable::Entry> AgreementEntries() {
  return {
      {"CreateAgreement", Officer()},
      // Only on `*`: the agency's office keeps the paper originals.
      {"RecordPaperAgreement", Officer()},
      // Readers include members and signatories of the parties.
      {"GetAgreement", Access::Authenticated()},
      {"ListAgreements", Access::Authenticated()},
      {"UpdateAgreement", Officer()},
      {"DeleteAgreement", Officer()},
      {"SubmitAgreementForReview", Officer()},
      {"ReturnAgreementToDraft", Officer()},
      // Only on `*`: an officer scoped to an organization is refused by the
      // domain.
      {"RequestSignatures", Officer()},
      // The named signatory, with "otp" in the token's amr, checked by the
      // domain; no role signs on another's behalf.
      {"SignAgreement", Access::Authenticated()},
      {"TerminateAgreement", Officer()},
      {"RenewAgreement", Officer()},
      {"GetAgreementLineage", Access::Authenticated()},
  };
}

std::vector<auth::PolicyTable::Entry> ObligationEntries() {
  return {
      {"CreateObligation", Officer()},
      {"GetObligation", Access::Authenticated()},
      {"ListObligations", Access::Authenticated()},
      {"UpdateObligation", Officer()},
      {"DeleteObligation", Officer()},
      {"StartObligation", Officer()},
      {"CompleteObligation", Officer()},
      {"WaiveObligation", Officer()},
      {"ReopenObligation", Officer()},
  };
}

std::vector<auth::PolicyTable::Entry> KpiAndAuditEntries() {
  const Access audit = Access::AnyRole({Role::kAuditor, Role::kPlatformAdmin});
  return {
      {"CreateKpi", Officer()},
      {"GetKpi", Access::Authenticated()},
      {"ListKpis", Access::Authenticated()},
      {"UpdateKpi", Officer()},
      {"DeleteKpi", Officer()},
      {"RecordKpiMeasurement", Officer()},
      {"ListKpiMeasurements", Access::Authenticated()},
      // Consuming services read this service's outbox with it.
      {"ListDomainEvents", Access::AnyRole({Role::kService})},
      {"ListAuditEvents", audit},
      {"VerifyAuditChain", audit},
  };
}

}  // namespace

std::vector<auth::PolicyTable::Entry> PartnershipsPolicyEntries() {
  std::vector<auth::PolicyTable::Entry> entries;
  for (auto&& part :
       {AgreementEntries(), ObligationEntries(), KpiAndAuditEntries()}) {
    entries.insert(entries.end(), part.begin(), part.end());
  }
  return entries;
}

absl::StatusOr<auth::PolicyTable> PartnershipsPolicy() {
  return auth::PolicyTable::Create(kService, PartnershipsPolicyEntries());
}

}  // namespace masar::partnerships
