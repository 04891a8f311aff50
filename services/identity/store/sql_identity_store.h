#ifndef MASAR_SERVICES_IDENTITY_STORE_SQL_IDENTITY_STORE_H_
#define MASAR_SERVICES_IDENTITY_STORE_SQL_IDENTITY_STORE_H_

#include <optional>

#include "common/audit/audit_log.h"
#include "common/cache/cache.h"
#include "common/clock/clock.h"
#include "common/events/event_announcer.h"
#include "common/events/outbox.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/database.h"
#include "common/sql/sql_unit_of_work.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/store/outbox_identity_event_log.h"
#include "common/audit/sql_audit_trail.h"
#include "services/identity/store/sql_member_repository.h"
#include "services/identity/store/sql_organization_repository.h"
#include "services/identity/store/sql_revocation_log.h"
#include "services/identity/store/sql_role_binding_repository.h"
#include "services/identity/store/sql_service_account_repository.h"
#include "services/identity/store/sql_session_store.h"
#include "services/identity/store/sql_user_repository.h"

namespace masar::identity {

// Every SQL adapter of identity's ports over one migrated database, wired
// as the domain takes them: what `masar serve` builds and what the handler
// tests run on, so the wiring is written once.
class SqlIdentityStore {
 public:
  // All must outlive the store. `cache` may be null; when set, GetUser
  // reads users through it (UserCacheOptions; every user write invalidates
  // the key) and revocations and events are announced on it after commit.
  SqlIdentityStore(sql::Database* db, cache::Cache* cache, const Clock* clock);
  SqlIdentityStore(const SqlIdentityStore&) = delete;
  SqlIdentityStore& operator=(const SqlIdentityStore&) = delete;

  // IdentityDirectory's ports.
  IdentityPorts ports();

  sql::SqlUnitOfWork& unit_of_work() { return unit_of_work_; }
  SqlUserRepository& users() { return users_; }
  SqlServiceAccountRepository& service_accounts() { return service_accounts_; }
  SqlSessionStore& sessions() { return sessions_; }
  SqlRevocationLog& revocations() { return revocations_; }
  events::Outbox& outbox() { return outbox_; }
  // Null without a cache.
  ResourceCache* users_cache() {
    return users_cache_.has_value() ? &*users_cache_ : nullptr;
  }

 private:
  const Clock* const clock_;
  sql::SqlUnitOfWork unit_of_work_;
  std::optional<ResourceCache> users_cache_;
  SqlUserRepository users_;
  SqlOrganizationRepository organizations_;
  SqlMemberRepository members_;
  SqlRoleBindingRepository role_bindings_;
  SqlServiceAccountRepository service_accounts_;
  SqlSessionStore sessions_;
  audit::AuditLog audit_log_;
  audit::SqlAuditTrail audit_trail_;
  SqlRevocationLog revocations_;
  events::EventAnnouncer announcer_;
  events::Outbox outbox_;
  OutboxIdentityEventLog events_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_SQL_IDENTITY_STORE_H_
