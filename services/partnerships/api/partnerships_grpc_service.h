#ifndef MASAR_SERVICES_PARTNERSHIPS_API_PARTNERSHIPS_GRPC_SERVICE_H_
#define MASAR_SERVICES_PARTNERSHIPS_API_PARTNERSHIPS_GRPC_SERVICE_H_

#include "absl/strings/string_view.h"

#include "common/grpc/hosted_service.h"
#include "masar/partnerships/v1/partnership_service.grpc.pb.h"

namespace masar::partnerships {

// The gRPC face of the partnerships service: its handlers translate between proto
// and domain. Methods whose issue is still open answer UNIMPLEMENTED.
class PartnershipsGrpcService final : public HostedService {
 public:
  absl::string_view service_name() const override {
    return v1::PartnershipService::service_full_name();
  }
  grpc::Service* grpc_service() override { return &service_; }

 private:
  v1::PartnershipService::CallbackService service_;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_API_PARTNERSHIPS_GRPC_SERVICE_H_
