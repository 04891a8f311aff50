// The partnerships repository contract on the SQL store, SQLite and
// PostgreSQL, and what only the SQL store does: its migrations and its
// outbox.
#include <memory>

#include "absl/status/status.h"
#include "common/audit/audit_log.h"
#include "common/cache/memory_cache.h"
#include "common/clock/clock.h"
#include "common/events/domain_event_proto.h"
#include "common/events/outbox.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/migrations.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gtest/gtest.h"
#include "masar/partnerships/v1/events.pb.h"
#include "services/partnerships/store/partnerships_store_migrations.h"
#include "services/partnerships/store/sql_partnerships_store.h"
#include "tests/services/partnerships/store/repository_contract.h"
#include "tests/testing/sql/test_database.h"

namespace masar::partnerships {
namespace {

using ::masar::testing::IsOk;

// Every table partnerships' store holds, as `masar serve` migrates it.
absl::Status MigratePartnershipsStore(sql::Database& db) {
  for (auto migrations :
       {audit::AuditMigrations(), events::EventMigrations(),
        ResourceCacheMigrations(), PartnershipsStoreMigrations()}) {
    if (!migrations.ok()) return migrations.status();
    RETURN_IF_ERROR(sql::Migrate(db, *migrations));
  }
  return absl::OkStatus();
}

// An agreement with only what its columns require.
Agreement MinimalAgreement(AgreementState state) {
  Agreement a;
  a.id = "a1";
  a.terms.effective_on = absl::CivilDay(2026, 1, 1);
  a.expires_on = absl::CivilDay(2027, 1, 1);
  a.state = state;
  a.version = 1;
  return a;
}

class SqlPartnershipsStoreTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    ASSERT_THAT(MigratePartnershipsStore(db()), IsOk());
    store_ = std::make_unique<SqlPartnershipsStore>(&db(), nullptr, &clock_);
    backend_ = contract::BackendOf(store_->ports(nullptr, nullptr));
  }

  contract::Backend& backend() { return backend_; }
  SqlPartnershipsStore& store() { return *store_; }

 private:
  FakeClock clock_;
  std::unique_ptr<SqlPartnershipsStore> store_;
  contract::Backend backend_;
};

MASAR_PARTNERSHIPS_REPOSITORY_CONTRACT(TEST_P, SqlPartnershipsStoreTest)

TEST_P(SqlPartnershipsStoreTest, MigrationsApplyOnceAndCheck) {
  absl::StatusOr<sql::MigrationSet> set = PartnershipsStoreMigrations();
  ASSERT_THAT(set, IsOk());
  EXPECT_EQ(set->component(), "partnerships");
  EXPECT_THAT(sql::Migrate(db(), *set), IsOk());
  EXPECT_THAT(sql::CheckSchema(db(), *set), IsOk());
}

TEST_P(SqlPartnershipsStoreTest, EventsGoToTheOutboxWithTheChange) {
  const AgreementStateChanged superseded{"a1", AgreementState::kSuperseded,
                                         "a2"};
  const AgreementStateChanged expired{"a3", AgreementState::kExpired, ""};
  PartnershipsEventLog& log = *store().ports(nullptr, nullptr).events;
  ASSERT_THAT(store().unit_of_work().Run([&](Transaction& tx) {
    RETURN_IF_ERROR(log.Append(tx, superseded));
    return log.Append(tx, expired);
  }),
              IsOk());
  const AgreementStateChanged undone{"a4", AgreementState::kActive, ""};
  EXPECT_THAT(store().unit_of_work().Run([&](Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(log.Append(tx, undone));
    return absl::InternalError("the change failed");
  }),
              ::masar::testing::StatusIs(absl::StatusCode::kInternal));

  absl::StatusOr<events::EventPage> page = store().outbox().ReadAfter(0, 10);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->events.size(), 2u);
  EXPECT_EQ(store().outbox().source(), "partnerships");
  v1::AgreementStateChanged first, second;
  ASSERT_TRUE(first.ParseFromString(page->events[0].payload));
  ASSERT_TRUE(second.ParseFromString(page->events[1].payload));
  EXPECT_EQ(page->events[0].type,
            "masar.partnerships.v1.AgreementStateChanged");
  EXPECT_EQ(page->events[0].resource, "agreements/a1");
  EXPECT_EQ(first.agreement(), "agreements/a1");
  EXPECT_EQ(first.state(), v1::Agreement::STATE_SUPERSEDED);
  EXPECT_EQ(first.superseded_by(), "agreements/a2");
  EXPECT_EQ(second.agreement(), "agreements/a3");
  EXPECT_EQ(second.state(), v1::Agreement::STATE_EXPIRED);
  EXPECT_EQ(second.superseded_by(), "");
}

