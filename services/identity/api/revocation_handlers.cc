#include "services/identity/api/revocation_handlers.h"

#include <optional>
#include <vector>

#include "common/aip/pagination.h"
#include "common/auth/grpc_authorization.h"
#include "common/auth/policy_table.h"
#include "common/events/domain_event_proto.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/api/revocation_mapping.h"

namespace masar::identity {

grpc::ServerUnaryReactor* RevocationHandlers::ListRevocations(
    grpc::CallbackServerContext* context,
    const v1::ListRevocationsRequest* request,
    v1::ListRevocationsResponse* response) {
  return ServeFeed(context, "ListRevocations",
                   [this, request, response] { return List(*request, response); });
}

grpc::ServerUnaryReactor* RevocationHandlers::ListDomainEvents(
    grpc::CallbackServerContext* context,
    const v1::ListDomainEventsRequest* request,
    v1::ListDomainEventsResponse* response) {
  return ServeFeed(context, "ListDomainEvents", [this, request, response] {
    return events::ReadDomainEvents(*deps_.outbox, *request, *response);
  });
}

grpc::ServerUnaryReactor* RevocationHandlers::ServeFeed(
    grpc::CallbackServerContext* context, absl::string_view method,
    absl::AnyInvocable<absl::Status() &&> read) {
  return deps_.runner->InlineOrBlocking(
      context,
      [&](const CallContext&) -> std::optional<absl::Status> {
        absl::Status authorized =
            auth::AuthorizeGrpcCall(
                *context,
                auth::GrpcMethodName(v1::IdentityService::service_full_name(),
                                     method),
                *deps_.authorizer)
                .status();
        if (!authorized.ok()) return authorized;
        return std::nullopt;
      },
      [read = std::move(read)](const CallContext&) mutable {
        return std::move(read)();
      });
}

absl::Status RevocationHandlers::List(const v1::ListRevocationsRequest& request,
                                      v1::ListRevocationsResponse* response) {
  if (request.after_sequence() < 0) {
    return InvalidArgumentError("after_sequence", "must not be negative");
  }
  ASSIGN_OR_RETURN(const int limit, aip::PageLimit(request.page_size()));
  ASSIGN_OR_RETURN(std::vector<auth::Revocation> page,
                   deps_.revocations->ListAfter(request.after_sequence(), limit));
  for (const auth::Revocation& revocation : page) {
    *response->add_revocations() = RevocationToProto(revocation);
  }
  return absl::OkStatus();
}

}  // namespace masar::identity
