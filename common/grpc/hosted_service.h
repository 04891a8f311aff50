#ifndef MASAR_COMMON_GRPC_HOSTED_SERVICE_H_
#define MASAR_COMMON_GRPC_HOSTED_SERVICE_H_

#include <grpcpp/impl/service_type.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace masar {

// A gRPC service that the bootstrap can host: `masar serve --services=...`
// registers one of these per named service, and its health status is
// reported under `service_name()`.
class HostedService {
 public:
  virtual ~HostedService() = default;

  // The fully qualified protobuf service name, such as
  // "masar.identity.v1.IdentityService".
  virtual absl::string_view service_name() const = 0;

  // The handlers to register; owned by this object.
  virtual grpc::Service* grpc_service() = 0;

  // The work the service does on its own (consuming other services' events,
  // sweeping what time changes), started once the server serves and the
  // peers are reachable (an in-process peer exists only then). An error
  // stops start-up.
  virtual absl::Status StartBackgroundWork() { return absl::OkStatus(); }
  // Stops that work; called before the server shuts down, since it may
  // call peers in this process.
  virtual void StopBackgroundWork() {}
};

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_HOSTED_SERVICE_H_
