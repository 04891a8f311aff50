#ifndef MASAR_COMMON_EVENTS_EVENT_H_
#define MASAR_COMMON_EVENTS_EVENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"

// Domain events as plain values: masar.common.v1.DomainEvent without
// protobuf (common/events/domain_event_proto.h converts).
namespace masar::events {

// What a change appends to its service's outbox.
struct NewEvent {
  std::string type;      // the payload's full message name
  std::string resource;  // "users/u1"
  std::string payload;   // the serialized payload message
};

// An event as the outbox keeps it.
struct Event {
  std::string event_id;  // UUIDv4
  std::string source;    // "identity"
  int64_t sequence = 0;  // from 1, without gaps per source
  std::string type;
  std::string resource;
  absl::Time event_time;
  std::string payload;
  friend bool operator==(const Event&, const Event&) = default;
};

// One read of a source: events after a sequence, in order, and the oldest
// sequence the source still keeps (the last sequence plus one when it keeps
// none, 1 before its first event).
struct EventPage {
  std::vector<Event> events;
  int64_t first_retained_sequence = 1;
};

}  // namespace masar::events

#endif  // MASAR_COMMON_EVENTS_EVENT_H_
