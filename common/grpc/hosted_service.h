#ifndef MASAR_COMMON_GRPC_HOSTED_SERVICE_H_
#define MASAR_COMMON_GRPC_HOSTED_SERVICE_H_

#include "absl/strings/string_view.h"

#include <grpcpp/impl/service_type.h>

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
};

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_HOSTED_SERVICE_H_
