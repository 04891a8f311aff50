#ifndef MASAR_COMMON_AUTH_CALL_AUTHORIZER_H_
#define MASAR_COMMON_AUTH_CALL_AUTHORIZER_H_

#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/authenticator.h"
#include "common/auth/policy_table.h"
#include "common/auth/principal.h"

namespace masar::auth {

// The token of an `authorization` header value "Bearer <token>" (scheme
// case-insensitive, RFC 6750). UNAUTHENTICATED for any other form.
absl::StatusOr<absl::string_view> ParseBearer(absl::string_view header);

// The one authentication and authorization step of every call, with no
// transport in it: common/auth/grpc_authorization.h feeds it the header.
class CallAuthorizer {
 public:
  // Both must outlive the authorizer.
  CallAuthorizer(const PolicyTable* policy, Authenticator* authenticator)
      : policy_(policy), authenticator_(authenticator) {}

  // The caller of `method` given its `authorization` header (nullopt when
  // absent). A public method needs and reads no token: null principal. A
  // missing or invalid token on any other method is UNAUTHENTICATED; a
  // method the principal's roles do not allow, PERMISSION_DENIED.
  absl::StatusOr<std::shared_ptr<const Principal>> Authorize(
      absl::string_view method,
      std::optional<absl::string_view> authorization) const;

 private:
  const PolicyTable* policy_;
  Authenticator* authenticator_;
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_CALL_AUTHORIZER_H_
