#ifndef MASAR_TOOLS_MASAR_BENCH_REPORT_H_
#define MASAR_TOOLS_MASAR_BENCH_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "tools/masar-bench/summary.h"

namespace masar::bench {

// Everything one invocation measured, with the load that produced it.
struct BenchReport {
  std::string target;
  std::string method;
  std::string input_type;
  uint64_t request_bytes = 0;
  int concurrency = 0;
  int connections = 0;
  absl::Duration duration;
  int64_t count = 0;
  absl::Duration warmup;
  absl::Duration deadline;
  // Target runs, and baseline runs alternating with them (empty without
  // --baseline).
  std::vector<RunSummary> target_runs;
  std::vector<RunSummary> baseline_runs;
  std::string baseline_address;
  uint64_t baseline_request_bytes = 0;
  uint64_t baseline_response_bytes = 0;
};

// A table of the runs, their medians and the ratio, for people.
std::string FormatText(const BenchReport& report);

// The same for programs; latencies in microseconds.
nlohmann::json ToJson(const BenchReport& report);

absl::Status WriteJsonFile(const BenchReport& report, const std::string& path);

}  // namespace masar::bench

#endif  // MASAR_TOOLS_MASAR_BENCH_REPORT_H_
