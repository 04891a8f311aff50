#ifndef MASAR_COMMON_GRPC_FORWARD_H_
#define MASAR_COMMON_GRPC_FORWARD_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

// Overrides the generated CallbackService's method `Method` of the proto
// package alias `pkg` (v1) by forwarding it to `handlers->Method`, so a
// service class states which handlers serve which RPC in one line each:
//   MASAR_GRPC_FORWARD(v1, GetUser, directory_)
// The request and response types follow the one-request-per-RPC convention
// (STYLE 8): pkg::MethodRequest, pkg::MethodResponse.
#define MASAR_GRPC_FORWARD(pkg, Method, handlers)                       \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* context, \
                                   const pkg::Method##Request* request,  \
                                   pkg::Method##Response* response)      \
      override {                                                         \
    return (handlers)->Method(context, request, response);               \
  }

#endif  // MASAR_COMMON_GRPC_FORWARD_H_
