// Creating, reading, listing, updating and deleting agreements; who may.
#include "common/aip/etag.h"
#include "tests/services/partnerships/domain/registry_fixture.h"

namespace masar::partnerships::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class AgreementsTest : public RegistryTest {
 protected:
  std::string CreateField(const AgreementTerms& terms) {
    return ViolatedField(Create(terms).status());
  }
  absl::StatusOr<Agreement> Record(const PaperAgreement& paper,
                                   const auth::Caller& by = Officer()) {
    return Change(&AgreementRegistry::RecordPaperAgreement, by, paper,
                  FactsFor(paper.terms.parties));
  }
};

TEST_F(AgreementsTest, CreateValidatesAndNamesTheField) {
  AgreementTerms t = Terms();
  t.parties.resize(1);
  EXPECT_EQ(CreateField(t), "agreement.parties");
  t = Terms();
  t.parties[2].organization_id = kMinistry;
  EXPECT_EQ(CreateField(t), "agreement.parties[2].organization");
  t = Terms();
  t.parties[2].signatory_id = kDirector;
  EXPECT_EQ(CreateField(t), "agreement.parties[2].signatory");
  t = Terms();
  t.parties[1].role = PartyRole::kLead;
  EXPECT_EQ(CreateField(t), "agreement.parties");
  t = Terms();
  t.parties[1].signatory_id = "not-a-uuid";
  EXPECT_EQ(CreateField(t), "agreement.parties[1].signatory");
  t = Terms();
  t.scope_areas = {ScopeArea::kCloud, ScopeArea::kCloud};
  EXPECT_EQ(CreateField(t), "agreement.scope_areas[1]");
  t = Terms();
  t.scope_areas.clear();
  EXPECT_EQ(CreateField(t), "agreement.scope_areas");
  t = Terms();
  t.title = {};
  EXPECT_EQ(CreateField(t), "agreement.title");
  t = Terms();
  t.title.fr = std::string(201, 'x');
  EXPECT_EQ(CreateField(t), "agreement.title.fr");
  t = Terms();
  t.summary.ar = std::string(5001, 'x');
  EXPECT_EQ(CreateField(t), "agreement.summary.ar");
  t = Terms();
  t.duration_months = 241;
  EXPECT_EQ(CreateField(t), "agreement.duration_months");
  t = Terms();
  t.kind = AgreementKind::kUnspecified;
  EXPECT_EQ(CreateField(t), "agreement.kind");
  t = Terms();
  t.terms_document_digest = "ABC";
  EXPECT_EQ(CreateField(t), "agreement.terms_document_digest");
}

TEST_F(AgreementsTest, NominationRightsAreCheckedAndSorted) {
  AgreementTerms t = Terms();
  t.nomination_rights = {{kOther, {}, 5}};
  EXPECT_EQ(CreateField(t), "agreement.nomination_rights[0].organization");
  t.nomination_rights = {{kMinistry, {}, 5}, {kMinistry, {}, 6}};
  EXPECT_EQ(CreateField(t), "agreement.nomination_rights[1].organization");
  t.nomination_rights = {{kMinistry, {}, 0}};
  EXPECT_EQ(CreateField(t),
            "agreement.nomination_rights[0].max_nominations");
  t.nomination_rights = {{kMinistry, {"spark", "spark"}, 5}};
  EXPECT_EQ(CreateField(t), "agreement.nomination_rights[0].programs[1]");
  t.nomination_rights = {{kMinistry, {"Bad/Id"}, 5}};
  EXPECT_EQ(CreateField(t), "agreement.nomination_rights[0].programs[0]");

  t.nomination_rights = {{kMinistry, {"spark-2025", "accelerator"}, 40},
                         {kAgency, {}, 10000}};
  absl::StatusOr<Agreement> a = Create(t);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(a->terms.nomination_rights, SizeIs(2));
  EXPECT_EQ(a->terms.nomination_rights[0].organization_id, kAgency);
  EXPECT_THAT(a->terms.nomination_rights[1].program_ids,
              ElementsAre("accelerator", "spark-2025"));
}

