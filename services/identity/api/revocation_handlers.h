#ifndef MASAR_SERVICES_IDENTITY_API_REVOCATION_HANDLERS_H_
#define MASAR_SERVICES_IDENTITY_API_REVOCATION_HANDLERS_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "common/auth/call_authorizer.h"
#include "absl/functional/any_invocable.h"
#include "common/auth/revocation_source.h"
#include "common/events/outbox.h"
#include "common/grpc/unary_call.h"
#include "masar/identity/v1/identity_service.pb.h"

namespace masar::identity {

// What RevocationHandlers works with; none is owned, all outlive it.
struct RevocationHandlersDeps {
  // The identity policy table's authorizer.
  const auth::CallAuthorizer* authorizer = nullptr;
  // Runs the store read on the service's executor.
  UnaryCallRunner* runner = nullptr;
  // Identity's revocation log (auth::RevocationStore over its database).
  auth::RevocationSource* revocations = nullptr;
  // Identity's domain events (source "identity").
  events::Outbox* outbox = nullptr;
};

// ListRevocations: the feed from which replicas of the other services catch
// up on revocations by sequence. The call is authorized on gRPC's thread
// (all in memory), so a refused caller never takes an executor slot; the
// store is read on the executor. Thread-safe.
class RevocationHandlers {
 public:
  explicit RevocationHandlers(RevocationHandlersDeps deps) : deps_(deps) {}

  grpc::ServerUnaryReactor* ListRevocations(
      grpc::CallbackServerContext* context,
      const v1::ListRevocationsRequest* request,
      v1::ListRevocationsResponse* response);

  // ListDomainEvents: identity's outbox by sequence, for the consuming
  // services (SERVICE only), read on the executor.
  grpc::ServerUnaryReactor* ListDomainEvents(
      grpc::CallbackServerContext* context,
      const v1::ListDomainEventsRequest* request,
      v1::ListDomainEventsResponse* response);

 private:
  // Authorizes `method` on gRPC's thread (all in memory, so a refused
  // caller never takes an executor slot), then runs `read` on the executor.
  grpc::ServerUnaryReactor* ServeFeed(
      grpc::CallbackServerContext* context, absl::string_view method,
      absl::AnyInvocable<absl::Status() &&> read);
  absl::Status List(const v1::ListRevocationsRequest& request,
                    v1::ListRevocationsResponse* response);

  RevocationHandlersDeps deps_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_REVOCATION_HANDLERS_H_
