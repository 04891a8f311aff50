#ifndef MASAR_SERVICES_IDENTITY_CLIENT_IDENTITY_EVENT_SOURCE_H_
#define MASAR_SERVICES_IDENTITY_CLIENT_IDENTITY_EVENT_SOURCE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "common/events/event_source.h"
#include "services/identity/client/identity_client.h"
#include "services/identity/domain/identity_event_log.h"

namespace masar::identity {

// Identity's domain events read over gRPC (ListDomainEvents), for the
// consumers of the other services (events::EventConsumer); in one process
// the client goes through the in-process channel.
class IdentityEventSource final : public events::EventSource {
 public:
  // `client` must outlive the source; it carries the process's SERVICE
  // token.
  explicit IdentityEventSource(IdentityClient* client) : client_(client) {}

  const std::string& name() const override { return name_; }

  absl::StatusOr<events::EventPage> ReadAfter(int64_t after_sequence,
                                              int limit) override {
    return client_->ListDomainEvents({}, after_sequence, limit);
  }

 private:
  IdentityClient* const client_;
  const std::string name_ = kIdentityEventSource;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CLIENT_IDENTITY_EVENT_SOURCE_H_
