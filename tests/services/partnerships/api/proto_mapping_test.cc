// The partnerships proto mapping: every field both ways, names parsed with
// the offending request field named, output-only fields from the domain.
#include "services/partnerships/api/proto_mapping.h"

#include <string>
#include <vector>

#include "common/aip/etag.h"
#include "common/proto_mapping/proto_mapping.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::partnerships {
namespace {

using ::masar::testing::IsOk;
using ::testing::ElementsAre;

constexpr char kAgency[] = "0b8f5c1e-1d2a-4c3b-9e4f-5a6b7c8d9e01";
constexpr char kCompany[] = "1c9a6d2f-2e3b-4d4c-8f5a-6b7c8d9e0f12";
constexpr char kDirector[] = "2dab7e30-3f4c-4e5d-9a6b-7c8d9e0f1a23";
constexpr char kAgreementId[] = "3ebc8f41-4a5d-4f6e-8b7c-8d9e0f1a2b34";

std::string FieldOf(const absl::Status& status) {
  const std::vector<FieldViolation> violations = FieldViolations(status);
  return violations.size() == 1 ? violations[0].field : "";
}

common::v1::Date Day(int y, int m, int d) {
  return ToProtoDate(absl::CivilDay(y, m, d));
}

v1::Agreement TermsProto() {
  v1::Agreement agreement;
  agreement.set_kind(v1::Agreement::KIND_MOU);
  agreement.mutable_title()->set_fr("Mémorandum");
  v1::Party* lead = agreement.add_parties();
  lead->set_organization(std::string("organizations/") + kAgency);
  lead->set_role(v1::Party::ROLE_LEAD);
  lead->set_signatory(std::string("users/") + kDirector);
  lead->set_signatory_title("Director General");
  v1::Party* partner = agreement.add_parties();
  partner->set_organization(std::string("organizations/") + kCompany);
  partner->set_role(v1::Party::ROLE_PARTNER);
  agreement.add_scope_areas(v1::SCOPE_AREA_STARTUP_SUPPORT);
  agreement.add_scope_areas(v1::SCOPE_AREA_NATIONAL_ROADMAP);
  *agreement.mutable_effective_on() = Day(2025, 5, 20);
  agreement.set_duration_months(24);
  v1::NominationRight* right = agreement.add_nomination_rights();
  right->set_organization(std::string("organizations/") + kAgency);
  right->add_programs("programs/spark-2025-ma");
  right->set_max_nominations(40);
  return agreement;
}

TEST(PartnershipsProtoMappingTest, TermsAreReadWithTheirIds) {
  absl::StatusOr<AgreementTerms> terms =
      TermsFromProto(TermsProto(), "agreement", true);
  ASSERT_THAT(terms, IsOk());
  EXPECT_EQ(terms->kind, AgreementKind::kMou);
  EXPECT_EQ(terms->title.fr, "Mémorandum");
  ASSERT_EQ(terms->parties.size(), 2u);
  EXPECT_EQ(terms->parties[0].organization_id, kAgency);
  EXPECT_EQ(terms->parties[0].role, PartyRole::kLead);
  EXPECT_EQ(terms->parties[0].signatory_id, kDirector);
  EXPECT_EQ(terms->parties[0].signatory_title, "Director General");
  EXPECT_EQ(terms->parties[1].signatory_id, "");
  EXPECT_THAT(terms->scope_areas, ElementsAre(ScopeArea::kStartupSupport,
                                              ScopeArea::kNationalRoadmap));
  EXPECT_EQ(terms->effective_on, absl::CivilDay(2025, 5, 20));
  EXPECT_EQ(terms->duration_months, 24);
  ASSERT_EQ(terms->nomination_rights.size(), 1u);
  EXPECT_EQ(terms->nomination_rights[0].organization_id, kAgency);
  EXPECT_THAT(terms->nomination_rights[0].program_ids,
              ElementsAre("spark-2025-ma"));
  EXPECT_EQ(terms->nomination_rights[0].max_nominations, 40);
}

TEST(PartnershipsProtoMappingTest, IllFormedNamesAndDatesNameTheirField) {
  v1::Agreement agreement = TermsProto();
  agreement.mutable_parties(1)->set_organization(kCompany);  // no prefix
  EXPECT_EQ(FieldOf(TermsFromProto(agreement, "agreement", true).status()),
            "agreement.parties[1].organization");
  agreement = TermsProto();
  agreement.mutable_parties(0)->set_signatory("people/x");
  EXPECT_EQ(FieldOf(TermsFromProto(agreement, "agreement", true).status()),
            "agreement.parties[0].signatory");
  agreement = TermsProto();
  agreement.mutable_nomination_rights(0)->set_programs(0, "spark");
  EXPECT_EQ(FieldOf(TermsFromProto(agreement, "agreement", true).status()),
            "agreement.nomination_rights[0].programs[0]");
  agreement = TermsProto();
  *agreement.mutable_effective_on() = Day(2025, 2, 1);
  agreement.mutable_effective_on()->set_day(30);
  EXPECT_EQ(FieldOf(TermsFromProto(agreement, "agreement", true).status()),
            "agreement.effective_on");
  // Required on create, optional when an update's mask leaves it out.
  agreement = TermsProto();
  agreement.clear_effective_on();
  EXPECT_EQ(FieldOf(TermsFromProto(agreement, "agreement", true).status()),
            "agreement.effective_on");
  EXPECT_THAT(TermsFromProto(agreement, "agreement", false), IsOk());
}

TEST(PartnershipsProtoMappingTest, UnknownEnumValuesReadAsUnspecified) {
  EXPECT_EQ(FromProto(static_cast<v1::Agreement::Kind>(42)),
            AgreementKind::kUnspecified);
  EXPECT_EQ(FromProto(static_cast<v1::ScopeArea>(-3)), ScopeArea::kUnspecified);
  EXPECT_EQ(FromProto(v1::Kpi::DIRECTION_DECREASE), KpiDirection::kDecrease);
  EXPECT_EQ(FromProto(v1::Obligation::STATE_WAIVED), ObligationState::kWaived);
  EXPECT_EQ(ToProto(AgreementState::kSuperseded),
            v1::Agreement::STATE_SUPERSEDED);
  EXPECT_EQ(ToProto(SignatoryStatus::kNotAMember),
            v1::Party::SIGNATORY_STATUS_NOT_A_MEMBER);
}

TEST(PartnershipsProtoMappingTest, AnAgreementShowsWhatTheDomainDerived) {
  Agreement agreement;
  agreement.id = kAgreementId;
  absl::StatusOr<AgreementTerms> terms =
      TermsFromProto(TermsProto(), "agreement", true);
  ASSERT_THAT(terms, IsOk());
  agreement.terms = *terms;
  agreement.terms.parties[0].signature =
      PartySignature{kDirector,
                     absl::FromUnixSeconds(1700000000),
                     "ab",
                     {"pwd", "otp"},
                     "jti-1"};
  agreement.terms.parties[1].signatory_status = SignatoryStatus::kUserErased;
  agreement.expires_on = absl::CivilDay(2027, 5, 20);
  agreement.extends_id = kAgreementId;
  agreement.state = AgreementState::kActive;
  agreement.in_force = true;
  agreement.version = 7;
  agreement.activate_time = absl::FromUnixSeconds(1700000100);
  agreement.paper_record =
      PaperRecord{absl::CivilDay(2023, 6, 1), "cd", "users/officer",
                  absl::FromUnixSeconds(1700000200)};
  const v1::Agreement out = ToProto(agreement);
  EXPECT_EQ(out.name(), std::string("agreements/") + kAgreementId);
  EXPECT_EQ(out.extends(), std::string("agreements/") + kAgreementId);
  EXPECT_EQ(out.superseded_by(), "");
  EXPECT_EQ(out.parties(0).organization(),
            std::string("organizations/") + kAgency);
  EXPECT_EQ(out.parties(0).signatory(), std::string("users/") + kDirector);
  EXPECT_EQ(out.parties(0).signature().signer(),
            std::string("users/") + kDirector);
  EXPECT_THAT(out.parties(0).signature().amr(), ElementsAre("pwd", "otp"));
  EXPECT_EQ(out.parties(0).signature().token_id(), "jti-1");
  EXPECT_EQ(out.parties(1).signatory(), "");
  EXPECT_EQ(out.parties(1).signatory_status(),
            v1::Party::SIGNATORY_STATUS_USER_ERASED);
  EXPECT_EQ(out.state(), v1::Agreement::STATE_ACTIVE);
  EXPECT_TRUE(out.in_force());
  EXPECT_EQ(out.etag(), aip::RenderEtag(7));
  EXPECT_EQ(out.expires_on().year(), 2027);
  EXPECT_TRUE(out.has_activate_time());
  EXPECT_FALSE(out.has_end_time());
  EXPECT_EQ(out.paper_record().signed_on().year(), 2023);
  EXPECT_EQ(out.paper_record().recorded_by(), "users/officer");
  EXPECT_THAT(out.nomination_rights(0).programs(),
              ElementsAre("programs/spark-2025-ma"));
}

TEST(PartnershipsProtoMappingTest, ObligationsAndKpisShowTheirDerivedFields) {
  Obligation obligation;
  obligation.agreement_id = kAgreementId;
  obligation.id = kCompany;
  obligation.responsible_party_id = kAgency;
  obligation.due_on = absl::CivilDay(2025, 11, 20);
  obligation.state = ObligationState::kInProgress;
  obligation.overdue = true;
  obligation.version = 3;
  const v1::Obligation o = ToProto(obligation);
  EXPECT_EQ(o.name(), std::string("agreements/") + kAgreementId +
                          "/obligations/" + kCompany);
  EXPECT_EQ(o.responsible_party(), std::string("organizations/") + kAgency);
  EXPECT_TRUE(o.overdue());
  EXPECT_FALSE(o.has_state_change_time());
  EXPECT_EQ(o.etag(), aip::RenderEtag(3));

  Kpi kpi;
  kpi.agreement_id = kAgreementId;
  kpi.id = kCompany;
  kpi.target = 50;
  kpi.direction = KpiDirection::kIncrease;
  kpi.measurement_count = 2;
  kpi.progress = KpiProgress{20, absl::CivilDay(2025, 12, 31), 40, false};
  const v1::Kpi k = ToProto(kpi);
  EXPECT_EQ(k.name(),
            std::string("agreements/") + kAgreementId + "/kpis/" + kCompany);
  EXPECT_EQ(k.measurement_count(), 2);
  EXPECT_EQ(k.progress().percent_of_target(), 40);
  EXPECT_EQ(k.progress().latest_period_end_on().month(), 12);
}

TEST(PartnershipsProtoMappingTest, RequestsMapToCommands) {
  v1::RecordKpiMeasurementRequest record;
  record.set_name("agreements/a/kpis/k");
  *record.mutable_measurement()->mutable_period_start_on() = Day(2025, 7, 1);
  record.mutable_measurement()->set_value(12);
  EXPECT_EQ(FieldOf(FromProto(record).status()), "measurement.period_end_on");
  *record.mutable_measurement()->mutable_period_end_on() = Day(2025, 9, 30);
  absl::StatusOr<NewMeasurement> measurement = FromProto(record);
  ASSERT_THAT(measurement, IsOk());
  EXPECT_EQ(measurement->period_end_on, absl::CivilDay(2025, 9, 30));

  v1::RecordPaperAgreementRequest paper;
  *paper.mutable_agreement() = TermsProto();
  EXPECT_EQ(FieldOf(FromProto(paper).status()), "signed_on");

  v1::ListAgreementsRequest list;
  list.add_states(v1::Agreement::STATE_ACTIVE);
  *list.mutable_expiring_before() = Day(2026, 1, 1);
  list.set_page_size(10);
  absl::StatusOr<AgreementListRequest> filter = FromProto(list);
  ASSERT_THAT(filter, IsOk());
  EXPECT_THAT(filter->states, ElementsAre(AgreementState::kActive));
  EXPECT_EQ(filter->expiring_before, absl::CivilDay(2026, 1, 1));
  EXPECT_FALSE(filter->active_on.has_value());
  EXPECT_EQ(filter->page.page_size, 10);

  v1::RenewAgreementRequest renew;
  renew.set_name("agreements/a");
  absl::StatusOr<Renewal> renewal = FromProto(renew);
  ASSERT_THAT(renewal, IsOk());
  EXPECT_FALSE(renewal->effective_on.has_value());
}

}  // namespace
}  // namespace masar::partnerships
