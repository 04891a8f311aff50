#ifndef MASAR_TOOLS_MASAR_BENCH_RUN_RESULT_H_
#define MASAR_TOOLS_MASAR_BENCH_RUN_RESULT_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/time/time.h"
#include "tools/masar-bench/latency_histogram.h"

namespace masar::bench {

// What one run of the load loop measured. Warm-up calls are not in it.
struct RunResult {
  // From the end of the warm-up to the last measured call's completion.
  absl::Duration elapsed;
  // Measured calls: ok + the sum of errors.
  uint64_t calls = 0;
  uint64_t ok = 0;
  // Failed calls by status code name ("UNAVAILABLE").
  std::map<std::string, uint64_t> errors;
  // Latency of every measured call, OK or not, in microseconds.
  LatencyHistogram latency_us;
  // Sum of the sizes of OK responses.
  uint64_t response_bytes = 0;

  double calls_per_second() const;
  // Mean size of an OK response; 0 without one.
  uint64_t mean_response_bytes() const;
};

}  // namespace masar::bench

#endif  // MASAR_TOOLS_MASAR_BENCH_RUN_RESULT_H_
