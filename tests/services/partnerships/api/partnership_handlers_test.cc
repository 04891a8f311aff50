// PartnershipHandlers through a real in-process server on port 0, on
// SQLite and PostgreSQL, with tokens signed by a generated key, identity
// played by a mock client behind IdentityPartyDirectory, and a fake clock
// in Africa/Casablanca's calendar.
#include "services/partnerships/api/partnership_handlers.h"

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "common/audit/audit_log.h"
#include "common/auth/authenticator.h"
#include "common/auth/jwks.h"
#include "common/auth/policy_table.h"
#include "common/auth/revocation_list.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_signer.h"
#include "common/auth/token_verifier.h"
#include "common/auth/verified_token_cache.h"
#include "common/cache/memory_cache.h"
#include "common/clock/calendar.h"
#include "common/clock/clock.h"
#include "common/events/event.h"
#include "common/executor/bounded_executor.h"
#include "common/grpc/server.h"
#include "common/grpc/status.h"
#include "common/idempotency/idempotency.h"
#include "common/ids/ids.h"
#include "common/log/logger.h"
#include "common/proto_mapping/proto_mapping.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/migrations.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/partnerships/v1/events.pb.h"
#include "masar/partnerships/v1/partnership_service.grpc.pb.h"
#include "services/identity/testing/mock_identity_client.h"
#include "services/partnerships/api/partnership_grpc_service.h"
#include "services/partnerships/api/partnerships_policy.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/domain/names.h"
#include "services/partnerships/peers/identity_party_directory.h"
#include "services/partnerships/store/partnerships_store_migrations.h"
#include "services/partnerships/store/sql_partnerships_store.h"
#include "tests/testing/grpc_probe.h"
#include "tests/testing/sql/test_database.h"

namespace masar::partnerships {
namespace {

using ::masar::identity::Membership;
using ::masar::identity::MockIdentityClient;
using ::masar::identity::OrganizationStanding;
using ::masar::identity::UserStanding;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::NiceMock;

constexpr char kIssuer[] = "masar-identity";
constexpr char kAudience[] = "masar";

// The organizations and people of the tripartite memorandum.
constexpr char kAgency[] = "a0000000-0000-4000-8000-000000000001";
constexpr char kCompany[] = "a0000000-0000-4000-8000-000000000002";
constexpr char kMinistry[] = "a0000000-0000-4000-8000-000000000003";
constexpr char kElsewhere[] = "a0000000-0000-4000-8000-000000000004";
constexpr char kDirector[] = "b0000000-0000-4000-8000-000000000001";
constexpr char kCeo[] = "b0000000-0000-4000-8000-000000000002";
constexpr char kMinister[] = "b0000000-0000-4000-8000-000000000003";
constexpr char kOfficer[] = "b0000000-0000-4000-8000-000000000004";
constexpr char kAuditor[] = "b0000000-0000-4000-8000-000000000005";
constexpr char kEmployee[] = "b0000000-0000-4000-8000-000000000006";

std::string Org(const char* id) { return std::string("organizations/") + id; }
std::string User(const char* id) { return std::string("users/") + id; }

common::v1::Date Day(int y, int m, int d) {
  return ToProtoDate(absl::CivilDay(y, m, d));
}

// The one field an error names, or "" when it names none or several.
std::string FieldOf(const absl::Status& status) {
  const std::vector<FieldViolation> violations = FieldViolations(status);
  return violations.size() == 1 ? violations[0].field : "";
}

// Identity as partnerships sees it through its client: a small directory,
// which can be taken down, counting the calls made to it.
class FakeIdentityDirectory {
 public:
  explicit FakeIdentityDirectory(MockIdentityClient& mock) {
    ON_CALL(mock, GetOrganization(_, _))
        .WillByDefault([this](const CallMetadata&, absl::string_view id)
                           -> absl::StatusOr<OrganizationStanding> {
          absl::MutexLock lock(&mu_);
          RETURN_IF_ERROR(Answer());
          if (!organizations_.contains(std::string(id))) {
            return absl::NotFoundError("no such organization");
          }
          return OrganizationStanding::kActive;
        });
    ON_CALL(mock, GetUser(_, _))
        .WillByDefault(
            [this](const CallMetadata&,
                   absl::string_view id) -> absl::StatusOr<UserStanding> {
              absl::MutexLock lock(&mu_);
              RETURN_IF_ERROR(Answer());
              auto it = users_.find(std::string(id));
              if (it == users_.end())
                return absl::NotFoundError("no such user");
              return it->second;
            });
    ON_CALL(mock, GetMember(_, _, _))
        .WillByDefault(
            [this](const CallMetadata&, absl::string_view org,
                   absl::string_view user) -> absl::StatusOr<Membership> {
              absl::MutexLock lock(&mu_);
              RETURN_IF_ERROR(Answer());
              auto it = members_.find({std::string(org), std::string(user)});
              if (it == members_.end()) return absl::NotFoundError("no member");
              return Membership{std::string(org), it->second};
            });
    ON_CALL(mock, ListMemberships(_, _))
        .WillByDefault([this](const CallMetadata&, absl::string_view user)
                           -> absl::StatusOr<std::vector<Membership>> {
          absl::MutexLock lock(&mu_);
          RETURN_IF_ERROR(Answer());
          std::vector<Membership> out;
          for (const auto& [key, title] : members_) {
            if (key.second == user) out.push_back({key.first, title});
          }
          return out;
        });
  }

  void AddOrganization(const std::string& id) {
    absl::MutexLock lock(&mu_);
    organizations_.insert(id);
  }
  void AddMember(const std::string& org, const std::string& user,
                 const std::string& title) {
    absl::MutexLock lock(&mu_);
    users_.emplace(user, UserStanding::kActive);
    members_[{org, user}] = title;
  }
  void SetUser(const std::string& user, UserStanding standing) {
    absl::MutexLock lock(&mu_);
    users_[user] = standing;
  }
  void SetDown(bool down) {
    absl::MutexLock lock(&mu_);
    down_ = down;
  }
  int calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }

 private:
  absl::Status Answer() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    ++calls_;
    if (down_) return absl::UnavailableError("identity did not answer");
    return absl::OkStatus();
  }

  absl::Mutex mu_;
  std::set<std::string> organizations_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, UserStanding> users_ ABSL_GUARDED_BY(mu_);
  std::map<std::pair<std::string, std::string>, std::string> members_
      ABSL_GUARDED_BY(mu_);
  bool down_ ABSL_GUARDED_BY(mu_) = false;
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
};

class PartnershipHandlersTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    for (auto migrations :
         {audit::AuditMigrations(), PartnershipsStoreMigrations(),
          idempotency::IdempotencyMigrations(), ResourceCacheMigrations(),
          events::EventMigrations()}) {
      ASSERT_THAT(migrations, IsOk());
      ASSERT_THAT(sql::Migrate(db(), *migrations), IsOk());
    }
    // 2025-05-10 09:00 in Casablanca (UTC+1 then).
    clock_.Set(absl::FromCivil(absl::CivilSecond(2025, 5, 10, 8, 0, 0),
                               absl::UTCTimeZone()));
    absl::StatusOr<Calendar> calendar =
        Calendar::ForZone(&clock_, kDefaultTimeZone);
    ASSERT_THAT(calendar, IsOk());
    calendar_.emplace(*calendar);
    SeedIdentity();

    store_ =
        std::make_unique<SqlPartnershipsStore>(&db(), &memory_cache_, &clock_);
    registry_ = std::make_unique<AgreementRegistry>(
        store_->ports(&parties_, &*calendar_));
    idempotency_ =
        std::make_unique<idempotency::IdempotentRunner>(&db(), &clock_);
    StartAuth();
    handlers_ = std::make_unique<PartnershipHandlers>(PartnershipHandlersDeps{
        .registry = registry_.get(),
        .authorizer = authorizer_.get(),
        .runner = &runner_,
        .idempotency = idempotency_.get(),
        .db = &db(),
        .calendar = &*calendar_,
        .outbox = &store_->outbox(),
        .checkpoint_path = "",
        .checkpoint_public_keys = {},
        .agreements_cache = store_->agreements_cache()});
    service_ = std::make_unique<PartnershipGrpcService>(handlers_.get());
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(ServerOptions{}, {service_.get()}, &logger_);
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    stub_ = v1::PartnershipService::NewStub(
        ::masar::testing::LocalChannel(server_->port()));
  }

  void TearDown() override {
    server_.reset();
    // The agreements' cache's repair thread reads the database.
    registry_.reset();
    store_.reset();
    DatabaseTest::TearDown();
  }

  void SeedIdentity() {
    for (const char* org : {kAgency, kCompany, kMinistry, kElsewhere}) {
      identity_directory_.AddOrganization(org);
    }
    identity_directory_.AddMember(kAgency, kDirector, "Director General");
    identity_directory_.AddMember(kCompany, kCeo, "Chief Executive Officer");
    identity_directory_.AddMember(kMinistry, kMinister, "");
    identity_directory_.AddMember(kAgency, kEmployee, "Analyst");
  }

  void StartAuth() {
    crypto::Ed25519KeyPair pair = crypto::Ed25519KeyPair::Generate();
    std::string kid = auth::JwkThumbprint(pair.public_key());
    ASSERT_THAT(
        keys_.Add(auth::SigningKey{kid, std::move(pair), absl::UnixEpoch()}),
        IsOk());
    auth::TokenVerifierOptions options;
    options.issuer = kIssuer;
    options.audience = kAudience;
    verifier_ = std::make_unique<auth::TokenVerifier>(
        options, keys_.PublicJwks(), &clock_);
    token_cache_ = std::make_unique<auth::VerifiedTokenCache>(&clock_);
    authenticator_ = std::make_unique<auth::Authenticator>(
        verifier_.get(), token_cache_.get(), &revocations_);
    absl::StatusOr<auth::PolicyTable> policy = PartnershipsPolicy();
    ASSERT_THAT(policy, IsOk());
    policy_ = std::make_unique<auth::PolicyTable>(*std::move(policy));
    authorizer_ = std::make_unique<auth::CallAuthorizer>(policy_.get(),
                                                         authenticator_.get());
  }

  // A token of `subject` issued now by the fake clock.
  std::string Token(const std::string& subject,
                    std::vector<std::string> roles = {},
                    std::vector<std::string> amr = {"pwd", "otp"}) {
    auth::Claims claims;
    claims.issuer = kIssuer;
    claims.audience = {kAudience};
    claims.subject = subject;
    claims.roles = std::move(roles);
    claims.amr = std::move(amr);
    claims.token_id = NewUuid();
    claims.issued_at = auth::TokenTime(clock_.Now());
    claims.expires_at = claims.issued_at + absl::Minutes(10);
    absl::StatusOr<std::string> token = auth::TokenSigner(&keys_).Sign(claims);
    EXPECT_THAT(token, IsOk());
    return token.ok() ? *token : "";
  }
  std::string Officer() {
    return Token(User(kOfficer), {"PARTNERSHIP_OFFICER@*"});
  }
  std::string Auditor() { return Token(User(kAuditor), {"AUDITOR@*"}); }
  std::string Service() {
    return Token("serviceAccounts/onboarding", {"SERVICE@*"}, {});
  }

  // A context carrying `token` ("" for none).
  std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(20));
    if (!token.empty()) {
      context->AddMetadata("authorization", "Bearer " + token);
    }
    return context;
  }

  // Calls `rpc` as `token`, the answer in `response`.
  template <typename Request, typename Response>
  absl::Status Call(grpc::Status (v1::PartnershipService::Stub::*rpc)(
                        grpc::ClientContext*, const Request&, Response*),
                    const std::string& token, const Request& request,
                    Response* response) {
    return FromGrpcStatus(((*stub_).*rpc)(As(token).get(), request, response));
  }

  // The 2023 bilateral memorandum between the agency and the company,
  // signed on paper.
  v1::RecordPaperAgreementRequest Bilateral2023() {
    v1::RecordPaperAgreementRequest request;
    v1::Agreement* a = request.mutable_agreement();
    a->set_kind(v1::Agreement::KIND_MOU);
    a->mutable_title()->set_en("Bilateral memorandum on startup support");
    a->mutable_title()->set_fr("Mémorandum bilatéral d'appui aux startups");
    AddParty(*a, kAgency, v1::Party::ROLE_LEAD, kDirector, "Director General");
    AddParty(*a, kCompany, v1::Party::ROLE_PARTNER, kCeo, "CEO");
    a->add_scope_areas(v1::SCOPE_AREA_STARTUP_SUPPORT);
    *a->mutable_effective_on() = Day(2023, 6, 1);
    a->set_duration_months(36);
    a->mutable_signing_place()->set_en("Rabat");
    *request.mutable_signed_on() = Day(2023, 6, 1);
    request.set_signed_document_digest(std::string(64, 'a'));
    return request;
  }

  static void AddParty(v1::Agreement& agreement, const char* org,
                       v1::Party::Role role, const char* signatory,
                       const std::string& title) {
    v1::Party* party = agreement.add_parties();
    party->set_organization(Org(org));
    party->set_role(role);
    if (signatory != nullptr) party->set_signatory(User(signatory));
    party->set_signatory_title(title);
  }

  // A bilateral DRAFT led by the agency.
  v1::CreateAgreementRequest Draft(const char* lead = kAgency) {
    v1::CreateAgreementRequest request;
    v1::Agreement* a = request.mutable_agreement();
    a->set_kind(v1::Agreement::KIND_CONVENTION);
    a->mutable_title()->set_en("Cloud credits for startups");
    AddParty(*a, lead, v1::Party::ROLE_LEAD, lead == kAgency ? kDirector : kCeo,
             "");
    AddParty(*a, lead == kAgency ? kCompany : kAgency, v1::Party::ROLE_PARTNER,
             lead == kAgency ? kCeo : kDirector, "");
    a->add_scope_areas(v1::SCOPE_AREA_CLOUD);
    *a->mutable_effective_on() = Day(2025, 6, 1);
    a->set_duration_months(12);
    return request;
  }

  v1::Agreement Create(const v1::CreateAgreementRequest& request) {
    v1::CreateAgreementResponse response;
    EXPECT_THAT(Call(&v1::PartnershipService::Stub::CreateAgreement, Officer(),
                     request, &response),
                IsOk());
    return response.agreement();
  }

  absl::Status GetStatus(const std::string& name, const std::string& token,
                         v1::Agreement* out = nullptr) {
    v1::GetAgreementRequest request;
    request.set_name(name);
    v1::GetAgreementResponse response;
    const absl::Status status = Call(
        &v1::PartnershipService::Stub::GetAgreement, token, request, &response);
    if (out != nullptr) *out = response.agreement();
    return status;
  }

  v1::Agreement Get(const std::string& name, const std::string& token) {
    v1::Agreement agreement;
    EXPECT_THAT(GetStatus(name, token, &agreement), IsOk());
    return agreement;
  }

  // The agreement `name` submitted and approved: AWAITING_SIGNATURES.
  v1::Agreement Approve(const std::string& name) {
    v1::SubmitAgreementForReviewRequest submit;
    submit.set_name(name);
    v1::SubmitAgreementForReviewResponse submitted;
    EXPECT_THAT(Call(&v1::PartnershipService::Stub::SubmitAgreementForReview,
                     Officer(), submit, &submitted),
                IsOk());
    v1::RequestSignaturesRequest request;
    request.set_name(name);
    request.set_etag(submitted.agreement().etag());
    v1::RequestSignaturesResponse response;
    EXPECT_THAT(Call(&v1::PartnershipService::Stub::RequestSignatures,
                     Officer(), request, &response),
                IsOk());
    return response.agreement();
  }

  absl::Status Sign(const v1::Agreement& agreement, const char* org,
                    const std::string& token, v1::Agreement* out = nullptr,
                    const std::string& request_id = "") {
    v1::SignAgreementRequest request;
    request.set_name(agreement.name());
    request.set_organization(Org(org));
    request.set_content_digest(agreement.content_digest());
    request.set_request_id(request_id);
    v1::SignAgreementResponse response;
    absl::Status status = Call(&v1::PartnershipService::Stub::SignAgreement,
                               token, request, &response);
    if (out != nullptr) *out = response.agreement();
    return status;
  }

  int AuditEntries() {
    v1::ListAuditEventsRequest request;
    request.set_page_size(500);
    v1::ListAuditEventsResponse response;
    EXPECT_THAT(Call(&v1::PartnershipService::Stub::ListAuditEvents, Auditor(),
                     request, &response),
                IsOk());
    return response.audit_events_size();
  }

  FakeClock clock_;
  std::optional<Calendar> calendar_;
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  cache::MemoryCache memory_cache_{clock_};
  std::shared_ptr<NiceMock<MockIdentityClient>> identity_ =
      std::make_shared<NiceMock<MockIdentityClient>>();
  FakeIdentityDirectory identity_directory_{*identity_};
  IdentityPartyDirectory parties_{[this] { return identity_; }};
  std::unique_ptr<SqlPartnershipsStore> store_;
  std::unique_ptr<AgreementRegistry> registry_;
  std::unique_ptr<idempotency::IdempotentRunner> idempotency_;
  auth::SigningKeySet keys_;
  std::unique_ptr<auth::TokenVerifier> verifier_;
  std::unique_ptr<auth::VerifiedTokenCache> token_cache_;
  auth::RevocationList revocations_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<auth::PolicyTable> policy_;
  std::unique_ptr<auth::CallAuthorizer> authorizer_;
  BoundedExecutor executor_{4, 64};
  UnaryCallRunner runner_{&executor_};
  std::unique_ptr<PartnershipHandlers> handlers_;
  std::unique_ptr<PartnershipGrpcService> service_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<v1::PartnershipService::Stub> stub_;
};

