#include "common/grpc/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/interceptors.h"
#include "grpc/health/v1/health.pb.h"

namespace masar {
namespace {

int ToMillis(absl::Duration d) {
  return static_cast<int>(std::min<int64_t>(absl::ToInt64Milliseconds(d),
                                            std::numeric_limits<int>::max()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    const ServerOptions& options, const std::vector<HostedService*>& services,
    Logger* logger) {
  // Referencing the descriptor keeps grpc.health.v1 linked in, so that
  // reflection can describe the health service.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  // Both are process-wide switches that must precede the builder.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  const std::string address = absl::StrCat(
      options.host.find(':') != std::string::npos ? "[" + options.host + "]"
                                                  : options.host,
      ":", options.port);
  int selected_port = 0;
  builder.AddListeningPort(address,
                           options.credentials != nullptr
                               ? options.credentials
                               : grpc::InsecureServerCredentials(),
                           &selected_port);
  // Without this, a second server on a taken port would share it silently.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                             ToMillis(options.max_connection_age));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             ToMillis(options.max_connection_age_grace));
  for (HostedService* service : services) {
    builder.RegisterService(service->grpc_service());
  }
  std::vector<std::unique_ptr<
      grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  std::unique_ptr<RpcMetrics> rpc_metrics;
  if (options.metrics != nullptr) {
    std::vector<std::string> names;
    for (HostedService* service : services) {
      names.emplace_back(service->service_name());
    }
    rpc_metrics = std::make_unique<RpcMetrics>(*options.metrics, names);
  }
  interceptors.push_back(
      MakeCallContextInterceptorFactory(options.default_deadline));
  interceptors.push_back(
      MakeAccessLogInterceptorFactory(logger, rpc_metrics.get()));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || selected_port == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", address, ": the address is in use or invalid"));
  }
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  health->SetServingStatus("", true);
  for (HostedService* service : services) {
    health->SetServingStatus(std::string(service->service_name()), true);
  }
  return std::unique_ptr<Server>(
      new Server(std::move(rpc_metrics), std::move(server), selected_port,
                 options.drain_timeout, logger));
}

Server::Server(std::unique_ptr<RpcMetrics> rpc_metrics,
               std::unique_ptr<grpc::Server> server, int port,
               absl::Duration drain_timeout, Logger* logger)
    : rpc_metrics_(std::move(rpc_metrics)),
      server_(std::move(server)),
      port_(port),
      drain_timeout_(drain_timeout),
      logger_(logger) {}

Server::~Server() {
  Shutdown();
  server_->Wait();
}

void Server::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (shut_down_) return;
    shut_down_ = true;
  }
  logger_->Info("draining", {{"drain_timeout_ms",
                              absl::ToInt64Milliseconds(drain_timeout_)}});
  server_->GetHealthCheckService()->Shutdown();
  const absl::Time start = absl::Now();
  // In-process calls in flight finish first, within the drain timeout:
  // none may start once gRPC's shutdown has.
  in_process_gate_->Close(start + drain_timeout_);
  server_->Shutdown(absl::ToChronoTime(start + drain_timeout_));
  logger_->Info("stopped", {{"drain_ms", absl::ToDoubleMilliseconds(
                                             absl::Now() - start)}});
}

void Server::Wait() { server_->Wait(); }

std::shared_ptr<grpc::Channel> Server::InProcessChannel() {
  return server_->InProcessChannel(grpc::ChannelArguments());
}

}  // namespace masar
