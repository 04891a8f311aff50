#ifndef MASAR_COMMON_EVENTS_OUTBOX_EVENT_SOURCE_H_
#define MASAR_COMMON_EVENTS_OUTBOX_EVENT_SOURCE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "common/events/event_source.h"
#include "common/events/outbox.h"

namespace masar::events {

// An EventSource reading an outbox directly: tests, and a consumer sharing
// the source's database.
class OutboxEventSource final : public EventSource {
 public:
  // `outbox` must outlive this object.
  explicit OutboxEventSource(Outbox* outbox) : outbox_(outbox) {}

  const std::string& name() const override { return outbox_->source(); }
  absl::StatusOr<EventPage> ReadAfter(int64_t after_sequence,
                                      int limit) override {
    return outbox_->ReadAfter(after_sequence, limit);
  }

 private:
  Outbox* const outbox_;
};

}  // namespace masar::events

#endif  // MASAR_COMMON_EVENTS_OUTBOX_EVENT_SOURCE_H_
