#include "services/masar/identity_peer.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/peer_call.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/identity/client/grpc_identity_client.h"

namespace masar {
namespace {

// Short: a JWKS fetch runs on the verifying thread (at most once per
// refresh interval), and a revocation poll must not lag behind the next.
constexpr absl::Duration kIdentityDeadline = absl::Seconds(2);

absl::StatusOr<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream contents;
  contents << file.rdbuf();
  if (!file) {
    return absl::FailedPreconditionError(absl::StrCat(
        "service_account_secret_file: cannot read \"", path, "\""));
  }
  // A secret file written by hand or by `echo` ends with a newline.
  return std::string(absl::StripAsciiWhitespace(contents.str()));
}

absl::StatusOr<std::string> ServiceAccountSecret(const ServeConfig& config) {
  if (!config.service_account_secret.empty() &&
      !config.service_account_secret_file.empty()) {
    return InvalidArgumentError(
        "service_account_secret",
        "give the secret once: --service-account-secret-file or "
        "MASAR_SERVICE_ACCOUNT_SECRET, not both");
  }
  if (!config.service_account_secret_file.empty()) {
    return ReadSecretFile(config.service_account_secret_file);
  }
  return config.service_account_secret;
}

}  // namespace

IdentityPeer::IdentityPeer(
    const std::string& target,
    std::shared_ptr<grpc::ChannelCredentials> credentials,
    std::string client_id, std::string client_secret, const Clock* clock)
    : client_id_(std::move(client_id)),
      client_secret_(std::move(client_secret)),
      tokens_(std::make_shared<auth::ServiceTokenSource>(
          [this] {
            return client_->AuthenticateServiceAccount({}, client_id_,
                                                       client_secret_);
          },
          clock)),
      client_(std::make_unique<identity::GrpcIdentityClient>(
          NewPeerChannel(target, std::move(credentials)),
          PeerCallOptions{"identity", kIdentityDeadline,
                          [tokens = tokens_] { return tokens->Token(); },
                          nullptr})),
      revocations_(client_.get()) {}

auth::KeySource IdentityPeer::KeySource() {
  return [client = client_.get()] { return client->GetJwks({}); };
}

absl::StatusOr<std::unique_ptr<IdentityPeer>> OpenIdentityPeer(
    const ServeConfig& config, const Clock* clock,
    std::shared_ptr<grpc::ChannelCredentials> credentials) {
  constexpr char kWhy[] =
      "required when this process does not host identity: it verifies "
      "identity's tokens with the keys and revocations it reads from there";
  auto target = config.peer_targets.find("identity");
  if (target == config.peer_targets.end() || target->second.empty()) {
    return InvalidArgumentError(
        "identity_target",
        absl::StrCat("--identity-target (MASAR_IDENTITY_TARGET) is ", kWhy));
  }
  if (config.service_account_id.empty()) {
    return InvalidArgumentError(
        "service_account",
        absl::StrCat("--service-account (MASAR_SERVICE_ACCOUNT_ID) is ", kWhy));
  }
  absl::StatusOr<std::string> secret = ServiceAccountSecret(config);
  if (!secret.ok()) return secret.status();
  if (secret->empty()) {
    return InvalidArgumentError(
        "service_account_secret",
        absl::StrCat("--service-account-secret-file or "
                     "MASAR_SERVICE_ACCOUNT_SECRET is ",
                     kWhy));
  }
  return std::make_unique<IdentityPeer>(target->second, std::move(credentials),
                                        config.service_account_id,
                                        *std::move(secret), clock);
}

}  // namespace masar
