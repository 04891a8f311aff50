// masar-bench: a load generator for any unary method of Masar's API, and the
// bare echo server it compares the figures with. See README.md.

#include <unistd.h>

#include <climits>
#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "tools/masar-bench/bench_command.h"
#include "tools/masar-bench/bench_options.h"

namespace {

std::string SelfExecutable() {
  char path[PATH_MAX];
  const ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
  return length <= 0 ? "" : std::string(path, static_cast<size_t>(length));
}

int Fail(const absl::Status& status) {
  std::cerr << "masar-bench: " << status.message() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Load generator for unary gRPC methods of Masar's API");
  masar::bench::BenchFlags flags;
  masar::bench::AddBenchFlags(app, flags);
  CLI::App* serve_echo = app.add_subcommand(
      "serve-echo", "serve the bare echo baseline until SIGINT or SIGTERM");
  int port = 0;
  bool exit_on_stdin_eof = false;
  serve_echo->add_option("--port", port, "port on 127.0.0.1; 0 picks one");
  serve_echo->add_flag("--exit-on-stdin-eof", exit_on_stdin_eof,
                       "stop when stdin closes (how --baseline runs it)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  if (serve_echo->parsed()) {
    const absl::Status served =
        masar::bench::ServeEchoCommand(port, exit_on_stdin_eof, std::cout);
    return served.ok() ? 0 : Fail(served);
  }
  absl::StatusOr<masar::bench::BenchOptions> options =
      masar::bench::ToBenchOptions(flags);
  if (!options.ok()) return Fail(options.status());
  const auto report =
      masar::bench::RunBenchCommand(*options, SelfExecutable(), std::cout);
  return report.ok() ? 0 : Fail(report.status());
}
