#include "common/auth/auth_errors.h"

#include "absl/strings/str_cat.h"

namespace masar::auth {

absl::Status InvalidToken(absl::string_view reason) {
  return absl::UnauthenticatedError(absl::StrCat("invalid token: ", reason));
}

absl::Status MissingToken() {
  return absl::UnauthenticatedError(
      "this method needs an access token: send \"authorization: Bearer "
      "<token>\"");
}

absl::Status MethodDenied(absl::string_view method) {
  return absl::PermissionDeniedError(
      absl::StrCat("the caller's roles do not allow ", method));
}

}  // namespace masar::auth
