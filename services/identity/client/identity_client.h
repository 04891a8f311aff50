#ifndef MASAR_SERVICES_IDENTITY_CLIENT_IDENTITY_CLIENT_H_
#define MASAR_SERVICES_IDENTITY_CLIENT_IDENTITY_CLIENT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/jwks.h"
#include "common/auth/revocation.h"
#include "common/auth/service_token_source.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"

namespace masar::identity {

struct IdentityClientOptions {
  // The deadline of every call: identity down or hung costs a caller at
  // most this, then UNAVAILABLE.
  absl::Duration deadline = absl::Seconds(5);
  // Attached to the calls that need a caller (ListRevocations): the
  // process's service-account token (auth::BearerCallCredentials). Null:
  // those calls go without one and identity refuses them.
  std::shared_ptr<grpc::CallCredentials> credentials;
};

// The identity service as the other services call it, over a channel to
// one identity replica or a round-robin set of them. Every call has a
// deadline; identity unreachable, down or past the deadline is UNAVAILABLE
// naming the method, any other refusal is identity's own status.
// Thread-safe.
class IdentityClient {
 public:
  IdentityClient(std::shared_ptr<grpc::Channel> channel,
                 IdentityClientOptions options = {});

  // The public keys that verify access tokens (GetJwks), by the rules of
  // auth::Jwks::FromJson: keys of other types are skipped, a malformed
  // Ed25519 key refuses the whole set.
  absl::StatusOr<auth::Jwks> GetJwks();

  // A service account's access token (AuthenticateServiceAccount).
  absl::StatusOr<auth::FetchedToken> AuthenticateServiceAccount(
      absl::string_view client_id, absl::string_view client_secret);

  // Up to `page_size` revocations after `after_sequence`, in sequence order
  // (ListRevocations). Needs `options.credentials` of a SERVICE account.
  absl::StatusOr<std::vector<auth::Revocation>> ListRevocations(
      int64_t after_sequence, int page_size);

 private:
  // A context with the deadline, and the credentials when `authenticated`.
  std::unique_ptr<grpc::ClientContext> NewContext(bool authenticated) const;

  const std::unique_ptr<v1::IdentityService::StubInterface> stub_;
  const IdentityClientOptions options_;
};

// A channel to identity at `target`: "host:port", or a gRPC target such as
// "dns:///identity.masar:7001", whose addresses are balanced round-robin
// (a Kubernetes headless service lists every replica).
std::shared_ptr<grpc::Channel> NewIdentityChannel(const std::string& target);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CLIENT_IDENTITY_CLIENT_H_
