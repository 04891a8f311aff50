// The registry's exactly-once rules on the SQL store, SQLite and
// PostgreSQL: concurrent transactions of one process, where only the
// store's compare-and-set on the agreement's version keeps them apart.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/aip/etag.h"
#include "common/audit/audit_log.h"
#include "common/auth/caller.h"
#include "common/auth/claims.h"
#include "common/auth/principal.h"
#include "common/clock/calendar.h"
#include "common/clock/clock.h"
#include "common/events/outbox.h"
#include "common/ids/ids.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/migrations.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gtest/gtest.h"
#include "masar/partnerships/v1/events.pb.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/store/partnerships_store_migrations.h"
#include "services/partnerships/store/sql_partnerships_store.h"
#include "services/partnerships/testing/fake_party_directory.h"
#include "tests/testing/sql/test_database.h"

namespace masar::partnerships {
namespace {

using ::masar::testing::IsOk;

constexpr int kParties = 5;

auth::Caller Who(const std::string& subject,
                 std::vector<auth::RoleBinding> roles) {
  auth::Claims claims;
  claims.subject = subject;
  for (const auth::RoleBinding& role : roles) {
    claims.roles.push_back(auth::FormatRoleBinding(role));
  }
  claims.amr = {"pwd", "otp"};
  claims.token_id = NewUuid();
  return auth::Caller(*auth::Principal::FromClaims(claims), "");
}

auth::Caller Officer() {
  return Who(absl::StrCat("users/", NewUuid()),
             {{auth::Role::kPartnershipOfficer, "*"}});
}

// Runs `change` until it is not ABORTED: what a client retrying a lost
// race does. The number of ABORTED answers goes to `aborted`.
absl::Status UntilNotAborted(std::function<absl::Status()> change,
                             std::atomic<int>& aborted) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    absl::Status s = change();
    if (!absl::IsAborted(s)) return s;
    ++aborted;
  }
  return absl::DeadlineExceededError("still ABORTED after 100 attempts");
}

class SqlRegistryExactlyOnceTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    for (auto set :
         {audit::AuditMigrations(), events::EventMigrations(),
          ResourceCacheMigrations(), PartnershipsStoreMigrations()}) {
      ASSERT_THAT(set, IsOk());
      ASSERT_THAT(sql::Migrate(db(), *set), IsOk());
    }
    store_ = std::make_unique<SqlPartnershipsStore>(&db(), nullptr, &clock_);
    registry_ = std::make_unique<AgreementRegistry>(
        store_->ports(&directory_, &calendar_));
    for (int i = 0; i < kParties; ++i) {
      organizations_.push_back(NewUuid());
      signatories_.push_back(NewUuid());
      directory_.AddOrganization(organizations_[i]);
      directory_.AddMember(organizations_[i], signatories_[i], "Director");
    }
  }

  template <typename F>
  auto Run(F change) {
    return RunInTransaction(store_->unit_of_work(), change);
  }

  // A draft between the kParties organizations, submitted for review.
  Agreement InReview(const auth::Caller& officer) {
    AgreementTerms terms;
    terms.kind = AgreementKind::kMou;
    terms.title = {"", "Mémorandum", "Memorandum"};
    for (int i = 0; i < kParties; ++i) {
      Party party;
      party.organization_id = organizations_[i];
      party.role = i == 0 ? PartyRole::kLead : PartyRole::kPartner;
      party.signatory_id = signatories_[i];
      terms.parties.push_back(party);
    }
    terms.scope_areas = {ScopeArea::kStartupSupport};
    terms.effective_on = absl::CivilDay(2026, 1, 1);
    terms.duration_months = 24;
    absl::StatusOr<PartyFacts> facts =
        registry_->LookUpParties(call_, terms.parties);
    EXPECT_THAT(facts, IsOk());
    absl::StatusOr<Agreement> draft = Run([&](Transaction& tx) {
      return registry_->CreateAgreement(tx, officer, NewAgreement{terms},
                                        *facts);
    });
    EXPECT_THAT(draft, IsOk());
    const std::string name = absl::StrCat("agreements/", draft->id);
    absl::StatusOr<Agreement> submitted = Run([&](Transaction& tx) {
      return registry_->SubmitAgreementForReview(tx, officer,
                                                 NameAndEtag{name, ""}, *facts);
    });
    EXPECT_THAT(submitted, IsOk());
    return *submitted;
  }

  int64_t AuditCount(const std::string& action) {
    audit::AuditFilter filter;
    filter.action = action;
    absl::StatusOr<std::vector<audit::AuditEntry>> entries =
        store_->audit_log().List(db(), filter, 1000);
    EXPECT_THAT(entries, IsOk());
    return entries.ok() ? static_cast<int64_t>(entries->size()) : -1;
  }

  std::vector<v1::AgreementStateChanged> Events() {
    absl::StatusOr<events::EventPage> page = store_->outbox().ReadAfter(0, 100);
    EXPECT_THAT(page, IsOk());
    std::vector<v1::AgreementStateChanged> out;
    for (const events::Event& event : page->events) {
      out.emplace_back();
      EXPECT_TRUE(out.back().ParseFromString(event.payload));
    }
    return out;
  }

  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2025, 11, 3, 10, 0, 0),
                                   absl::UTCTimeZone())};
  Calendar calendar_{&clock_, absl::UTCTimeZone()};
  FakePartyDirectory directory_;
  CallMetadata call_;
  std::unique_ptr<SqlPartnershipsStore> store_;
  std::unique_ptr<AgreementRegistry> registry_;
  std::vector<std::string> organizations_;
  std::vector<std::string> signatories_;
};

