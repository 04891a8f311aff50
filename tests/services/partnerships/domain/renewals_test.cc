// Renewals and their lineage.
#include "common/aip/etag.h"
#include "tests/services/partnerships/domain/registry_fixture.h"

namespace masar::partnerships::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class RenewalsTest : public RegistryTest {
 protected:
  absl::StatusOr<Agreement> Renew(const Agreement& old, Renewal r = {},
                                  const auth::Caller& by = Officer()) {
    r.name = AgreementName(old.id);
    absl::StatusOr<PartyFacts> facts =
        registry_.LookUpAgreementParties(call_, by, r.name);
    if (!facts.ok()) return facts.status();
    fakes_.clock().Advance(absl::Seconds(1));
    return Change(&AgreementRegistry::RenewAgreement, by, r, *facts);
  }
};

TEST_F(RenewalsTest, CopiesTheTermsWithoutSignaturesAndDefaultsTheDates) {
  AgreementTerms t = Terms();
  t.summary = {"", "Résumé", ""};
  t.terms_document_digest = std::string(64, 'c');
  t.nomination_rights = {{kMinistry, {"spark"}, 40}};
  Agreement old = Active(t);
  absl::StatusOr<Agreement> renewal = Renew(old);
  ASSERT_THAT(renewal, IsOk());
  EXPECT_EQ(renewal->state, AgreementState::kDraft);
  EXPECT_EQ(renewal->extends_id, old.id);
  EXPECT_EQ(renewal->terms.effective_on, old.expires_on);
  EXPECT_EQ(renewal->terms.duration_months, 24);
  EXPECT_EQ(renewal->terms.summary, t.summary);
  EXPECT_EQ(renewal->terms.nomination_rights, old.terms.nomination_rights);
  EXPECT_TRUE(renewal->terms.terms_document_digest.empty());
  ASSERT_THAT(renewal->terms.parties, SizeIs(3));
  for (const Party& p : renewal->terms.parties) {
    EXPECT_FALSE(p.signature.has_value());
  }
  EXPECT_EQ(renewal->terms.parties[0].signatory_title,
            old.terms.parties[0].signatory_title);
  EXPECT_THAT(AuditOf("RenewAgreement"), SizeIs(1));

  Renewal explicit_dates;
  explicit_dates.duration_months = 241;
  EXPECT_EQ(ViolatedField(Renew(old, explicit_dates).status()),
            "duration_months");
}

TEST_F(RenewalsTest, OneLiveRenewalAtATimeNamedInTheRefusal) {
  Agreement old = Active();
  Agreement first = *Renew(old);
  absl::Status s = Renew(old).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_THAT(std::string(s.message()),
              ::testing::HasSubstr(AgreementName(first.id)));
  ASSERT_THAT(Change(&AgreementRegistry::DeleteAgreement, Officer(),
                     NameAndEtag{AgreementName(first.id), ""}),
              IsOk());
  EXPECT_THAT(Renew(old), IsOk());
}

TEST_F(RenewalsTest, OnlyFromActiveOrExpiredAndNotSuperseded) {
  EXPECT_THAT(Renew(Draft()), StatusIs(kPrecondition));
  EXPECT_THAT(Renew(Awaiting()), StatusIs(kPrecondition));
  Agreement old = Active();
  SetToday(old.expires_on);
  EXPECT_THAT(Renew(old), IsOk());  // EXPIRED (derived) renews

  SetToday(absl::CivilDay(2025, 5, 2));
  Agreement other = Active();
  Agreement renewal = *Renew(other, Renewal{"", absl::CivilDay(2025, 5, 2), 0});
  Agreement frozen = *Freeze(*Submit(renewal));
  for (const Party& p : frozen.terms.parties) {
    ASSERT_THAT(SignAs(frozen, p.organization_id, p.signatory_id), IsOk());
  }
  EXPECT_EQ(Get(other)->state, AgreementState::kSuperseded);
  EXPECT_THAT(Renew(other), StatusIs(kPrecondition));
}

