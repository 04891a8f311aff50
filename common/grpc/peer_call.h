#ifndef MASAR_COMMON_GRPC_PEER_CALL_H_
#define MASAR_COMMON_GRPC_PEER_CALL_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/grpc/call_gate.h"
#include "common/grpc/call_metadata.h"

namespace masar {

// The bearer token a peer call carries: the calling process's SERVICE
// principal (an auth::ServiceTokenSource's Token). It may block to renew.
using BearerTokenSource = std::function<absl::StatusOr<std::string>()>;

// How a client of one peer service makes its calls. Every client of a
// peer (services/<svc>/client/) starts its calls with NewPeerContext and
// reads their answers with FromPeerStatus.
struct PeerCallOptions {
  // The peer's short name, for messages ("identity").
  std::string peer;
  // The longest any call may take: a peer down or hung costs a caller at
  // most this, then UNAVAILABLE.
  absl::Duration deadline = absl::Seconds(5);
  // Put on the calls that need a caller; null: they go without one and the
  // peer refuses them.
  BearerTokenSource token;
  // For a peer in this process: its server's Server::InProcessGate().
  std::shared_ptr<CallGate> gate;
};

// One call to a peer: its context, and its pass through the gate while it
// lives. Keep it until the call has returned.
class PeerCall {
 public:
  explicit PeerCall(std::shared_ptr<CallGate> gate) : gate_(std::move(gate)) {}
  ~PeerCall() {
    if (gate_ != nullptr) gate_->Exit();
  }
  PeerCall(const PeerCall&) = delete;
  PeerCall& operator=(const PeerCall&) = delete;

  grpc::ClientContext* context() { return &context_; }

 private:
  const std::shared_ptr<CallGate> gate_;  // entered, when set
  grpc::ClientContext context_;
};

// A channel to a peer service at `target`: "host:port", or a gRPC target
// such as "dns:///identity.masar:7001", whose addresses are balanced
// round-robin (a Kubernetes headless service lists every replica). Plain
// text unless `credentials` (PeerTlsCredentials, common/grpc/tls.h) say
// otherwise.
std::shared_ptr<grpc::Channel> NewPeerChannel(
    const std::string& target,
    std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr);

// Starts one call to the peer: a context with the earlier of
// `call.deadline` and now + options.deadline, the caller's x-request-id, a
// `traceparent` in `call.trace_id`'s trace, and, when `authenticated`, the
// bearer token. The token is attached here, not by call credentials, so it
// works on every channel, the in-process one included (no security layer
// there for call credentials to run in). UNAVAILABLE naming the peer and
// `method`, before anything is sent, when no token can be had or the peer's server
// in this process has shut down.
absl::StatusOr<std::unique_ptr<PeerCall>> StartPeerCall(
    const PeerCallOptions& options, absl::string_view method,
    const CallMetadata& call, bool authenticated);

// The peer's answer to `method` as an absl::Status. A peer that could not
// be reached, did not answer by the deadline or dropped the call (stopped
// mid-call) is UNAVAILABLE naming the peer and method: the caller cannot
// tell these apart and may retry them all. Any other answer is the peer's
// own status (FromGrpcStatus), details included.
absl::Status FromPeerStatus(const grpc::Status& status,
                            const PeerCallOptions& options,
                            absl::string_view method);

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_PEER_CALL_H_
