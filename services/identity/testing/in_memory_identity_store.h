#ifndef MASAR_SERVICES_IDENTITY_TESTING_IN_MEMORY_IDENTITY_STORE_H_
#define MASAR_SERVICES_IDENTITY_TESTING_IN_MEMORY_IDENTITY_STORE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/identity/domain/audit_trail.h"
#include "services/identity/domain/identity_event_log.h"
#include "services/identity/domain/member_repository.h"
#include "services/identity/domain/organization_repository.h"
#include "common/auth/revocation.h"
#include "services/identity/domain/role_binding_repository.h"
#include "services/identity/domain/service_account_repository.h"
#include "services/identity/domain/session_store.h"
#include "services/identity/domain/user_repository.h"

// In-memory fakes of every identity port, for domain tests and the
// repository contract suite. They share one state that the unit of work
// guards with a mutex: transactions run one at a time (so they are
// serializable), and a body that fails has its writes undone from a
// snapshot taken when it started.
namespace masar::identity {

struct InMemoryIdentityState {
  std::map<std::string, User> users;
  std::map<std::string, Organization> organizations;
  std::map<std::pair<std::string, std::string>, Member> members;
  std::map<std::string, RoleBinding> role_bindings;
  std::map<std::string, ServiceAccount> service_accounts;
  std::vector<AuditEvent> audit_events;
  // SessionStore (in_memory_session_store.h).
  std::map<std::string, Session> sessions;
  std::map<std::string, RefreshTokenRecord> refresh_tokens;
  std::map<std::string, MfaTicket> mfa_tickets;
  std::map<std::string, DeviceToken> device_tokens;
  // RevocationLog, in sequence order.
  std::vector<auth::Revocation> revocations;
  // IdentityEventLog, in the order appended.
  std::vector<IdentityEvent> events;
};

// The state behind an in-memory transaction; INTERNAL for another store's.
absl::StatusOr<InMemoryIdentityState*> InMemoryStateOf(Transaction& tx);

class InMemoryUnitOfWork final : public UnitOfWork {
 public:
  absl::Status Run(absl::FunctionRef<absl::Status(Transaction&)> body) override;
  absl::Status RunReadOnly(
      absl::FunctionRef<absl::Status(Transaction&)> body) override;

  // The audit events and revocations committed so far, for tests.
  std::vector<AuditEvent> audit_events() const;
  std::vector<auth::Revocation> revocations() const;
  std::vector<IdentityEvent> events() const;

 private:
  mutable absl::Mutex mu_;
  InMemoryIdentityState state_ ABSL_GUARDED_BY(mu_);
};

// Keeps events in the transaction's state (a rolled-back change leaves
// none); read them back with InMemoryUnitOfWork::events().
class InMemoryIdentityEventLog final : public IdentityEventLog {
 public:
  absl::Status Append(Transaction& tx, const IdentityEvent& event) override;
};

class InMemoryUserRepository final : public UserRepository {
 public:
  absl::Status Create(Transaction& tx, const User& user) override;
  absl::StatusOr<User> Get(Transaction& tx, absl::string_view id) override;
  absl::StatusOr<std::vector<User>> GetMany(
      Transaction& tx, const std::vector<std::string>& ids) override;
  absl::StatusOr<std::optional<User>> FindByEmail(
      Transaction& tx, absl::string_view email) override;
  absl::StatusOr<aip::ListResult<User>> List(Transaction& tx,
                                        const UserFilter& filter,
                                        const aip::PageQuery& page) override;
  absl::StatusOr<User> Update(Transaction& tx, const User& user) override;
  absl::StatusOr<bool> Empty(Transaction& tx) override;
};

class InMemoryOrganizationRepository final : public OrganizationRepository {
 public:
  absl::Status Create(Transaction& tx, const Organization& org) override;
  absl::StatusOr<Organization> Get(Transaction& tx,
                                   absl::string_view id) override;
  absl::StatusOr<std::optional<Organization>> FindLiveByIce(
      Transaction& tx, absl::string_view ice) override;
  absl::StatusOr<aip::ListResult<Organization>> List(
      Transaction& tx, const OrganizationFilter& filter,
      const aip::PageQuery& page) override;
  absl::StatusOr<Organization> Update(Transaction& tx,
                                      const Organization& org) override;
};

class InMemoryMemberRepository final : public MemberRepository {
 public:
  absl::Status Create(Transaction& tx, const Member& member) override;
  absl::StatusOr<Member> Get(Transaction& tx, absl::string_view organization_id,
                             absl::string_view user_id) override;
  absl::StatusOr<aip::ListResult<Member>> List(Transaction& tx,
                                          const MemberFilter& filter,
                                          const aip::PageQuery& page) override;
  absl::StatusOr<int64_t> CountOwners(
      Transaction& tx, absl::string_view organization_id) override;
  absl::StatusOr<Member> Update(Transaction& tx, const Member& member) override;
  absl::Status Delete(Transaction& tx, const Member& member) override;
  absl::StatusOr<std::vector<Member>> DeleteAllOfOrganization(
      Transaction& tx, absl::string_view organization_id) override;
  absl::StatusOr<std::vector<Member>> DeleteAllOfUser(Transaction& tx,
                                          absl::string_view user_id) override;
};

class InMemoryRoleBindingRepository final : public RoleBindingRepository {
 public:
  absl::Status Create(Transaction& tx, const RoleBinding& binding) override;
  absl::StatusOr<RoleBinding> Get(Transaction& tx,
                                  absl::string_view id) override;
  absl::StatusOr<aip::ListResult<RoleBinding>> List(Transaction& tx,
                                               const RoleBindingFilter& filter,
                                               const aip::PageQuery& page) override;
  absl::StatusOr<std::vector<RoleBinding>> FindAll(
      Transaction& tx, const RoleBindingFilter& filter) override;
  absl::Status Delete(Transaction& tx, absl::string_view id) override;
  absl::StatusOr<int64_t> DeleteAll(Transaction& tx,
                                    const RoleBindingFilter& filter) override;
};

class InMemoryServiceAccountRepository final : public ServiceAccountRepository {
 public:
  absl::Status Create(Transaction& tx, const ServiceAccount& account) override;
  absl::StatusOr<ServiceAccount> Get(Transaction& tx,
                                     absl::string_view id) override;
  absl::StatusOr<std::optional<ServiceAccount>> FindByClientId(
      Transaction& tx, absl::string_view client_id) override;
  absl::StatusOr<aip::ListResult<ServiceAccount>> List(
      Transaction& tx, const ServiceAccountFilter& filter,
      const aip::PageQuery& page) override;
  absl::StatusOr<ServiceAccount> Update(Transaction& tx,
                                        const ServiceAccount& account) override;
};

class InMemoryAuditTrail final : public AuditTrail {
 public:
  absl::Status Append(Transaction& tx, const AuditEvent& event) override;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_TESTING_IN_MEMORY_IDENTITY_STORE_H_
