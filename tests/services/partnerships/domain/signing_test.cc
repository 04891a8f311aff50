// The lifecycle: review, freezing the terms, signatures, activation and
// termination, also when callers race.
#include <thread>

#include "common/aip/etag.h"
#include "services/partnerships/domain/terms_digest.h"
#include "tests/services/partnerships/domain/registry_fixture.h"

namespace masar::partnerships::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class SigningTest : public RegistryTest {};

ReasonedChange Reason(const Agreement& a, const std::string& why = "why") {
  return ReasonedChange{AgreementName(a.id), why, ""};
}

TEST_F(SigningTest, HappyPathFreezesSignsAndActivatesOnce) {
  Agreement a = Draft();
  absl::StatusOr<Agreement> reviewed = Submit(a);
  ASSERT_THAT(reviewed, IsOk());
  EXPECT_EQ(reviewed->state, AgreementState::kInReview);
  EXPECT_TRUE(reviewed->content_digest.empty());
  absl::StatusOr<Agreement> frozen = Freeze(*reviewed);
  ASSERT_THAT(frozen, IsOk());
  EXPECT_EQ(frozen->state, AgreementState::kAwaitingSignatures);
  EXPECT_EQ(frozen->digest_format, kTermsFormatV1);
  EXPECT_EQ(frozen->content_digest,
            *TermsDigest(Stored(*frozen), {}, {}, kTermsFormatV1));

  ASSERT_THAT(SignAs(*frozen, kMinistry, kMinister), IsOk());
  ASSERT_THAT(SignAs(*frozen, kCompany, kVicePresident), IsOk());
  EXPECT_THAT(Events(), IsEmpty());
  fakes_.clock().Advance(absl::Minutes(5));
  absl::StatusOr<Agreement> active = SignAs(*frozen, kAgency, kDirector);
  ASSERT_THAT(active, IsOk());
  EXPECT_EQ(active->state, AgreementState::kActive);
  EXPECT_FALSE(active->in_force);  // signed before its effective_on
  EXPECT_EQ(active->activate_time, fakes_.clock().Now());
  EXPECT_EQ(active->signed_on, absl::CivilDay(2025, 5, 1));
  const PartySignature& s = *active->terms.parties[0].signature;
  EXPECT_EQ(s.signer_id, kDirector);
  EXPECT_EQ(s.signed_digest, frozen->content_digest);
  EXPECT_THAT(s.amr, ElementsAre("pwd", "otp"));
  EXPECT_EQ(s.token_id, "jti-users/" + std::string(kDirector));
  EXPECT_THAT(Events(), ElementsAre(AgreementStateChanged{
                            a.id, AgreementState::kActive, ""}));
  EXPECT_THAT(AuditOf("SignAgreement"), SizeIs(3));
  std::vector<audit::AuditRecord> activation = AuditOf("ActivateAgreement");
  ASSERT_THAT(activation, SizeIs(1));
  EXPECT_EQ(activation[0].actor, kSystemActor);
  SetToday(absl::CivilDay(2025, 6, 15), 0);
  EXPECT_TRUE(Get(a)->in_force);
}

TEST_F(SigningTest, EveryInvalidTransitionIsAFailedPrecondition) {
  Agreement draft = Draft();
  EXPECT_THAT(Freeze(draft), StatusIs(kPrecondition));
  EXPECT_THAT(Change(&AgreementRegistry::ReturnAgreementToDraft, Officer(),
                     Reason(draft)),
              StatusIs(kPrecondition));
  EXPECT_THAT(Change(&AgreementRegistry::TerminateAgreement, Officer(),
                     Reason(draft)),
              StatusIs(kPrecondition));
  Agreement awaiting = Awaiting();
  EXPECT_THAT(Submit(awaiting), StatusIs(kPrecondition));
  EXPECT_THAT(Freeze(awaiting), StatusIs(kPrecondition));
  Agreement active = Active();
  EXPECT_THAT(Submit(active), StatusIs(kPrecondition));
  EXPECT_THAT(Change(&AgreementRegistry::ReturnAgreementToDraft, Officer(),
                     Reason(active)),
              StatusIs(kPrecondition));
  EXPECT_THAT(SignAs(active, kAgency, kDirector), StatusIs(kPrecondition));
  ASSERT_THAT(Change(&AgreementRegistry::TerminateAgreement, Officer(),
                     Reason(active, "funding ended")),
              IsOk());
  EXPECT_THAT(Change(&AgreementRegistry::TerminateAgreement, Officer(),
                     Reason(active)),
              StatusIs(kPrecondition));
  EXPECT_EQ(Get(active)->state_reason, "funding ended");
  EXPECT_THAT(Events(), ElementsAre(AgreementStateChanged{
                                        active.id, AgreementState::kActive, ""},
                                    AgreementStateChanged{
                                        active.id, AgreementState::kTerminated,
                                        ""}));
}

