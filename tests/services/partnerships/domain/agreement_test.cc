#include "services/partnerships/domain/agreement.h"

#include "gtest/gtest.h"
#include "services/partnerships/domain/kpi.h"
#include "services/partnerships/domain/obligation.h"

namespace masar::partnerships {
namespace {

TEST(AddMonthsTest, KeepsTheDayOrTakesTheMonthsLast) {
  EXPECT_EQ(AddMonths(absl::CivilDay(2024, 1, 31), 1),
            absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(AddMonths(absl::CivilDay(2025, 1, 31), 1),
            absl::CivilDay(2025, 2, 28));
  EXPECT_EQ(AddMonths(absl::CivilDay(2025, 2, 15), 24),
            absl::CivilDay(2027, 2, 15));
  EXPECT_EQ(AddMonths(absl::CivilDay(2025, 1, 31), 37),
            absl::CivilDay(2028, 2, 29));
  EXPECT_EQ(AddMonths(absl::CivilDay(2025, 12, 1), 240),
            absl::CivilDay(2045, 12, 1));
}

Agreement ActiveOne() {
  Agreement a;
  a.state = AgreementState::kActive;
  a.terms.effective_on = absl::CivilDay(2025, 6, 15);
  a.expires_on = absl::CivilDay(2027, 6, 15);
  return a;
}

TEST(EffectiveStateTest, ExpiresOnItsDayAndIsSupersededWhenTheRenewalComesFirst) {
  Agreement a = ActiveOne();
  EXPECT_EQ(EffectiveState(a, absl::CivilDay(2027, 6, 14)),
            AgreementState::kActive);
  EXPECT_EQ(EffectiveState(a, absl::CivilDay(2027, 6, 15)),
            AgreementState::kExpired);
  a.supersede_on = absl::CivilDay(2027, 1, 1);
  EXPECT_EQ(EffectiveState(a, absl::CivilDay(2026, 12, 31)),
            AgreementState::kActive);
  EXPECT_EQ(EffectiveState(a, absl::CivilDay(2027, 1, 1)),
            AgreementState::kSuperseded);
  // A renewal starting on the expiry day follows an expired agreement.
  a.supersede_on = a.expires_on;
  EXPECT_EQ(EffectiveState(a, a.expires_on), AgreementState::kExpired);
  a.state = AgreementState::kTerminated;
  EXPECT_EQ(EffectiveState(a, absl::CivilDay(2030, 1, 1)),
            AgreementState::kTerminated);
}

TEST(AsSeenOnTest, EndsAtTheStartOfTheDayInTheZoneAndDerivesInForce) {
  absl::TimeZone casablanca;
  ASSERT_TRUE(absl::LoadTimeZone("Africa/Casablanca", &casablanca));
  Agreement a = ActiveOne();
  EXPECT_FALSE(AsSeenOn(a, absl::CivilDay(2025, 6, 14), casablanca).in_force);
  EXPECT_TRUE(AsSeenOn(a, absl::CivilDay(2025, 6, 15), casablanca).in_force);
  Agreement seen = AsSeenOn(a, absl::CivilDay(2027, 7, 1), casablanca);
  EXPECT_EQ(seen.state, AgreementState::kExpired);
  EXPECT_FALSE(seen.in_force);
  // 00:00 in Casablanca (UTC+1 in June) is 23:00 UTC the day before.
  EXPECT_EQ(*seen.end_time,
            absl::FromCivil(absl::CivilSecond(2027, 6, 14, 23, 0, 0),
                            absl::UTCTimeZone()));
  EXPECT_EQ(seen.ended_on, absl::CivilDay(2027, 6, 15));
}

TEST(IsOverdueTest, OnlyOpenWorkOfASignedAgreementPastItsDay) {
  Obligation o;
  o.due_on = absl::CivilDay(2025, 12, 31);
  const absl::CivilDay after(2026, 1, 1);
  EXPECT_TRUE(IsOverdue(o, AgreementState::kActive, after));
  EXPECT_TRUE(IsOverdue(o, AgreementState::kExpired, after));
  EXPECT_TRUE(IsOverdue(o, AgreementState::kSuperseded, after));
  EXPECT_FALSE(IsOverdue(o, AgreementState::kActive, o.due_on));
  EXPECT_FALSE(IsOverdue(o, AgreementState::kDraft, after));
  EXPECT_FALSE(IsOverdue(o, AgreementState::kAwaitingSignatures, after));
  EXPECT_FALSE(IsOverdue(o, AgreementState::kTerminated, after));
  o.state = ObligationState::kDone;
  EXPECT_FALSE(IsOverdue(o, AgreementState::kActive, after));
  o.state = ObligationState::kInProgress;
  EXPECT_TRUE(IsOverdue(o, AgreementState::kActive, after));
}

TEST(KpiProgressTest, PercentOfTheWayFromBaselineToTargetEitherDirection) {
  Kpi up;
  up.baseline = 0;
  up.target = 50;
  up.direction = KpiDirection::kIncrease;
  KpiMeasurement m;
  m.value = 20;
  m.period_end_on = absl::CivilDay(2025, 12, 31);
  KpiProgress p = ProgressOf(up, m);
  EXPECT_DOUBLE_EQ(p.percent_of_target, 40);
  EXPECT_FALSE(p.target_met);
  EXPECT_EQ(p.latest_period_end_on, m.period_end_on);
  m.value = 60;
  EXPECT_TRUE(ProgressOf(up, m).target_met);
  EXPECT_DOUBLE_EQ(ProgressOf(up, m).percent_of_target, 120);

  Kpi down;
  down.baseline = 45;
  down.target = 12.25;
  down.direction = KpiDirection::kDecrease;
  m.value = 50;  // the wrong way
  EXPECT_LT(ProgressOf(down, m).percent_of_target, 0);
  m.value = 12.25;
  EXPECT_TRUE(ProgressOf(down, m).target_met);
  EXPECT_DOUBLE_EQ(ProgressOf(down, m).percent_of_target, 100);
}

TEST(MeasurementIdTest, NamesThePeriod) {
  EXPECT_EQ(MeasurementId(absl::CivilDay(2025, 7, 1),
                          absl::CivilDay(2025, 9, 30)),
            "20250701-20250930");
}

}  // namespace
}  // namespace masar::partnerships
