#include "services/masar/serve.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "common/audit/checkpointer.h"
#include "common/auth/revocation_sync.h"
#include "common/cache/memory_cache.h"
#include "common/log/batching_writer.h"
#include "common/cache/redis_cache.h"
#include "common/clock/clock.h"
#include "common/crypto/ed25519.h"
#include "common/executor/bounded_executor.h"
#include "common/grpc/server.h"
#include "common/log/logger.h"
#include "common/metrics/http_server.h"
#include "common/metrics/process_metrics.h"
#include "common/metrics/registry.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/masar/auth_setup.h"
#include "services/masar/data_dir_lock.h"
#include "services/masar/identity_peer.h"
#include "services/masar/key_setup.h"
#include "services/masar/peers_impl.h"
#include "services/masar/tls_setup.h"
#include "services/masar/service_registry.h"
#include "services/masar/stores.h"

namespace masar {
namespace {

sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

absl::Status PrepareDataDir(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    return InvalidArgumentError(
        "data_dir", absl::StrCat("cannot create \"", path, "\": ",
                                 error.message()));
  }
  return absl::OkStatus();
}

ServerOptions ToServerOptions(const ServeConfig& config,
                              metrics::Registry* registry) {
  ServerOptions options;
  options.metrics = config.metrics_port != 0 ? registry : nullptr;
  options.host = config.host;
  options.port = config.port;
  options.max_message_bytes = config.max_message_bytes;
  options.default_deadline = config.default_deadline;
  options.max_connection_age = config.max_connection_age;
  options.drain_timeout = config.drain_timeout;
  return options;
}

// Everything one hosted service runs on.
struct Hosted {
  std::string name;
  std::unique_ptr<sql::Database> db;
  std::unique_ptr<BoundedExecutor> executor;
  std::unique_ptr<HostedService> service;
};

absl::StatusOr<std::unique_ptr<cache::Cache>> OpenCache(
    const ServeConfig& config, const Clock& clock) {
  if (config.redis.empty()) {
    return std::unique_ptr<cache::Cache>(
        std::make_unique<cache::MemoryCache>(clock));
  }
  cache::RedisCacheOptions options;
  options.address = config.redis;
  ASSIGN_OR_RETURN(std::unique_ptr<cache::RedisCache> redis,
                   cache::RedisCache::Create(options, clock));
  return std::unique_ptr<cache::Cache>(std::move(redis));
}

std::string AuditCheckpointDir(const ServeConfig& config) {
  return absl::StrCat(config.data_dir, "/audit-checkpoints");
}

// How long a process without identity waits for its keys at start.
constexpr absl::Duration kKeysStartupWait = absl::Seconds(2);

bool HostsIdentity(const std::vector<std::string>& names) {
  return std::find(names.begin(), names.end(), "identity") != names.end();
}

// A process that hosts identity syncs revocations from identity's store
// (MakeIdentityService); any other reads identity's log over gRPC. Both
// listen on the same pub/sub channel of the shared cache.
std::unique_ptr<auth::RevocationSync> StartRevocationSync(
    IdentityPeer& peer, cache::Cache& cache, AuthRuntime& auth,
    const Clock& clock, Logger& logger) {
  auto sync = std::make_unique<auth::RevocationSync>(
      peer.revocations(), &cache, &auth.revocations, &clock);
  if (absl::Status s = sync->Start(); !s.ok()) {
    logger.Warning("revocation sync degraded",
                   {{"error", std::string(s.message())}});
  }
  return sync;
}

// The peers of the hosted services. Their calls carry this process's
// SERVICE principal: a token it signs itself when it holds identity's keys,
// otherwise its service account's, which `identity_peer` renews.
std::unique_ptr<PeersImpl> OpenPeers(const ServeConfig& config,
                                     const std::vector<std::string>& names,
                                     IdentityPeer* identity_peer,
                                     const AuthRuntime& auth,
                                     const Clock& clock,
                                     std::shared_ptr<grpc::ChannelCredentials>
                                         credentials) {
  std::shared_ptr<auth::ServiceTokenSource> tokens =
      identity_peer != nullptr
          ? identity_peer->tokens()
          : std::make_shared<auth::ServiceTokenSource>(
                SelfIssuedServiceTokens(&auth.keys, &clock), &clock);
  PeersOptions options;
  options.hosted = names;
  options.targets = config.peer_targets;
  options.credentials = credentials;
  options.token = [tokens] { return tokens->Token(); };
  return std::make_unique<PeersImpl>(std::move(options));
}

absl::StatusOr<std::vector<Hosted>> OpenServices(
    const ServeConfig& config, const std::vector<std::string>& names,
    const ServiceContext& shared, Logger& logger) {
  std::vector<Hosted> hosted;
  for (const std::string& name : names) {
    Hosted h;
    h.name = name;
    ASSIGN_OR_RETURN(h.db, OpenServiceStore(config, name));
    RETURN_IF_ERROR(PrepareServiceStore(*h.db, name, config.migrate, logger));
    // Every store, before any service writes anything: a replica whose keys
    // differ from those the stores' values were sealed with refuses to start.
    RETURN_IF_ERROR(
        CheckStoreKeys(*h.db, name, *shared.keys, shared.clock->Now()));
    hosted.push_back(std::move(h));
  }
  for (Hosted& h : hosted) {
    const std::string& name = h.name;
    h.executor = std::make_unique<BoundedExecutor>(config.worker_threads,
                                                   config.max_queued_calls);
    ServiceContext context = shared;
    context.db = h.db.get();
    context.audit_checkpoint_file =
        audit::CheckpointFilePath(AuditCheckpointDir(config), name);
    context.executor = h.executor.get();
    ASSIGN_OR_RETURN(h.service, MakeService(name, context, config));
  }
  return hosted;
}

std::unique_ptr<audit::Checkpointer> StartCheckpointer(
    const ServeConfig& config, crypto::Ed25519KeyPair key,
    std::vector<Hosted>& hosted, Logger& logger, const Clock& clock) {
  auto checkpointer = std::make_unique<audit::Checkpointer>(
      std::move(key), AuditCheckpointDir(config), &logger, &clock);
  for (Hosted& h : hosted) checkpointer->Add(h.name, h.db.get());
  checkpointer->Start(config.audit_checkpoint_interval);
  return checkpointer;
}

// The executors' queues and threads, by service (the full name, as in the
// RPC metrics), and the process_* metrics. `hosted` must outlive scrapes.
void AddServeMetrics(metrics::Registry& registry,
                     const std::vector<Hosted>& hosted) {
  metrics::AddProcessMetrics(registry);
  registry.AddCallback(
      "masar_executor_queued_tasks",
      "Calls waiting for a worker thread of their service's executor.",
      metrics::MetricType::kGauge, {"service"}, [&hosted] {
        std::vector<metrics::Sample> samples;
        for (const Hosted& h : hosted) {
          samples.push_back({{std::string(h.service->service_name())},
                             static_cast<double>(h.executor->queued())});
        }
        return samples;
      });
  registry.AddCallback(
      "masar_executor_threads", "Worker threads of each service's executor.",
      metrics::MetricType::kGauge, {"service"}, [&hosted] {
        std::vector<metrics::Sample> samples;
        for (const Hosted& h : hosted) {
          samples.push_back({{std::string(h.service->service_name())},
                             static_cast<double>(h.executor->threads())});
        }
        return samples;
      });
}

// /metrics on --host:--metrics-port, or null when it is 0. A taken default
// port (another masar on this machine) only costs the metrics; a port the
// operator chose stops start-up.
absl::StatusOr<std::unique_ptr<metrics::HttpServer>> ServeMetrics(
    const ServeConfig& config, const metrics::Registry& registry,
    Logger& logger) {
  if (config.metrics_port == 0) return nullptr;
  absl::StatusOr<std::unique_ptr<metrics::HttpServer>> server =
      metrics::HttpServer::Start(config.host, config.metrics_port, &registry);
  if (!server.ok() && !config.metrics_port_given) {
    logger.Warning("metrics not served",
                   {{"error", std::string(server.status().message())}});
    return nullptr;
  }
  return server;
}

}  // namespace

