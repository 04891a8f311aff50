#ifndef MASAR_COMMON_EVENTS_DOMAIN_EVENT_PROTO_H_
#define MASAR_COMMON_EVENTS_DOMAIN_EVENT_PROTO_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/events/event.h"
#include "google/protobuf/message.h"
#include "masar/common/v1/event.pb.h"

// Between common/events' plain values and the contract's DomainEvent: what
// a ListDomainEvents handler, a client implementing EventSource over it,
// and a store appending a typed payload use.
namespace masar::events {

// The event a change appends for `payload` (its type is the payload's full
// message name) about `resource`.
NewEvent NewEventOf(const google::protobuf::Message& payload,
                    std::string resource);

common::v1::DomainEvent ToProto(const Event& event);

// INVALID_ARGUMENT when the payload is not of the event's type.
absl::StatusOr<Event> FromProto(const common::v1::DomainEvent& event);

}  // namespace masar::events

#endif  // MASAR_COMMON_EVENTS_DOMAIN_EVENT_PROTO_H_
