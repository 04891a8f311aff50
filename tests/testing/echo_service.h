#ifndef MASAR_TESTS_TESTING_ECHO_SERVICE_H_
#define MASAR_TESTS_TESTING_ECHO_SERVICE_H_

#include <atomic>
#include "absl/strings/string_view.h"

#include "common/grpc/hosted_service.h"
#include "masar/testing/v1/echo_service.grpc.pb.h"

namespace masar::testing {

// masar.testing.v1.EchoService on the callback API, for bootstrap tests.
class EchoService final : public HostedService,
                          private masar::testing::v1::EchoService::CallbackService {
 public:
  absl::string_view service_name() const override {
    return v1::EchoService::service_full_name();
  }
  grpc::Service* grpc_service() override { return this; }

  // Number of Sleep calls that have started.
  int sleeps_started() const { return sleeps_started_.load(); }

 private:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const v1::EchoRequest* request,
                                 v1::EchoResponse* response) override;
  grpc::ServerUnaryReactor* Sleep(grpc::CallbackServerContext* context,
                                  const v1::SleepRequest* request,
                                  v1::SleepResponse* response) override;

  std::atomic<int> sleeps_started_{0};
};

}  // namespace masar::testing

#endif  // MASAR_TESTS_TESTING_ECHO_SERVICE_H_
