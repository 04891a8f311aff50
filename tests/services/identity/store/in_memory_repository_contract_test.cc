// The identity repository contract on the in-memory fakes the domain tests
// use, so that they behave as the SQL store does.
#include "common/clock/clock.h"
#include "gtest/gtest.h"
#include "services/identity/testing/in_memory_identity_ports.h"
#include "tests/services/identity/store/repository_contract.h"

namespace masar::identity {
namespace {

class InMemoryIdentityStoreTest : public ::testing::Test {
 protected:
  InMemoryIdentityStoreTest() {
    const IdentityPorts ports = fakes_.directory();
    backend_.unit_of_work = ports.unit_of_work;
    backend_.users = ports.users;
    backend_.organizations = ports.organizations;
    backend_.members = ports.members;
    backend_.role_bindings = ports.role_bindings;
    backend_.service_accounts = ports.service_accounts;
    backend_.audit = ports.audit;
    backend_.audit_count = [this] {
      return static_cast<int64_t>(fakes_.unit_of_work().audit_events().size());
    };
  }

  contract::Backend& backend() { return backend_; }

 private:
  FakeClock clock_;  // the repositories read no time; the bundle asks one
  InMemoryIdentityPorts fakes_{&clock_};
  contract::Backend backend_;
};

MASAR_IDENTITY_REPOSITORY_CONTRACT(TEST_F, InMemoryIdentityStoreTest)

}  // namespace
}  // namespace masar::identity
