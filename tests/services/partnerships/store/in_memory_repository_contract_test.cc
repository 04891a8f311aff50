// The partnerships repository contract on the in-memory fakes the domain
// tests use, so that they behave as the SQL store does.
#include "gtest/gtest.h"
#include "services/partnerships/testing/in_memory_partnerships_ports.h"
#include "tests/services/partnerships/store/repository_contract.h"

namespace masar::partnerships {
namespace {

using InMemoryRepositoryContractTest =
    contract::PortsTest<InMemoryPartnershipsPorts>;

MASAR_PARTNERSHIPS_REPOSITORY_CONTRACT(TEST_F, InMemoryRepositoryContractTest)

}  // namespace
}  // namespace masar::partnerships
