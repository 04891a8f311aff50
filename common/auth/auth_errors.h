#ifndef MASAR_COMMON_AUTH_AUTH_ERRORS_H_
#define MASAR_COMMON_AUTH_AUTH_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// The errors of authentication and authorization. Messages are short,
// fixed reasons: they never echo the token or any part of it, so that a
// log line or an error reply cannot leak a credential.
namespace masar::auth {

// UNAUTHENTICATED: "invalid token: <reason>".
absl::Status InvalidToken(absl::string_view reason);

// UNAUTHENTICATED for a call that needs a token and carries none.
absl::Status MissingToken();

// PERMISSION_DENIED: the caller's roles do not allow `method`.
absl::Status MethodDenied(absl::string_view method);

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_AUTH_ERRORS_H_
