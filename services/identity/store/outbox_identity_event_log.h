#ifndef MASAR_SERVICES_IDENTITY_STORE_OUTBOX_IDENTITY_EVENT_LOG_H_
#define MASAR_SERVICES_IDENTITY_STORE_OUTBOX_IDENTITY_EVENT_LOG_H_

#include "absl/status/status.h"
#include "common/events/outbox.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/identity/domain/identity_event_log.h"

namespace masar::identity {

// IdentityEventLog over identity's outbox (common/events): each event
// becomes its payload of protos/masar/identity/v1/events.proto, appended
// in the change's SQL transaction (sql::SqlUnitOfWork's) and announced
// once it commits.
class OutboxIdentityEventLog final : public IdentityEventLog {
 public:
  // `outbox` (source "identity") must outlive the log.
  explicit OutboxIdentityEventLog(events::Outbox* outbox) : outbox_(outbox) {}

  absl::Status Append(Transaction& tx, const IdentityEvent& event) override;

 private:
  events::Outbox* const outbox_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_OUTBOX_IDENTITY_EVENT_LOG_H_
