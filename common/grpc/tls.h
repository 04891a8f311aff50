#ifndef MASAR_COMMON_GRPC_TLS_H_
#define MASAR_COMMON_GRPC_TLS_H_

#include <memory>
#include <string>

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace masar {

// Where a process's certificates are (PEM files, such as a mounted
// Kubernetes Secret). Every file is watched: a certificate, key or CA
// replaced on disk is used by new connections within `refresh_interval`,
// without a restart (Kubernetes rotates mounted Secrets in place).
struct TlsFiles {
  // The process's certificate chain and private key: what its server
  // presents, and what it presents to peers that require client
  // certificates. Both or neither.
  std::string cert_file;
  std::string key_file;
  // Clients must present a certificate signed by this CA (mutual TLS);
  // empty: clients are not asked for one. Needs cert_file.
  std::string client_ca_file;
  // Peers' server certificates are verified against this CA (and their
  // name against the target's host); empty: peers are called in plain text.
  std::string peer_ca_file;
  absl::Duration refresh_interval = absl::Minutes(1);
};

// The server's credentials: plain text without cert_file; TLS with it,
// requiring and verifying client certificates when client_ca_file is set.
// INVALID_ARGUMENT naming the flag (--tls-cert, --tls-key, --tls-ca) when a
// file cannot be read or a pair is incomplete.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerTlsCredentials(
    const TlsFiles& files);

// The credentials of channels to peers: plain text without peer_ca_file;
// TLS with it, presenting cert_file/key_file when given. INVALID_ARGUMENT
// naming the flag (--peer-tls-ca, --tls-cert, --tls-key) as above.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> PeerTlsCredentials(
    const TlsFiles& files);

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_TLS_H_
