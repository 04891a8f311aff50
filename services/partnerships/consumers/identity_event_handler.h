#ifndef MASAR_SERVICES_PARTNERSHIPS_CONSUMERS_IDENTITY_EVENT_HANDLER_H_
#define MASAR_SERVICES_PARTNERSHIPS_CONSUMERS_IDENTITY_EVENT_HANDLER_H_

#include "absl/status/status.h"
#include "common/events/event.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/partnerships/domain/agreement_registry.h"

namespace masar::partnerships {

// What partnerships does with one of identity's domain events
// (protos/masar/identity/v1/events.proto says it), inside the consumer's
// transaction `tx`: a user disabled, erased or enabled again, a membership
// removed, marks the signatories of unsigned parties. Other types are
// skipped; a payload that does not parse is INTERNAL (the consumer retries
// and reports it, never skips it).
absl::Status ApplyIdentityEvent(AgreementRegistry& registry, Transaction& tx,
                                const events::Event& event);

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_CONSUMERS_IDENTITY_EVENT_HANDLER_H_
