#ifndef MASAR_TOOLS_MASAR_BENCH_BENCH_COMMAND_H_
#define MASAR_TOOLS_MASAR_BENCH_BENCH_COMMAND_H_

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "tools/masar-bench/bench_options.h"
#include "tools/masar-bench/report.h"

namespace masar::bench {

// Loads the request, starts the echo baseline (`self_executable serve-echo`)
// when asked, runs the target (and baseline) --pairs times, alternating,
// prints the report on `out` and writes --json.
absl::StatusOr<BenchReport> RunBenchCommand(const BenchOptions& options,
                                            const std::string& self_executable,
                                            std::ostream& out);

// `masar-bench serve-echo`: serves the echo baseline on 127.0.0.1:`port`,
// prints its ListeningLine() and serves until stdin closes
// (`exit_on_stdin_eof`) or SIGINT/SIGTERM.
absl::Status ServeEchoCommand(int port, bool exit_on_stdin_eof,
                              std::ostream& out);

}  // namespace masar::bench

#endif  // MASAR_TOOLS_MASAR_BENCH_BENCH_COMMAND_H_
