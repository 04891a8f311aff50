// Time: expiry and supersession derived on read from the start of the day
// in the service's zone, and stored once by the sweep.
#include "common/aip/etag.h"
#include "tests/services/partnerships/domain/registry_fixture.h"

namespace masar::partnerships::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class TimeTest : public RegistryTest {
 protected:
  // The first instant of `day` in Casablanca, and one second before.
  absl::Time StartOf(absl::CivilDay day) {
    return fakes_.calendar().StartOf(day);
  }
};

TEST_F(TimeTest, ExpiryIsSeenTheMomentTheDayStartsInCasablanca) {
  Agreement a = Active();  // expires 2027-06-15
  const absl::Time start = StartOf(a.expires_on);
  // Not UTC midnight: Casablanca is an hour ahead in June.
  ASSERT_EQ(start, absl::FromCivil(absl::CivilSecond(2027, 6, 14, 23, 0, 0),
                                   absl::UTCTimeZone()));
  fakes_.clock().Set(start - absl::Seconds(1));
  EXPECT_EQ(Get(a)->state, AgreementState::kActive);
  EXPECT_TRUE(Get(a)->in_force);
  fakes_.clock().Set(start);
  absl::StatusOr<Agreement> seen = Get(a);
  ASSERT_THAT(seen, IsOk());
  EXPECT_EQ(seen->state, AgreementState::kExpired);
  EXPECT_FALSE(seen->in_force);
  EXPECT_EQ(seen->end_time, start);
  // Every reader sees it: a list filtered on ACTIVE no longer has it.
  AgreementListRequest active;
  active.states = {AgreementState::kActive};
  EXPECT_THAT(registry_.ListAgreements(call_, Officer(), active)->items,
              IsEmpty());
  AgreementListRequest expired;
  expired.states = {AgreementState::kExpired};
  EXPECT_THAT(registry_.ListAgreements(call_, Officer(), expired)->items,
              SizeIs(1));
  EXPECT_EQ(Stored(a).state, AgreementState::kActive);  // not yet swept
}

TEST_F(TimeTest, TheSweepStoresExpiryOnceWithItsAuditAndEvent) {
  Agreement a = Active();
  fakes_.clock().Set(StartOf(a.expires_on) + absl::Hours(1));
  const Agreement before = *Get(a);
  absl::StatusOr<SweepResult> first = registry_.SweepDueTransitions();
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->expired, 1);
  absl::StatusOr<SweepResult> second = registry_.SweepDueTransitions();
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->expired, 0);
  EXPECT_EQ(Stored(a).state, AgreementState::kExpired);
  const Agreement after = *Get(a);
  EXPECT_EQ(after.end_time, before.end_time);  // reads the same
  EXPECT_EQ(after.ended_on, a.expires_on);
  EXPECT_THAT(Events(), ElementsAre(
                            AgreementStateChanged{a.id, AgreementState::kActive, ""},
                            AgreementStateChanged{a.id, AgreementState::kExpired,
                                                  ""}));
  std::vector<audit::AuditRecord> audit = AuditOf("ExpireAgreement");
  ASSERT_THAT(audit, SizeIs(1));
  EXPECT_EQ(audit[0].actor, kSystemActor);
}

TEST_F(TimeTest, AReplicaThatLostTheSweepSkips) {
  Agreement a = Active();
  fakes_.clock().Set(StartOf(a.expires_on));
  // Another replica stores the expiry between this sweep's read and write.
  fakes_.agreements().BeforeNextUpdate([&](Transaction& tx) {
    EXPECT_THAT(fakes_.unit_of_work().CommitConcurrently(
                    tx,
                    [&](Transaction& inner) -> absl::Status {
                      absl::StatusOr<Agreement> stored =
                          fakes_.agreements().Get(inner, a.id);
                      if (!stored.ok()) return stored.status();
                      stored->state = AgreementState::kExpired;
                      return fakes_.agreements().Update(inner, *stored).status();
                    }),
                IsOk());
  });
  absl::StatusOr<SweepResult> result = registry_.SweepDueTransitions();
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->expired, 0);
  EXPECT_THAT(AuditOf("ExpireAgreement"), IsEmpty());
  EXPECT_EQ(Stored(a).state, AgreementState::kExpired);
}

