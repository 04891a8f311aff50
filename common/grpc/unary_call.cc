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

grpc::ServerUnaryReactor* UnaryCallRunner::Blocking(
    grpc::CallbackServerContext* context,
    absl::AnyInvocable<absl::Status(const CallContext&) &&> work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  CallContext call = GetCallContext(*context);
  const bool scheduled = executor_->TrySchedule(
      [context, reactor, call = std::move(call),
       work = std::move(work)]() mutable {
        if (context->IsCancelled()) {
          reactor->Finish(grpc::Status::CANCELLED);
          return;
        }
        if (absl::Now() >= call.deadline) {
          reactor->Finish(ToGrpcStatus(absl::DeadlineExceededError(
              "the call's deadline passed before the server could start it")));
          return;
        }
        reactor->Finish(ToGrpcStatus(std::move(work)(call)));
      });
  if (!scheduled) {
    reactor->Finish(ToGrpcStatus(WithRetryDelay(
        absl::ResourceExhaustedError("the server is busy; retry later"),
        retry_delay_)));
  }
  return reactor;
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
