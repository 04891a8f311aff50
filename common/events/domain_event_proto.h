#ifndef MASAR_COMMON_EVENTS_DOMAIN_EVENT_PROTO_H_
#define MASAR_COMMON_EVENTS_DOMAIN_EVENT_PROTO_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/aip/pagination.h"
#include "common/events/event.h"
#include "common/events/outbox.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
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

// The body of every service's ListDomainEvents: the page of `outbox` the
// request asks for (page size as every list: 0 means 50, above 500 is 500),
// and the oldest sequence kept. INVALID_ARGUMENT naming after_sequence or
// page_size when negative.
template <typename Request, typename Response>
absl::Status ReadDomainEvents(Outbox& outbox, const Request& request,
                              Response& response) {
  if (request.after_sequence() < 0) {
    return InvalidArgumentError("after_sequence", "must not be negative");
  }
  ASSIGN_OR_RETURN(const int limit, aip::PageLimit(request.page_size()));
  ASSIGN_OR_RETURN(EventPage page,
                   outbox.ReadAfter(request.after_sequence(), limit));
  for (const Event& event : page.events) *response.add_events() = ToProto(event);
  response.set_first_retained_sequence(page.first_retained_sequence);
  return absl::OkStatus();
}

// What a client of any service's ListDomainEvents makes of its response.
// INTERNAL when an event cannot be read: not the caller's mistake, and the
// consumer stops at it (never skips an event) and retries.
template <typename Response>
absl::StatusOr<EventPage> EventPageFromProto(const Response& response) {
  EventPage page;
  page.first_retained_sequence = response.first_retained_sequence();
  for (const common::v1::DomainEvent& proto : response.events()) {
    absl::StatusOr<Event> event = FromProto(proto);
    if (!event.ok()) {
      return absl::InternalError(absl::StrCat(
          "a domain event this replica cannot read: ", event.status().message()));
    }
    page.events.push_back(*std::move(event));
  }
  return page;
}

}  // namespace masar::events

#endif  // MASAR_COMMON_EVENTS_DOMAIN_EVENT_PROTO_H_
