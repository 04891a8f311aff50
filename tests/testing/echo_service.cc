#include "tests/testing/echo_service.h"

#include <thread>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/grpc/call_context.h"

namespace masar::testing {

grpc::ServerUnaryReactor* EchoService::Echo(
    grpc::CallbackServerContext* context, const v1::EchoRequest* request,
    v1::EchoResponse* response) {
  const CallContext call = GetCallContext(*context);
  response->set_text(request->text());
  response->set_request_id(call.request_id);
  response->set_trace_id(call.trace_id);
  response->set_deadline_unix_micros(absl::ToUnixMicros(call.deadline));
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerUnaryReactor* EchoService::Sleep(
    grpc::CallbackServerContext* context, const v1::SleepRequest* request,
    v1::SleepResponse* response) {
  ++sleeps_started_;
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Duration duration =
      absl::Seconds(request->duration().seconds()) +
      absl::Nanoseconds(request->duration().nanos());
  // A test-only sleeper: a thread per call, finishing early on cancellation.
  std::thread([context, reactor, response, duration] {
    const absl::Time end = absl::Now() + duration;
    while (absl::Now() < end) {
      if (context->IsCancelled()) {
        reactor->Finish(grpc::Status::CANCELLED);
        return;
      }
      absl::SleepFor(absl::Milliseconds(5));
    }
    response->set_completed(true);
    reactor->Finish(grpc::Status::OK);
  }).detach();
  return reactor;
}

}  // namespace masar::testing
