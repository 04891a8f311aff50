#include "common/auth/grpc_authorization.h"

#include <optional>

namespace masar::auth {

absl::StatusOr<std::shared_ptr<const Principal>> AuthorizeGrpcCall(
    const grpc::ServerContextBase& context, absl::string_view method,
    const CallAuthorizer& authorizer) {
  const auto& metadata = context.client_metadata();
  auto [begin, end] = metadata.equal_range("authorization");
  std::optional<absl::string_view> header;
  if (begin != end) {
    if (std::next(begin) != end) {
      return absl::UnauthenticatedError("more than one authorization header");
    }
    header = absl::string_view(begin->second.data(), begin->second.size());
  }
  return authorizer.Authorize(method, header);
}

}  // namespace masar::auth