// Starts each hosted service's own work, in start-up order.
absl::Status StartBackgroundWork(std::vector<Hosted>& hosted) {
  for (Hosted& h : hosted) {
    RETURN_IF_ERROR(h.service->StartBackgroundWork());
  }
  return absl::OkStatus();
}

// Stops it in reverse order (a service stops before those it may call).
void StopBackgroundWork(std::vector<Hosted>& hosted) {
  for (auto it = hosted.rbegin(); it != hosted.rend(); ++it) {
    it->service->StopBackgroundWork();
  }
}

absl::Status RunServe(const ServeConfig& config) {
  const sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
#ifdef NDEBUG
  // Debian's Abseil checks every lock order, a cost a release build skips.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
#endif

  SystemClock clock;
  // Outlives everything that counts into it.
  metrics::Registry registry;
  // Outlives everything that logs; its destructor writes what is left.
  BatchingWriter log_writer;
  Logger logger(log_writer.sink(), config.log_level, &clock,
                log_writer.flush());
  ASSIGN_OR_RETURN(std::vector<std::string> names,
                   ResolveServiceNames(config.services));
  // Checked before anything is created: a process without identity that
  // cannot reach it, or a service whose peer is nowhere, refuses to start.
  RETURN_IF_ERROR(CheckPeerTargets(names, config.peer_targets));
  // One set of watched TLS files for every peer channel, identity's too.
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ChannelCredentials> peer_credentials,
                   PeerTlsCredentials(TlsFilesFrom(config)));
  std::unique_ptr<IdentityPeer> peer;
  if (!HostsIdentity(names)) {
    ASSIGN_OR_RETURN(peer, OpenIdentityPeer(config, &clock, peer_credentials));
  }
  RETURN_IF_ERROR(PrepareDataDir(config.data_dir));
  // Held until the process ends: `masar restore` waits for no server.
  ASSIGN_OR_RETURN(const DataDirLock data_dir_lock,
                   DataDirLock::Acquire(config.data_dir,
                                        DataDirLock::Mode::kShared));
  ASSIGN_OR_RETURN(const keys::KeySet keys, LoadServeKeys(config, names));
  ASSIGN_OR_RETURN(std::unique_ptr<cache::Cache> cache,
                   OpenCache(config, clock));
  // Declared before what uses them, so they are destroyed after: the
  // verifier fetches keys through the peer, the sync writes into auth.
  std::unique_ptr<AuthRuntime> auth;
  std::unique_ptr<auth::RevocationSync> revocation_sync;
  if (peer == nullptr) {
    ASSIGN_OR_RETURN(auth::SigningKeySet signing, TokenSigningKeys(config));
    ASSIGN_OR_RETURN(auth, OpenAuth(std::move(signing), &clock));
  } else {
    auth = OpenRemoteAuth(peer->KeySource(), &clock, logger, kKeysStartupWait);
    revocation_sync = StartRevocationSync(*peer, *cache, *auth, clock, logger);
  }
  // Declared before the peers and services, so destroyed after them: an
  // in-process peer call never outlives the server it goes to.
  std::unique_ptr<Server> server;
  std::unique_ptr<PeersImpl> peers = OpenPeers(config, names, peer.get(),
                                               *auth, clock, peer_credentials);
  ServiceContext shared;
  shared.peers = peers.get();
  shared.auth = auth.get();
  shared.cache = cache.get();
  shared.clock = &clock;
  shared.logger = &logger;
  shared.data_dir = config.data_dir;
  shared.keys = &keys;
  ASSIGN_OR_RETURN(crypto::Ed25519KeyPair checkpoint_key,
                   AuditCheckpointKey(keys));
  ASSIGN_OR_RETURN(shared.audit_checkpoint_public_keys,
                   AuditCheckpointPublicKeys(keys));
  ASSIGN_OR_RETURN(std::vector<Hosted> hosted,
                   OpenServices(config, names, shared, logger));
  std::unique_ptr<audit::Checkpointer> checkpointer = StartCheckpointer(
      config, std::move(checkpoint_key), hosted, logger, clock);

  std::vector<HostedService*> services;
  for (Hosted& h : hosted) services.push_back(h.service.get());
  ServerOptions server_options = ToServerOptions(config, &registry);
  ASSIGN_OR_RETURN(server_options.credentials,
                   ServerTlsCredentials(TlsFilesFrom(config)));
  ASSIGN_OR_RETURN(server, Server::Start(server_options, services, &logger));
  AddServeMetrics(registry, hosted);
  // Declared after `hosted`, so no scrape outlives the executors it reads.
  ASSIGN_OR_RETURN(std::unique_ptr<metrics::HttpServer> metrics_server,
                   ServeMetrics(config, registry, logger));
  peers->Attach(server.get());
  if (absl::Status started = StartBackgroundWork(hosted); !started.ok()) {
    StopBackgroundWork(hosted);
    server->Shutdown();
    server->Wait();
    return started;
  }

  const std::string address = absl::StrCat(config.host, ":", server->port());
  logger.Info("serving",
              {{"address", address},
               {"services", absl::StrJoin(names, ",")},
               {"store", config.database.empty() ? "sqlite" : "postgresql"},
               {"cache", config.redis.empty() ? "in-process" : "redis"},
               {"metrics_port",
                metrics_server != nullptr ? metrics_server->port() : 0}});
  // One plain line on stdout for people and scripts (port 0 picks the port).
  std::printf("masar listening on %s\n", address.c_str());
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  logger.Info("signal received",
              {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  StopBackgroundWork(hosted);
  server->Shutdown();
  server->Wait();
  checkpointer->Stop();
  return absl::OkStatus();
}

absl::Status RunMigrate(const ServeConfig& config) {
  SystemClock clock;
  Logger logger(Logger::StderrSink(), config.log_level, &clock);
  ASSIGN_OR_RETURN(std::vector<std::string> names,
                   ResolveServiceNames(config.services));
  RETURN_IF_ERROR(PrepareDataDir(config.data_dir));
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(std::unique_ptr<sql::Database> db,
                     OpenServiceStore(config, name));
    RETURN_IF_ERROR(PrepareServiceStore(*db, name, /*migrate=*/true, logger));
  }
  return absl::OkStatus();
}

}  // namespace masar