using Stub = v1::PartnershipService::Stub;

TEST_P(PartnershipHandlersTest, TheTripartiteJourney) {
  // 2023: the bilateral memorandum, signed on paper, recorded as ACTIVE.
  v1::RecordPaperAgreementResponse recorded;
  ASSERT_THAT(
      Call(&Stub::RecordPaperAgreement, Officer(), Bilateral2023(), &recorded),
      IsOk());
  const v1::Agreement old = recorded.agreement();
  EXPECT_EQ(old.state(), v1::Agreement::STATE_ACTIVE);
  EXPECT_TRUE(old.in_force());
  EXPECT_EQ(old.paper_record().signed_on().year(), 2023);
  EXPECT_EQ(old.content_digest().size(), 64u);
  EXPECT_FALSE(old.parties(0).has_signature());

  // 2025: its renewal, widened to the ministry.
  v1::RenewAgreementRequest renew;
  renew.set_name(old.name());
  *renew.mutable_effective_on() = Day(2025, 5, 20);
  renew.set_duration_months(24);
  v1::RenewAgreementResponse renewed;
  ASSERT_THAT(Call(&Stub::RenewAgreement, Officer(), renew, &renewed), IsOk());
  v1::Agreement draft = renewed.agreement();
  EXPECT_EQ(draft.state(), v1::Agreement::STATE_DRAFT);
  EXPECT_EQ(draft.extends(), old.name());
  ASSERT_EQ(draft.parties_size(), 2);

  v1::UpdateAgreementRequest update;
  *update.mutable_agreement() = draft;
  AddParty(*update.mutable_agreement(), kMinistry,
           v1::Party::ROLE_IMPLEMENTING_AGENCY, kMinister, "Minister");
  update.mutable_agreement()->add_scope_areas(v1::SCOPE_AREA_NATIONAL_ROADMAP);
  update.mutable_agreement()->add_scope_areas(
      v1::SCOPE_AREA_IMPACT_MEASUREMENT);
  update.mutable_update_mask()->add_paths("parties");
  update.mutable_update_mask()->add_paths("scope_areas");
  update.set_etag(draft.etag());
  v1::UpdateAgreementResponse updated;
  ASSERT_THAT(Call(&Stub::UpdateAgreement, Officer(), update, &updated),
              IsOk());
  ASSERT_EQ(updated.agreement().parties_size(), 3);
  EXPECT_EQ(updated.agreement().parties(2).signatory_title(), "Minister");

  // The national roadmap, due six months after entry into force, and the
  // startups qualified, target 50.
  v1::CreateObligationRequest roadmap;
  roadmap.set_parent(draft.name());
  roadmap.mutable_obligation()->set_responsible_party(Org(kMinistry));
  roadmap.mutable_obligation()->mutable_description()->set_en(
      "Prepare the national roadmap");
  *roadmap.mutable_obligation()->mutable_due_on() = Day(2025, 11, 20);
  v1::CreateObligationResponse obligation;
  ASSERT_THAT(Call(&Stub::CreateObligation, Officer(), roadmap, &obligation),
              IsOk());
  EXPECT_EQ(obligation.obligation().state(), v1::Obligation::STATE_OPEN);
  EXPECT_FALSE(obligation.obligation().overdue());
  v1::CreateKpiRequest startups;
  startups.set_parent(draft.name());
  startups.mutable_kpi()->mutable_display_name()->set_en("Startups qualified");
  startups.mutable_kpi()->set_unit("startups");
  startups.mutable_kpi()->set_baseline(0);
  startups.mutable_kpi()->set_target(50);
  startups.mutable_kpi()->set_direction(v1::Kpi::DIRECTION_INCREASE);
  v1::CreateKpiResponse kpi;
  ASSERT_THAT(Call(&Stub::CreateKpi, Officer(), startups, &kpi), IsOk());

  // Review, freeze, three signatures with MFA tokens on the trade fair's day.
  const v1::Agreement frozen = Approve(draft.name());
  ASSERT_EQ(frozen.state(), v1::Agreement::STATE_AWAITING_SIGNATURES);
  ASSERT_EQ(frozen.content_digest().size(), 64u);
  clock_.Set(absl::FromCivil(absl::CivilSecond(2025, 5, 20, 10, 0, 0),
                             absl::UTCTimeZone()));
  v1::Agreement signed_once;
  ASSERT_THAT(Sign(frozen, kAgency, Token(User(kDirector)), &signed_once),
              IsOk());
  EXPECT_EQ(signed_once.state(), v1::Agreement::STATE_AWAITING_SIGNATURES);
  EXPECT_EQ(signed_once.parties(0).signature().signer(), User(kDirector));
  EXPECT_THAT(signed_once.parties(0).signature().amr(),
              ::testing::Contains("otp"));
  ASSERT_THAT(Sign(frozen, kCompany, Token(User(kCeo))), IsOk());
  v1::Agreement active;
  ASSERT_THAT(Sign(frozen, kMinistry, Token(User(kMinister)), &active), IsOk());
  EXPECT_EQ(active.state(), v1::Agreement::STATE_ACTIVE);
  EXPECT_TRUE(active.in_force());

  // The 2023 memorandum is superseded, for every reader at once.
  const v1::Agreement superseded = Get(old.name(), Auditor());
  EXPECT_EQ(superseded.state(), v1::Agreement::STATE_SUPERSEDED);
  EXPECT_EQ(superseded.superseded_by(), active.name());
  EXPECT_FALSE(superseded.in_force());

  // Measurements, and the obligation overdue once its day has passed.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2025, 10, 1, 9, 0, 0),
                             absl::UTCTimeZone()));
  v1::RecordKpiMeasurementRequest measure;
  measure.set_name(kpi.kpi().name());
  *measure.mutable_measurement()->mutable_period_start_on() = Day(2025, 5, 20);
  *measure.mutable_measurement()->mutable_period_end_on() = Day(2025, 9, 30);
  measure.mutable_measurement()->set_period_label("2025-Q3");
  measure.mutable_measurement()->set_value(12);
  v1::RecordKpiMeasurementResponse measured;
  ASSERT_THAT(Call(&Stub::RecordKpiMeasurement, Officer(), measure, &measured),
              IsOk());
  EXPECT_EQ(measured.measurement().revision(), 1);
  EXPECT_NEAR(measured.kpi().progress().percent_of_target(), 24, 1e-9);
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 1, 2, 9, 0, 0),
                             absl::UTCTimeZone()));
  *measure.mutable_measurement()->mutable_period_start_on() = Day(2025, 10, 1);
  *measure.mutable_measurement()->mutable_period_end_on() = Day(2025, 12, 31);
  measure.mutable_measurement()->set_period_label("2025-Q4");
  measure.mutable_measurement()->set_value(31);
  ASSERT_THAT(Call(&Stub::RecordKpiMeasurement, Officer(), measure, &measured),
              IsOk());
  EXPECT_EQ(measured.kpi().measurement_count(), 2);
  v1::ListKpiMeasurementsRequest list_measurements;
  list_measurements.set_parent(kpi.kpi().name());
  v1::ListKpiMeasurementsResponse measurements;
  ASSERT_THAT(Call(&Stub::ListKpiMeasurements, Auditor(), list_measurements,
                   &measurements),
              IsOk());
  ASSERT_EQ(measurements.measurements_size(), 2);
  EXPECT_EQ(measurements.measurements(0).value(), 12);
  v1::GetObligationRequest get_obligation;
  get_obligation.set_name(obligation.obligation().name());
  v1::GetObligationResponse late;
  ASSERT_THAT(Call(&Stub::GetObligation, Auditor(), get_obligation, &late),
              IsOk());
  EXPECT_TRUE(late.obligation().overdue());

  // Onboarding learns of the activation and the supersession.
  v1::ListDomainEventsRequest events_request;
  v1::ListDomainEventsResponse events;
  ASSERT_THAT(Call(&Stub::ListDomainEvents, Service(), events_request, &events),
              IsOk());
  std::vector<std::pair<std::string, v1::Agreement::State>> changes;
  for (const common::v1::DomainEvent& event : events.events()) {
    v1::AgreementStateChanged change;
    ASSERT_TRUE(event.payload().UnpackTo(&change));
    changes.emplace_back(change.agreement(), change.state());
  }
  EXPECT_THAT(changes,
              ::testing::IsSupersetOf(
                  {std::pair(active.name(), v1::Agreement::STATE_ACTIVE),
                   std::pair(old.name(), v1::Agreement::STATE_SUPERSEDED)}));

  // The lineage, seen from both ends.
  v1::GetAgreementLineageRequest lineage_request;
  lineage_request.set_name(active.name());
  v1::GetAgreementLineageResponse lineage;
  ASSERT_THAT(
      Call(&Stub::GetAgreementLineage, Officer(), lineage_request, &lineage),
      IsOk());
  ASSERT_EQ(lineage.ancestors_size(), 1);
  EXPECT_EQ(lineage.ancestors(0).name(), old.name());
  EXPECT_EQ(lineage.successors_size(), 0);
  lineage_request.set_name(old.name());
  ASSERT_THAT(
      Call(&Stub::GetAgreementLineage, Officer(), lineage_request, &lineage),
      IsOk());
  EXPECT_EQ(lineage.ancestors_size(), 0);
  ASSERT_EQ(lineage.successors_size(), 1);
  EXPECT_EQ(lineage.successors(0).name(), active.name());

  // Two years on, the renewal has expired: the minute before midnight it
  // is ACTIVE (and cached), the minute after EXPIRED for every reader.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2027, 5, 19, 23, 59, 0),
                             absl::UTCTimeZone()) -
             absl::Hours(1));
  EXPECT_EQ(Get(active.name(), Officer()).state(), v1::Agreement::STATE_ACTIVE);
  EXPECT_EQ(Get(active.name(), Officer()).state(), v1::Agreement::STATE_ACTIVE);
  clock_.Advance(absl::Minutes(2));
  const v1::Agreement expired = Get(active.name(), Officer());
  EXPECT_EQ(expired.state(), v1::Agreement::STATE_EXPIRED);
  EXPECT_FALSE(expired.in_force());
  EXPECT_EQ(Get(active.name(), Token(User(kMinister))).state(),
            v1::Agreement::STATE_EXPIRED);
}

