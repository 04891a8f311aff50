#include "tests/services/partnerships/domain/registry_fixture.h"

#include <utility>

#include "absl/strings/str_cat.h"

#include "common/aip/etag.h"
#include "common/auth/claims.h"
#include "common/auth/principal.h"

namespace masar::partnerships::testing {

Party MakeParty(const std::string& organization_id, PartyRole role,
                const std::string& signatory_id, const std::string& title) {
  Party party;
  party.organization_id = organization_id;
  party.role = role;
  party.signatory_id = signatory_id;
  party.signatory_title = title;
  return party;
}

std::string ViolatedField(const absl::Status& status) {
  std::vector<FieldViolation> v = FieldViolations(status);
  return v.size() == 1 ? v[0].field : absl::StrCat("<", status.message(), ">");
}

auth::Caller Who(const std::string& subject,
                 std::vector<auth::RoleBinding> roles,
                 std::vector<std::string> amr, const std::string& request_id) {
  auth::Claims claims;
  claims.subject = subject;
  for (const auth::RoleBinding& role : roles) {
    claims.roles.push_back(auth::FormatRoleBinding(role));
  }
  claims.amr = std::move(amr);
  claims.token_id = absl::StrCat("jti-", subject);
  return auth::Caller(*auth::Principal::FromClaims(claims), request_id);
}

std::string OrgScope(const std::string& id) {
  return absl::StrCat("organizations/", id);
}

auth::Caller Admin() {
  return Who("users/a0a0a0a0-0000-4000-8000-00000000000a",
             {{auth::Role::kPlatformAdmin, "*"}}, {"pwd", "otp"});
}
auth::Caller Officer(const std::string& scope) {
  return Who("users/b0b0b0b0-0000-4000-8000-00000000000b",
             {{auth::Role::kPartnershipOfficer, scope}});
}
auth::Caller Auditor(const std::string& scope) {
  return Who("users/c0c0c0c0-0000-4000-8000-00000000000c",
             {{auth::Role::kAuditor, scope}});
}
auth::Caller Service() {
  return Who("serviceAccounts/onboarding", {{auth::Role::kService, "*"}},
             {"otp"});
}
auth::Caller User(const std::string& user_id, bool otp) {
  return Who(absl::StrCat("users/", user_id), {},
             otp ? std::vector<std::string>{"pwd", "otp"}
                 : std::vector<std::string>{"pwd"});
}

RegistryTest::RegistryTest() {
  FakePartyDirectory& d = fakes_.directory();
  for (const char* org : {kAgency, kMinistry, kCompany, kOther}) {
    d.AddOrganization(org);
  }
  d.AddMember(kAgency, kDirector, "المدير العام");
  d.AddMember(kMinistry, kMinister, "Ministre déléguée");
  d.AddMember(kCompany, kVicePresident, "Vice President, EMEA");
  d.AddMember(kAgency, kClerk, "");
  d.SetUser(kStranger);
}

AgreementTerms RegistryTest::Terms() {
  AgreementTerms t;
  t.kind = AgreementKind::kMou;
  t.title = {"", "Mémorandum tripartite", "Tripartite memorandum"};
  t.parties = {MakeParty(kAgency, PartyRole::kLead, kDirector, ""),
               MakeParty(kMinistry, PartyRole::kPartner, kMinister, ""),
               MakeParty(kCompany, PartyRole::kSponsor, kVicePresident, "VP")};
  t.scope_areas = {ScopeArea::kTraining, ScopeArea::kStartupSupport};
  t.effective_on = absl::CivilDay(2025, 6, 15);
  t.duration_months = 24;
  t.signing_place = {"", "Marrakech", ""};
  return t;
}

PartyFacts RegistryTest::FactsFor(const std::vector<Party>& parties) {
  absl::StatusOr<PartyFacts> facts = registry_.LookUpParties(call_, parties);
  EXPECT_THAT(facts, IsOk());
  return facts.ok() ? *facts : PartyFacts{};
}

PartyFacts RegistryTest::FactsOf(const Agreement& a) {
  return FactsFor(a.terms.parties);
}

absl::StatusOr<Agreement> RegistryTest::Create(const AgreementTerms& terms,
                                               const auth::Caller& by) {
  return Change(&AgreementRegistry::CreateAgreement, by, NewAgreement{terms},
                FactsFor(terms.parties));
}

Agreement RegistryTest::Draft(const AgreementTerms& terms) {
  absl::StatusOr<Agreement> a = Create(terms);
  EXPECT_THAT(a, IsOk());
  fakes_.clock().Advance(absl::Seconds(1));
  return a.ok() ? *a : Agreement{};
}

absl::StatusOr<Agreement> RegistryTest::Submit(const Agreement& a,
                                               const auth::Caller& by) {
  const std::string name = AgreementName(a.id);
  absl::StatusOr<PartyFacts> facts =
      registry_.LookUpAgreementParties(call_, by, name);
  if (!facts.ok()) return facts.status();
  return Change(&AgreementRegistry::SubmitAgreementForReview, by,
                NameAndEtag{name, ""}, *facts);
}

absl::StatusOr<Agreement> RegistryTest::Freeze(const Agreement& a,
                                               const auth::Caller& by) {
  const std::string name = AgreementName(a.id);
  absl::StatusOr<PartyFacts> facts =
      registry_.LookUpAgreementParties(call_, by, name);
  if (!facts.ok()) return facts.status();
  return Change(&AgreementRegistry::RequestSignatures, by,
                NameAndEtag{name, aip::RenderEtag(a.version)}, *facts);
}

Agreement RegistryTest::Awaiting(const AgreementTerms& terms) {
  Agreement a = Draft(terms);
  absl::StatusOr<Agreement> reviewed = Submit(a);
  EXPECT_THAT(reviewed, IsOk());
  if (!reviewed.ok()) return a;
  absl::StatusOr<Agreement> frozen = Freeze(*reviewed);
  EXPECT_THAT(frozen, IsOk());
  fakes_.clock().Advance(absl::Seconds(1));
  return frozen.ok() ? *frozen : a;
}

absl::StatusOr<Agreement> RegistryTest::Sign(const Agreement& a,
                                             const std::string& org,
                                             const auth::Caller& signer) {
  Signing signing{AgreementName(a.id), OrgScope(org), a.content_digest};
  absl::StatusOr<PartyFacts> facts =
      registry_.LookUpSigner(call_, signer, signing);
  if (!facts.ok()) return facts.status();
  return Change(&AgreementRegistry::SignAgreement, signer, signing, *facts);
}

absl::StatusOr<Agreement> RegistryTest::SignAs(const Agreement& a,
                                               const std::string& org,
                                               const std::string& user) {
  return Sign(a, org, User(user));
}

Agreement RegistryTest::Active(const AgreementTerms& terms) {
  Agreement a = Awaiting(terms);
  absl::StatusOr<Agreement> signed_one = a;
  for (const Party& party : terms.parties) {
    signed_one = SignAs(a, party.organization_id, party.signatory_id);
    EXPECT_THAT(signed_one, IsOk());
  }
  fakes_.clock().Advance(absl::Seconds(1));
  return signed_one.ok() ? *signed_one : a;
}

absl::StatusOr<Agreement> RegistryTest::Get(const Agreement& a,
                                            const auth::Caller& by) {
  return registry_.GetAgreement(call_, by, AgreementName(a.id));
}

Agreement RegistryTest::Stored(const Agreement& a) {
  return fakes_.unit_of_work().state().agreements.at(a.id);
}

std::vector<audit::AuditRecord> RegistryTest::AuditOf(
    const std::string& action) {
  std::vector<audit::AuditRecord> out;
  for (const audit::AuditRecord& r : fakes_.unit_of_work().audit_records()) {
    if (r.action == action) out.push_back(r);
  }
  return out;
}

void RegistryTest::SetToday(absl::CivilDay day, int hour) {
  fakes_.clock().Set(fakes_.calendar().zone().At(
      absl::CivilSecond(day.year(), day.month(), day.day(), hour, 0, 0)).pre);
}

}  // namespace masar::partnerships::testing