// The 2023 bilateral memorandum, ACTIVE, and its tripartite renewal.
class SupersessionTest : public TimeTest {
 protected:
  Agreement Bilateral() {
    AgreementTerms t = Terms();
    t.parties = {t.parties[0], t.parties[2]};
    t.effective_on = absl::CivilDay(2023, 6, 1);
    t.duration_months = 36;  // expires 2026-06-01
    return Active(t);
  }
  Agreement RenewalOf(const Agreement& old, absl::CivilDay effective_on) {
    const std::string name = AgreementName(old.id);
    absl::StatusOr<Agreement> renewal = Change(
        &AgreementRegistry::RenewAgreement, Officer(),
        Renewal{name, effective_on, 24},
        *registry_.LookUpAgreementParties(call_, Officer(), name));
    EXPECT_THAT(renewal, IsOk());
    return renewal.ok() ? *renewal : Agreement{};
  }
  void AddMinistry(Agreement& renewal) {
    AgreementUpdate u{AgreementName(renewal.id), {"parties"},
                      aip::RenderEtag(renewal.version), renewal.terms};
    u.terms.parties.push_back(MakeParty(kMinistry, PartyRole::kPartner, kMinister, ""));
    absl::StatusOr<Agreement> updated =
        Change(&AgreementRegistry::UpdateAgreement, Officer(), u,
               FactsFor(u.terms.parties));
    ASSERT_THAT(updated, IsOk());
    renewal = *updated;
  }
  Agreement SignAll(const Agreement& renewal) {
    Agreement frozen = *Freeze(*Submit(renewal));
    absl::StatusOr<Agreement> last = frozen;
    for (const Party& p : frozen.terms.parties) {
      last = SignAs(frozen, p.organization_id, p.signatory_id);
      EXPECT_THAT(last, IsOk());
    }
    return last.ok() ? *last : frozen;
  }
};

TEST_F(SupersessionTest, ARenewalInForceAtActivationSupersedesAtOnce) {
  Agreement old = Bilateral();
  Agreement renewal = RenewalOf(old, absl::CivilDay(2025, 5, 1));  // today
  AddMinistry(renewal);
  Agreement active = SignAll(renewal);
  ASSERT_EQ(active.state, AgreementState::kActive);
  Agreement stored = Stored(old);
  EXPECT_EQ(stored.state, AgreementState::kSuperseded);
  EXPECT_EQ(stored.superseded_by_id, renewal.id);
  EXPECT_THAT(AuditOf("SupersedeAgreement"), SizeIs(1));
  EXPECT_EQ(Events().back(),
            (AgreementStateChanged{old.id, AgreementState::kSuperseded,
                                   renewal.id}));
}

TEST_F(SupersessionTest, ARenewalSignedAheadSupersedesWhenItEntersIntoForce) {
  Agreement old = Bilateral();
  const absl::CivilDay start(2025, 9, 1);
  Agreement renewal = RenewalOf(old, start);
  SignAll(renewal);
  Agreement waiting = *Get(old);
  EXPECT_EQ(waiting.state, AgreementState::kActive);
  EXPECT_TRUE(waiting.in_force);
  EXPECT_EQ(waiting.superseded_by_id, renewal.id);
  EXPECT_THAT(AuditOf("SupersedeAgreement"), IsEmpty());

  fakes_.clock().Set(StartOf(start) - absl::Seconds(1));
  EXPECT_EQ(Get(old)->state, AgreementState::kActive);
  fakes_.clock().Set(StartOf(start));
  EXPECT_EQ(Get(old)->state, AgreementState::kSuperseded);
  EXPECT_TRUE(Get(renewal)->in_force);
  absl::StatusOr<SweepResult> swept = registry_.SweepDueTransitions();
  ASSERT_THAT(swept, IsOk());
  EXPECT_EQ(swept->superseded, 1);
  EXPECT_EQ(registry_.SweepDueTransitions()->superseded, 0);
  EXPECT_EQ(Events().back(),
            (AgreementStateChanged{old.id, AgreementState::kSuperseded,
                                   renewal.id}));
  EXPECT_THAT(AuditOf("SupersedeAgreement"), SizeIs(1));
}

