#include "common/config/serve_config.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/net/trusted_proxies.h"

namespace masar {
namespace {

// A duration flag such as "20s", "1m30s" or "250ms"; must be positive.
void AddDurationFlag(CLI::App& app, const std::string& name,
                     const std::string& env, absl::Duration* target,
                     const std::string& description) {
  app.add_option_function<std::string>(
         name,
         [name, target](const std::string& text) {
           absl::Duration value;
           if (!absl::ParseDuration(text, &value)) {
             throw CLI::ValidationError(
                 name, absl::StrCat("\"", text,
                                    "\" is not a duration such as 20s, 1m30s "
                                    "or 250ms"));
           }
           if (value <= absl::ZeroDuration()) {
             throw CLI::ValidationError(name, "must be positive");
           }
           *target = value;
         },
         description)
      ->envname(env)
      ->default_str(absl::FormatDuration(*target));
}

std::string CheckTrustedProxy(const std::string& text) {
  absl::StatusOr<net::TrustedProxies> parsed = net::TrustedProxies::Parse({text});
  return parsed.ok() ? "" : std::string(parsed.status().message());
}

std::string CheckTimeZone(const std::string& text) {
  absl::TimeZone zone;
  return absl::LoadTimeZone(text, &zone)
             ? ""
             : "expected an IANA time zone such as Africa/Casablanca (is "
               "tzdata installed?)";
}

std::string CheckRedisAddress(const std::string& text) {
  absl::string_view rest = text;
  if (absl::ConsumePrefix(&rest, "unix://")) {
    return rest.empty() ? "a unix:// address needs a socket path" : "";
  }
  absl::ConsumePrefix(&rest, "redis://");
  rest = rest.substr(0, rest.find('/'));
  std::pair<absl::string_view, absl::string_view> host_port =
      absl::StrSplit(rest, absl::MaxSplits(':', 1));
  int port = 0;
  if (host_port.first.empty() || !absl::SimpleAtoi(host_port.second, &port) ||
      port < 1 || port > 65535) {
    return "expected host:port, redis://host:port or unix:///path";
  }
  return "";
}

// "host:port", or a gRPC target URI ("dns:///host:port", "ipv4:...",
// "unix:..."), which gRPC itself checks further when it resolves it.
std::string CheckGrpcTarget(const std::string& text) {
  if (text.find_first_of(" \t\n") != std::string::npos) {
    return "must not contain whitespace";
  }
  for (absl::string_view scheme : {"dns:", "ipv4:", "ipv6:", "unix:"}) {
    if (absl::StartsWith(text, scheme)) {
      return text.size() > scheme.size()
                 ? ""
                 : absl::StrCat("\"", scheme, "\" needs an address after it");
    }
  }
  const size_t colon = text.rfind(':');
  int port = 0;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(absl::string_view(text).substr(colon + 1), &port) ||
      port < 1 || port > 65535) {
    return "expected host:port or a target such as dns:///identity:7001";
  }
  return "";
}

std::string CheckDatabaseUrl(const std::string& text) {
  if (absl::StartsWith(text, "postgresql://") ||
      absl::StartsWith(text, "postgres://")) {
    return "";
  }
  return "expected a PostgreSQL URL such as postgresql://user@host:5432/masar";
}

void AddLogLevelFlag(CLI::App& app, ServeConfig& config) {
  app.add_option_function<std::string>(
         "--log-level",
         [&config](const std::string& text) {
           absl::StatusOr<LogLevel> level = ParseLogLevel(text);
           if (!level.ok()) {
             throw CLI::ValidationError("--log-level",
                                        std::string(level.status().message()));
           }
           config.log_level = *level;
         },
         "debug, info, warning or error")
      ->envname("MASAR_LOG_LEVEL")
      ->default_str("info");
}

// Where the services this process does not host are, and what a process
// without identity needs to reach it.
void AddPeerFlags(CLI::App& app, ServeConfig& config) {
  for (const char* service :
       {"identity", "onboarding", "mentoring", "partnerships"}) {
    app.add_option(absl::StrCat("--", service, "-target"),
                   config.peer_targets[service],
                   absl::StrCat("Where ", service,
                                " is (host:port, or dns:///host:port for "
                                "round-robin over its replicas); required "
                                "when a hosted service calls it (identity: "
                                "always) and this process does not host it"))
        ->envname(absl::StrCat("MASAR_", absl::AsciiStrToUpper(service),
                               "_TARGET"))
        ->check(CLI::Validator(CheckGrpcTarget, "TARGET"));
  }
  app.add_option("--service-account", config.service_account_id,
                 "Client id of the service account this process signs in "
                 "as to read revocations from identity; required unless "
                 "this process hosts identity")
      ->envname("MASAR_SERVICE_ACCOUNT_ID");
  app.add_option("--service-account-secret-file",
                 config.service_account_secret_file,
                 "File holding that service account's client secret (a "
                 "mounted secret)")
      ->envname("MASAR_SERVICE_ACCOUNT_SECRET_FILE")
      ->check(CLI::ExistingFile);
  app.add_option("--service-account-secret", config.service_account_secret,
                 "The client secret itself; prefer the environment variable "
                 "or the file, which no process listing shows")
      ->envname("MASAR_SERVICE_ACCOUNT_SECRET");
}

}  // namespace

