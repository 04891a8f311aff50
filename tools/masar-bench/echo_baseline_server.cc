#include "tools/masar-bench/echo_baseline_server.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace masar::bench {

grpc::ServerUnaryReactor* EchoBaselineServer::Service::Echo(
    grpc::CallbackServerContext* context, const v1::EchoRequest* request,
    v1::EchoResponse* response) {
  if (request->has_response_payload_bytes()) {
    response->mutable_payload()->assign(request->response_payload_bytes(),
                                        '\0');
  } else {
    response->set_payload(request->payload());
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

absl::StatusOr<std::unique_ptr<EchoBaselineServer>> EchoBaselineServer::Start(
    int port) {
  std::unique_ptr<EchoBaselineServer> server(new EchoBaselineServer());
  grpc::ServerBuilder builder;
  builder.AddListeningPort(absl::StrCat("127.0.0.1:", port),
                           grpc::InsecureServerCredentials(), &server->port_);
  builder.RegisterService(&server->service_);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve the echo baseline on 127.0.0.1:", port));
  }
  return server;
}

std::shared_ptr<grpc::Channel> EchoBaselineServer::InProcessChannel() {
  return server_->InProcessChannel(grpc::ChannelArguments());
}

EchoBaselineServer::~EchoBaselineServer() {
  if (server_ != nullptr) server_->Shutdown();
}

}  // namespace masar::bench
