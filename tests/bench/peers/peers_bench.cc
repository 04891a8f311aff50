// One authenticated peer call as a hosted service makes it (identity's
// ListRevocations on an empty log: SERVICE only, so it carries the
// process's token through identity's authentication and policy table),
// through PeersImpl to identity in this process and over loopback TCP,
// against a bare echo call (masar-bench's baseline server) on the same
// path. Every iteration makes one peer call then one echo call, so the two
// see the same load; the counters are microseconds per call and peer/echo
// in calls/s. One call in flight: latency, not throughput. Not a test: run
// by hand (README, Performance).
#include <grpcpp/client_context.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "benchmark/benchmark.h"
#include "common/auth/service_token_source.h"
#include "common/grpc/peer_call.h"
#include "common/status/status_macros.h"
#include "masar/bench/v1/echo_baseline.grpc.pb.h"
#include "services/masar/auth_setup.h"
#include "services/masar/peers_impl.h"
#include "tests/services/masar/served_identity.h"
#include "tools/masar-bench/echo_baseline_server.h"

namespace masar {
namespace {

using EchoStub = bench::v1::EchoBaselineService::Stub;

// Identity as `masar serve --services=identity` builds it, the echo
// baseline beside it, and the peers of a process that hosts identity and
// of one that reaches it at its port.
struct Fixture {
  absl::Status Start() {
    RETURN_IF_ERROR(served.Start());
    tokens = std::make_unique<auth::ServiceTokenSource>(
        SelfIssuedServiceTokens(&served.auth->keys, &served.clock),
        &served.clock);
    in_process = MakePeers({"identity"});
    over_tcp = MakePeers({"onboarding"});
    ASSIGN_OR_RETURN(echo, bench::EchoBaselineServer::Start(0));
    return absl::OkStatus();
  }

  std::unique_ptr<PeersImpl> MakePeers(std::vector<std::string> hosted) {
    PeersOptions options;
    options.hosted = std::move(hosted);
    options.targets["identity"] =
        absl::StrCat("127.0.0.1:", served.server->port());
    options.token = [this] { return tokens->Token(); };
    auto peers = std::make_unique<PeersImpl>(std::move(options));
    peers->Attach(served.server.get());
    return peers;
  }

  testing::ServedIdentity served;
  std::unique_ptr<auth::ServiceTokenSource> tokens;
  std::unique_ptr<PeersImpl> in_process;
  std::unique_ptr<PeersImpl> over_tcp;
  std::unique_ptr<bench::EchoBaselineServer> echo;
};

bool ListRevocationsCall(identity::IdentityClient& peer) {
  return peer.ListRevocations({}, 0, 10).ok();
}

bool EchoCall(EchoStub& echo) {
  grpc::ClientContext context;
  bench::v1::EchoResponse response;
  return echo.Echo(&context, bench::v1::EchoRequest(), &response).ok();
}

template <typename Call>
double MicrosecondsOf(Call call, benchmark::State& state) {
  const auto start = std::chrono::steady_clock::now();
  if (!call()) state.SkipWithError("a call failed");
  return std::chrono::duration<double, std::micro>(
             std::chrono::steady_clock::now() - start)
      .count();
}

void PeerVsEcho(benchmark::State& state, identity::IdentityClient* peer,
                EchoStub* echo) {
  double peer_us = 0;
  double echo_us = 0;
  for (auto _ : state) {
    peer_us +=
        MicrosecondsOf([peer] { return ListRevocationsCall(*peer); }, state);
    echo_us += MicrosecondsOf([echo] { return EchoCall(*echo); }, state);
  }
  using benchmark::Counter;
  state.counters["peer_us"] = Counter(peer_us, Counter::kAvgIterations);
  state.counters["echo_us"] = Counter(echo_us, Counter::kAvgIterations);
  state.counters["peer/echo"] = peer_us > 0 ? echo_us / peer_us : 0;
}

}  // namespace
}  // namespace masar

int main(int argc, char** argv) {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  masar::Fixture fixture;
  if (absl::Status started = fixture.Start(); !started.ok()) {
    std::cerr << "peers_bench: " << started << "\n";
    return 1;
  }
  std::shared_ptr<masar::identity::IdentityClient> in_process =
      fixture.in_process->identity();
  std::shared_ptr<masar::identity::IdentityClient> over_tcp =
      fixture.over_tcp->identity();
  std::unique_ptr<masar::EchoStub> echo_in_process =
      masar::bench::v1::EchoBaselineService::NewStub(
          fixture.echo->InProcessChannel());
  std::unique_ptr<masar::EchoStub> echo_over_tcp =
      masar::bench::v1::EchoBaselineService::NewStub(masar::NewPeerChannel(
          absl::StrCat("127.0.0.1:", fixture.echo->port())));
  // Connects the TCP channels, and refuses to time a path that fails.
  if (!masar::ListRevocationsCall(*in_process) ||
      !masar::ListRevocationsCall(*over_tcp) ||
      !masar::EchoCall(*echo_in_process) || !masar::EchoCall(*echo_over_tcp)) {
    std::cerr << "peers_bench: a warm-up call failed\n";
    return 1;
  }
  benchmark::RegisterBenchmark("PeerVsEcho/in_process", masar::PeerVsEcho,
                               in_process.get(), echo_in_process.get())
      ->UseRealTime();
  benchmark::RegisterBenchmark("PeerVsEcho/loopback_tcp", masar::PeerVsEcho,
                               over_tcp.get(), echo_over_tcp.get())
      ->UseRealTime();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