TEST_P(PartnershipHandlersTest, InvalidTransitionsAreRefusedWithTheirCode) {
  const v1::Agreement draft = Create(Draft());
  ASSERT_EQ(draft.state(), v1::Agreement::STATE_DRAFT);
  EXPECT_EQ(draft.parties(0).signatory_title(), "Director General");
  v1::RequestSignaturesRequest early;
  early.set_name(draft.name());
  early.set_etag(draft.etag());
  v1::RequestSignaturesResponse unused_request;
  EXPECT_THAT(Call(&Stub::RequestSignatures, Officer(), early, &unused_request),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("STATE_DRAFT")));
  v1::Agreement unfrozen = draft;
  unfrozen.set_content_digest(std::string(64, 'f'));
  EXPECT_THAT(Sign(unfrozen, kAgency, Token(User(kDirector))),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  v1::TerminateAgreementRequest terminate;
  terminate.set_name(draft.name());
  terminate.set_reason("abandoned");
  v1::TerminateAgreementResponse unused_terminate;
  EXPECT_THAT(
      Call(&Stub::TerminateAgreement, Officer(), terminate, &unused_terminate),
      StatusIs(absl::StatusCode::kFailedPrecondition));
  v1::RenewAgreementRequest renew;
  renew.set_name(draft.name());
  v1::RenewAgreementResponse unused_renew;
  EXPECT_THAT(Call(&Stub::RenewAgreement, Officer(), renew, &unused_renew),
              StatusIs(absl::StatusCode::kFailedPrecondition));

  // A stale etag.
  v1::UpdateAgreementRequest update;
  update.mutable_agreement()->set_name(draft.name());
  update.mutable_agreement()->mutable_title()->set_en("Renamed");
  update.mutable_update_mask()->add_paths("title");
  update.set_etag(draft.etag());
  v1::UpdateAgreementResponse updated;
  ASSERT_THAT(Call(&Stub::UpdateAgreement, Officer(), update, &updated),
              IsOk());
  EXPECT_THAT(Call(&Stub::UpdateAgreement, Officer(), update, &updated),
              StatusIs(absl::StatusCode::kAborted));

  // Frozen terms.
  const v1::Agreement frozen = Approve(draft.name());
  ASSERT_EQ(frozen.state(), v1::Agreement::STATE_AWAITING_SIGNATURES);
  update.set_etag(frozen.etag());
  absl::Status refused =
      Call(&Stub::UpdateAgreement, Officer(), update, &updated);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(FieldOf(refused), "agreement.title");
  v1::CreateObligationRequest obligation;
  obligation.set_parent(draft.name());
  obligation.mutable_obligation()->set_responsible_party(Org(kCompany));
  obligation.mutable_obligation()->mutable_description()->set_en("Report");
  *obligation.mutable_obligation()->mutable_due_on() = Day(2025, 12, 1);
  v1::CreateObligationResponse unused_obligation;
  EXPECT_THAT(
      Call(&Stub::CreateObligation, Officer(), obligation, &unused_obligation),
      StatusIs(absl::StatusCode::kFailedPrecondition));
  v1::DeleteAgreementRequest remove;
  remove.set_name(draft.name());
  v1::DeleteAgreementResponse unused_delete;
  EXPECT_THAT(Call(&Stub::DeleteAgreement, Officer(), remove, &unused_delete),
              StatusIs(absl::StatusCode::kFailedPrecondition));

  // Signatures: over the digest shown, once per party.
  v1::Agreement wrong_digest = frozen;
  wrong_digest.set_content_digest(std::string(64, '0'));
  refused = Sign(wrong_digest, kAgency, Token(User(kDirector)));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(FieldOf(refused), "content_digest");
  ASSERT_THAT(Sign(frozen, kAgency, Token(User(kDirector))), IsOk());
  refused = Sign(frozen, kAgency, Token(User(kDirector)));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(FieldOf(refused), "organization");
  v1::ReturnAgreementToDraftRequest back;
  back.set_name(draft.name());
  back.set_reason("replace a signatory");
  v1::ReturnAgreementToDraftResponse unused_back;
  EXPECT_THAT(
      Call(&Stub::ReturnAgreementToDraft, Officer(), back, &unused_back),
      StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_P(PartnershipHandlersTest, MalformedOrUnfitPartiesNameTheirField) {
  v1::CreateAgreementRequest request = Draft();
  v1::CreateAgreementResponse response;
  request.mutable_agreement()->mutable_parties(1)->set_organization(kCompany);
  absl::Status status =
      Call(&Stub::CreateAgreement, Officer(), request, &response);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(FieldOf(status), "agreement.parties[1].organization");

  request = Draft();
  request.mutable_agreement()->mutable_effective_on()->set_day(31);
  request.mutable_agreement()->mutable_effective_on()->set_month(6);
  status = Call(&Stub::CreateAgreement, Officer(), request, &response);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(FieldOf(status), "agreement.effective_on");

  // The company's CEO is no member of the ministry.
  request = Draft();
  request.mutable_agreement()->mutable_parties(1)->set_organization(
      Org(kMinistry));
  status = Call(&Stub::CreateAgreement, Officer(), request, &response);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(FieldOf(status), "agreement.parties[1].signatory");

  // The minister has no title in identity and none is written.
  request = Draft();
  request.mutable_agreement()->mutable_parties(1)->set_organization(
      Org(kMinistry));
  request.mutable_agreement()->mutable_parties(1)->set_signatory(
      User(kMinister));
  status = Call(&Stub::CreateAgreement, Officer(), request, &response);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(FieldOf(status), "agreement.parties[1].signatory_title");

  // A disabled signatory.
  identity_directory_.SetUser(kCeo, UserStanding::kDisabled);
  status = Call(&Stub::CreateAgreement, Officer(), Draft(), &response);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(FieldOf(status), "agreement.parties[1].signatory");
}

TEST_P(PartnershipHandlersTest, ARepeatedRequestIdReturnsTheFirstAnswer) {
  v1::CreateAgreementRequest request = Draft();
  request.set_request_id(NewUuid());
  v1::CreateAgreementResponse first, repeat, other;
  ASSERT_THAT(Call(&Stub::CreateAgreement, Officer(), request, &first), IsOk());
  const int asked = identity_directory_.calls();
  // A repeat, even with another token of the same officer: the first
  // answer, without asking identity or creating anything.
  ASSERT_THAT(Call(&Stub::CreateAgreement, Officer(), request, &repeat),
              IsOk());
  EXPECT_EQ(repeat.agreement().name(), first.agreement().name());
  EXPECT_EQ(repeat.agreement().etag(), first.agreement().etag());
  EXPECT_EQ(identity_directory_.calls(), asked);
  // The same id for another request.
  request.mutable_agreement()->mutable_title()->set_en("Another");
  const absl::Status misused =
      Call(&Stub::CreateAgreement, Officer(), request, &other);
  EXPECT_THAT(misused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(FieldOf(misused), "request_id");
  EXPECT_EQ(identity_directory_.calls(), asked);
  v1::ListAgreementsRequest list;
  v1::ListAgreementsResponse listed;
  ASSERT_THAT(Call(&Stub::ListAgreements, Officer(), list, &listed), IsOk());
  EXPECT_EQ(listed.agreements_size(), 1);

  // A repeated signature is the first one.
  const v1::Agreement frozen = Approve(first.agreement().name());
  const std::string id = NewUuid();
  v1::Agreement signed_first, signed_again;
  ASSERT_THAT(Sign(frozen, kAgency, Token(User(kDirector)), &signed_first, id),
              IsOk());
  ASSERT_THAT(Sign(frozen, kAgency, Token(User(kDirector)), &signed_again, id),
              IsOk());
  EXPECT_EQ(signed_again.etag(), signed_first.etag());
  EXPECT_EQ(signed_again.parties(0).signature().token_id(),
            signed_first.parties(0).signature().token_id());
}

TEST_P(PartnershipHandlersTest, WhoMayDoWhat) {
  const v1::Agreement draft = Create(Draft());
  // No token.
  EXPECT_THAT(GetStatus(draft.name(), ""),
              StatusIs(absl::StatusCode::kUnauthenticated));
  // An officer scoped to another organization does not see it.
  const std::string elsewhere = Token(
      User(kOfficer), {std::string("PARTNERSHIP_OFFICER@") + Org(kElsewhere)});
  EXPECT_THAT(GetStatus(draft.name(), elsewhere),
              StatusIs(absl::StatusCode::kNotFound));
  v1::UpdateAgreementRequest update;
  update.mutable_agreement()->set_name(draft.name());
  update.mutable_agreement()->mutable_title()->set_en("Renamed");
  update.mutable_update_mask()->add_paths("title");
  update.set_etag(draft.etag());
  v1::UpdateAgreementResponse updated;
  EXPECT_THAT(Call(&Stub::UpdateAgreement, elsewhere, update, &updated),
              StatusIs(absl::StatusCode::kNotFound));
  // An officer scoped to the lead manages it.
  const std::string lead = Token(
      User(kOfficer), {std::string("PARTNERSHIP_OFFICER@") + Org(kAgency)});
  EXPECT_EQ(Get(draft.name(), lead).name(), draft.name());
  // An auditor reads everything and changes nothing.
  EXPECT_EQ(Get(draft.name(), Auditor()).name(), draft.name());
  EXPECT_THAT(Call(&Stub::UpdateAgreement, Auditor(), update, &updated),
              StatusIs(absl::StatusCode::kPermissionDenied));
  // A member of a party reads it (identity says so); a stranger does not.
  EXPECT_EQ(Get(draft.name(), Token(User(kEmployee))).name(), draft.name());
  EXPECT_THAT(GetStatus(draft.name(), Token(User(kAuditor))),
              StatusIs(absl::StatusCode::kNotFound));

  const v1::Agreement frozen = Approve(draft.name());
  // A service account never signs (it may read the agreement, so it is
  // told so: PERMISSION_DENIED, as the contract says); nor does a token
  // without "otp".
  EXPECT_THAT(Sign(frozen, kAgency, Service()),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Sign(frozen, kAgency, Token(User(kDirector), {}, {"pwd"})),
              StatusIs(absl::StatusCode::kPermissionDenied));
  // Nor anyone for another party.
  EXPECT_THAT(Sign(frozen, kCompany, Token(User(kDirector))),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(Get(frozen.name(), Officer()).parties(0).has_signature(), false);

  // The feeds: events for services, the audit chain for auditors.
  v1::ListDomainEventsRequest events;
  v1::ListDomainEventsResponse events_page;
  EXPECT_THAT(Call(&Stub::ListDomainEvents, Officer(), events, &events_page),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Call(&Stub::ListDomainEvents, Service(), events, &events_page),
              IsOk());
  v1::ListAuditEventsRequest audit;
  v1::ListAuditEventsResponse audit_page;
  EXPECT_THAT(Call(&Stub::ListAuditEvents, Officer(), audit, &audit_page),
              StatusIs(absl::StatusCode::kPermissionDenied));
  v1::VerifyAuditChainRequest verify;
  v1::VerifyAuditChainResponse verified;
  ASSERT_THAT(Call(&Stub::VerifyAuditChain, Auditor(), verify, &verified),
              IsOk());
  EXPECT_TRUE(verified.verification().valid());
}

TEST_P(PartnershipHandlersTest, IdentityDownIsUnavailableAndNothingIsWritten) {
  const v1::Agreement frozen = Approve(Create(Draft()).name());
  const int entries = AuditEntries();
  identity_directory_.SetDown(true);
  v1::CreateAgreementRequest create = Draft();
  create.set_request_id(NewUuid());
  v1::CreateAgreementResponse created;
  EXPECT_THAT(Call(&Stub::CreateAgreement, Officer(), create, &created),
              StatusIs(absl::StatusCode::kUnavailable));
  v1::RecordPaperAgreementResponse recorded;
  EXPECT_THAT(
      Call(&Stub::RecordPaperAgreement, Officer(), Bilateral2023(), &recorded),
      StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(Sign(frozen, kAgency, Token(User(kDirector))),
              StatusIs(absl::StatusCode::kUnavailable));
  // A member's read needs identity too.
  EXPECT_THAT(GetStatus(frozen.name(), Token(User(kEmployee))),
              StatusIs(absl::StatusCode::kUnavailable));
  identity_directory_.SetDown(false);
  EXPECT_EQ(AuditEntries(), entries);
  v1::ListAgreementsRequest list;
  v1::ListAgreementsResponse listed;
  ASSERT_THAT(Call(&Stub::ListAgreements, Officer(), list, &listed), IsOk());
  EXPECT_EQ(listed.agreements_size(), 1);
  EXPECT_FALSE(Get(frozen.name(), Officer()).parties(0).has_signature());
  // The failed create's request id was not used up.
  EXPECT_THAT(Call(&Stub::CreateAgreement, Officer(), create, &created),
              IsOk());
}

TEST_P(PartnershipHandlersTest, TheReadCacheFollowsEveryWrite) {
  const v1::Agreement draft = Create(Draft());
  EXPECT_EQ(Get(draft.name(), Officer()).title().en(),
            "Cloud credits for startups");
  EXPECT_EQ(Get(draft.name(), Officer()).etag(), draft.etag());
  // The second read was a hit.
  EXPECT_EQ(store_->agreements_cache()->loads(), 1);
  v1::UpdateAgreementRequest update;
  update.mutable_agreement()->set_name(draft.name());
  update.mutable_agreement()->mutable_title()->set_en("Renamed");
  update.mutable_update_mask()->add_paths("title");
  update.set_etag(draft.etag());
  v1::UpdateAgreementResponse updated;
  ASSERT_THAT(Call(&Stub::UpdateAgreement, Officer(), update, &updated),
              IsOk());
  const v1::Agreement read = Get(draft.name(), Officer());
  EXPECT_EQ(read.title().en(), "Renamed");
  EXPECT_EQ(read.etag(), updated.agreement().etag());
  // A KPI changes the agreement's etag too.
  v1::CreateKpiRequest kpi;
  kpi.set_parent(draft.name());
  kpi.mutable_kpi()->mutable_display_name()->set_en("Trainees");
  kpi.mutable_kpi()->set_unit("trainees");
  kpi.mutable_kpi()->set_target(100);
  kpi.mutable_kpi()->set_direction(v1::Kpi::DIRECTION_INCREASE);
  v1::CreateKpiResponse created;
  ASSERT_THAT(Call(&Stub::CreateKpi, Officer(), kpi, &created), IsOk());
  EXPECT_NE(Get(draft.name(), Officer()).etag(), read.etag());
  // Deleted: gone for every reader.
  v1::DeleteAgreementRequest remove;
  remove.set_name(draft.name());
  v1::DeleteAgreementResponse removed;
  ASSERT_THAT(Call(&Stub::DeleteAgreement, Officer(), remove, &removed),
              IsOk());
  EXPECT_THAT(GetStatus(draft.name(), Officer()),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(PartnershipHandlersTest, ListAgreementsFiltersAndPagesOverGrpc) {
  v1::RecordPaperAgreementResponse recorded;
  ASSERT_THAT(
      Call(&Stub::RecordPaperAgreement, Officer(), Bilateral2023(), &recorded),
      IsOk());
  // Apart in time: agreements created in the same instant are listed by id.
  clock_.Advance(absl::Seconds(1));
  const v1::Agreement first = Create(Draft());
  clock_.Advance(absl::Seconds(1));
  const v1::Agreement second = Create(Draft(kCompany));

  // Newest first, one a page, without a gap or a repeat.
  v1::ListAgreementsRequest request;
  request.set_page_size(1);
  std::vector<std::string> names;
  for (int page = 0; page < 5; ++page) {
    v1::ListAgreementsResponse response;
    ASSERT_THAT(Call(&Stub::ListAgreements, Officer(), request, &response),
                IsOk());
    for (const v1::Agreement& agreement : response.agreements()) {
      names.push_back(agreement.name());
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(names, ::testing::ElementsAre(second.name(), first.name(),
                                            recorded.agreement().name()));

  // Filters: states, expiry before a date, a signatory.
  request = v1::ListAgreementsRequest();
  request.add_states(v1::Agreement::STATE_ACTIVE);
  *request.mutable_expiring_before() = Day(2026, 7, 1);
  v1::ListAgreementsResponse active;
  ASSERT_THAT(Call(&Stub::ListAgreements, Officer(), request, &active), IsOk());
  ASSERT_EQ(active.agreements_size(), 1);
  EXPECT_EQ(active.agreements(0).name(), recorded.agreement().name());
  request = v1::ListAgreementsRequest();
  request.add_states(v1::Agreement::STATE_DRAFT);
  request.set_party(Org(kCompany));
  v1::ListAgreementsResponse drafts;
  ASSERT_THAT(Call(&Stub::ListAgreements, Officer(), request, &drafts), IsOk());
  EXPECT_EQ(drafts.agreements_size(), 2);
  // A page token belongs to its filters; a negative page size is refused.
  request.set_page_size(1);
  ASSERT_THAT(Call(&Stub::ListAgreements, Officer(), request, &drafts), IsOk());
  request.clear_party();
  request.set_page_token(drafts.next_page_token());
  EXPECT_THAT(Call(&Stub::ListAgreements, Officer(), request, &drafts),
              StatusIs(absl::StatusCode::kInvalidArgument));
  request = v1::ListAgreementsRequest();
  request.set_page_size(-1);
  EXPECT_THAT(Call(&Stub::ListAgreements, Officer(), request, &drafts),
              StatusIs(absl::StatusCode::kInvalidArgument));

  // A member sees the agreements of their organization; a stranger none.
  v1::ListAgreementsResponse seen;
  ASSERT_THAT(Call(&Stub::ListAgreements, Token(User(kEmployee)),
                   v1::ListAgreementsRequest(), &seen),
              IsOk());
  EXPECT_EQ(seen.agreements_size(), 3);
  ASSERT_THAT(Call(&Stub::ListAgreements, Token(User(kAuditor)),
                   v1::ListAgreementsRequest(), &seen),
              IsOk());
  EXPECT_EQ(seen.agreements_size(), 0);
}

// A DRAFT between the agency and the company as CreateAgreement stores it,
// created at `create_time`.
Agreement StoredDraft(absl::Time create_time) {
  Agreement a;
  a.id = NewUuid();
  a.terms.kind = AgreementKind::kConvention;
  a.terms.title.en = "Cloud credits for startups";
  for (const auto& [org, role, signatory] :
       {std::tuple(kAgency, PartyRole::kLead, kDirector),
        std::tuple(kCompany, PartyRole::kPartner, kCeo)}) {
    Party party;
    party.organization_id = org;
    party.role = role;
    party.signatory_id = signatory;
    party.signatory_title = "Director General";
    a.terms.parties.push_back(std::move(party));
  }
  a.terms.scope_areas = {ScopeArea::kCloud};
  a.terms.effective_on = absl::CivilDay(2025, 6, 1);
  a.terms.duration_months = 12;
  a.expires_on = absl::CivilDay(2026, 6, 1);
  a.state = AgreementState::kDraft;
  a.state_change_time = create_time;
  a.creator = User(kOfficer);
  a.create_time = create_time;
  a.update_time = create_time;
  a.version = 1;
  return a;
}

// Issue 11's pagination case: every one of 10,000 agreements is listed
// exactly once, newest first, while agreements are created between pages:
// newer ones (through CreateAgreement: before the cursor, never listed),
// ones at the last listed create_time (a tie the id breaks, on either side
// of the cursor) and older ones (behind the cursor: each listed once).
TEST_P(PartnershipHandlersTest, TenThousandAgreementsPageWithoutGapOrRepeat) {
  constexpr int kSeeded = 10000;
  constexpr int kBatch = 2000;
  // Straight through the repository, a batch per transaction (10,000
  // CreateAgreement calls would take minutes); four to a create_time, so
  // that pages end inside runs of equal times.
  const absl::Time newest = clock_.Now() - absl::Seconds(1);
  std::set<std::string> seeded;
  for (int first = 0; first < kSeeded; first += kBatch) {
    std::vector<Agreement> batch;
    for (int i = first; i < first + kBatch; ++i) {
      batch.push_back(StoredDraft(newest - absl::Milliseconds(i / 4)));
    }
    ASSERT_THAT(store_->unit_of_work().Run([&](Transaction& tx) {
      for (const Agreement& a : batch) {
        RETURN_IF_ERROR(store_->agreements().Create(tx, a));
      }
      return absl::OkStatus();
    }),
                IsOk());
    for (const Agreement& a : batch) seeded.insert(AgreementName(a.id));
  }

  const std::string officer = Officer();
  std::set<std::string> newer, tied, older;
  std::map<std::string, int> times_seen;
  std::vector<std::pair<absl::Time, std::string>> order;
  v1::ListAgreementsRequest request;
  request.set_page_size(100);
  for (int page = 0;; ++page) {
    v1::ListAgreementsResponse response;
    ASSERT_THAT(Call(&Stub::ListAgreements, officer, request, &response),
                IsOk());
    for (const v1::Agreement& a : response.agreements()) {
      ++times_seen[a.name()];
      order.emplace_back(FromProtoTimestamp(a.create_time()), a.name());
    }
    if (response.next_page_token().empty()) break;
    ASSERT_LE(page, kSeeded) << "the pages never end";
    request.set_page_token(response.next_page_token());

    newer.insert(Create(Draft()).name());
    const absl::Time last = order.back().first;
    const Agreement tie = StoredDraft(last);
    const Agreement old =
        StoredDraft(newest - absl::Hours(1) - absl::Seconds(page));
    ASSERT_THAT(store_->unit_of_work().Run([&](Transaction& tx) {
      RETURN_IF_ERROR(store_->agreements().Create(tx, tie));
      return store_->agreements().Create(tx, old);
    }),
                IsOk());
    tied.insert(AgreementName(tie.id));
    older.insert(AgreementName(old.id));
  }

  auto count = [&](const std::set<std::string>& names, int times) {
    int n = 0;
    for (const std::string& name : names) {
      auto it = times_seen.find(name);
      n += (it == times_seen.end() ? 0 : it->second) == times;
    }
    return n;
  };
  EXPECT_EQ(count(seeded, 1), kSeeded)
      << "a seeded agreement missed or repeated";
  EXPECT_EQ(count(older, 1), static_cast<int>(older.size()))
      << "an agreement created behind the cursor missed or repeated";
  EXPECT_EQ(count(newer, 0), static_cast<int>(newer.size()))
      << "an agreement newer than the first page listed";
  EXPECT_EQ(count(tied, 0) + count(tied, 1), static_cast<int>(tied.size()));
  for (const auto& [name, times] : times_seen) {
    ASSERT_EQ(times, 1) << name << " listed twice";
  }
  EXPECT_GT(newer.size(), 100u);
  // Newest first: create_time descending, then name.
  for (size_t i = 1; i < order.size(); ++i) {
    ASSERT_TRUE(order[i - 1] > order[i]) << "out of order at " << i;
  }
}

INSTANTIATE_DATABASE_TEST_SUITE_P(PartnershipHandlersTest);

}  // namespace
}  // namespace masar::partnerships
