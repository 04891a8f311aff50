#include "services/partnerships/store/sql_partnerships_store.h"

namespace masar::partnerships {
namespace {

std::optional<ResourceCache> AgreementsCacheOver(cache::Cache* cache,
                                                 sql::Database* db,
                                                 const Clock* clock) {
  if (cache == nullptr) return std::nullopt;
  return std::optional<ResourceCache>(std::in_place, cache, db, clock,
                                      AgreementCacheOptions());
}

}  // namespace

SqlPartnershipsStore::SqlPartnershipsStore(sql::Database* db,
                                           cache::Cache* cache,
                                           const Clock* clock)
    : unit_of_work_(db),
      agreements_cache_(AgreementsCacheOver(cache, db, clock)),
      agreements_(agreements_cache()),
      audit_log_(clock),
      audit_trail_(&audit_log_),
      announcer_(cache, kPartnershipsEventSource),
      outbox_(db, kPartnershipsEventSource, clock, &announcer_),
      events_(&outbox_) {}

PartnershipsPorts SqlPartnershipsStore::ports(PartyDirectory* parties,
                                              const Calendar* calendar) {
  return PartnershipsPorts{.unit_of_work = &unit_of_work_,
                           .agreements = &agreements_,
                           .obligations = &obligations_,
                           .kpis = &kpis_,
                           .audit = &audit_trail_,
                           .events = &events_,
                           .parties = parties,
                           .calendar = calendar};
}

}  // namespace masar::partnerships
