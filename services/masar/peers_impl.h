#ifndef MASAR_SERVICES_MASAR_PEERS_IMPL_H_
#define MASAR_SERVICES_MASAR_PEERS_IMPL_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/grpc/peer_call.h"
#include "common/grpc/server.h"
#include "services/masar/peers.h"

namespace masar {

struct PeersOptions {
  // The services this process hosts: reached in-process.
  std::vector<std::string> hosted;
  // How channels to targets are secured (PeerTlsCredentials); null: plain
  // text.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  // Where the others are, by short name (`--<service>-target`).
  std::map<std::string, std::string> targets;
  // This process's SERVICE token, on every call that needs a caller.
  BearerTokenSource token;
  // The longest any peer call may take.
  absl::Duration deadline = absl::Seconds(5);
};

// Peers as `masar serve` provides them: for each service, the server's
// in-process channel when this process hosts it (once Attach has been
// called), otherwise a round-robin channel to its target. Thread-safe.
class PeersImpl final : public Peers {
 public:
  explicit PeersImpl(PeersOptions options);

  // From now on hosted peers are called through `server`'s in-process
  // channel; until then their calls fail UNAVAILABLE, as a peer that has
  // not started yet would. `server` must outlive the clients handed out.
  void Attach(Server* server);

  // The channel to `service` (a short name), for its client.
  std::shared_ptr<grpc::Channel> Channel(absl::string_view service);

  std::shared_ptr<identity::IdentityClient> identity() override;

 private:
  // Null while a hosted peer waits for Attach, or for a service neither
  // hosted nor targeted.
  std::shared_ptr<grpc::Channel> ChannelLocked(absl::string_view service)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The client `make` builds over `service`'s channel, kept in `slot` once
  // the channel is final.
  template <typename Client, typename Make>
  std::shared_ptr<Client> Get(absl::string_view service,
                              std::shared_ptr<Client>& slot, Make make);
  PeerCallOptions CallOptions(absl::string_view service)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const PeersOptions options_;
  // Calls through it fail at once with UNAVAILABLE.
  const std::shared_ptr<grpc::Channel> unreachable_;
  absl::Mutex mu_;
  Server* server_ ABSL_GUARDED_BY(mu_) = nullptr;
  absl::flat_hash_map<std::string, std::shared_ptr<grpc::Channel>> channels_
      ABSL_GUARDED_BY(mu_);
  std::shared_ptr<identity::IdentityClient> identity_ ABSL_GUARDED_BY(mu_);
};

// The flag that names where `service` is: "--onboarding-target".
std::string PeerTargetFlag(absl::string_view service);

// Start-up check: INVALID_ARGUMENT naming `<peer>_target` when a hosted
// service calls a peer (ServiceModule::peers) that this process neither
// hosts nor has a target for.
absl::Status CheckPeerTargets(
    const std::vector<std::string>& hosted,
    const std::map<std::string, std::string>& targets);

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_PEERS_IMPL_H_
