#ifndef MASAR_TOOLS_MASAR_BENCH_ECHO_BASELINE_SERVER_H_
#define MASAR_TOOLS_MASAR_BENCH_ECHO_BASELINE_SERVER_H_

#include <grpcpp/channel.h>
#include <grpcpp/server.h>

#include <memory>

#include "absl/status/statusor.h"
#include "masar/bench/v1/echo_baseline.grpc.pb.h"

namespace masar::bench {

// masar.bench.v1.EchoBaselineService on gRPC's callback API with nothing
// else: no interceptors, health, reflection or limits. The floor a masar
// service's figures are compared with.
class EchoBaselineServer {
 public:
  // Listens on 127.0.0.1:`port`; 0 picks a free port.
  static absl::StatusOr<std::unique_ptr<EchoBaselineServer>> Start(int port);

  ~EchoBaselineServer();
  EchoBaselineServer(const EchoBaselineServer&) = delete;
  EchoBaselineServer& operator=(const EchoBaselineServer&) = delete;

  int port() const { return port_; }
  // A channel to this server that skips the network, for the in-process
  // baseline of calls through masar::Server::InProcessChannel.
  std::shared_ptr<grpc::Channel> InProcessChannel();

 private:
  class Service final : public v1::EchoBaselineService::CallbackService {
    grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                   const v1::EchoRequest* request,
                                   v1::EchoResponse* response) override;
  };

  EchoBaselineServer() = default;

  Service service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace masar::bench

#endif  // MASAR_TOOLS_MASAR_BENCH_ECHO_BASELINE_SERVER_H_
