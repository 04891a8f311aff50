#include "common/grpc/peer_call.h"

#include <algorithm>
#include <utility>

#include <grpcpp/create_channel.h>
#include <grpcpp/support/channel_arguments.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/call_context.h"
#include "common/grpc/status.h"
#include "common/ids/ids.h"

namespace masar {

std::shared_ptr<grpc::Channel> NewPeerChannel(
    const std::string& target,
    std::shared_ptr<grpc::ChannelCredentials> credentials) {
  grpc::ChannelArguments arguments;
  arguments.SetLoadBalancingPolicyName("round_robin");
  return grpc::CreateCustomChannel(
      target,
      credentials != nullptr ? std::move(credentials)
                             : grpc::InsecureChannelCredentials(),
      arguments);
}

absl::StatusOr<std::unique_ptr<PeerCall>> StartPeerCall(
    const PeerCallOptions& options, absl::string_view method,
    const CallMetadata& call, bool authenticated) {
  if (options.gate != nullptr && !options.gate->Enter()) {
    return absl::UnavailableError(absl::StrCat(
        options.peer, " did not answer ", method,
        ": it has stopped in this process"));
  }
  auto peer_call = std::make_unique<PeerCall>(options.gate);
  grpc::ClientContext* context = peer_call->context();
  context->set_deadline(absl::ToChronoTime(
      std::min(call.deadline, absl::Now() + options.deadline)));
  if (!call.request_id.empty()) {
    context->AddMetadata(kRequestIdHeader, call.request_id);
  }
  if (!call.trace_id.empty()) {
    // The peer's span is a child of the caller's call: same trace, a
    // parent id of its own, sampled.
    context->AddMetadata(kTraceParentHeader,
                         absl::StrCat("00-", call.trace_id, "-", RandomHex(8),
                                      "-01"));
  }
  if (authenticated && options.token) {
    absl::StatusOr<std::string> token = options.token();
    if (!token.ok()) {
      return absl::UnavailableError(
          absl::StrCat("no service token to call ", options.peer, " ",
                       method, ": ", token.status().message()));
    }
    context->AddMetadata("authorization", absl::StrCat("Bearer ", *token));
  }
  return peer_call;
}

absl::Status FromPeerStatus(const grpc::Status& status,
                            const PeerCallOptions& options,
                            absl::string_view method) {
  absl::Status translated = FromGrpcStatus(status);
  switch (translated.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kCancelled:
      return absl::UnavailableError(
          absl::StrCat(options.peer, " did not answer ", method, ": ",
                       translated.message()));
    default:
      return translated;
  }
}

}  // namespace masar
