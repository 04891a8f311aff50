#ifndef MASAR_TESTS_TESTING_GRPC_PROBE_H_
#define MASAR_TESTS_TESTING_GRPC_PROBE_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>

#include "absl/status/statusor.h"
#include "grpc/health/v1/health.pb.h"

namespace masar::testing {

using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

// A channel to 127.0.0.1:`port` without TLS.
std::shared_ptr<grpc::Channel> LocalChannel(int port);

// grpc.health.v1.Health/Check for `service` ("" for the whole server).
absl::StatusOr<ServingStatus> CheckHealth(grpc::Channel& channel,
                                          const std::string& service);

// The service names grpc.reflection.v1alpha lists, sorted.
absl::StatusOr<std::vector<std::string>> ListServices(grpc::Channel& channel);

}  // namespace masar::testing

#endif  // MASAR_TESTS_TESTING_GRPC_PROBE_H_
