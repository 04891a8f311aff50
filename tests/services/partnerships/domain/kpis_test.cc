// KPIs: definitions as terms, measurements per period, progress.
#include <limits>

#include "common/aip/etag.h"
#include "tests/services/partnerships/domain/registry_fixture.h"

namespace masar::partnerships::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;

class KpisTest : public RegistryTest {
 protected:
  NewKpi Qualified(const Agreement& a) {
    return NewKpi{AgreementName(a.id), {"", "Startups qualifiées", ""},
                  "startups", 0, 50, KpiDirection::kIncrease};
  }
  absl::StatusOr<RecordedMeasurement> Record(
      const Kpi& k, absl::CivilDay start, absl::CivilDay end, double value,
      const auth::Caller& by = Officer()) {
    return Change(&AgreementRegistry::RecordKpiMeasurement, by,
                  NewMeasurement{KpiName(k), "", start, end, "", value, ""});
  }
  // An ACTIVE agreement (in force from 2025-06-15) with "startups
  // qualified", the clock on 2026-01-10.
  Kpi ActiveKpi() {
    Agreement a = Draft();
    Kpi k = *Change(&AgreementRegistry::CreateKpi, Officer(), Qualified(a));
    Agreement frozen = *Freeze(*Submit(*Get(a)));
    for (const Party& p : frozen.terms.parties) {
      EXPECT_THAT(SignAs(frozen, p.organization_id, p.signatory_id), IsOk());
    }
    SetToday(absl::CivilDay(2026, 1, 10));
    return k;
  }
};

TEST_F(KpisTest, DefinitionRules) {
  Agreement a = Draft();
  NewKpi bad = Qualified(a);
  bad.target = -1;
  EXPECT_EQ(ViolatedField(
                Change(&AgreementRegistry::CreateKpi, Officer(), bad).status()),
            "kpi.target");
  bad = Qualified(a);
  bad.baseline = std::numeric_limits<double>::infinity();
  EXPECT_EQ(ViolatedField(
                Change(&AgreementRegistry::CreateKpi, Officer(), bad).status()),
            "kpi.baseline");
  bad = Qualified(a);
  bad.unit = "";
  EXPECT_EQ(ViolatedField(
                Change(&AgreementRegistry::CreateKpi, Officer(), bad).status()),
            "kpi.unit");
  bad = Qualified(a);
  bad.direction = KpiDirection::kDecrease;  // 50 is not below 0
  EXPECT_EQ(ViolatedField(
                Change(&AgreementRegistry::CreateKpi, Officer(), bad).status()),
            "kpi.target");
  absl::StatusOr<Kpi> k =
      Change(&AgreementRegistry::CreateKpi, Officer(), Qualified(a));
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(Get(a)->version, a.version + 1);
  KpiUpdate u;
  u.name = KpiName(*k);
  u.update_mask = {"target"};
  u.etag = aip::RenderEtag(k->version);
  u.target = 100;
  ASSERT_THAT(Change(&AgreementRegistry::UpdateKpi, Officer(), u), IsOk());
  EXPECT_EQ(Get(a)->version, a.version + 2);
  Agreement frozen = *Freeze(*Submit(*Get(a)));
  absl::Status s =
      Change(&AgreementRegistry::CreateKpi, Officer(), Qualified(frozen))
          .status();
  EXPECT_EQ(ViolatedField(s), "kpi");
  EXPECT_THAT(Record(*k, absl::CivilDay(2025, 7, 1), absl::CivilDay(2025, 9, 30), 5),
              StatusIs(kPrecondition));  // not signed yet
}

TEST_F(KpisTest, FiftyKpisAtMost) {
  Agreement a = Draft();
  for (int i = 0; i < kMaxKpis; ++i) {
    ASSERT_THAT(Change(&AgreementRegistry::CreateKpi, Officer(), Qualified(a)),
                IsOk());
  }
  EXPECT_THAT(Change(&AgreementRegistry::CreateKpi, Officer(), Qualified(a)),
              StatusIs(kPrecondition));
  absl::StatusOr<aip::Page<Kpi>> page = registry_.ListKpis(
      call_, Officer(), AgreementName(a.id), aip::PageRequest{20, ""});
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->items, SizeIs(20));
  EXPECT_FALSE(page->next_page_token.empty());
}

