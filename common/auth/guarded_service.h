#ifndef MASAR_COMMON_AUTH_GUARDED_SERVICE_H_
#define MASAR_COMMON_AUTH_GUARDED_SERVICE_H_

#include <memory>
#include <string>

#include <google/protobuf/descriptor.h>
#include <grpcpp/impl/codegen/server_callback_handlers.h>
#include <grpcpp/support/byte_buffer.h>

#include "absl/strings/str_cat.h"
#include "common/auth/call_authorizer.h"
#include "common/auth/grpc_authorization.h"
#include "common/auth/policy_table.h"
#include "common/grpc/hosted_service.h"
#include "common/grpc/status.h"

namespace masar::auth {

// The answer of a method whose implementation has not landed, given to a
// caller that passed authorization: the service's access rules hold from
// the first day, so a caller never learns more from UNIMPLEMENTED than from
// the finished method.
grpc::Status AuthorizedButUnimplemented(const CallAuthorizer& authorizer,
                                        const grpc::ServerContextBase& context,
                                        absl::string_view method);

// A finished server stream that answers one status.
class StatusOnlyWriter final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit StatusOnlyWriter(grpc::Status status) { Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

// Hosts the generated service `Generated` (such as
// masar::mentoring::v1::MentoringService) with every method authorized
// against `policy` and then answered UNIMPLEMENTED. Methods are bound by
// their index in the service descriptor, the order the generated code
// registers them in.
template <typename Generated>
class GuardedUnimplementedService final : public HostedService {
 public:
  GuardedUnimplementedService(PolicyTable policy, Authenticator* authenticator)
      : policy_(std::move(policy)), authorizer_(&policy_, authenticator) {
    const google::protobuf::ServiceDescriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            Generated::service_full_name());
    for (int i = 0; i < descriptor->method_count(); ++i) {
      Bind(i, *descriptor->method(i));
    }
  }

  absl::string_view service_name() const override {
    return Generated::service_full_name();
  }
  grpc::Service* grpc_service() override { return &service_; }

 private:
  // The generated callback service; its methods are rebound in the
  // constructor, which only a subclass may do.
  class Service final : public Generated::CallbackService {
   public:
    using Generated::CallbackService::MarkMethodRawCallback;
  };

  void Bind(int index, const google::protobuf::MethodDescriptor& method) {
    std::string name = GrpcMethodName(Generated::service_full_name(),
                                      method.name());
    const CallAuthorizer* authorizer = &authorizer_;
    if (method.server_streaming() && !method.client_streaming()) {
      service_.MarkMethodRawCallback(
          index,
          new grpc::internal::CallbackServerStreamingHandler<
              grpc::ByteBuffer, grpc::ByteBuffer>(
              [authorizer, name](grpc::CallbackServerContext* context,
                                 const grpc::ByteBuffer*) {
                return new StatusOnlyWriter(
                    AuthorizedButUnimplemented(*authorizer, *context, name));
              }));
      return;
    }
    service_.MarkMethodRawCallback(
        index, new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer,
                                                         grpc::ByteBuffer>(
                   [authorizer, name](grpc::CallbackServerContext* context,
                                      const grpc::ByteBuffer*,
                                      grpc::ByteBuffer*) {
                     grpc::ServerUnaryReactor* reactor =
                         context->DefaultReactor();
                     reactor->Finish(AuthorizedButUnimplemented(
                         *authorizer, *context, name));
                     return reactor;
                   }));
  }

  PolicyTable policy_;
  CallAuthorizer authorizer_;
  Service service_;
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_GUARDED_SERVICE_H_
