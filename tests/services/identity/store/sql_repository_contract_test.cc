// The identity repository contract on the SQL store, SQLite and PostgreSQL.
#include <memory>

#include "common/audit/audit_log.h"
#include "common/clock/clock.h"
#include "common/sql/migrations.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/testing/status_matchers.h"
#include "gtest/gtest.h"
#include "services/identity/store/identity_store_migrations.h"
#include "common/audit/sql_audit_trail.h"
#include "services/identity/store/sql_member_repository.h"
#include "services/identity/store/sql_organization_repository.h"
#include "services/identity/store/sql_role_binding_repository.h"
#include "services/identity/store/sql_service_account_repository.h"
#include "services/identity/store/sql_user_repository.h"
#include "tests/services/identity/store/repository_contract.h"
#include "tests/testing/sql/test_database.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;

class SqlIdentityStoreTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    absl::StatusOr<sql::MigrationSet> audit = audit::AuditMigrations();
    ASSERT_THAT(audit, IsOk());
    ASSERT_THAT(sql::Migrate(db(), *audit), IsOk());
    absl::StatusOr<sql::MigrationSet> identity = IdentityStoreMigrations();
    ASSERT_THAT(identity, IsOk());
    ASSERT_THAT(sql::Migrate(db(), *identity), IsOk());
    unit_of_work_ = std::make_unique<sql::SqlUnitOfWork>(&db());
    backend_.unit_of_work = unit_of_work_.get();
    backend_.users = &users_;
    backend_.organizations = &organizations_;
    backend_.members = &members_;
    backend_.role_bindings = &role_bindings_;
    backend_.service_accounts = &service_accounts_;
    backend_.audit = &audit_trail_;
    backend_.audit_count = [this]() -> int64_t {
      absl::StatusOr<sql::Result> r =
          db().Execute("SELECT COUNT(*) FROM masar_audit_log");
      if (!r.ok()) return -1;
      absl::StatusOr<int64_t> n = r->rows.at(0).Int(0);
      return n.ok() ? *n : -1;
    };
  }

  contract::Backend& backend() { return backend_; }

 private:
  FakeClock clock_;
  audit::AuditLog audit_log_{&clock_};
  std::unique_ptr<sql::SqlUnitOfWork> unit_of_work_;
  SqlUserRepository users_;
  SqlOrganizationRepository organizations_;
  SqlMemberRepository members_;
  SqlRoleBindingRepository role_bindings_;
  SqlServiceAccountRepository service_accounts_;
  audit::SqlAuditTrail audit_trail_{&audit_log_};
  contract::Backend backend_;
};

MASAR_IDENTITY_REPOSITORY_CONTRACT(TEST_P, SqlIdentityStoreTest)

TEST_P(SqlIdentityStoreTest, MigrationsApplyOnceAndCheck) {
  absl::StatusOr<sql::MigrationSet> identity = IdentityStoreMigrations();
  ASSERT_THAT(identity, IsOk());
  EXPECT_EQ(identity->component(), "identity");
  EXPECT_THAT(sql::Migrate(db(), *identity), IsOk());
  EXPECT_THAT(sql::CheckSchema(db(), *identity), IsOk());
}

INSTANTIATE_DATABASE_TEST_SUITE_P(SqlIdentityStoreTest);

}  // namespace
}  // namespace masar::identity