TEST_F(AgreementsTest, CreateComputesExpiryCopiesTitlesAndAudits) {
  absl::StatusOr<Agreement> a =
      Create(Terms(), Who("users/b0b0b0b0-0000-4000-8000-00000000000b",
                          {{auth::Role::kPartnershipOfficer, "*"}}, {"pwd"},
                          "req-1"));
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->state, AgreementState::kDraft);
  EXPECT_EQ(a->expires_on, absl::CivilDay(2027, 6, 15));
  EXPECT_EQ(a->terms.parties[0].signatory_title, "المدير العام");
  EXPECT_EQ(a->terms.parties[2].signatory_title, "VP");  // written: kept
  EXPECT_THAT(a->terms.scope_areas,
              ElementsAre(ScopeArea::kStartupSupport, ScopeArea::kTraining));
  EXPECT_EQ(a->terms.parties[1].signatory_status, SignatoryStatus::kValid);
  EXPECT_EQ(a->version, 1);
  std::vector<audit::AuditRecord> audit = AuditOf("CreateAgreement");
  ASSERT_THAT(audit, SizeIs(1));
  EXPECT_EQ(audit[0].resource, AgreementName(a->id));
  EXPECT_EQ(audit[0].request_id, "req-1");
  EXPECT_EQ(audit[0].actor, "users/b0b0b0b0-0000-4000-8000-00000000000b");
  EXPECT_EQ(audit[0].payload_digest.size(), 64u);
}

TEST_F(AgreementsTest, IdentitysFactsAreRules) {
  AgreementTerms t = Terms();
  t.parties[1].organization_id = "f0000000-0000-4000-8000-00000000000f";
  absl::Status s = Create(t).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "agreement.parties[1].organization");

  t = Terms();
  t.parties[1].signatory_id = kStranger;  // exists, not a member
  s = Create(t).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "agreement.parties[1].signatory");

  t = Terms();
  t.parties[0].signatory_id = kClerk;  // a member with no title
  s = Create(t).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "agreement.parties[0].signatory_title");
  t.parties[0].signatory_title = "Chef de service";
  EXPECT_THAT(Create(t), IsOk());

  // Facts gathered for other parties than those created: the parties
  // changed in between.
  t = Terms();
  PartyFacts stale = FactsFor(Terms().parties);
  t.parties[2].organization_id = kOther;
  EXPECT_THAT(Change(&AgreementRegistry::CreateAgreement, Officer(),
                     NewAgreement{t}, stale),
              StatusIs(kAborted));
}

TEST_F(AgreementsTest, IdentityUnreachableIsUnavailableAndNothingIsWritten) {
  fakes_.directory().SetUnavailable(true);
  EXPECT_THAT(registry_.LookUpParties(call_, Terms().parties),
              StatusIs(kUnavailable));
  EXPECT_THAT(fakes_.unit_of_work().state().agreements, IsEmpty());
  fakes_.directory().SetUnavailable(false);
  Agreement a = Draft();
  fakes_.directory().SetUnavailable(true);
  EXPECT_THAT(Submit(a), StatusIs(kUnavailable));
  EXPECT_EQ(Stored(a).state, AgreementState::kDraft);
  // A member's read needs identity too.
  EXPECT_THAT(Get(a, User(kClerk)), StatusIs(kUnavailable));
  EXPECT_THAT(AuditOf("SubmitAgreementForReview"), IsEmpty());
}

TEST_F(AgreementsTest, WhoMayCreate) {
  EXPECT_THAT(Create(Terms(), Officer(OrgScope(kAgency))), IsOk());
  EXPECT_THAT(Create(Terms(), Officer(OrgScope(kMinistry))),
              StatusIs(kDenied));
  EXPECT_THAT(Create(Terms(), Auditor()), StatusIs(kDenied));
  EXPECT_THAT(Create(Terms(), Admin()), IsOk());
}

TEST_F(AgreementsTest, WhoMayRead) {
  Agreement a = Draft();
  EXPECT_THAT(Get(a, Admin()), IsOk());
  EXPECT_THAT(Get(a, Auditor()), IsOk());
  EXPECT_THAT(Get(a, Auditor(OrgScope(kCompany))), IsOk());
  EXPECT_THAT(Get(a, Officer(OrgScope(kMinistry))), IsOk());
  EXPECT_THAT(Get(a, Officer(OrgScope(kOther))), StatusIs(kNotFound));
  EXPECT_THAT(Get(a, Service()), IsOk());
  EXPECT_THAT(Get(a, User(kClerk)), IsOk());          // a member
  EXPECT_THAT(Get(a, User(kMinister)), IsOk());       // a signatory
  EXPECT_THAT(Get(a, User(kStranger)), StatusIs(kNotFound));
  // A service account reads GetAgreement only.
  EXPECT_THAT(registry_.GetAgreementLineage(call_, Service(),
                                            AgreementName(a.id)),
              StatusIs(kNotFound));
  EXPECT_THAT(registry_.ListKpis(call_, Service(), AgreementName(a.id), {}),
              StatusIs(kNotFound));
  AgreementListRequest all;
  absl::StatusOr<aip::Page<Agreement>> page =
      registry_.ListAgreements(call_, Service(), all);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->items, IsEmpty());
}

