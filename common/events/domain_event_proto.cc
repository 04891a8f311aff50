#include "common/events/domain_event_proto.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"

namespace masar::events {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kTypeUrlPrefix[] = "type.googleapis.com/";

}  // namespace

NewEvent NewEventOf(const google::protobuf::Message& payload,
                    std::string resource) {
  return NewEvent{payload.GetDescriptor()->full_name(), std::move(resource),
                  payload.SerializeAsString()};
}

common::v1::DomainEvent ToProto(const Event& event) {
  common::v1::DomainEvent out;
  out.set_event_id(event.event_id);
  out.set_source(event.source);
  out.set_sequence(event.sequence);
  out.set_type(event.type);
  out.set_resource(event.resource);
  *out.mutable_event_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(event.event_time));
  out.mutable_payload()->set_type_url(absl::StrCat(kTypeUrlPrefix, event.type));
  out.mutable_payload()->set_value(event.payload);
  return out;
}

absl::StatusOr<Event> FromProto(const common::v1::DomainEvent& event) {
  if (event.payload().type_url() != absl::StrCat(kTypeUrlPrefix, event.type())) {
    return absl::InvalidArgumentError(
        absl::StrCat("event ", event.event_id(), " of type ", event.type(),
                     " has a payload of ", event.payload().type_url()));
  }
  Event out;
  out.event_id = event.event_id();
  out.source = event.source();
  out.sequence = event.sequence();
  out.type = event.type();
  out.resource = event.resource();
  out.event_time = absl::FromUnixMicros(
      TimeUtil::TimestampToMicroseconds(event.event_time()));
  out.payload = event.payload().value();
  return out;
}

}  // namespace masar::events