TEST_F(KpisTest, MeasurementsGiveProgressAndCorrectionsReplace) {
  Kpi k = ActiveKpi();
  absl::StatusOr<RecordedMeasurement> q3 =
      Record(k, absl::CivilDay(2025, 7, 1), absl::CivilDay(2025, 9, 30), 10);
  ASSERT_THAT(q3, IsOk());
  EXPECT_EQ(q3->measurement.id, "20250701-20250930");
  EXPECT_EQ(q3->measurement.revision, 1);
  EXPECT_DOUBLE_EQ(q3->kpi.progress->percent_of_target, 20);
  absl::StatusOr<RecordedMeasurement> q4 =
      Record(k, absl::CivilDay(2025, 10, 1), absl::CivilDay(2025, 12, 31), 30);
  ASSERT_THAT(q4, IsOk());
  EXPECT_DOUBLE_EQ(q4->kpi.progress->percent_of_target, 60);
  EXPECT_EQ(q4->kpi.measurement_count, 2);
  // A correction of Q3 keeps Q4 the latest.
  absl::StatusOr<RecordedMeasurement> fixed =
      Record(k, absl::CivilDay(2025, 7, 1), absl::CivilDay(2025, 9, 30), 12);
  ASSERT_THAT(fixed, IsOk());
  EXPECT_EQ(fixed->measurement.revision, 2);
  EXPECT_EQ(fixed->kpi.measurement_count, 2);
  EXPECT_EQ(fixed->kpi.progress->latest_value, 30);
  ASSERT_THAT(Record(k, absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 1, 10), 55), IsOk());
  absl::StatusOr<Kpi> read = registry_.GetKpi(call_, User(kClerk), KpiName(k));
  ASSERT_THAT(read, IsOk());
  EXPECT_TRUE(read->progress->target_met);
  absl::StatusOr<aip::Page<KpiMeasurement>> page =
      registry_.ListKpiMeasurements(call_, Auditor(), KpiName(k), {});
  ASSERT_THAT(page, IsOk());
  ASSERT_THAT(page->items, SizeIs(3));
  EXPECT_EQ(page->items[0].value, 12);
}

TEST_F(KpisTest, PeriodRules) {
  Kpi k = ActiveKpi();
  absl::Status s = Record(k, absl::CivilDay(2025, 6, 1), absl::CivilDay(2025, 6, 30), 1).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "measurement.period_start_on");
  s = Record(k, absl::CivilDay(2025, 12, 1), absl::CivilDay(2026, 1, 11), 1).status();  // after today
  EXPECT_EQ(ViolatedField(s), "measurement.period_end_on");
  s = Record(k, absl::CivilDay(2025, 9, 30), absl::CivilDay(2025, 9, 1), 1).status();
  EXPECT_THAT(s, StatusIs(kInvalid));
  EXPECT_EQ(ViolatedField(s), "measurement.period_end_on");
  s = Record(k, absl::CivilDay(2025, 7, 1), absl::CivilDay(2025, 7, 31),
             std::numeric_limits<double>::quiet_NaN())
          .status();
  EXPECT_EQ(ViolatedField(s), "measurement.value");
  ASSERT_THAT(Record(k, absl::CivilDay(2025, 7, 1), absl::CivilDay(2025, 9, 30), 1), IsOk());
  s = Record(k, absl::CivilDay(2025, 9, 1), absl::CivilDay(2025, 10, 31), 1).status();
  EXPECT_THAT(s, StatusIs(kPrecondition));
  EXPECT_EQ(ViolatedField(s), "measurement.period_start_on");
  SetToday(absl::CivilDay(2027, 7, 1));  // expired: still recorded
  s = Record(k, absl::CivilDay(2027, 6, 1), absl::CivilDay(2027, 6, 15), 1).status();
  EXPECT_EQ(ViolatedField(s), "measurement.period_end_on");
  EXPECT_THAT(Record(k, absl::CivilDay(2027, 6, 1), absl::CivilDay(2027, 6, 14), 1), IsOk());
}

TEST_F(KpisTest, WhoMayRecord) {
  Kpi k = ActiveKpi();
  EXPECT_THAT(Record(k, absl::CivilDay(2025, 7, 1), absl::CivilDay(2025, 7, 31), 1,
                     Officer(OrgScope(kCompany))),
              IsOk());  // any party's officer
  EXPECT_THAT(Record(k, absl::CivilDay(2025, 8, 1), absl::CivilDay(2025, 8, 31), 1, Auditor()),
              StatusIs(kDenied));
  EXPECT_THAT(Record(k, absl::CivilDay(2025, 8, 1), absl::CivilDay(2025, 8, 31), 1,
                     Officer(OrgScope(kOther))),
              StatusIs(kNotFound));
  EXPECT_THAT(Record(k, absl::CivilDay(2025, 8, 1), absl::CivilDay(2025, 8, 31), 1, Service()),
              StatusIs(kNotFound));
}

}  // namespace
}  // namespace masar::partnerships::testing
