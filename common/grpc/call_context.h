#ifndef MASAR_COMMON_GRPC_CALL_CONTEXT_H_
#define MASAR_COMMON_GRPC_CALL_CONTEXT_H_

#include <string>

#include <grpcpp/server_context.h>

#include "absl/time/time.h"
#include "common/grpc/call_metadata.h"

namespace masar {

// Metadata keys of the call conventions.
inline constexpr char kRequestIdHeader[] = "x-request-id";
inline constexpr char kTraceParentHeader[] = "traceparent";
// Set by the server for its own handlers; values a client sends under these
// keys are discarded.
inline constexpr char kTraceIdKey[] = "masar-trace-id";
inline constexpr char kEffectiveDeadlineKey[] = "masar-effective-deadline";

// What the server's interceptors established for one call; handlers read it
// with GetCallContext and pass it down (logs, peer calls, store deadlines).
struct CallContext {
  // The caller's x-request-id when it sent a usable one, otherwise a fresh
  // UUID; echoed in the response's initial metadata.
  std::string request_id;
  // The W3C trace id from `traceparent`, otherwise a fresh random one.
  std::string trace_id;
  // The earlier of the client's deadline and arrival + the server's default
  // deadline: no work for a call runs past it.
  absl::Time deadline = absl::InfiniteFuture();
};

CallContext GetCallContext(const grpc::ServerContextBase& context);

// What the peer calls a handler makes carry on from its call.
inline CallMetadata OutgoingMetadata(const CallContext& call) {
  return CallMetadata{call.request_id, call.trace_id, call.deadline};
}

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_CALL_CONTEXT_H_
