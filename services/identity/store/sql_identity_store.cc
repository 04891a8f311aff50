#include "services/identity/store/sql_identity_store.h"

namespace masar::identity {
namespace {

std::optional<ResourceCache> UsersCacheOver(cache::Cache* cache,
                                            sql::Database* db,
                                            const Clock* clock) {
  if (cache == nullptr) return std::nullopt;
  return std::optional<ResourceCache>(std::in_place, cache, db, clock,
                                      UserCacheOptions());
}

}  // namespace

SqlIdentityStore::SqlIdentityStore(sql::Database* db, cache::Cache* cache,
                                   const Clock* clock)
    : clock_(clock),
      unit_of_work_(db),
      users_cache_(UsersCacheOver(cache, db, clock)),
      users_(users_cache()),
      audit_log_(clock),
      audit_trail_(&audit_log_),
      revocations_(cache),
      announcer_(cache, kIdentityEventSource),
      outbox_(db, kIdentityEventSource, clock, &announcer_),
      events_(&outbox_) {}

IdentityPorts SqlIdentityStore::ports() {
  return IdentityPorts{.unit_of_work = &unit_of_work_,
                       .users = &users_,
                       .organizations = &organizations_,
                       .members = &members_,
                       .role_bindings = &role_bindings_,
                       .service_accounts = &service_accounts_,
                       .audit = &audit_trail_,
                       .clock = clock_,
                       .sessions = &sessions_,
                       .revocations = &revocations_,
                       .events = &events_};
}

}  // namespace masar::identity