TEST_F(SupersessionTest, TerminatingARenewalBeforeItStartsKeepsThePredecessor) {
  Agreement old = Bilateral();
  const absl::CivilDay start(2025, 9, 1);
  Agreement renewal = SignAll(RenewalOf(old, start));
  ASSERT_THAT(Change(&AgreementRegistry::TerminateAgreement, Officer(),
                     ReasonedChange{AgreementName(renewal.id), "void", ""}),
              IsOk());
  fakes_.clock().Set(StartOf(start));
  EXPECT_EQ(Get(old)->state, AgreementState::kActive);
  EXPECT_TRUE(Get(old)->superseded_by_id.empty());
}

TEST_F(SupersessionTest, TerminatingARenewalInForceLeavesThePredecessorSuperseded) {
  Agreement old = Bilateral();
  const absl::CivilDay start(2025, 9, 1);
  Agreement renewal = SignAll(RenewalOf(old, start));
  fakes_.clock().Set(StartOf(start) + absl::Hours(2));
  ASSERT_THAT(Change(&AgreementRegistry::TerminateAgreement, Officer(),
                     ReasonedChange{AgreementName(renewal.id), "ended", ""}),
              IsOk());
  EXPECT_EQ(Get(old)->state, AgreementState::kSuperseded);
}

TEST_F(SupersessionTest, ListsWhatWasInForceOnADayAndWhatExpiresSoon) {
  Agreement old = Bilateral();  // 2023-06-01 .. 2026-06-01, signed 2025-05-01
  const absl::CivilDay start(2025, 9, 1);
  Agreement renewal = SignAll(RenewalOf(old, start));
  auto ids = [&](AgreementListRequest r) {
    std::vector<std::string> out;
    absl::StatusOr<aip::Page<Agreement>> page =
        registry_.ListAgreements(call_, Officer(), r);
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) return out;
    for (const Agreement& a : page->items) out.push_back(a.id);
    return out;
  };
  AgreementListRequest r;
  r.active_on = absl::CivilDay(2024, 1, 1);  // before it was recorded signed
  EXPECT_THAT(ids(r), IsEmpty());
  r.active_on = absl::CivilDay(2025, 8, 31);
  EXPECT_THAT(ids(r), ElementsAre(old.id));
  r.active_on = absl::CivilDay(2025, 9, 1);
  EXPECT_THAT(ids(r), ElementsAre(renewal.id));
  r = {};
  r.expiring_before = absl::CivilDay(2026, 7, 1);
  r.states = {AgreementState::kActive};
  EXPECT_THAT(ids(r), ElementsAre(old.id));
}

TEST_F(SupersessionTest, ARenewalFromTheExpiryDayFollowsAnExpiredAgreement) {
  Agreement old = Bilateral();
  Agreement renewal = RenewalOf(old, old.expires_on);
  SignAll(renewal);
  fakes_.clock().Set(StartOf(old.expires_on));
  EXPECT_EQ(Get(old)->state, AgreementState::kExpired);
  EXPECT_EQ(registry_.SweepDueTransitions()->expired, 1);
  EXPECT_EQ(Stored(old).state, AgreementState::kExpired);
}

}  // namespace
}  // namespace masar::partnerships::testing
