#ifndef MASAR_SERVICES_MENTORING_API_MENTORING_GRPC_SERVICE_H_
#define MASAR_SERVICES_MENTORING_API_MENTORING_GRPC_SERVICE_H_

#include "absl/strings/string_view.h"

#include "common/grpc/hosted_service.h"
#include "masar/mentoring/v1/mentoring_service.grpc.pb.h"

namespace masar::mentoring {

// The gRPC face of the mentoring service: its handlers translate between proto
// and domain. Methods whose issue is still open answer UNIMPLEMENTED.
class MentoringGrpcService final : public HostedService {
 public:
  absl::string_view service_name() const override {
    return v1::MentoringService::service_full_name();
  }
  grpc::Service* grpc_service() override { return &service_; }

 private:
  v1::MentoringService::CallbackService service_;
};

}  // namespace masar::mentoring

#endif  // MASAR_SERVICES_MENTORING_API_MENTORING_GRPC_SERVICE_H_
