#ifndef MASAR_TESTS_SERVICES_IDENTITY_STORE_REPOSITORY_CONTRACT_H_
#define MASAR_TESTS_SERVICES_IDENTITY_STORE_REPOSITORY_CONTRACT_H_

#include <cstdint>
#include <functional>

#include "common/unit_of_work/unit_of_work.h"
#include "services/identity/domain/audit_trail.h"
#include "services/identity/domain/member_repository.h"
#include "services/identity/domain/organization_repository.h"
#include "services/identity/domain/role_binding_repository.h"
#include "services/identity/domain/service_account_repository.h"
#include "services/identity/domain/user_repository.h"

// The contract every implementation of the identity ports keeps, written
// once and run on the in-memory fakes and on the SQL store (SQLite and
// PostgreSQL).
namespace masar::identity::contract {

struct Backend {
  UnitOfWork* unit_of_work = nullptr;
  UserRepository* users = nullptr;
  OrganizationRepository* organizations = nullptr;
  MemberRepository* members = nullptr;
  RoleBindingRepository* role_bindings = nullptr;
  ServiceAccountRepository* service_accounts = nullptr;
  AuditTrail* audit = nullptr;
  // How many audit records are committed.
  std::function<int64_t()> audit_count;
};

void UserRoundTrip(Backend& b);
void UserEmailUniqueCaseInsensitive(Backend& b);
void UserCompareAndSet(Backend& b);
void UserConcurrentUpdatesSameEtagOneWins(Backend& b);
void UserNationalIdLookupIsUniqueAndFiltered(Backend& b);
void UserConcurrentCreatesSameEmailOneWins(Backend& b);
void UserListPagesAndFilters(Backend& b);
void RollbackLeavesNothingHalfWritten(Backend& b);
void OrganizationRoundTripAndIceUniqueAmongLive(Backend& b);
void OrganizationListFilters(Backend& b);
void MemberLifecycle(Backend& b);
void MemberListsByOrganizationAndUser(Backend& b);
void RoleBindingUniqueAndFilters(Backend& b);
void ServiceAccountLifecycle(Backend& b);

}  // namespace masar::identity::contract

// Defines one test per contract case in `fixture`, which has a member
// `contract::Backend& backend()`; `test_macro` is TEST_F or TEST_P.
#define MASAR_IDENTITY_REPOSITORY_CONTRACT(test_macro, fixture)               \
  test_macro(fixture, UserRoundTrip) {                                        \
    ::masar::identity::contract::UserRoundTrip(backend());                    \
  }                                                                           \
  test_macro(fixture, UserEmailUniqueCaseInsensitive) {                       \
    ::masar::identity::contract::UserEmailUniqueCaseInsensitive(backend());   \
  }                                                                           \
  test_macro(fixture, UserCompareAndSet) {                                    \
    ::masar::identity::contract::UserCompareAndSet(backend());                \
  }                                                                           \
  test_macro(fixture, UserNationalIdLookupIsUniqueAndFiltered) {             \
    ::masar::identity::contract::UserNationalIdLookupIsUniqueAndFiltered(     \
        backend());                                                          \
  }                                                                          \
  test_macro(fixture, UserConcurrentUpdatesSameEtagOneWins) {                 \
    ::masar::identity::contract::UserConcurrentUpdatesSameEtagOneWins(        \
        backend());                                                           \
  }                                                                           \
  test_macro(fixture, UserConcurrentCreatesSameEmailOneWins) {                \
    ::masar::identity::contract::UserConcurrentCreatesSameEmailOneWins(       \
        backend());                                                           \
  }                                                                           \
  test_macro(fixture, UserListPagesAndFilters) {                              \
    ::masar::identity::contract::UserListPagesAndFilters(backend());          \
  }                                                                           \
  test_macro(fixture, RollbackLeavesNothingHalfWritten) {                     \
    ::masar::identity::contract::RollbackLeavesNothingHalfWritten(backend()); \
  }                                                                           \
  test_macro(fixture, OrganizationRoundTripAndIceUniqueAmongLive) {           \
    ::masar::identity::contract::OrganizationRoundTripAndIceUniqueAmongLive(  \
        backend());                                                           \
  }                                                                           \
  test_macro(fixture, OrganizationListFilters) {                              \
    ::masar::identity::contract::OrganizationListFilters(backend());          \
  }                                                                           \
  test_macro(fixture, MemberLifecycle) {                                      \
    ::masar::identity::contract::MemberLifecycle(backend());                  \
  }                                                                           \
  test_macro(fixture, MemberListsByOrganizationAndUser) {                     \
    ::masar::identity::contract::MemberListsByOrganizationAndUser(backend()); \
  }                                                                           \
  test_macro(fixture, RoleBindingUniqueAndFilters) {                          \
    ::masar::identity::contract::RoleBindingUniqueAndFilters(backend());      \
  }                                                                           \
  test_macro(fixture, ServiceAccountLifecycle) {                              \
    ::masar::identity::contract::ServiceAccountLifecycle(backend());          \
  }

#endif  // MASAR_TESTS_SERVICES_IDENTITY_STORE_REPOSITORY_CONTRACT_H_
