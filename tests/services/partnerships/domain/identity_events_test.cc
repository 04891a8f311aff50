// Identity's events: a signatory disabled, erased or gone from the
// organization can no longer sign until a new one is named.
#include "common/aip/etag.h"
#include "tests/services/partnerships/domain/registry_fixture.h"

namespace masar::partnerships::testing {
namespace {

using ::testing::IsEmpty;
using ::testing::SizeIs;

class IdentityEventsTest : public RegistryTest {};

TEST_F(IdentityEventsTest, ADisabledSignatoryIsMarkedAndBlocksSigning) {
  Agreement a = Awaiting();
  ASSERT_THAT(SignAs(a, kAgency, kDirector), IsOk());
  fakes_.directory().SetUser(kMinister, FakePartyDirectory::UserState::kDisabled);
  ASSERT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) {
    return registry_.SignatoryUserChanged(tx, kMinister,
                                          SignatoryStatus::kUserDisabled);
  }),
              IsOk());
  Agreement seen = *Get(a);
  EXPECT_EQ(seen.terms.parties[1].signatory_status,
            SignatoryStatus::kUserDisabled);
  EXPECT_EQ(seen.version, Stored(a).version);
  EXPECT_GT(seen.version, a.version);
  std::vector<audit::AuditRecord> audit = AuditOf("MarkSignatoryStatus");
  ASSERT_THAT(audit, SizeIs(1));
  EXPECT_EQ(audit[0].actor, kSystemActor);
  absl::Status s = SignAs(a, kMinistry, kMinister).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "parties[1].signatory");

  // Enabled again: valid again, and signs.
  fakes_.directory().SetUser(kMinister);
  ASSERT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) {
    return registry_.SignatoryUserChanged(tx, kMinister,
                                          SignatoryStatus::kValid);
  }),
              IsOk());
  EXPECT_EQ(Get(a)->terms.parties[1].signatory_status, SignatoryStatus::kValid);
  EXPECT_THAT(SignAs(a, kMinistry, kMinister), IsOk());
}

TEST_F(IdentityEventsTest, ARemovedMemberBlocksReviewUntilANewSignatoryIsNamed) {
  Agreement a = Draft();
  Agreement signed_elsewhere = Active();
  fakes_.directory().RemoveMember(kCompany, kVicePresident);
  ASSERT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) {
    return registry_.SignatoryMembershipRemoved(tx, kCompany, kVicePresident);
  }),
              IsOk());
  EXPECT_EQ(Get(a)->terms.parties[2].signatory_status,
            SignatoryStatus::kNotAMember);
  // A signature already given is kept as signed.
  EXPECT_EQ(Get(signed_elsewhere)->terms.parties[2].signatory_status,
            SignatoryStatus::kValid);
  absl::Status s = Submit(a).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "parties[2].signatory");

  fakes_.directory().AddMember(kCompany, kStranger, "Head of Startups");
  Agreement current = *Get(a);
  AgreementUpdate u{AgreementName(a.id), {"parties"},
                    aip::RenderEtag(current.version), current.terms};
  u.terms.parties[2].signatory_id = kStranger;
  u.terms.parties[2].signatory_title.clear();
  absl::StatusOr<Agreement> renamed = Change(
      &AgreementRegistry::UpdateAgreement, Officer(), u, FactsFor(u.terms.parties));
  ASSERT_THAT(renamed, IsOk());
  EXPECT_EQ(renamed->terms.parties[2].signatory_status, SignatoryStatus::kValid);
  EXPECT_EQ(renamed->terms.parties[2].signatory_title, "Head of Startups");
  EXPECT_THAT(Submit(*renamed), IsOk());
}

TEST_F(IdentityEventsTest, AMembershipElsewhereIsNotTouched) {
  Agreement a = Draft();
  ASSERT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) {
    return registry_.SignatoryMembershipRemoved(tx, kOther, kVicePresident);
  }),
              IsOk());
  EXPECT_EQ(Get(a)->version, a.version);
  EXPECT_THAT(AuditOf("MarkSignatoryStatus"), IsEmpty());
}

}  // namespace
}  // namespace masar::partnerships::testing