TEST_F(SigningTest, ReturnToDraftOnlyWhileNobodySigned) {
  Agreement a = Awaiting();
  absl::StatusOr<Agreement> back = Change(
      &AgreementRegistry::ReturnAgreementToDraft, Officer(), Reason(a, "swap"));
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->state, AgreementState::kDraft);
  EXPECT_TRUE(back->content_digest.empty());
  EXPECT_EQ(back->state_reason, "swap");
  Agreement b = Awaiting();
  ASSERT_THAT(SignAs(b, kCompany, kVicePresident), IsOk());
  EXPECT_THAT(Change(&AgreementRegistry::ReturnAgreementToDraft, Officer(),
                     Reason(b)),
              StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(Change(&AgreementRegistry::ReturnAgreementToDraft,
                                 Officer(), Reason(b, ""))
                              .status()),
            "reason");
}

TEST_F(SigningTest, RequestSignaturesNeedsTheReviewedEtagAndTheOffice) {
  Agreement a = *Submit(Draft());
  const std::string name = AgreementName(a.id);
  EXPECT_EQ(ViolatedField(Change(&AgreementRegistry::RequestSignatures,
                                 Officer(), NameAndEtag{name, ""}, FactsOf(a))
                              .status()),
            "etag");
  EXPECT_THAT(Freeze(a, Officer(OrgScope(kAgency))), StatusIs(kDenied));
  // Officers approving at once: one wins, the other's etag is stale.
  ASSERT_THAT(Freeze(a), IsOk());
  EXPECT_THAT(Freeze(a, Admin()), StatusIs(kAborted));
}

TEST_F(SigningTest, AnObligationChangeChangesTheEtagTheReviewerRead) {
  Agreement a = *Submit(Draft());
  ASSERT_THAT(Change(&AgreementRegistry::CreateObligation, Officer(),
                     NewObligation{AgreementName(a.id), OrgScope(kAgency),
                                   {"", "Feuille de route", ""},
                                   absl::CivilDay(2025, 12, 15)}),
              IsOk());
  EXPECT_THAT(Freeze(a), StatusIs(kAborted));
  absl::StatusOr<Agreement> frozen = Freeze(*Get(a));
  ASSERT_THAT(frozen, IsOk());
  // The digest covers the obligation.
  InMemoryPartnershipsState state = fakes_.unit_of_work().state();
  std::vector<Obligation> obligations;
  for (const auto& [key, o] : state.obligations) obligations.push_back(o);
  ASSERT_THAT(obligations, SizeIs(1));
  EXPECT_EQ(frozen->content_digest,
            *TermsDigest(Stored(*frozen), obligations, {}, kTermsFormatV1));
  EXPECT_NE(frozen->content_digest,
            *TermsDigest(Stored(*frozen), {}, {}, kTermsFormatV1));
}

TEST_F(SigningTest, SignedOnIsTheDayInTheServicesZone) {
  Agreement a = Awaiting();
  ASSERT_THAT(SignAs(a, kMinistry, kMinister), IsOk());
  ASSERT_THAT(SignAs(a, kCompany, kVicePresident), IsOk());
  // 23:30 UTC on 1 May is 00:30 on 2 May in Casablanca.
  fakes_.clock().Set(absl::FromCivil(absl::CivilSecond(2025, 5, 1, 23, 30, 0),
                                     absl::UTCTimeZone()));
  absl::StatusOr<Agreement> active = SignAs(a, kAgency, kDirector);
  ASSERT_THAT(active, IsOk());
  EXPECT_EQ(active->signed_on, absl::CivilDay(2025, 5, 2));
}

TEST_F(SigningTest, RequestSignaturesRefusesAnAgreementExpiringByToday) {
  AgreementTerms t = Terms();
  t.effective_on = absl::CivilDay(2024, 5, 1);
  t.duration_months = 12;  // expires 2025-05-01: today
  Agreement a = *Submit(Draft(t));
  absl::Status s = Freeze(a).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "expires_on");
}

TEST_F(SigningTest, SigningRefusals) {
  Agreement a = Awaiting();
  // Not the party's signatory, or no one-time code: PERMISSION_DENIED.
  EXPECT_THAT(SignAs(a, kAgency, kMinister), StatusIs(kDenied));
  EXPECT_THAT(Sign(a, kAgency, User(kDirector, /*otp=*/false)),
              StatusIs(kDenied));
  EXPECT_THAT(Sign(a, kAgency, Admin()), StatusIs(kDenied));
  // A member of the party who is not its signatory reads it, and may not
  // sign; a stranger does not even see it.
  EXPECT_THAT(SignAs(a, kAgency, kClerk), StatusIs(kDenied));
  EXPECT_THAT(SignAs(a, kAgency, kStranger), StatusIs(kNotFound));
  // A service account never signs: one that reads every agreement
  // (SERVICE) is told so.
  EXPECT_THAT(Sign(a, kAgency, Service()), StatusIs(kDenied));
  auth::Caller service_officer =
      Who("serviceAccounts/robot", {{auth::Role::kPartnershipOfficer, "*"}},
          {"otp"});
  EXPECT_THAT(Sign(a, kAgency, service_officer), StatusIs(kDenied));
  // Not a party, a wrong digest, twice.
  EXPECT_THAT(Sign(a, kOther, User(kDirector)), StatusIs(kPrecondition));
  Agreement wrong = a;
  wrong.content_digest = std::string(64, '0');
  absl::Status s = SignAs(wrong, kAgency, kDirector).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "content_digest");
  ASSERT_THAT(SignAs(a, kAgency, kDirector), IsOk());
  EXPECT_THAT(SignAs(a, kAgency, kDirector), StatusIs(kPrecondition));
  EXPECT_THAT(AuditOf("SignAgreement"), SizeIs(1));
}

