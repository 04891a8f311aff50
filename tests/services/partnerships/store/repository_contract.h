#ifndef MASAR_TESTS_SERVICES_PARTNERSHIPS_STORE_REPOSITORY_CONTRACT_H_
#define MASAR_TESTS_SERVICES_PARTNERSHIPS_STORE_REPOSITORY_CONTRACT_H_

#include "common/unit_of_work/unit_of_work.h"
#include "gtest/gtest.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/domain/agreement_repository.h"
#include "services/partnerships/domain/kpi_repository.h"
#include "services/partnerships/domain/obligation_repository.h"

// The contract every implementation of partnerships' repository ports
// keeps (the comments of agreement_repository.h, obligation_repository.h
// and kpi_repository.h), written once and run on the SQL store (SQLite and
// PostgreSQL) and on the in-memory fakes.
namespace masar::partnerships::contract {

// Fresh, empty ports for one test case. Nothing here is SQL: any store
// that hands out PartnershipsPorts runs the contract.
struct Backend {
  UnitOfWork* unit_of_work = nullptr;
  AgreementRepository* agreements = nullptr;
  ObligationRepository* obligations = nullptr;
  KpiRepository* kpis = nullptr;
};

inline Backend BackendOf(const PartnershipsPorts& ports) {
  return Backend{.unit_of_work = ports.unit_of_work,
                 .agreements = ports.agreements,
                 .obligations = ports.obligations,
                 .kpis = ports.kpis};
}

// A fixture over any store: `Store` is default-constructible and has
// `PartnershipsPorts ports()`. The hook for a store's fakes is
//   using InMemoryRepositoryContractTest = contract::PortsTest<Fakes>;
//   MASAR_PARTNERSHIPS_REPOSITORY_CONTRACT(TEST_F,
//                                          InMemoryRepositoryContractTest)
template <typename Store>
class PortsTest : public ::testing::Test {
 protected:
  Backend& backend() { return backend_; }

 private:
  Store store_;
  Backend backend_ = BackendOf(store_.ports());
};

void AgreementRoundTrip(Backend& b);
void AgreementMissingIsNotFound(Backend& b);
void AgreementUpdateComparesAndSets(Backend& b);
void AgreementDeleteComparesAndSets(Backend& b);
void AgreementRollbackLeavesNothing(Backend& b);
void ListAgreementsNewestFirstWithoutGapsOrDuplicates(Backend& b);
void ListAgreementsByPartyKindScopeAndSignatory(Backend& b);
void ListAgreementsByEffectiveState(Backend& b);
void ListAgreementsExpiringBefore(Backend& b);
void ListAgreementsActiveOn(Backend& b);
void ListAgreementsVisibleTo(Backend& b);
void ListAgreementsCombinedFilters(Backend& b);
void ListDueAndExtending(Backend& b);
void ListUnsignedBySignatory(Backend& b);
void ConcurrentUpdatesOfOneVersionOneWins(Backend& b);
void ConcurrentSignaturesLoseNone(Backend& b);
void ObligationLifecycle(Backend& b);
void ListObligationsFiltersAndPages(Backend& b);
void ListObligationsOverdueOnly(Backend& b);
void KpiLifecycle(Backend& b);
void KpiMeasurementsReplaceByIdAndRunByPeriod(Backend& b);

}  // namespace masar::partnerships::contract

#define MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture, name) \
  test_macro(fixture, name) {                                        \
    ::masar::partnerships::contract::name(backend());                \
  }

// Defines one test per contract case in `fixture`, which has a member
// `contract::Backend& backend()`; `test_macro` is TEST_F or TEST_P.
#define MASAR_PARTNERSHIPS_REPOSITORY_CONTRACT(test_macro, fixture)           \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture, AgreementRoundTrip)  \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    AgreementMissingIsNotFound)               \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    AgreementUpdateComparesAndSets)           \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    AgreementDeleteComparesAndSets)           \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    AgreementRollbackLeavesNothing)           \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(                                          \
      test_macro, fixture, ListAgreementsNewestFirstWithoutGapsOrDuplicates)  \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(                                          \
      test_macro, fixture, ListAgreementsByPartyKindScopeAndSignatory)        \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    ListAgreementsByEffectiveState)           \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    ListAgreementsExpiringBefore)             \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    ListAgreementsActiveOn)                   \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    ListAgreementsVisibleTo)                  \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    ListAgreementsCombinedFilters)            \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture, ListDueAndExtending) \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    ListUnsignedBySignatory)                  \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    ConcurrentUpdatesOfOneVersionOneWins)     \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    ConcurrentSignaturesLoseNone)             \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture, ObligationLifecycle) \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    ListObligationsFiltersAndPages)           \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    ListObligationsOverdueOnly)               \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture, KpiLifecycle)        \
  MASAR_PARTNERSHIPS_CONTRACT_CASE_(test_macro, fixture,                      \
                                    KpiMeasurementsReplaceByIdAndRunByPeriod)

#endif  // MASAR_TESTS_SERVICES_PARTNERSHIPS_STORE_REPOSITORY_CONTRACT_H_
