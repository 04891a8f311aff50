#ifndef MASAR_COMMON_CONFIG_SERVE_CONFIG_H_
#define MASAR_COMMON_CONFIG_SERVE_CONFIG_H_

#include <map>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/time/time.h"
#include "common/log/logger.h"

namespace masar {

// Everything `masar serve` is told, as plain values. Only the binary parses
// flags (through AddServeFlags); libraries receive the parts they need.
struct ServeConfig {
  // Service names ("identity", ...) or the single entry "all".
  std::vector<std::string> services = {"all"};
  std::string host = "127.0.0.1";
  // 0 picks a free port, printed at start-up.
  int port = 50051;
  // Prometheus metrics on http://host:metrics_port/metrics; 0: none. The
  // default is the port OpenTelemetry's Prometheus exporter uses.
  int metrics_port = 9464;
  // Whether metrics_port was given (flag or environment). A given port that
  // is taken stops start-up; the default port, taken by another process on
  // the same machine, only costs this process its metrics (with a warning).
  bool metrics_port_given = false;
  std::string data_dir = "./var";
  // Empty: an in-process cache. Otherwise "host:port", "redis://host:port"
  // or "unix:///path/to/redis.sock".
  std::string redis;
  // Empty: SQLite files under data_dir. Otherwise a PostgreSQL URL
  // ("postgresql://user@host:5432/masar").
  std::string database;
  // Connections per service to its store.
  int database_pool_size = 8;
  // Apply pending migrations at start-up; otherwise refuse to start unless
  // the schema is current (migrations then run with `masar migrate`).
  bool migrate = true;
  // Threads per service for blocking work (SQL, Redis), and how many calls
  // may wait for one before the service answers RESOURCE_EXHAUSTED.
  int worker_threads = 8;
  int max_queued_calls = 256;
  // The first PLATFORM_ADMIN, created once when the identity store is empty
  // (the password is best given through the environment).
  std::string bootstrap_admin_email;
  std::string bootstrap_admin_password;
  // Identity's token signing keys: a directory of *.ed25519 seed files (a
  // mounted Kubernetes Secret; common/auth/signing_key_files.h). Empty: the
  // embedded default key under data_dir.
  std::string token_signing_keys;
  // Proxies (CIDRs or addresses) whose `x-forwarded-for` names the client
  // for sign-in throttling (common/net/trusted_proxies.h); empty: nobody's.
  std::vector<std::string> trusted_proxies;
  // Every key replicas must share (TOTP and national-id sealing, the
  // national-id lookup key, audit checkpoints, token signing): a directory
  // of `<kind>.<label>` files, a mounted Kubernetes Secret
  // (common/keys/key_directory.h). Empty: a lone process generates its keys
  // under data_dir.
  std::string keys_dir;
  // Where the services this process does not host are, by short name
  // ("identity", "onboarding", "mentoring", "partnerships"; `--<name>-target`):
  // "host:port" or a gRPC target such as "dns:///identity.masar:7001"
  // (round-robin over its addresses). A process that does not host identity
  // needs identity's (JWKS, revocations, service-account sign-in); any
  // other is needed when a hosted service calls that peer. Targets of
  // hosted services are ignored: those calls stay in the process.
  std::map<std::string, std::string> peer_targets;
  // The service account such a process signs in as (its client id), and its
  // client secret: given directly (best through the environment) or read
  // from a file, such as a mounted Kubernetes Secret.
  std::string service_account_id;
  std::string service_account_secret;
  std::string service_account_secret_file;
  // How often each service signs its audit chain's head (checkpoint).
  absl::Duration audit_checkpoint_interval = absl::Minutes(1);
  // TLS (PEM files, watched for rotation; common/grpc/tls.h): the server's
  // certificate and key (also presented to peers that require client
  // certificates), the CA client certificates must chain to (mutual TLS),
  // the CA peers' server certificates must chain to, and how often the files
  // are re-read. All empty: plain text, as on a laptop.
  std::string tls_cert;
  std::string tls_key;
  std::string tls_ca;
  std::string peer_tls_ca;
  absl::Duration tls_refresh_interval = absl::Minutes(1);
  // The IANA time zone dates are taken in (an agreement's expiry, an
  // obligation's due day, an application window's days): the agency's
  // calendar, whatever zone the machines run in.
  std::string time_zone = "Africa/Casablanca";
  absl::Duration drain_timeout = absl::Seconds(20);
  absl::Duration default_deadline = absl::Seconds(30);
  absl::Duration max_connection_age = absl::Minutes(5);
  int max_message_bytes = 4 * 1024 * 1024;
  LogLevel log_level = LogLevel::kInfo;
};

// Binds every `masar serve` flag of `config` to `app`, each with its
// MASAR_* environment variable (a flag on the command line wins). Bad values
// are refused at parse time with a message naming the flag.
void AddServeFlags(CLI::App& app, ServeConfig& config);

// The subset `masar migrate` takes: which services, where their stores are.
void AddStoreFlags(CLI::App& app, ServeConfig& config);

// `--keys-dir` (MASAR_KEYS_DIR), for `masar serve` and `masar reseal`.
void AddKeysDirFlag(CLI::App& app, ServeConfig& config);

}  // namespace masar

#endif  // MASAR_COMMON_CONFIG_SERVE_CONFIG_H_
