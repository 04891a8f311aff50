// Obligations: definitions as terms, progress once signed, overdue (S8).
#include "common/aip/etag.h"
#include "tests/services/partnerships/domain/registry_fixture.h"

namespace masar::partnerships::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class ObligationsTest : public RegistryTest {
 protected:
  absl::StatusOr<Obligation> Add(const Agreement& a, const std::string& party,
                                 absl::CivilDay due = absl::CivilDay(2025, 12, 15),
                                 const auth::Caller& by = Officer()) {
    return Change(&AgreementRegistry::CreateObligation, by,
                  NewObligation{AgreementName(a.id), OrgScope(party),
                                {"", "Feuille de route nationale", ""}, due});
  }
  // An ACTIVE agreement with the roadmap (the agency's) and the credits
  // (the company's) due 2025-12-15.
  Agreement ActiveWithObligations() {
    Agreement a = Draft();
    roadmap_ = *Add(a, kAgency);
    credits_ = *Add(a, kCompany);
    Agreement current = *Get(a);
    Agreement frozen = *Freeze(*Submit(current));
    for (const Party& p : frozen.terms.parties) {
      EXPECT_THAT(SignAs(frozen, p.organization_id, p.signatory_id), IsOk());
    }
    return *Get(a);
  }
  absl::StatusOr<Obligation> GetObligation(const Obligation& o,
                                           const auth::Caller& by = Officer()) {
    return registry_.GetObligation(call_, by, ObligationName(o));
  }
  NameAndEtag Named(const Obligation& o) {
    return NameAndEtag{ObligationName(o), ""};
  }
  Obligation roadmap_, credits_;
};

TEST_F(ObligationsTest, DefinitionsAreTermsThatBumpTheAgreement) {
  Agreement a = Draft();
  EXPECT_EQ(ViolatedField(Add(a, kOther).status()),
            "obligation.responsible_party");
  EXPECT_THAT(Add(a, kOther), StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(Add(a, kAgency, absl::CivilDay(1900, 1, 1)).status()),
            "obligation.due_on");
  absl::StatusOr<Obligation> o = Add(a, kAgency);
  ASSERT_THAT(o, IsOk());
  EXPECT_EQ(o->state, ObligationState::kOpen);
  EXPECT_EQ(Get(a)->version, a.version + 1);
  EXPECT_THAT(Add(a, kAgency, absl::CivilDay(2025, 12, 15), Officer(OrgScope(kCompany))),
              StatusIs(kDenied));

  ObligationUpdate u;
  u.name = ObligationName(*o);
  u.update_mask = {"due_on"};
  u.etag = aip::RenderEtag(o->version);
  u.due_on = absl::CivilDay(2026, 1, 31);
  absl::StatusOr<Obligation> moved =
      Change(&AgreementRegistry::UpdateObligation, Officer(), u);
  ASSERT_THAT(moved, IsOk());
  EXPECT_EQ(moved->due_on, u.due_on);
  EXPECT_EQ(Get(a)->version, a.version + 2);

  // A party responsible for an obligation cannot be removed.
  Agreement current = *Get(a);
  AgreementUpdate drop{AgreementName(a.id), {"parties"},
                       aip::RenderEtag(current.version), current.terms};
  drop.terms.parties.erase(drop.terms.parties.begin() + 1);
  drop.terms.parties[0].role = PartyRole::kLead;
  ObligationUpdate reassign;
  reassign.name = ObligationName(*o);
  reassign.update_mask = {"responsible_party"};
  reassign.etag = aip::RenderEtag(moved->version);
  reassign.responsible_party = OrgScope(kMinistry);
  ASSERT_THAT(Change(&AgreementRegistry::UpdateObligation, Officer(), reassign),
              IsOk());
  current = *Get(a);
  drop.etag = aip::RenderEtag(current.version);
  absl::Status s = Change(&AgreementRegistry::UpdateAgreement, Officer(), drop,
                          FactsFor(drop.terms.parties))
                       .status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "agreement.parties");
}

TEST_F(ObligationsTest, FrozenDefinitionsNameTheField) {
  Agreement a = Draft();
  Obligation o = *Add(a, kAgency);
  Agreement frozen = *Freeze(*Submit(*Get(a)));
  absl::Status s = Add(frozen, kAgency).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "obligation");
  ObligationUpdate u;
  u.name = ObligationName(o);
  u.update_mask = {"description"};
  u.etag = aip::RenderEtag(o.version);
  u.description = {"", "", "Other"};
  s = Change(&AgreementRegistry::UpdateObligation, Officer(), u).status();
  EXPECT_EQ(ViolatedField(s), "obligation.description");
  EXPECT_THAT(Change(&AgreementRegistry::DeleteObligation, Officer(), Named(o)),
              StatusIs(kPrecondition));
  // The frozen digest covers the obligation.
  EXPECT_NE(frozen.content_digest, "");
}

