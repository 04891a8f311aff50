#ifndef MASAR_COMMON_AUTH_GRPC_AUTHORIZATION_H_
#define MASAR_COMMON_AUTH_GRPC_AUTHORIZATION_H_

#include <memory>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/call_authorizer.h"
#include "common/auth/principal.h"

// The gRPC edge of common/auth, kept apart so that the token and policy
// core compiles without gRPC headers. Handlers call it first (gRPC 1.51's
// interceptors cannot refuse a call with UNAUTHENTICATED).
namespace masar::auth {

// The caller of `method` (full gRPC name) from the call's `authorization`
// metadata; see CallAuthorizer::Authorize. More than one authorization
// entry is UNAUTHENTICATED: which one counts would be ambiguous.
absl::StatusOr<std::shared_ptr<const Principal>> AuthorizeGrpcCall(
    const grpc::ServerContextBase& context, absl::string_view method,
    const CallAuthorizer& authorizer);

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_GRPC_AUTHORIZATION_H_
