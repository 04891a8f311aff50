#ifndef MASAR_COMMON_GRPC_CALL_METADATA_H_
#define MASAR_COMMON_GRPC_CALL_METADATA_H_

#include <string>

#include "absl/time/time.h"

namespace masar {

// What a call to a peer carries on from the call that caused it: plain
// values, no gRPC type, so that a domain port may take it and pass it on.
// A server handler gets it from its CallContext (OutgoingMetadata); work
// that no call caused (a poll, a refresh) passes `{}`.
struct CallMetadata {
  // The caller's x-request-id; empty: the peer makes up its own.
  std::string request_id;
  // The W3C trace id (32 hex digits) the peer call joins; empty: the peer
  // starts a trace of its own.
  std::string trace_id;
  // No peer call outlives the call that caused it; the client's own
  // deadline caps it further.
  absl::Time deadline = absl::InfiniteFuture();
};

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_CALL_METADATA_H_
