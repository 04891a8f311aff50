#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_PARTNERSHIPS_EVENT_LOG_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_PARTNERSHIPS_EVENT_LOG_H_

#include <string>

#include "absl/status/status.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/partnerships/domain/agreement.h"

namespace masar::partnerships {

// An agreement became ACTIVE, TERMINATED, EXPIRED or SUPERSEDED
// (protos/masar/partnerships/v1/events.proto): ids and states only.
struct AgreementStateChanged {
  std::string agreement_id;
  AgreementState state = AgreementState::kUnspecified;
  std::string superseded_by_id;  // for kSuperseded

  friend bool operator==(const AgreementStateChanged&,
                         const AgreementStateChanged&) = default;
};

// Where partnerships' use cases record their events, inside the
// transaction of the change each describes (the outbox of common/events;
// adapter store/outbox_partnerships_event_log.h).
class PartnershipsEventLog {
 public:
  virtual ~PartnershipsEventLog() = default;
  virtual absl::Status Append(Transaction& tx,
                              const AgreementStateChanged& event) = 0;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_PARTNERSHIPS_EVENT_LOG_H_
