#include "common/auth/guarded_service.h"

namespace masar::auth {

grpc::Status AuthorizedButUnimplemented(const CallAuthorizer& authorizer,
                                        const grpc::ServerContextBase& context,
                                        absl::string_view method) {
  absl::StatusOr<std::shared_ptr<const Principal>> principal =
      AuthorizeGrpcCall(context, method, authorizer);
  if (!principal.ok()) return ToGrpcStatus(principal.status());
  return ToGrpcStatus(absl::UnimplementedError(
      absl::StrCat(method, " is not implemented yet")));
}

}  // namespace masar::auth