// The ports say in_force and overdue are derived by readers and never
// stored; the SQL store has no column for them.
TEST_P(SqlPartnershipsStoreTest, DerivedFlagsAreNeverStored) {
  Agreement a = MinimalAgreement(AgreementState::kActive);
  a.in_force = true;
  Obligation o;
  o.agreement_id = a.id;
  o.id = "o1";
  o.due_on = absl::CivilDay(2026, 6, 1);
  o.version = 1;
  o.overdue = true;
  const contract::Backend& b = backend();
  ASSERT_THAT(b.unit_of_work->Run([&](Transaction& tx) {
    RETURN_IF_ERROR(b.agreements->Create(tx, a));
    return b.obligations->Create(tx, o);
  }),
              IsOk());
  absl::StatusOr<Agreement> updated = RunInTransaction(
      *b.unit_of_work,
      [&](Transaction& tx) { return b.agreements->Update(tx, a); });
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->in_force);
  absl::StatusOr<Obligation> changed = RunInTransaction(
      *b.unit_of_work,
      [&](Transaction& tx) { return b.obligations->Update(tx, o); });
  ASSERT_THAT(changed, IsOk());
  EXPECT_FALSE(changed->overdue);
  absl::StatusOr<Agreement> read = RunInTransaction(
      *b.unit_of_work,
      [&](Transaction& tx) { return b.agreements->Get(tx, a.id); });
  ASSERT_THAT(read, IsOk());
  EXPECT_FALSE(read->in_force);
  absl::StatusOr<Obligation> read_obligation = RunInTransaction(
      *b.unit_of_work,
      [&](Transaction& tx) { return b.obligations->Get(tx, a.id, o.id); });
  ASSERT_THAT(read_obligation, IsOk());
  EXPECT_FALSE(read_obligation->overdue);
}

TEST_P(SqlPartnershipsStoreTest, AgreementWritesInvalidateTheCachedAgreement) {
  FakeClock clock;
  cache::MemoryCache memory(clock);
  SqlPartnershipsStore cached(&db(), &memory, &clock);
  ResourceCache& cache = *cached.agreements_cache();
  Agreement a = MinimalAgreement(AgreementState::kDraft);
  ASSERT_THAT(cached.unit_of_work().Run([&](Transaction& tx) {
    return cached.agreements().Create(tx, a);
  }),
              IsOk());
  auto fill = [&] {
    return cache.Get(a.id, [] { return std::string("cached view"); });
  };
  ASSERT_THAT(fill(), IsOk());
  ASSERT_EQ(cache.Peek(a.id), "cached view");

  ASSERT_THAT(cached.unit_of_work().Run([&](Transaction& tx) {
    return cached.agreements().Update(tx, a).status();
  }),
              IsOk());
  EXPECT_EQ(cache.Peek(a.id), std::nullopt) << "updated";
  ASSERT_THAT(fill(), IsOk());
  a.version = 2;
  ASSERT_THAT(cached.unit_of_work().Run([&](Transaction& tx) {
    return cached.agreements().Delete(tx, a);
  }),
              IsOk());
  EXPECT_EQ(cache.Peek(a.id), std::nullopt) << "deleted";
}

INSTANTIATE_DATABASE_TEST_SUITE_P(SqlPartnershipsStoreTest);

}  // namespace
}  // namespace masar::partnerships