TEST_F(RenewalsTest, DropsPartiesIdentityNoLongerKnowsAndMarksSignatories) {
  Agreement old = Active();
  fakes_.directory().RemoveOrganization(kCompany);
  fakes_.directory().RemoveMember(kMinistry, kMinister);
  absl::StatusOr<Agreement> renewal = Renew(old);
  ASSERT_THAT(renewal, IsOk());
  ASSERT_THAT(renewal->terms.parties, SizeIs(2));
  EXPECT_EQ(renewal->terms.parties[1].organization_id, kMinistry);
  EXPECT_EQ(renewal->terms.parties[1].signatory_status,
            SignatoryStatus::kNotAMember);
  // Submitting it names the signatory to replace.
  absl::Status s = Submit(*renewal).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "parties[1].signatory");
}

TEST_F(RenewalsTest, ARenewalKeepsThePartiesOfTheAgreementItExtends) {
  Agreement old = Active();
  Agreement renewal = *Renew(old);
  AgreementUpdate u{AgreementName(renewal.id), {"parties"},
                    aip::RenderEtag(renewal.version), renewal.terms};
  u.terms.parties.pop_back();
  absl::Status s = Change(&AgreementRegistry::UpdateAgreement, Officer(), u,
                          FactsFor(u.terms.parties))
                       .status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "agreement.parties");
  u.terms.parties = renewal.terms.parties;
  u.terms.parties.push_back(MakeParty(kOther, PartyRole::kPartner, kStranger, "CEO"));
  fakes_.directory().AddMember(kOther, kStranger, "CEO");
  EXPECT_THAT(Change(&AgreementRegistry::UpdateAgreement, Officer(), u,
                     FactsFor(u.terms.parties)),
              IsOk());
}

TEST_F(RenewalsTest, LineageShowsWhatTheCallerMayReadAndOnlyIdsOfTheRest) {
  AgreementTerms bilateral = Terms();
  bilateral.parties = {bilateral.parties[0], bilateral.parties[2]};
  Agreement first = Active(bilateral);
  Agreement second = *Renew(first);
  AgreementUpdate u{AgreementName(second.id), {"parties"},
                    aip::RenderEtag(second.version), second.terms};
  u.terms.parties.push_back(MakeParty(kMinistry, PartyRole::kPartner, kMinister, ""));
  second = *Change(&AgreementRegistry::UpdateAgreement, Officer(), u,
                   FactsFor(u.terms.parties));
  ASSERT_THAT(Change(&AgreementRegistry::DeleteAgreement, Officer(),
                     NameAndEtag{AgreementName(second.id), ""}),
              IsOk());
  Agreement third = *Renew(first);  // after a deleted one

  absl::StatusOr<Lineage> of_first =
      registry_.GetAgreementLineage(call_, Officer(), AgreementName(first.id));
  ASSERT_THAT(of_first, IsOk());
  EXPECT_THAT(of_first->ancestors, IsEmpty());
  ASSERT_THAT(of_first->successors, SizeIs(1));
  EXPECT_EQ(of_first->successors[0].id, third.id);

  // The ministry's officer reads a tripartite renewal, not its bilateral
  // predecessor.
  u = AgreementUpdate{AgreementName(third.id), {"parties"},
                      aip::RenderEtag(third.version), third.terms};
  u.terms.parties.push_back(MakeParty(kMinistry, PartyRole::kPartner, kMinister, ""));
  third = *Change(&AgreementRegistry::UpdateAgreement, Officer(), u,
                  FactsFor(u.terms.parties));
  absl::StatusOr<Lineage> seen = registry_.GetAgreementLineage(
      call_, Officer(OrgScope(kMinistry)), AgreementName(third.id));
  ASSERT_THAT(seen, IsOk());
  ASSERT_THAT(seen->ancestors, SizeIs(1));
  EXPECT_EQ(seen->ancestors[0].id, first.id);
  EXPECT_FALSE(seen->ancestors[0].agreement.has_value());
  EXPECT_EQ(seen->agreement.id, third.id);
  EXPECT_THAT(registry_.GetAgreementLineage(call_, Officer(OrgScope(kMinistry)),
                                            AgreementName(first.id)),
              StatusIs(kNotFound));
  // A member of the company reads both.
  absl::StatusOr<Lineage> member = registry_.GetAgreementLineage(
      call_, User(kVicePresident), AgreementName(third.id));
  ASSERT_THAT(member, IsOk());
  EXPECT_TRUE(member->ancestors[0].agreement.has_value());
}

}  // namespace
}  // namespace masar::partnerships::testing