TEST_P(SqlRegistryExactlyOnceTest, TwoOfficersApprovingAtOnceOneWins) {
  const Agreement reviewed = InReview(Officer());
  const std::string name = absl::StrCat("agreements/", reviewed.id);
  constexpr int kOfficers = 2;
  std::atomic<int> ok{0}, aborted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kOfficers; ++i) {
    threads.emplace_back([&] {
      const auth::Caller officer = Officer();
      absl::StatusOr<PartyFacts> facts =
          registry_->LookUpAgreementParties(call_, officer, name);
      ASSERT_THAT(facts, IsOk());
      // Both approve the version they reviewed.
      absl::StatusOr<Agreement> r = Run([&](Transaction& tx) {
        return registry_->RequestSignatures(
            tx, officer, NameAndEtag{name, aip::RenderEtag(reviewed.version)},
            *facts);
      });
      if (r.ok()) {
        ++ok;
      } else if (absl::IsAborted(r.status())) {
        ++aborted;
      } else {
        ADD_FAILURE() << r.status();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), kOfficers - 1);
  EXPECT_EQ(AuditCount("RequestSignatures"), 1);
}

TEST_P(SqlRegistryExactlyOnceTest, AllPartiesSigningAtOnceActivateOnce) {
  const auth::Caller officer = Officer();
  const Agreement reviewed = InReview(officer);
  const std::string name = absl::StrCat("agreements/", reviewed.id);
  absl::StatusOr<PartyFacts> facts =
      registry_->LookUpAgreementParties(call_, officer, name);
  ASSERT_THAT(facts, IsOk());
  absl::StatusOr<Agreement> frozen = Run([&](Transaction& tx) {
    return registry_->RequestSignatures(
        tx, officer, NameAndEtag{name, aip::RenderEtag(reviewed.version)},
        *facts);
  });
  ASSERT_THAT(frozen, IsOk());

  std::atomic<int> aborted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kParties; ++i) {
    threads.emplace_back([&, i] {
      const auth::Caller signer =
          Who(absl::StrCat("users/", signatories_[i]), {});
      const Signing signing{name,
                            absl::StrCat("organizations/", organizations_[i]),
                            frozen->content_digest};
      absl::StatusOr<PartyFacts> signer_facts =
          registry_->LookUpSigner(call_, signer, signing);
      ASSERT_THAT(signer_facts, IsOk());
      EXPECT_THAT(UntilNotAborted(
                      [&] {
                        return Run([&](Transaction& tx) {
                                 return registry_->SignAgreement(
                                     tx, signer, signing, *signer_facts);
                               })
                            .status();
                      },
                      aborted),
                  IsOk());
    });
  }
  for (std::thread& t : threads) t.join();

  absl::StatusOr<Agreement> stored = Run([&](Transaction& tx) {
    return store_->agreements().Get(tx, reviewed.id);
  });
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->state, AgreementState::kActive);
  for (const Party& party : stored->terms.parties) {
    EXPECT_TRUE(party.signature.has_value()) << party.organization_id;
  }
  EXPECT_EQ(AuditCount("SignAgreement"), kParties);
  EXPECT_EQ(AuditCount("ActivateAgreement"), 1);
  const std::vector<v1::AgreementStateChanged> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].agreement(), name);
  EXPECT_EQ(events[0].state(), v1::Agreement::STATE_ACTIVE);
  // Not a proof of a race, only a hint that the signers did overlap.
  RecordProperty("aborted_signatures", aborted.load());
}

INSTANTIATE_DATABASE_TEST_SUITE_P(SqlRegistryExactlyOnceTest);

}  // namespace
}  // namespace masar::partnerships
