// The identity repository contract on the in-memory fakes the domain tests
// use, so that they behave as the SQL store does.
#include "gtest/gtest.h"
#include "services/identity/testing/in_memory_identity_store.h"
#include "tests/services/identity/store/repository_contract.h"

namespace masar::identity {
namespace {

class InMemoryIdentityStoreTest : public ::testing::Test {
 protected:
  InMemoryIdentityStoreTest() {
    backend_.unit_of_work = &unit_of_work_;
    backend_.users = &users_;
    backend_.organizations = &organizations_;
    backend_.members = &members_;
    backend_.role_bindings = &role_bindings_;
    backend_.service_accounts = &service_accounts_;
    backend_.audit = &audit_;
    backend_.audit_count = [this] {
      return static_cast<int64_t>(unit_of_work_.audit_events().size());
    };
  }

  contract::Backend& backend() { return backend_; }

 private:
  InMemoryUnitOfWork unit_of_work_;
  InMemoryUserRepository users_;
  InMemoryOrganizationRepository organizations_;
  InMemoryMemberRepository members_;
  InMemoryRoleBindingRepository role_bindings_;
  InMemoryServiceAccountRepository service_accounts_;
  InMemoryAuditTrail audit_;
  contract::Backend backend_;
};

MASAR_IDENTITY_REPOSITORY_CONTRACT(TEST_F, InMemoryIdentityStoreTest)

}  // namespace
}  // namespace masar::identity