void AddStoreFlags(CLI::App& app, ServeConfig& config) {
  app.add_option("--services", config.services,
                 "Services to host: all, or a comma-separated list of "
                 "identity, onboarding, mentoring, partnerships")
      ->envname("MASAR_SERVICES")
      ->delimiter(',')
      ->default_str("all");
  app.add_option("--data-dir", config.data_dir,
                 "Directory for the embedded SQLite stores, keys and audit "
                 "checkpoints")
      ->envname("MASAR_DATA_DIR")
      ->default_str(config.data_dir);
  app.add_option("--database", config.database,
                 "PostgreSQL URL (one schema per service); without it each "
                 "service keeps a SQLite file under --data-dir")
      ->envname("MASAR_DATABASE")
      ->check(CLI::Validator(CheckDatabaseUrl, "URL"));
  app.add_option("--database-pool-size", config.database_pool_size,
                 "Connections per service to its store")
      ->envname("MASAR_DATABASE_POOL_SIZE")
      ->check(CLI::Range(1, 256))
      ->default_str(std::to_string(config.database_pool_size));
  AddLogLevelFlag(app, config);
}

void AddKeysDirFlag(CLI::App& app, ServeConfig& config) {
  app.add_option("--keys-dir", config.keys_dir,
                 "Directory of the keys every replica must share (a mounted "
                 "Secret): <kind>.<label> files, kind one of totp, "
                 "national-id, national-id-lookup, audit-checkpoint, "
                 "token-signing; 32 bytes raw or hex, mode 0400; the last "
                 "by name seals or signs. Without it keys are generated "
                 "under --data-dir")
      ->envname("MASAR_KEYS_DIR")
      ->check(CLI::ExistingDirectory);
}

