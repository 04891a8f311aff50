#ifndef MASAR_SERVICES_PARTNERSHIPS_STORE_OUTBOX_PARTNERSHIPS_EVENT_LOG_H_
#define MASAR_SERVICES_PARTNERSHIPS_STORE_OUTBOX_PARTNERSHIPS_EVENT_LOG_H_

#include "absl/status/status.h"
#include "common/events/outbox.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/partnerships/domain/partnerships_event_log.h"

namespace masar::partnerships {

// DomainEvent.source of partnerships' events, and its outbox's name.
inline constexpr char kPartnershipsEventSource[] = "partnerships";

// PartnershipsEventLog over partnerships' outbox (common/events): each
// event becomes a masar.partnerships.v1.AgreementStateChanged payload
// about its agreement, appended in the change's SQL transaction
// (sql::SqlUnitOfWork's) and announced once it commits.
class OutboxPartnershipsEventLog final : public PartnershipsEventLog {
 public:
  // `outbox` (source "partnerships") must outlive the log.
  explicit OutboxPartnershipsEventLog(events::Outbox* outbox)
      : outbox_(outbox) {}

  absl::Status Append(Transaction& tx,
                      const AgreementStateChanged& event) override;

 private:
  events::Outbox* const outbox_;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_STORE_OUTBOX_PARTNERSHIPS_EVENT_LOG_H_
