#include "common/grpc/unary_call.h"

#include "absl/time/clock.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"

namespace masar {

grpc::ServerUnaryReactor* UnaryCallRunner::Inline(
    grpc::CallbackServerContext* context,
    absl::FunctionRef<absl::Status(const CallContext&)> work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(work(GetCallContext(*context))));
  return reactor;
}

struct UnaryCallRunner::PendingCall::State {
  const UnaryCallRunner* runner;
  grpc::CallbackServerContext* context;
  grpc::ServerUnaryReactor* reactor;
  CallContext call;
};

UnaryCallRunner::PendingCall::PendingCall(std::unique_ptr<State> state)
    : state_(std::move(state)) {}

UnaryCallRunner::PendingCall::PendingCall(PendingCall&& other) noexcept =
    default;

UnaryCallRunner::PendingCall::~PendingCall() {
  if (state_ == nullptr) return;
  state_->reactor->Finish(ToGrpcStatus(
      absl::InternalError("the call was dropped before it finished")));
}

const CallContext& UnaryCallRunner::PendingCall::call_context() const {
  return state_->call;
}

void UnaryCallRunner::PendingCall::Finish(const absl::Status& status) && {
  std::unique_ptr<State> state = std::move(state_);
  state->reactor->Finish(ToGrpcStatus(status));
}

void UnaryCallRunner::PendingCall::Continue(
    absl::AnyInvocable<void(PendingCall) &&> next) && {
  // The task owns the state once queued; a refused task never ran, so the
  // state is still this call's to finish.
  State* state = state_.release();
  const bool scheduled = state->runner->executor_->TrySchedule(
      [state, next = std::move(next)]() mutable {
        PendingCall call{std::unique_ptr<State>(state)};
        if (state->context->IsCancelled()) {
          std::unique_ptr<State> owned = std::move(call.state_);
          owned->reactor->Finish(grpc::Status::CANCELLED);
          return;
        }
        if (absl::Now() >= state->call.deadline) {
          std::move(call).Finish(absl::DeadlineExceededError(
              "the call's deadline passed before the server could start it"));
          return;
        }
        std::move(next)(std::move(call));
      });
  if (!scheduled) {
    PendingCall{std::unique_ptr<State>(state)}.Finish(WithRetryDelay(
        absl::ResourceExhaustedError("the server is busy; retry later"),
        state->runner->retry_delay_));
  }
}

grpc::ServerUnaryReactor* UnaryCallRunner::Continued(
    grpc::CallbackServerContext* context,
    absl::AnyInvocable<void(PendingCall) &&> first) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  PendingCall call{std::make_unique<PendingCall::State>(PendingCall::State{
      this, context, reactor, GetCallContext(*context)})};
  std::move(call).Continue(std::move(first));
  return reactor;
}

grpc::ServerUnaryReactor* UnaryCallRunner::Blocking(
    grpc::CallbackServerContext* context,
    absl::AnyInvocable<absl::Status(const CallContext&) &&> work) {
  return Continued(context, [work = std::move(work)](PendingCall call) mutable {
    const absl::Status status = std::move(work)(call.call_context());
    std::move(call).Finish(status);
  });
}

grpc::ServerUnaryReactor* UnaryCallRunner::InlineOrBlocking(
    grpc::CallbackServerContext* context,
    absl::FunctionRef<std::optional<absl::Status>(const CallContext&)> fast,
    absl::AnyInvocable<absl::Status(const CallContext&) &&> slow) {
  if (std::optional<absl::Status> answered = fast(GetCallContext(*context))) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(ToGrpcStatus(*answered));
    return reactor;
  }
  return Blocking(context, std::move(slow));
}

}  // namespace masar
