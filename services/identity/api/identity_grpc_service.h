#ifndef MASAR_SERVICES_IDENTITY_API_IDENTITY_GRPC_SERVICE_H_
#define MASAR_SERVICES_IDENTITY_API_IDENTITY_GRPC_SERVICE_H_

#include "absl/strings/string_view.h"

#include "common/grpc/hosted_service.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"

namespace masar::identity {

// The gRPC face of the identity service: its handlers translate between proto
// and domain. Methods whose issue is still open answer UNIMPLEMENTED.
class IdentityGrpcService final : public HostedService {
 public:
  absl::string_view service_name() const override {
    return v1::IdentityService::service_full_name();
  }
  grpc::Service* grpc_service() override { return &service_; }

 private:
  v1::IdentityService::CallbackService service_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_IDENTITY_GRPC_SERVICE_H_
