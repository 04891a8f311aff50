// threading_bench_server: ThreadBenchService over one SQLite table and an
// in-process cache, in the threading mode --mode names, for run.sh and
// RESULTS.md. Prints the port it listens on, then serves until SIGINT or
// SIGTERM.

#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/cache/memory_cache.h"
#include "common/clock/clock.h"
#include "common/executor/bounded_executor.h"
#include "common/grpc/interceptors.h"
#include "common/grpc/server.h"
#include "common/grpc/unary_call.h"
#include "common/log/logger.h"
#include "common/status/status_macros.h"
#include "tests/bench/threading/row_store.h"
#include "tests/bench/threading/thread_bench_services.h"

namespace masar::threadbench {
namespace {

struct Flags {
  // callback-inline (a), callback-executor (b), sync (c).
  std::string mode = "callback-executor";
  bool cached_on_executor = false;  // (e) rather than (d)
  int executor_threads = 4;
  int executor_queue = 1024;
  int sync_cqs = 1;
  int sync_min_pollers = 1;
  int sync_max_pollers = 2;
  int sync_max_threads = 0;  // 0: gRPC's default (no quota)
  std::string db;
  int rows = 10'000;
  int pool_size = 8;
  int slow_every = 0;
  int slow_ms = 20;
};

sigset_t StopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

void WaitForStopSignal() {
  const sigset_t signals = StopSignals();
  int signal = 0;
  sigwait(&signals, &signal);
}

// The synchronous server: Server::Start has no sync thread options, so this
// mirrors its listening port and interceptors and adds them.
absl::StatusOr<std::unique_ptr<grpc::Server>> StartSyncServer(
    const Flags& flags, HostedService& service, Logger& logger, int& port) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::NUM_CQS,
                              flags.sync_cqs);
  builder.SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MIN_POLLERS,
      flags.sync_min_pollers);
  builder.SetSyncServerOption(
      grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
      flags.sync_max_pollers);
  if (flags.sync_max_threads > 0) {
    grpc::ResourceQuota quota("threading_bench");
    quota.SetMaxThreads(flags.sync_max_threads);
    builder.SetResourceQuota(quota);
  }
  builder.RegisterService(service.grpc_service());
  std::vector<std::unique_ptr<
      grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(MakeCallContextInterceptorFactory(absl::Seconds(30)));
  interceptors.push_back(MakeAccessLogInterceptorFactory(&logger));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError("cannot listen on 127.0.0.1");
  }
  server->GetHealthCheckService()->SetServingStatus(
      std::string(service.service_name()), true);
  return server;
}

absl::Status Run(const Flags& flags) {
  std::optional<Placement> sql;
  if (flags.mode == "callback-inline") sql = Placement::kInline;
  if (flags.mode == "callback-executor") sql = Placement::kExecutor;
  if (!sql.has_value() && flags.mode != "sync") {
    return absl::InvalidArgumentError(absl::StrCat(
        "--mode: ", flags.mode, " is not callback-inline, callback-executor "
        "or sync"));
  }
  std::string dir;
  RowStoreOptions store_options;
  store_options.sqlite_path = flags.db;
  if (store_options.sqlite_path.empty()) {
    char pattern[] = "/tmp/threading_bench.XXXXXX";
    if (mkdtemp(pattern) == nullptr) return absl::InternalError("mkdtemp");
    dir = pattern;
    store_options.sqlite_path = dir + "/rows.db";
  }
  store_options.rows = flags.rows;
  store_options.pool_size = std::max(flags.pool_size, flags.executor_threads);
  store_options.slow_every = flags.slow_every;
  store_options.slow_sleep = absl::Milliseconds(flags.slow_ms);
  ASSIGN_OR_RETURN(std::unique_ptr<RowStore> store,
                   RowStore::Open(store_options));
  SystemClock clock;
  cache::MemoryCache cache(clock);
  RETURN_IF_ERROR(store->Warm(cache));
  Logger logger(Logger::StderrSink(), LogLevel::kWarning, &clock);

  int port = 0;
  std::unique_ptr<Server> callback_server;
  std::unique_ptr<grpc::Server> sync_server;
  std::unique_ptr<HostedService> service;
  BoundedExecutor executor(flags.executor_threads, flags.executor_queue);
  UnaryCallRunner runner(&executor);
  if (sql.has_value()) {
    service = std::make_unique<CallbackThreadBenchService>(
        store.get(), &cache, &runner, *sql,
        flags.cached_on_executor ? Placement::kExecutor : Placement::kInline);
    ASSIGN_OR_RETURN(callback_server,
                     Server::Start(ServerOptions{}, {service.get()}, &logger));
    port = callback_server->port();
  } else {
    service = std::make_unique<SyncThreadBenchService>(store.get(), &cache);
    ASSIGN_OR_RETURN(sync_server,
                     StartSyncServer(flags, *service, logger, port));
  }
  std::cout << port << std::endl;
  WaitForStopSignal();
  if (callback_server != nullptr) callback_server->Shutdown();
  if (sync_server != nullptr) {
    sync_server->Shutdown(std::chrono::system_clock::now() +
                          std::chrono::seconds(2));
  }
  if (!dir.empty()) std::filesystem::remove_all(dir);
  return absl::OkStatus();
}

}  // namespace
}  // namespace masar::threadbench

int main(int argc, char** argv) {
  masar::threadbench::Flags flags;
  CLI::App app("ThreadBenchService in one threading mode (RESULTS.md)");
  app.add_option("--mode", flags.mode,
                 "callback-inline | callback-executor | sync");
  app.add_flag("--cached-on-executor", flags.cached_on_executor,
               "callback modes: run GetCachedRow on the executor too");
  app.add_option("--executor-threads", flags.executor_threads);
  app.add_option("--executor-queue", flags.executor_queue);
  app.add_option("--sync-cqs", flags.sync_cqs);
  app.add_option("--sync-min-pollers", flags.sync_min_pollers);
  app.add_option("--sync-max-pollers", flags.sync_max_pollers);
  app.add_option("--sync-max-threads", flags.sync_max_threads,
                 "resource-quota thread cap; 0 leaves gRPC's default");
  app.add_option("--db", flags.db, "SQLite file; empty: a fresh temp one");
  app.add_option("--rows", flags.rows);
  app.add_option("--pool-size", flags.pool_size, "SQLite reader connections");
  app.add_option("--slow-every", flags.slow_every,
                 "every N-th GetRow sleeps --slow-ms first; 0: none");
  app.add_option("--slow-ms", flags.slow_ms);
  CLI11_PARSE(app, argc, argv);
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // gRPC's threads inherit the mask, so only the main thread takes signals.
  const sigset_t signals = masar::threadbench::StopSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  const absl::Status status = masar::threadbench::Run(flags);
  if (!status.ok()) {
    std::cerr << "threading_bench_server: " << status << "\n";
    return 1;
  }
  return 0;
}
