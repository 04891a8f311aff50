#include "services/masar/peers_impl.h"

#include <algorithm>
#include <utility>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "services/identity/client/grpc_identity_client.h"
#include "services/masar/service_registry.h"

namespace masar {
namespace {

bool Contains(const std::vector<std::string>& names, absl::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

PeersImpl::PeersImpl(PeersOptions options)
    : options_(std::move(options)),
      // A socket path that cannot exist: the connection is refused at once.
      unreachable_(grpc::CreateChannel("unix:/nonexistent/masar-peer",
                                       grpc::InsecureChannelCredentials())) {}

void PeersImpl::Attach(Server* server) {
  absl::MutexLock lock(&mu_);
  server_ = server;
}

std::shared_ptr<grpc::Channel> PeersImpl::Channel(absl::string_view service) {
  absl::MutexLock lock(&mu_);
  std::shared_ptr<grpc::Channel> channel = ChannelLocked(service);
  return channel != nullptr ? channel : unreachable_;
}

std::shared_ptr<grpc::Channel> PeersImpl::ChannelLocked(
    absl::string_view service) {
  auto cached = channels_.find(service);
  if (cached != channels_.end()) return cached->second;
  std::shared_ptr<grpc::Channel> channel;
  if (Contains(options_.hosted, service)) {
    if (server_ == nullptr) return nullptr;
    channel = server_->InProcessChannel();
  } else {
    auto target = options_.targets.find(std::string(service));
    if (target == options_.targets.end() || target->second.empty()) {
      return nullptr;
    }
    channel = NewPeerChannel(target->second, options_.credentials);
  }
  channels_.emplace(service, channel);
  return channel;
}

template <typename Client, typename Make>
std::shared_ptr<Client> PeersImpl::Get(absl::string_view service,
                                       std::shared_ptr<Client>& slot,
                                       Make make) {
  {
    absl::ReaderMutexLock lock(&mu_);
    if (slot != nullptr) return slot;
  }
  absl::MutexLock lock(&mu_);
  if (slot != nullptr) return slot;
  std::shared_ptr<grpc::Channel> channel = ChannelLocked(service);
  if (channel == nullptr) return make(unreachable_, CallOptions(service));
  slot = make(std::move(channel), CallOptions(service));
  return slot;
}

PeerCallOptions PeersImpl::CallOptions(absl::string_view service) {
  PeerCallOptions options{std::string(service), options_.deadline,
                          options_.token, nullptr};
  if (Contains(options_.hosted, service) && server_ != nullptr) {
    options.gate = server_->InProcessGate();
  }
  return options;
}

std::shared_ptr<identity::IdentityClient> PeersImpl::identity() {
  return Get(
      "identity", identity_,
      [](std::shared_ptr<grpc::Channel> channel, PeerCallOptions options) {
        return std::shared_ptr<identity::IdentityClient>(
            std::make_shared<identity::GrpcIdentityClient>(std::move(channel),
                                                           std::move(options)));
      });
}

std::string PeerTargetFlag(absl::string_view service) {
  return absl::StrCat("--", service, "-target");
}

absl::Status CheckPeerTargets(
    const std::vector<std::string>& hosted,
    const std::map<std::string, std::string>& targets) {
  for (const std::string& name : hosted) {
    const ServiceModule* module = FindServiceModule(name);
    if (module == nullptr) continue;
    for (const std::string& peer : module->peers) {
      if (Contains(hosted, peer)) continue;
      auto target = targets.find(peer);
      if (target != targets.end() && !target->second.empty()) continue;
      return InvalidArgumentError(
          absl::StrCat(peer, "_target"),
          absl::StrCat(PeerTargetFlag(peer), " (MASAR_",
                       absl::AsciiStrToUpper(peer), "_TARGET) is required: ",
                       name, " calls ", peer,
                       ", which this process does not host"));
    }
  }
  return absl::OkStatus();
}

}  // namespace masar
