#ifndef MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_PARTNERSHIPS_STORE_H_
#define MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_PARTNERSHIPS_STORE_H_

#include <optional>

#include "common/audit/audit_log.h"
#include "common/audit/sql_audit_trail.h"
#include "common/cache/cache.h"
#include "common/clock/calendar.h"
#include "common/clock/clock.h"
#include "common/events/event_announcer.h"
#include "common/events/outbox.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/database.h"
#include "common/sql/sql_unit_of_work.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/domain/party_directory.h"
#include "services/partnerships/store/outbox_partnerships_event_log.h"
#include "services/partnerships/store/sql_agreement_repository.h"
#include "services/partnerships/store/sql_kpi_repository.h"
#include "services/partnerships/store/sql_obligation_repository.h"

namespace masar::partnerships {

// Every SQL adapter of partnerships' ports over one migrated database
// (PartnershipsStoreMigrations plus the audit, events and resource-cache
// sets), wired as the domain takes them: what `masar serve` builds and what
// the handler tests run on, so the wiring is written once.
class SqlPartnershipsStore {
 public:
  // All must outlive the store. `cache` may be null; when set, agreements
  // are read through it (AgreementCacheOptions; every agreement write
  // invalidates its key in its transaction) and events are announced on it
  // after commit.
  SqlPartnershipsStore(sql::Database* db, cache::Cache* cache,
                       const Clock* clock);
  SqlPartnershipsStore(const SqlPartnershipsStore&) = delete;
  SqlPartnershipsStore& operator=(const SqlPartnershipsStore&) = delete;

  // AgreementRegistry's ports; identity (`parties`) and the calendar come
  // from the caller and must outlive the registry.
  PartnershipsPorts ports(PartyDirectory* parties, const Calendar* calendar);

  sql::SqlUnitOfWork& unit_of_work() { return unit_of_work_; }
  SqlAgreementRepository& agreements() { return agreements_; }
  SqlObligationRepository& obligations() { return obligations_; }
  SqlKpiRepository& kpis() { return kpis_; }
  const audit::AuditLog& audit_log() const { return audit_log_; }
  events::Outbox& outbox() { return outbox_; }
  // Null without a cache.
  ResourceCache* agreements_cache() {
    return agreements_cache_.has_value() ? &*agreements_cache_ : nullptr;
  }

 private:
  sql::SqlUnitOfWork unit_of_work_;
  std::optional<ResourceCache> agreements_cache_;
  SqlAgreementRepository agreements_;
  SqlObligationRepository obligations_;
  SqlKpiRepository kpis_;
  audit::AuditLog audit_log_;
  audit::SqlAuditTrail audit_trail_;
  events::EventAnnouncer announcer_;
  events::Outbox outbox_;
  OutboxPartnershipsEventLog events_;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_PARTNERSHIPS_STORE_H_
