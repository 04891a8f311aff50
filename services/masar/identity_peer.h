#ifndef MASAR_SERVICES_MASAR_IDENTITY_PEER_H_
#define MASAR_SERVICES_MASAR_IDENTITY_PEER_H_

#include <memory>
#include <string>

#include <grpcpp/security/credentials.h>

#include "absl/status/statusor.h"
#include "common/auth/revocation_source.h"
#include "common/auth/service_token_source.h"
#include "common/auth/token_verifier.h"
#include "common/clock/clock.h"
#include "common/config/serve_config.h"
#include "services/identity/client/identity_client.h"
#include "services/identity/client/identity_revocation_source.h"

namespace masar {

// Identity as seen from a process that does not host it: a client over a
// round-robin channel to `--identity-target`, this process's
// service-account token (signed in on first use, renewed before expiry and
// attached to the calls that need it, to identity and every other peer),
// the JWKS as a KeySource and the revocation log as a RevocationSource.
class IdentityPeer {
 public:
  // `clock` must outlive the peer.
  IdentityPeer(const std::string& target,
               std::shared_ptr<grpc::ChannelCredentials> credentials,
               std::string client_id, std::string client_secret,
               const Clock* clock);

  // Fetches identity's JWKS; valid while the peer lives.
  auth::KeySource KeySource();
  auth::RevocationSource* revocations() { return &revocations_; }
  identity::IdentityClient* client() { return client_.get(); }
  // The service-account token, for this process's calls to any peer.
  const std::shared_ptr<auth::ServiceTokenSource>& tokens() const {
    return tokens_;
  }

 private:
  const std::string client_id_;
  const std::string client_secret_;  // never logged
  std::shared_ptr<auth::ServiceTokenSource> tokens_;
  std::unique_ptr<identity::IdentityClient> client_;
  identity::IdentityRevocationSource revocations_;
};

// The peer `config` describes, for a process that does not host identity.
// INVALID_ARGUMENT naming the flag when --identity-target, the service
// account or its secret is missing, or the secret is given twice; the
// secret file unreadable is FAILED_PRECONDITION. `credentials` secure the
// channel (the process's PeerTlsCredentials, shared with its other peers).
absl::StatusOr<std::unique_ptr<IdentityPeer>> OpenIdentityPeer(
    const ServeConfig& config, const Clock* clock,
    std::shared_ptr<grpc::ChannelCredentials> credentials);

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_IDENTITY_PEER_H_
