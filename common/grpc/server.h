#ifndef MASAR_COMMON_GRPC_SERVER_H_
#define MASAR_COMMON_GRPC_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/grpc/call_gate.h"
#include "common/grpc/hosted_service.h"
#include "common/grpc/rpc_metrics.h"
#include "common/log/logger.h"
#include "common/metrics/registry.h"

namespace masar {

struct ServerOptions {
  std::string host = "127.0.0.1";
  // 0 picks a free port; Server::port() tells which.
  int port = 0;
  int max_message_bytes = 4 * 1024 * 1024;
  absl::Duration default_deadline = absl::Seconds(30);
  absl::Duration max_connection_age = absl::Minutes(5);
  absl::Duration max_connection_age_grace = absl::Seconds(30);
  absl::Duration drain_timeout = absl::Seconds(20);
  // Where calls are counted (RpcMetrics); null: not counted. Must outlive
  // the server.
  metrics::Registry* metrics = nullptr;
  // TLS, mutual or not (ServerTlsCredentials, common/grpc/tls.h); null:
  // plain text.
  std::shared_ptr<grpc::ServerCredentials> credentials;
};

// A started gRPC server hosting a set of services, with health (SERVING for
// "" and each hosted service), reflection, message and connection limits, the
// call-context, metrics and access-log interceptors, and graceful shutdown.
class Server {
 public:
  // Starts serving `services` (not owned; they must outlive the server).
  static absl::StatusOr<std::unique_ptr<Server>> Start(
      const ServerOptions& options, const std::vector<HostedService*>& services,
      Logger* logger);

  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }

  // A channel to this server that skips the network: its calls still go
  // through the interceptors and each service's authentication and policy
  // table. How a process calls the services it hosts itself. Every call on
  // it must pass InProcessGate() (PeerCallOptions::gate does).
  std::shared_ptr<grpc::Channel> InProcessChannel();
  // Closed when the server shuts down, so in-process calls then get
  // UNAVAILABLE rather than a crash; outlives the server.
  const std::shared_ptr<CallGate>& InProcessGate() const {
    return in_process_gate_;
  }

  // Reports NOT_SERVING, stops accepting calls, lets in-flight calls finish
  // until the drain timeout and cancels what is left. Blocks until then;
  // calling it again does nothing.
  void Shutdown();

  // Blocks until the server has shut down.
  void Wait();

 private:
  Server(std::unique_ptr<RpcMetrics> rpc_metrics,
         std::unique_ptr<grpc::Server> server, int port,
         absl::Duration drain_timeout, Logger* logger);

  // Declared first, so destroyed after the server whose interceptors use it.
  std::unique_ptr<RpcMetrics> rpc_metrics_;
  std::unique_ptr<grpc::Server> server_;
  const int port_;
  const absl::Duration drain_timeout_;
  Logger* logger_;
  const std::shared_ptr<CallGate> in_process_gate_ =
      std::make_shared<CallGate>();
  absl::Mutex mu_;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_SERVER_H_
