#include "common/auth/call_authorizer.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/auth/auth_errors.h"
#include "common/status/status_macros.h"

namespace masar::auth {

absl::StatusOr<absl::string_view> ParseBearer(absl::string_view header) {
  constexpr absl::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(header.substr(0, kScheme.size()), kScheme)) {
    return absl::UnauthenticatedError(
        "the authorization header must read \"Bearer <token>\"");
  }
  absl::string_view token =
      absl::StripAsciiWhitespace(header.substr(kScheme.size()));
  if (token.empty()) return MissingToken();
  return token;
}

absl::StatusOr<std::shared_ptr<const Principal>> CallAuthorizer::Authorize(
    absl::string_view method,
    std::optional<absl::string_view> authorization) const {
  if (policy_->IsPublic(method)) return std::shared_ptr<const Principal>();
  if (!authorization.has_value()) return MissingToken();
  ASSIGN_OR_RETURN(absl::string_view token, ParseBearer(*authorization));
  ASSIGN_OR_RETURN(std::shared_ptr<const Principal> principal,
                   authenticator_->Authenticate(token));
  RETURN_IF_ERROR(policy_->Check(method, principal.get()));
  return principal;
}

}  // namespace masar::auth