TEST_F(SigningTest, ASignerWhoLostTheRaceSignsAgainAndActivationHappensOnce) {
  Agreement a = Awaiting();
  ASSERT_THAT(SignAs(a, kCompany, kVicePresident), IsOk());
  // The minister's signature commits between the director's read and write.
  fakes_.agreements().BeforeNextUpdate([&](Transaction& tx) {
    Signing signing{AgreementName(a.id), OrgScope(kMinistry), a.content_digest};
    PartyFacts facts = FactsFor(Terms().parties);
    EXPECT_THAT(fakes_.unit_of_work().CommitConcurrently(
                    tx,
                    [&](Transaction& inner) {
                      return registry_
                          .SignAgreement(inner, User(kMinister), signing, facts)
                          .status();
                    }),
                IsOk());
  });
  EXPECT_THAT(SignAs(a, kAgency, kDirector), StatusIs(kAborted));
  EXPECT_EQ(Stored(a).state, AgreementState::kAwaitingSignatures);
  EXPECT_TRUE(Stored(a).terms.parties[1].signature.has_value());
  absl::StatusOr<Agreement> again = SignAs(a, kAgency, kDirector);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->state, AgreementState::kActive);
  EXPECT_THAT(Events(), SizeIs(1));
  EXPECT_THAT(AuditOf("ActivateAgreement"), SizeIs(1));
  EXPECT_THAT(AuditOf("SignAgreement"), SizeIs(3));
}

TEST_F(SigningTest, AllPartiesSigningAtOnceActivateExactlyOnce) {
  Agreement a = Awaiting();
  std::vector<std::thread> signers;
  std::vector<absl::Status> results(3);
  const std::vector<Party> parties = Terms().parties;
  for (int i = 0; i < 3; ++i) {
    signers.emplace_back([&, i] {
      for (int attempt = 0; attempt < 5; ++attempt) {
        results[i] = SignAs(a, parties[i].organization_id,
                            parties[i].signatory_id)
                         .status();
        if (!absl::IsAborted(results[i])) break;
      }
    });
  }
  for (std::thread& t : signers) t.join();
  for (const absl::Status& s : results) EXPECT_THAT(s, IsOk());
  EXPECT_EQ(Get(a)->state, AgreementState::kActive);
  EXPECT_THAT(Events(), SizeIs(1));
  EXPECT_THAT(AuditOf("ActivateAgreement"), SizeIs(1));
}

TEST_F(SigningTest, SigningNeedsTheSignatoryStillAMember) {
  Agreement a = Awaiting();
  fakes_.directory().RemoveMember(kMinistry, kMinister);
  absl::Status s = SignAs(a, kMinistry, kMinister).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "parties[1].signatory");
  // Identity down while looking up the signer: UNAVAILABLE, nothing signed.
  fakes_.directory().SetUnavailable(true);
  EXPECT_THAT(SignAs(a, kAgency, kDirector), StatusIs(kUnavailable));
  EXPECT_FALSE(Stored(a).terms.parties[0].signature.has_value());
}

TEST_F(SigningTest, NoSignatureOnceExpiresOnIsReached) {
  Agreement a = Awaiting();
  SetToday(absl::CivilDay(2027, 6, 15), 0);
  EXPECT_THAT(SignAs(a, kAgency, kDirector), StatusIs(kPrecondition));
}

TEST_F(SigningTest, TerminateAbandonsAnAgreementAwaitingSignatures) {
  Agreement a = Awaiting();
  absl::StatusOr<Agreement> ended = Change(
      &AgreementRegistry::TerminateAgreement, Officer(), Reason(a, "dropped"));
  ASSERT_THAT(ended, IsOk());
  EXPECT_EQ(ended->state, AgreementState::kTerminated);
  EXPECT_TRUE(ended->end_time.has_value());
  EXPECT_THAT(Events(), ElementsAre(AgreementStateChanged{
                            a.id, AgreementState::kTerminated, ""}));
}

}  // namespace
}  // namespace masar::partnerships::testing
