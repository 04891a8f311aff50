#ifndef MASAR_COMMON_GRPC_RPC_SCAFFOLD_H_
#define MASAR_COMMON_GRPC_RPC_SCAFFOLD_H_

#include <string>
#include <utility>

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/call_authorizer.h"
#include "common/auth/caller.h"
#include "common/grpc/unary_call.h"
#include "common/idempotency/idempotency.h"
#include "common/idempotency/recorded_call.h"
#include "common/status/status_macros.h"
#include "common/unit_of_work/unit_of_work.h"
#include "google/protobuf/message.h"

namespace masar {

// How every RPC of a service is served, so that a handler is only its
// mapping and one call into the domain. The scaffold authorizes the method
// against the service's policy table, runs the work through the
// UnaryCallRunner (on the executor: the deadline, cancellation and
// load-shedding checks), opens the transaction of a change and records its
// request id in it (common/idempotency), and finishes with ToGrpcStatus.
// The runner is the only dispatcher: a call that must hand off mid-way (to
// the password hasher) takes its continuation form (ServeContinued).
class RpcScaffold {
 public:
  struct Options {
    // The service's full name ("masar.identity.v1.IdentityService").
    std::string service;
    // None is owned; all outlive the scaffold.
    const auth::CallAuthorizer* authorizer = nullptr;
    UnaryCallRunner* runner = nullptr;
    // Over the service's database: changes run in its transaction.
    idempotency::IdempotentRunner* recorder = nullptr;
  };

  // What a read does once the caller is known; fills the response.
  using Read = absl::AnyInvocable<absl::Status(const auth::Caller&) &&>;
  // What a change does in its transaction; answers the response to send and
  // the one to record for repeats. It may run more than once (the store
  // retries serialization conflicts), so it builds its answer afresh.
  using Change = absl::AnyInvocable<absl::StatusOr<idempotency::Outcome>(
      Transaction&, const auth::Caller&)>;

  explicit RpcScaffold(Options options) : options_(std::move(options)) {}

  // "/<service>/<method>" for the short name `method`.
  std::string FullMethod(absl::string_view method) const;

  // The caller of `method` on this call, carrying `request_id`;
  // UNAUTHENTICATED or PERMISSION_DENIED as the policy decides. A public
  // method's caller is anonymous. Runs where it is called: token checks
  // may consult the revocation store, so only call it inline where they
  // cannot block (a service verifying tokens with its own keys).
  absl::StatusOr<auth::Caller> Authorize(const grpc::ServerContextBase& context,
                                         absl::string_view method,
                                         std::string request_id = "") const;

  // A read: authorizes and runs `read` on the executor.
  grpc::ServerUnaryReactor* ServeRead(grpc::CallbackServerContext* context,
                                      absl::string_view method, Read read);

  // What a call that hands off mid-way does once the caller is known: it
  // finishes `call`, or hands it on and continues it later
  // (UnaryCallRunner::PendingCall).
  using Steps = absl::AnyInvocable<void(const auth::Caller&,
                                        UnaryCallRunner::PendingCall) &&>;
  // Authorizes and runs `first` on the executor.
  grpc::ServerUnaryReactor* ServeContinued(grpc::CallbackServerContext* context,
                                           absl::string_view method,
                                           Steps first);

  // A change whose response holds no secret: `change(tx, caller, out)` runs
  // the use case in the transaction and maps its result into `out`, which
  // is sent and recorded for repeats of the request's request_id (when the
  // request has one; without, the change simply runs in one transaction).
  template <typename Request, typename Response, typename F>
  grpc::ServerUnaryReactor* ServeChange(grpc::CallbackServerContext* context,
                                        absl::string_view method,
                                        const Request* request,
                                        Response* response, F change) {
    return ServeRecorded(
        context, method, *request, response,
        [change = std::move(change)](
            Transaction& tx, const auth::Caller& caller) mutable
        -> absl::StatusOr<idempotency::Outcome> {
          Response out;
          RETURN_IF_ERROR(change(tx, caller, out));
          return idempotency::SameOutcome(out);
        });
  }

  // The general form of ServeChange, for a response that differs from what
  // repeats get (a secret shown once).
  grpc::ServerUnaryReactor* ServeRecorded(
      grpc::CallbackServerContext* context, absl::string_view method,
      const google::protobuf::Message& request,
      google::protobuf::Message* response, Change change);

 private:
  Options options_;
};

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_RPC_SCAFFOLD_H_
