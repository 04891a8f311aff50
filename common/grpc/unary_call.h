#ifndef MASAR_COMMON_GRPC_UNARY_CALL_H_
#define MASAR_COMMON_GRPC_UNARY_CALL_H_

#include <memory>
#include <optional>

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/executor/bounded_executor.h"
#include "common/grpc/call_context.h"

namespace masar {

// How every unary handler of the callback API runs its work, the server's
// threading model (README, "Threading model"): work that cannot block runs
// inline on gRPC's callback thread; work that may block (SQL, hiredis) runs
// on the service's BoundedExecutor, and when that is full the call is
// refused at once with RESOURCE_EXHAUSTED and a retry delay. Either way the
// call finishes with ToGrpcStatus of the work's status.
class UnaryCallRunner {
 public:
  // A call in flight whose work hands off to another thread (the password
  // hasher's) and comes back: the continuation form of Blocking. Move-only;
  // Finish or Continue consumes it. Dropped unconsumed, it finishes the call
  // INTERNAL, so that a lost continuation never leaves a client hanging.
  class PendingCall {
   public:
    PendingCall(PendingCall&& other) noexcept;
    PendingCall& operator=(PendingCall&&) = delete;
    ~PendingCall();

    const CallContext& call_context() const;

    // Runs `next` on the executor through Blocking's checks: refused at
    // once (RESOURCE_EXHAUSTED with the retry delay) when the executor is
    // full, finished without running `next` once cancelled or past its
    // deadline. Safe from any thread; `next` finishes the call or hands it
    // on again.
    void Continue(absl::AnyInvocable<void(PendingCall) &&> next) &&;
    // Finishes the call with ToGrpcStatus(status).
    void Finish(const absl::Status& status) &&;

   private:
    friend class UnaryCallRunner;
    struct State;
    explicit PendingCall(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
  };

  // `executor` must outlive the runner.
  explicit UnaryCallRunner(BoundedExecutor* executor,
                           absl::Duration retry_delay = absl::Milliseconds(100))
      : executor_(executor), retry_delay_(retry_delay) {}

  // Runs `work` on gRPC's thread: it must not block.
  grpc::ServerUnaryReactor* Inline(
      grpc::CallbackServerContext* context,
      absl::FunctionRef<absl::Status(const CallContext&)> work);

  // Runs `work` on the executor. A call whose deadline passed or that was
  // cancelled while it waited is answered without running `work`.
  grpc::ServerUnaryReactor* Blocking(
      grpc::CallbackServerContext* context,
      absl::AnyInvocable<absl::Status(const CallContext&) &&> work);

  // Runs `first` on the executor as Blocking runs its work, handing it the
  // call to finish, or to hand off and continue later.
  grpc::ServerUnaryReactor* Continued(
      grpc::CallbackServerContext* context,
      absl::AnyInvocable<void(PendingCall) &&> first);

  // The read-through shape: `fast` runs inline and answers when it can (an
  // in-process cache hit); when it returns nullopt, `slow` runs on the
  // executor. One hand-off costs about a fifth of a cheap call's throughput
  // (README, "Threading model"), so hits must not pay it.
  grpc::ServerUnaryReactor* InlineOrBlocking(
      grpc::CallbackServerContext* context,
      absl::FunctionRef<std::optional<absl::Status>(const CallContext&)> fast,
      absl::AnyInvocable<absl::Status(const CallContext&) &&> slow);

 private:
  BoundedExecutor* executor_;
  absl::Duration retry_delay_;
};

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_UNARY_CALL_H_
