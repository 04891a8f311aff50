#ifndef MASAR_TOOLS_MASAR_BENCH_BENCH_OPTIONS_H_
#define MASAR_TOOLS_MASAR_BENCH_BENCH_OPTIONS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace masar::bench {

enum class RequestFormat { kByExtension, kJson, kBinary };

// What one masar-bench invocation measures, and how.
struct BenchOptions {
  std::string target;
  // "/package.Service/Method".
  std::string method;
  std::string request_path;
  RequestFormat request_format = RequestFormat::kByExtension;
  int concurrency = 64;
  absl::Duration duration = absl::Seconds(10);
  // When positive, each run makes exactly `count` measured calls and
  // `duration` is not used.
  int64_t count = 0;
  absl::Duration warmup = absl::Seconds(2);
  // Keys are lowercase, as HTTP/2 wants them.
  std::vector<std::pair<std::string, std::string>> metadata;
  absl::Duration deadline = absl::Seconds(5);
  int connections = 1;
  std::string json_path;
  bool baseline = false;
  int pairs = 1;
};

// The flags as typed, before validation.
struct BenchFlags {
  std::string target;
  std::string method;
  std::string request;
  std::string request_format;
  int concurrency = 64;
  std::string duration = "10s";
  int64_t count = 0;
  std::string warmup = "2s";
  std::vector<std::string> metadata;
  std::string deadline = "5s";
  int connections = 1;
  std::string json;
  bool baseline = false;
  int pairs = 1;
};

// Declares the flags on `app`, writing into `flags` when it parses.
void AddBenchFlags(CLI::App& app, BenchFlags& flags);

// Checks the flags; an error names the flag at fault.
absl::StatusOr<BenchOptions> ToBenchOptions(const BenchFlags& flags);

}  // namespace masar::bench

#endif  // MASAR_TOOLS_MASAR_BENCH_BENCH_OPTIONS_H_
