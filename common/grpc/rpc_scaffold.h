#ifndef MASAR_COMMON_GRPC_RPC_SCAFFOLD_H_
#define MASAR_COMMON_GRPC_RPC_SCAFFOLD_H_

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/call_authorizer.h"
#include "common/auth/caller.h"
#include "common/grpc/call_metadata.h"
#include "common/grpc/unary_call.h"
#include "common/idempotency/idempotency.h"
#include "common/idempotency/recorded_call.h"
#include "common/status/status_macros.h"
#include "common/unit_of_work/unit_of_work.h"
#include "google/protobuf/message.h"

namespace masar {

// How a change's request-id record is keyed and digested. The rule holds
// either way: the same request id with a different request is
// INVALID_ARGUMENT naming request_id; a repeat gets the first answer (its
// replay form, without secrets).
struct RequestRecording {
  // Request fields (dotted paths, "user.national_id") left out of the
  // digest that tells a repeat from a different request: passwords,
  // codes, identifiers (idempotency::RequestDigest says why).
  std::vector<std::string> undigested = {};
  // Whose records these are when not the caller's: a call without a
  // principal (sign-up) names a key of its own. Empty: the caller's
  // subject.
  std::string principal = {};
};

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
  // A read that may ask a peer: `read` also gets what the peer calls carry
  // on from this call (its request id, trace and deadline).
  using PeerRead = absl::AnyInvocable<absl::Status(
      const auth::Caller&, const CallMetadata&) &&>;
  grpc::ServerUnaryReactor* ServeRead(grpc::CallbackServerContext* context,
                                      absl::string_view method, PeerRead read);

  // A read whose caller is authorized on gRPC's thread, so that a refused
  // caller never takes an executor slot (a feed every replica of the other
  // services polls: ListDomainEvents); `read` then runs on the executor.
  // Only where tokens verify in memory (Authorize says why).
  using FeedRead = absl::AnyInvocable<absl::Status() &&>;
  grpc::ServerUnaryReactor* ServeFeed(grpc::CallbackServerContext* context,
                                      absl::string_view method, FeedRead read);

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
                                        Response* response, F change,
                                        RequestRecording recording = {}) {
    return ServeRecorded(
        context, method, *request, response,
        [change = std::move(change)](
            Transaction& tx, const auth::Caller& caller) mutable
        -> absl::StatusOr<idempotency::Outcome> {
          Response out;
          RETURN_IF_ERROR(change(tx, caller, out));
          return idempotency::SameOutcome(out);
        },
        std::move(recording));
  }

  // The general form of ServeChange, for a response that differs from what
  // repeats get (a secret shown once).
  grpc::ServerUnaryReactor* ServeRecorded(
      grpc::CallbackServerContext* context, absl::string_view method,
      const google::protobuf::Message& request,
      google::protobuf::Message* response, Change change,
      RequestRecording recording = {});

  // A change that needs facts from outside its store, gathered before its
  // transaction opens (a peer's answers: never inside a transaction, which
  // would hold locks across a network call). In order, on the executor:
  // the request-id record is checked first, so a repeat is answered from it
  // without asking anyone and an id reused for another request is
  // INVALID_ARGUMENT; then `look_up(caller, call)` gathers the facts, its
  // error failing the call with nothing written (a peer down is
  // UNAVAILABLE, and a retry with the same id runs afresh); then
  // `change(tx, caller, facts, out)` runs in the transaction that records
  // `out` for repeats (it may run more than once: it builds `out` afresh
  // from the same facts). `call` carries this call's request id, trace and
  // deadline to the peer.
  template <typename Request, typename Response, typename LookUp,
            typename Change>
  grpc::ServerUnaryReactor* ServeLookedUpChange(
      grpc::CallbackServerContext* context, absl::string_view method,
      const Request* request, Response* response, LookUp look_up,
      Change change, RequestRecording recording = {}) {
    using Facts = typename std::invoke_result_t<
        LookUp&, const auth::Caller&, const CallMetadata&>::value_type;
    auto facts = std::make_shared<std::optional<Facts>>();
    return ServePrepared(
        context, method, *request, response, std::move(recording),
        [facts, look_up = std::move(look_up)](
            const auth::Caller& caller, const CallMetadata& call) mutable
        -> absl::Status {
          absl::StatusOr<Facts> found = look_up(caller, call);
          if (!found.ok()) return found.status();
          facts->emplace(*std::move(found));
          return absl::OkStatus();
        },
        [facts, change = std::move(change)](
            Transaction& tx, const auth::Caller& caller) mutable
        -> absl::StatusOr<idempotency::Outcome> {
          Response out;
          RETURN_IF_ERROR(change(tx, caller, std::as_const(**facts), out));
          return idempotency::SameOutcome(out);
        });
  }

  // The untyped core of ServeLookedUpChange: `prepare` runs after the
  // replay check and before `change`'s transaction; its error finishes the
  // call.
  using Prepare = absl::AnyInvocable<absl::Status(const auth::Caller&,
                                                  const CallMetadata&)>;
  grpc::ServerUnaryReactor* ServePrepared(
      grpc::CallbackServerContext* context, absl::string_view method,
      const google::protobuf::Message& request,
      google::protobuf::Message* response, RequestRecording recording,
      Prepare prepare, Change change);

  // The request-id record of one call, for a change whose work starts
  // before its transaction: a password hashed on the hasher's thread, a
  // throttle consulted with the outcome. Copyable, so it can travel with
  // the call across hand-offs; the response must outlive it.
  class Record {
   public:
    // True with the first call's answer parsed into the response when this
    // call repeats a recorded one: finish with it, changing nothing. False
    // when the work is still to do (or the request has no request_id).
    absl::StatusOr<bool> Replay() const;
    // Runs `change` in a transaction that records its outcome under the
    // call's key, and parses the answer into the response: true when it
    // committed in this call, false when a repeat was answered from the
    // record (idempotency::RunRecorded).
    absl::StatusOr<bool> Run(idempotency::RecordedChange change) const;

   private:
    friend class RpcScaffold;
    Record(idempotency::IdempotentRunner* recorder,
           idempotency::RecordedCall call, google::protobuf::Message* response)
        : recorder_(recorder), call_(std::move(call)), response_(response) {}

    idempotency::IdempotentRunner* recorder_;
    idempotency::RecordedCall call_;
    google::protobuf::Message* response_;
  };
  // What a recorded change that hands off mid-way does once the caller is
  // known: replays or runs `record` when it is ready, and finishes `call`
  // or hands it on (UnaryCallRunner::PendingCall).
  using RecordedSteps = absl::AnyInvocable<void(
      const auth::Caller&, Record, UnaryCallRunner::PendingCall) &&>;
  // Authorizes and runs `first` on the executor with the call's record.
  grpc::ServerUnaryReactor* ServeRecordedSteps(
      grpc::CallbackServerContext* context, absl::string_view method,
      const google::protobuf::Message& request,
      google::protobuf::Message* response, RequestRecording recording,
      RecordedSteps first);

 private:
  // The record of `method` called by `caller` with `request`, whose
  // transaction ends by `deadline`.
  idempotency::RecordedCall RecordedCallOf(
      const auth::Caller& caller, absl::string_view method,
      const google::protobuf::Message& request,
      const RequestRecording& recording, absl::Time deadline) const;

  Options options_;
};

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_RPC_SCAFFOLD_H_