TEST_F(AgreementsTest, WhoMayChange) {
  Agreement a = Draft();
  const NameAndEtag name{AgreementName(a.id), ""};
  EXPECT_THAT(Change(&AgreementRegistry::DeleteAgreement, Auditor(), name),
              StatusIs(kDenied));
  EXPECT_THAT(Change(&AgreementRegistry::DeleteAgreement,
                     Officer(OrgScope(kMinistry)), name),
              StatusIs(kDenied));  // reads (a party), does not lead
  EXPECT_THAT(Change(&AgreementRegistry::DeleteAgreement,
                     Officer(OrgScope(kOther)), name),
              StatusIs(kNotFound));
  EXPECT_THAT(Submit(a, Auditor()), StatusIs(kDenied));
  EXPECT_THAT(Change(&AgreementRegistry::DeleteAgreement,
                     Officer(OrgScope(kAgency)), name),
              IsOk());
  EXPECT_THAT(Get(a), StatusIs(kNotFound));
}

TEST_F(AgreementsTest, UpdateChecksEtagMaskAndLead) {
  Agreement a = Draft();
  AgreementUpdate u{AgreementName(a.id), {"duration_months"}, "", Terms()};
  u.terms.duration_months = 12;
  EXPECT_EQ(ViolatedField(Change(&AgreementRegistry::UpdateAgreement,
                                 Officer(), u, PartyFacts{})
                              .status()),
            "etag");
  u.etag = aip::RenderEtag(a.version + 1);
  EXPECT_THAT(
      Change(&AgreementRegistry::UpdateAgreement, Officer(), u, PartyFacts{}),
      StatusIs(kAborted));
  u.etag = aip::RenderEtag(a.version);
  u.update_mask = {"state"};
  EXPECT_THAT(
      Change(&AgreementRegistry::UpdateAgreement, Officer(), u, PartyFacts{}),
      StatusIs(kInvalid));
  u.update_mask = {"duration_months"};
  absl::StatusOr<Agreement> updated =
      Change(&AgreementRegistry::UpdateAgreement, Officer(), u, PartyFacts{});
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->expires_on, absl::CivilDay(2026, 6, 15));
  EXPECT_EQ(updated->version, a.version + 1);

  // An officer of the lead cannot hand the lead to another party.
  AgreementUpdate lead{AgreementName(a.id), {"parties"},
                       aip::RenderEtag(updated->version), Terms()};
  std::swap(lead.terms.parties[0].role, lead.terms.parties[1].role);
  EXPECT_THAT(Change(&AgreementRegistry::UpdateAgreement,
                     Officer(OrgScope(kAgency)), lead,
                     FactsFor(lead.terms.parties)),
              StatusIs(kDenied));
  EXPECT_THAT(Change(&AgreementRegistry::UpdateAgreement, Officer(), lead,
                     FactsFor(lead.terms.parties)),
              IsOk());
}

TEST_F(AgreementsTest, FrozenTermsNameTheField) {
  Agreement a = Awaiting();
  AgreementUpdate u{AgreementName(a.id), {"summary"},
                    aip::RenderEtag(a.version), Terms()};
  absl::Status s =
      Change(&AgreementRegistry::UpdateAgreement, Officer(), u, PartyFacts{})
          .status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "agreement.summary");
  EXPECT_THAT(Change(&AgreementRegistry::DeleteAgreement, Officer(),
                     NameAndEtag{AgreementName(a.id), ""}),
              StatusIs(kPrecondition));
}

