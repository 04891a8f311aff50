#ifndef MASAR_COMMON_AUTH_BEARER_CALL_CREDENTIALS_H_
#define MASAR_COMMON_AUTH_BEARER_CALL_CREDENTIALS_H_

#include <memory>

#include <grpcpp/security/credentials.h>

#include "common/auth/service_token_source.h"

namespace masar::auth {

// Call credentials that put "authorization: Bearer <token>" on every call
// they are attached to (ClientContext::set_credentials, or composed into a
// TLS channel's credentials), the token from `source`. When no token can be
// had the call fails before it is sent, with the source's error
// (UNAVAILABLE while identity is down). gRPC runs the plugin off the
// call's thread, since a renewal blocks.
//
// The token may travel on an insecure channel: TLS between services, where
// it is on, comes from the platform or the channel's credentials
// (DESIGN 6); a plugin that demanded a secure channel (gRPC's default)
// would fail every call of a laptop deployment, which has none.
std::shared_ptr<grpc::CallCredentials> BearerCallCredentials(
    std::shared_ptr<ServiceTokenSource> source);

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_BEARER_CALL_CREDENTIALS_H_
