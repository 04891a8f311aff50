#include "common/auth/authenticator.h"

#include <utility>

#include "common/auth/auth_errors.h"
#include "common/status/status_macros.h"

namespace masar::auth {

absl::StatusOr<std::shared_ptr<const Principal>> Authenticator::VerifyAndCache(
    absl::string_view token) {
  ASSIGN_OR_RETURN(Claims claims, verifier_->Verify(token));
  ASSIGN_OR_RETURN(Principal principal, Principal::FromClaims(claims));
  auto shared = std::make_shared<const Principal>(std::move(principal));
  cache_->Insert(token, shared);
  return shared;
}

absl::StatusOr<std::shared_ptr<const Principal>> Authenticator::Authenticate(
    absl::string_view token) {
  std::shared_ptr<const Principal> principal = cache_->Find(token);
  if (principal == nullptr) {
    ASSIGN_OR_RETURN(principal, VerifyAndCache(token));
  }
  if (revocations_ != nullptr && revocations_->IsRevoked(*principal)) {
    return InvalidToken("revoked");
  }
  return principal;
}

}  // namespace masar::auth
