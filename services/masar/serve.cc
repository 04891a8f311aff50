#include "services/masar/serve.h"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "common/clock/clock.h"
#include "common/grpc/server.h"
#include "common/log/logger.h"
#include "common/status/errors.h"
#include "services/masar/service_registry.h"

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

ServerOptions ToServerOptions(const ServeConfig& config) {
  ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.max_message_bytes = config.max_message_bytes;
  options.default_deadline = config.default_deadline;
  options.max_connection_age = config.max_connection_age;
  options.drain_timeout = config.drain_timeout;
  return options;
}

}  // namespace

absl::Status RunServe(const ServeConfig& config) {
  const sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
#ifdef NDEBUG
  // Debian's Abseil checks every lock order, a cost a release build skips.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
#endif

  SystemClock clock;
  Logger logger(Logger::StderrSink(), config.log_level, &clock);

  absl::StatusOr<std::vector<std::string>> names =
      ResolveServiceNames(config.services);
  if (!names.ok()) return names.status();
  if (absl::Status s = PrepareDataDir(config.data_dir); !s.ok()) return s;

  std::vector<std::unique_ptr<HostedService>> services;
  std::vector<HostedService*> hosted;
  for (const std::string& name : *names) {
    absl::StatusOr<std::unique_ptr<HostedService>> service = MakeService(name);
    if (!service.ok()) return service.status();
    hosted.push_back(service->get());
    services.push_back(*std::move(service));
  }

  absl::StatusOr<std::unique_ptr<Server>> server =
      Server::Start(ToServerOptions(config), hosted, &logger);
  if (!server.ok()) return server.status();

  if (!config.redis.empty() || !config.database.empty()) {
    // Accepted and checked now so deployments can set them; the data layer
    // that uses them is not built yet.
    logger.Warning("--redis and --database are not used yet: data stays in "
                   "process");
  }
  const std::string address = absl::StrCat(config.host, ":", (*server)->port());
  logger.Info("serving", {{"address", address},
                          {"services", absl::StrJoin(*names, ",")}});
  // One plain line on stdout for people and scripts (port 0 picks the port).
  std::printf("masar listening on %s\n", address.c_str());
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  logger.Info("signal received",
              {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*server)->Shutdown();
  (*server)->Wait();
  return absl::OkStatus();
}

}  // namespace masar
