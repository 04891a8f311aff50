#ifndef MASAR_SERVICES_MASAR_TLS_SETUP_H_
#define MASAR_SERVICES_MASAR_TLS_SETUP_H_

#include "common/config/serve_config.h"
#include "common/grpc/tls.h"

namespace masar {

// The TLS files `masar serve` was given (--tls-cert, --tls-key, --tls-ca,
// --peer-tls-ca, --tls-refresh-interval).
inline TlsFiles TlsFilesFrom(const ServeConfig& config) {
  return TlsFiles{.cert_file = config.tls_cert,
                  .key_file = config.tls_key,
                  .client_ca_file = config.tls_ca,
                  .peer_ca_file = config.peer_tls_ca,
                  .refresh_interval = config.tls_refresh_interval};
}

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_TLS_SETUP_H_
