#ifndef MASAR_TOOLS_MASAR_BENCH_LOAD_LOOP_H_
#define MASAR_TOOLS_MASAR_BENCH_LOAD_LOOP_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/masar-bench/run_result.h"

namespace masar::bench {

// One run's load: a serialized request sent to a unary method.
struct LoadSpec {
  std::string target;
  // "/package.Service/Method".
  std::string method_path;
  std::string request_bytes;
  int concurrency = 64;
  int connections = 1;
  // Measured calls are those started in [warm-up end, warm-up end +
  // duration), or, when count > 0, the first `count` started after warm-up.
  absl::Duration duration = absl::Seconds(10);
  int64_t count = 0;
  absl::Duration warmup = absl::Seconds(2);
  absl::Duration deadline = absl::Seconds(5);
  std::vector<std::pair<std::string, std::string>> metadata;
};

// Keeps exactly `concurrency` calls in flight, spread round-robin over
// `connections` channels of their own (one HTTP/2 connection each), with
// gRPC's callback API, until the run is over and every call has finished.
// Fails only when a channel cannot connect to the target.
absl::StatusOr<RunResult> RunLoad(const LoadSpec& spec);

}  // namespace masar::bench

#endif  // MASAR_TOOLS_MASAR_BENCH_LOAD_LOOP_H_
