#ifndef MASAR_COMMON_EVENTS_EVENT_SOURCE_H_
#define MASAR_COMMON_EVENTS_EVENT_SOURCE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "common/events/event.h"

namespace masar::events {

// Where a consumer reads a source service's events: that service's
// ListDomainEvents RPC through its client (in one process, over the
// in-process channel), or a local outbox (OutboxEventSource).
class EventSource {
 public:
  virtual ~EventSource() = default;

  // The source service's name, as its events carry it ("identity").
  virtual const std::string& name() const = 0;

  // Up to `limit` events with a sequence above `after_sequence`, in order
  // and without gaps, and the oldest sequence kept. UNAVAILABLE while the
  // source cannot be reached.
  virtual absl::StatusOr<EventPage> ReadAfter(int64_t after_sequence,
                                              int limit) = 0;
};

}  // namespace masar::events

#endif  // MASAR_COMMON_EVENTS_EVENT_SOURCE_H_
