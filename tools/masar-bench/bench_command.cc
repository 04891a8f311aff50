#include "tools/masar-bench/bench_command.h"

#include <signal.h>
#include <unistd.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "tools/masar-bench/baseline_request.h"
#include "tools/masar-bench/child_echo_server.h"
#include "tools/masar-bench/echo_baseline_server.h"
#include "tools/masar-bench/load_loop.h"
#include "tools/masar-bench/request_loader.h"

namespace masar::bench {
namespace {

LoadSpec SpecFor(const BenchOptions& options, std::string target,
                 std::string method_path, std::string request_bytes) {
  LoadSpec spec;
  spec.target = std::move(target);
  spec.method_path = std::move(method_path);
  spec.request_bytes = std::move(request_bytes);
  spec.concurrency = options.concurrency;
  spec.connections = options.connections;
  spec.duration = options.duration;
  spec.count = options.count;
  spec.warmup = options.warmup;
  spec.deadline = options.deadline;
  spec.metadata = options.metadata;
  return spec;
}

BenchReport EmptyReport(const BenchOptions& options,
                        const LoadedRequest& request) {
  BenchReport report;
  report.target = options.target;
  report.method = request.method_path;
  report.input_type = request.input_type;
  report.request_bytes = request.bytes.size();
  report.concurrency = options.concurrency;
  report.connections = options.connections;
  report.duration = options.duration;
  report.count = options.count;
  report.warmup = options.warmup;
  report.deadline = options.deadline;
  return report;
}

absl::Status RunPair(const LoadSpec& target, LoadSpec* baseline,
                     BenchReport& report) {
  ASSIGN_OR_RETURN(const RunResult target_result, RunLoad(target));
  report.target_runs.push_back(Summarize(target_result));
  if (baseline == nullptr) return absl::OkStatus();
  if (baseline->request_bytes.empty()) {
    // Sized once, from the first target run's responses.
    report.baseline_response_bytes = target_result.mean_response_bytes();
    baseline->request_bytes = MakeBaselineRequest(
        report.request_bytes, report.baseline_response_bytes);
    report.baseline_request_bytes = baseline->request_bytes.size();
  }
  ASSIGN_OR_RETURN(const RunResult baseline_result, RunLoad(*baseline));
  report.baseline_runs.push_back(Summarize(baseline_result));
  return absl::OkStatus();
}

absl::Status RunPairs(const BenchOptions& options, const LoadedRequest& request,
                      const std::string& baseline_address,
                      BenchReport& report) {
  const LoadSpec target =
      SpecFor(options, options.target, request.method_path, request.bytes);
  LoadSpec baseline = SpecFor(options, baseline_address, kBaselineMethod, "");
  for (int i = 0; i < options.pairs; ++i) {
    RETURN_IF_ERROR(
        RunPair(target, options.baseline ? &baseline : nullptr, report));
  }
  return absl::OkStatus();
}

// Blocks until stdin reaches its end.
void WaitForStdinEof() {
  char buffer[256];
  while (read(STDIN_FILENO, buffer, sizeof(buffer)) > 0) {
  }
}

sigset_t TerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

}  // namespace

absl::StatusOr<BenchReport> RunBenchCommand(const BenchOptions& options,
                                            const std::string& self_executable,
                                            std::ostream& out) {
  ASSIGN_OR_RETURN(const LoadedRequest request,
                   LoadRequest(options.method, options.request_path,
                               options.request_format));
  std::unique_ptr<ChildEchoServer> child;
  if (options.baseline) {
    ASSIGN_OR_RETURN(child, ChildEchoServer::Start(self_executable));
  }
  BenchReport report = EmptyReport(options, request);
  report.baseline_address = child == nullptr ? "" : child->address();
  RETURN_IF_ERROR(RunPairs(options, request, report.baseline_address, report));
  out << FormatText(report) << std::flush;
  if (!options.json_path.empty()) {
    RETURN_IF_ERROR(WriteJsonFile(report, options.json_path));
  }
  return report;
}

absl::Status ServeEchoCommand(int port, bool exit_on_stdin_eof,
                              std::ostream& out) {
  // gRPC's threads inherit the mask, so the signals reach sigwait below.
  const sigset_t signals = TerminationSignals();
  if (!exit_on_stdin_eof) pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ASSIGN_OR_RETURN(const std::unique_ptr<EchoBaselineServer> server,
                   EchoBaselineServer::Start(port));
  out << ListeningLine(server->port()) << std::flush;
  if (exit_on_stdin_eof) {
    WaitForStdinEof();
  } else {
    int signal = 0;
    sigwait(&signals, &signal);
  }
  return absl::OkStatus();
}

}  // namespace masar::bench