void AddServeFlags(CLI::App& app, ServeConfig& config) {
  AddStoreFlags(app, config);
  AddKeysDirFlag(app, config);
  app.add_option("--host", config.host,
                 "Address to listen on (0.0.0.0 for every interface)")
      ->envname("MASAR_HOST")
      ->default_str(config.host);
  app.add_option("--port", config.port,
                 "gRPC port; 0 picks a free port and prints it")
      ->envname("MASAR_PORT")
      ->check(CLI::Range(0, 65535))
      ->default_str(std::to_string(config.port));
  app.add_option("--metrics-port", config.metrics_port,
                 "Port of Prometheus metrics (HTTP, /metrics, on --host); 0: "
                 "none")
      ->envname("MASAR_METRICS_PORT")
      ->check(CLI::Range(0, 65535))
      ->each([&config](const std::string&) { config.metrics_port_given = true; })
      ->default_str(std::to_string(config.metrics_port));
  app.add_option("--redis", config.redis,
                 "Shared Redis (host:port, redis://host:port or "
                 "unix:///path); without it an in-process cache is used")
      ->envname("MASAR_REDIS")
      ->check(CLI::Validator(CheckRedisAddress, "ADDRESS"));
  app.add_option("--migrate", config.migrate,
                 "Apply pending migrations at start-up; with false, refuse to "
                 "start unless the schema is current")
      ->envname("MASAR_MIGRATE")
      ->default_str("true");
  app.add_option("--worker-threads", config.worker_threads,
                 "Threads per service for blocking work (SQL, Redis)")
      ->envname("MASAR_WORKER_THREADS")
      ->check(CLI::Range(1, 256))
      ->default_str(std::to_string(config.worker_threads));
  app.add_option("--max-queued-calls", config.max_queued_calls,
                 "Calls per service that may wait for a worker; beyond, "
                 "RESOURCE_EXHAUSTED at once")
      ->envname("MASAR_MAX_QUEUED_CALLS")
      ->check(CLI::Range(1, 1000000))
      ->default_str(std::to_string(config.max_queued_calls));
  app.add_option("--bootstrap-admin-email", config.bootstrap_admin_email,
                 "With an empty identity store, create this PLATFORM_ADMIN "
                 "once (they enrol MFA at first sign-in)")
      ->envname("MASAR_BOOTSTRAP_ADMIN_EMAIL");
  app.add_option("--bootstrap-admin-password", config.bootstrap_admin_password,
                 "The bootstrap administrator's password; prefer the "
                 "environment variable, which no process listing shows")
      ->envname("MASAR_BOOTSTRAP_ADMIN_PASSWORD");
  app.add_option("--token-signing-keys", config.token_signing_keys,
                 "Directory of token signing keys (*.ed25519, 32-byte seeds "
                 "raw or hex, mode 0400; the last by name signs, all are "
                 "published), instead of the token-signing.* files of "
                 "--keys-dir; without either a key is generated under "
                 "--data-dir")
      ->envname("MASAR_TOKEN_SIGNING_KEYS")
      ->check(CLI::ExistingDirectory);
  app.add_option("--trusted-proxies", config.trusted_proxies,
                 "Comma-separated CIDRs of proxies (Envoy, a portal) whose "
                 "x-forwarded-for names the client for sign-in throttling; "
                 "anyone else's x-forwarded-for is ignored")
      ->envname("MASAR_TRUSTED_PROXIES")
      ->delimiter(',')
      ->check(CLI::Validator(CheckTrustedProxy, "CIDR"));
  AddPeerFlags(app, config);
  AddDurationFlag(app, "--drain-timeout", "MASAR_DRAIN_TIMEOUT",
                  &config.drain_timeout,
                  "On SIGTERM/SIGINT, how long in-flight calls may finish");
  AddDurationFlag(app, "--default-deadline", "MASAR_DEFAULT_DEADLINE",
                  &config.default_deadline,
                  "Deadline given to calls that arrive without one");
  AddDurationFlag(app, "--max-connection-age", "MASAR_MAX_CONNECTION_AGE",
                  &config.max_connection_age,
                  "Connections are closed gracefully after this age so new "
                  "replicas receive load");
  app.add_option("--tls-cert", config.tls_cert,
                 "Server certificate chain (PEM); with --tls-key, the server "
                 "speaks TLS and presents it to peers that ask for one")
      ->envname("MASAR_TLS_CERT");
  app.add_option("--tls-key", config.tls_key, "Private key of --tls-cert (PEM)")
      ->envname("MASAR_TLS_KEY");
  app.add_option("--tls-ca", config.tls_ca,
                 "Require client certificates signed by this CA (PEM): mutual "
                 "TLS between services")
      ->envname("MASAR_TLS_CA");
  app.add_option("--peer-tls-ca", config.peer_tls_ca,
                 "Call peers (--<service>-target, identity's sign-in) over "
                 "TLS, verifying their certificates against this CA (PEM)")
      ->envname("MASAR_PEER_TLS_CA");
  AddDurationFlag(app, "--tls-refresh-interval", "MASAR_TLS_REFRESH_INTERVAL",
                  &config.tls_refresh_interval,
                  "How often the TLS files are re-read: a rotated certificate "
                  "is used by new connections without a restart");
  app.add_option("--time-zone", config.time_zone,
                 "IANA time zone of the service's dates (expiry, due days, "
                 "application windows): a day starts at 00:00 there")
      ->envname("MASAR_TIME_ZONE")
      ->check(CLI::Validator(CheckTimeZone, "ZONE"))
      ->default_str(config.time_zone);
  AddDurationFlag(app, "--audit-checkpoint-interval",
                  "MASAR_AUDIT_CHECKPOINT_INTERVAL",
                  &config.audit_checkpoint_interval,
                  "How often each service signs its audit chain's head");
  app.add_option("--max-message-bytes", config.max_message_bytes,
                 "Largest request or response message accepted")
      ->envname("MASAR_MAX_MESSAGE_BYTES")
      ->check(CLI::Range(1024, 64 * 1024 * 1024))
      ->default_str(std::to_string(config.max_message_bytes));
}

}  // namespace masar
