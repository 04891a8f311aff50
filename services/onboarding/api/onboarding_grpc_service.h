#ifndef MASAR_SERVICES_ONBOARDING_API_ONBOARDING_GRPC_SERVICE_H_
#define MASAR_SERVICES_ONBOARDING_API_ONBOARDING_GRPC_SERVICE_H_

#include "absl/strings/string_view.h"

#include "common/grpc/hosted_service.h"
#include "masar/onboarding/v1/onboarding_service.grpc.pb.h"

namespace masar::onboarding {

// The gRPC face of the onboarding service: its handlers translate between proto
// and domain. Methods whose issue is still open answer UNIMPLEMENTED.
class OnboardingGrpcService final : public HostedService {
 public:
  absl::string_view service_name() const override {
    return v1::OnboardingService::service_full_name();
  }
  grpc::Service* grpc_service() override { return &service_; }

 private:
  v1::OnboardingService::CallbackService service_;
};

}  // namespace masar::onboarding

#endif  // MASAR_SERVICES_ONBOARDING_API_ONBOARDING_GRPC_SERVICE_H_