TEST_F(AgreementsTest, ListFiltersAndVisibility) {
  Agreement tripartite = Draft();
  AgreementTerms bilateral = Terms();
  bilateral.parties.resize(2);
  bilateral.kind = AgreementKind::kConvention;
  bilateral.scope_areas = {ScopeArea::kCloud};
  Agreement second = Draft(bilateral);
  auto names = [&](const auth::Caller& by, AgreementListRequest r) {
    std::vector<std::string> ids;
    absl::StatusOr<aip::Page<Agreement>> page =
        registry_.ListAgreements(call_, by, r);
    EXPECT_THAT(page, IsOk());
    if (page.ok()) {
      for (const Agreement& a : page->items) ids.push_back(a.id);
    }
    return ids;
  };
  EXPECT_THAT(names(Officer(), {}), ElementsAre(second.id, tripartite.id));
  AgreementListRequest r;
  r.party = OrgScope(kCompany);
  EXPECT_THAT(names(Officer(), r), ElementsAre(tripartite.id));
  r = {};
  r.kinds = {AgreementKind::kConvention};
  EXPECT_THAT(names(Officer(), r), ElementsAre(second.id));
  r = {};
  r.scope_areas = {ScopeArea::kTraining, ScopeArea::kData};
  EXPECT_THAT(names(Officer(), r), ElementsAre(tripartite.id));
  r = {};
  r.signatory = "users/" + std::string(kVicePresident);
  EXPECT_THAT(names(Officer(), r), ElementsAre(tripartite.id));
  EXPECT_THAT(names(Officer(OrgScope(kCompany)), {}),
              ElementsAre(tripartite.id));
  EXPECT_THAT(names(User(kVicePresident), {}), ElementsAre(tripartite.id));
  EXPECT_THAT(names(User(kClerk), {}), ElementsAre(second.id, tripartite.id));
  EXPECT_THAT(names(User(kStranger), {}), IsEmpty());

  r = {};
  r.page.page_size = 1;
  absl::StatusOr<aip::Page<Agreement>> first =
      registry_.ListAgreements(call_, Officer(), r);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(first->items, SizeIs(1));
  r.page.page_token = first->next_page_token;
  EXPECT_THAT(names(Officer(), r), ElementsAre(tripartite.id));
  r.kinds = {AgreementKind::kMou};  // other filters: the token is refused
  EXPECT_THAT(registry_.ListAgreements(call_, Officer(), r),
              StatusIs(kInvalid));
  r = {};
  r.states = {AgreementState::kActive, AgreementState(9)};
  EXPECT_EQ(ViolatedField(registry_.ListAgreements(call_, Officer(), r).status()),
            "states[1]");
}

TEST_F(AgreementsTest, PaperAgreementIsRecordedSignedWithoutSignatures) {
  AgreementTerms t = Terms();
  t.parties.resize(2);
  t.parties[1].signatory_id.clear();  // signed by someone with no account
  t.parties[1].signatory_title = "Ministre";
  t.parties[0].signatory_title = "Directeur général";
  t.effective_on = absl::CivilDay(2023, 3, 1);
  t.duration_months = 36;
  PaperAgreement paper{t, absl::CivilDay(2023, 2, 20), std::string(64, 'a')};
  absl::StatusOr<Agreement> a = Record(paper);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->state, AgreementState::kActive);
  EXPECT_TRUE(a->in_force);
  ASSERT_TRUE(a->paper_record.has_value());
  EXPECT_EQ(a->signed_on, absl::CivilDay(2023, 2, 20));
  EXPECT_EQ(a->content_digest.size(), 64u);
  EXPECT_FALSE(a->terms.parties[0].signature.has_value());
  EXPECT_THAT(AuditOf("ActivateAgreement"), SizeIs(1));
  EXPECT_THAT(Events(), ElementsAre(AgreementStateChanged{
                            a->id, AgreementState::kActive, ""}));

  EXPECT_THAT(Record(paper, Officer(OrgScope(kAgency))), StatusIs(kDenied));
  PaperAgreement bad = paper;
  bad.signed_on = absl::CivilDay(2025, 5, 2);  // tomorrow
  EXPECT_EQ(ViolatedField(Record(bad).status()), "signed_on");
  bad = paper;
  bad.terms.parties[1].signatory_title.clear();
  EXPECT_EQ(ViolatedField(Record(bad).status()),
            "agreement.parties[1].signatory_title");
  bad = paper;
  bad.signed_document_digest = "x";
  EXPECT_EQ(ViolatedField(Record(bad).status()), "signed_document_digest");
}

TEST_F(AgreementsTest, PaperAgreementPastItsTermIsStoredExpired) {
  AgreementTerms t = Terms();
  t.parties.resize(2);
  t.parties[0].signatory_title = "Directeur général";
  t.parties[1].signatory_title = "Ministre";
  t.effective_on = absl::CivilDay(2020, 1, 1);
  t.duration_months = 12;
  PaperAgreement paper{t, absl::CivilDay(2019, 12, 1), std::string(64, 'b')};
  absl::StatusOr<Agreement> a = Record(paper, Admin());
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->state, AgreementState::kExpired);
  EXPECT_EQ(Stored(*a).state, AgreementState::kExpired);
  EXPECT_THAT(Events(),
              ElementsAre(AgreementStateChanged{a->id, AgreementState::kActive, ""},
                          AgreementStateChanged{a->id, AgreementState::kExpired,
                                                ""}));
}

}  // namespace
}  // namespace masar::partnerships::testing