TEST_F(ObligationsTest, ProgressOnlyOnceSigned) {
  Agreement a = Draft();
  Obligation o = *Add(a, kAgency);
  EXPECT_THAT(Change(&AgreementRegistry::StartObligation, Officer(), Named(o)),
              StatusIs(kPrecondition));
  ActiveWithObligations();
  absl::StatusOr<Obligation> started =
      Change(&AgreementRegistry::StartObligation, Officer(), Named(roadmap_));
  ASSERT_THAT(started, IsOk());
  EXPECT_EQ(started->state, ObligationState::kInProgress);
  EXPECT_THAT(Change(&AgreementRegistry::StartObligation, Officer(),
                     Named(roadmap_)),
              StatusIs(kPrecondition));
  ObligationCompletion done{ObligationName(roadmap_), "bad", "", ""};
  EXPECT_EQ(ViolatedField(Change(&AgreementRegistry::CompleteObligation,
                                 Officer(), done)
                              .status()),
            "evidence_digest");
  done.evidence_digest = std::string(64, 'e');
  done.evidence_note = "Roadmap v1, archived";
  absl::StatusOr<Obligation> completed =
      Change(&AgreementRegistry::CompleteObligation, Officer(), done);
  ASSERT_THAT(completed, IsOk());
  EXPECT_EQ(completed->state, ObligationState::kDone);
  absl::StatusOr<Obligation> reopened =
      Change(&AgreementRegistry::ReopenObligation, Officer(),
             ReasonedChange{ObligationName(roadmap_), "evidence thin", ""});
  ASSERT_THAT(reopened, IsOk());
  EXPECT_EQ(reopened->state, ObligationState::kInProgress);
  EXPECT_TRUE(reopened->evidence_digest.empty());
  EXPECT_TRUE(reopened->evidence_note.empty());
  EXPECT_EQ(reopened->state_reason, "evidence thin");
  EXPECT_THAT(AuditOf("ReopenObligation"), SizeIs(1));
}

TEST_F(ObligationsTest, WhoMayProgressAndWaive) {
  ActiveWithObligations();
  // The responsible party's officer starts and completes its own.
  EXPECT_THAT(Change(&AgreementRegistry::StartObligation,
                     Officer(OrgScope(kCompany)), Named(credits_)),
              IsOk());
  EXPECT_THAT(Change(&AgreementRegistry::StartObligation,
                     Officer(OrgScope(kCompany)), Named(roadmap_)),
              StatusIs(kDenied));
  EXPECT_THAT(Change(&AgreementRegistry::StartObligation,
                     Officer(OrgScope(kOther)), Named(roadmap_)),
              StatusIs(kNotFound));
  EXPECT_THAT(Change(&AgreementRegistry::StartObligation, Auditor(),
                     Named(roadmap_)),
              StatusIs(kDenied));
  // It may not waive its own, even holding the lead's scope too.
  auth::Caller both = Who("users/b0b0b0b0-0000-4000-8000-00000000000b",
                          {{auth::Role::kPartnershipOfficer, OrgScope(kAgency)},
                           {auth::Role::kPartnershipOfficer, OrgScope(kCompany)}});
  ReasonedChange waive{ObligationName(credits_), "not needed", ""};
  EXPECT_THAT(Change(&AgreementRegistry::WaiveObligation, both, waive),
              StatusIs(kDenied));
  EXPECT_THAT(Change(&AgreementRegistry::WaiveObligation,
                     Officer(OrgScope(kCompany)), waive),
              StatusIs(kDenied));
  // The lead waives the company's, and its own.
  EXPECT_THAT(Change(&AgreementRegistry::WaiveObligation,
                     Officer(OrgScope(kAgency)), waive),
              IsOk());
  EXPECT_THAT(Change(&AgreementRegistry::WaiveObligation, both,
                     ReasonedChange{ObligationName(roadmap_), "done", ""}),
              IsOk());
}

TEST_F(ObligationsTest, OverdueOnlyWhileSignedAndNotTerminated) {
  Agreement draft = Draft();
  Obligation drafted = *Add(draft, kAgency);
  Agreement a = ActiveWithObligations();
  SetToday(absl::CivilDay(2025, 12, 15));
  EXPECT_FALSE(GetObligation(roadmap_)->overdue);  // due today: on time
  SetToday(absl::CivilDay(2025, 12, 16));
  EXPECT_TRUE(GetObligation(roadmap_)->overdue);
  EXPECT_FALSE(GetObligation(drafted)->overdue);  // a draft owes nothing

  ObligationListRequest r;
  r.parent = "agreements/-";
  r.overdue_only = true;
  absl::StatusOr<aip::Page<Obligation>> page =
      registry_.ListObligations(call_, Officer(), r);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->items, SizeIs(2));
  r.responsible_party = OrgScope(kCompany);
  EXPECT_THAT(registry_.ListObligations(call_, Officer(), r)->items, SizeIs(1));
  // A party's signatory lists the obligations of its agreements only (the
  // draft's too).
  r = {};
  r.parent = "agreements/-";
  EXPECT_THAT(registry_.ListObligations(call_, User(kVicePresident), r)->items,
              SizeIs(3));
  EXPECT_THAT(registry_.ListObligations(call_, User(kStranger), r)->items,
              IsEmpty());
  r.parent = AgreementName(a.id);
  EXPECT_THAT(registry_.ListObligations(call_, User(kStranger), r),
              StatusIs(kNotFound));

  ASSERT_THAT(Change(&AgreementRegistry::TerminateAgreement, Officer(),
                     ReasonedChange{AgreementName(a.id), "ended", ""}),
              IsOk());
  EXPECT_FALSE(GetObligation(roadmap_)->overdue);
  EXPECT_THAT(Change(&AgreementRegistry::StartObligation, Officer(),
                     Named(roadmap_)),
              StatusIs(kPrecondition));
}

}  // namespace
}  // namespace masar::partnerships::testing
