#ifndef MASAR_TOOLS_MASAR_BENCH_SUMMARY_H_
#define MASAR_TOOLS_MASAR_BENCH_SUMMARY_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tools/masar-bench/run_result.h"

namespace masar::bench {

// The figures of one run, or the medians of several.
struct RunSummary {
  double calls_per_second = 0;
  // Latencies in microseconds.
  double p50_us = 0;
  double p90_us = 0;
  double p99_us = 0;
  double p999_us = 0;
  double max_us = 0;
  double mean_us = 0;
  // Counts; for a median, the totals over the runs.
  uint64_t calls = 0;
  uint64_t ok = 0;
  std::map<std::string, uint64_t> errors;
};

RunSummary Summarize(const RunResult& result);

// Medians of the rates and latencies, totals of the counts.
RunSummary MedianOf(const std::vector<RunSummary>& runs);

// A target's figures over the baseline's.
struct Ratio {
  double calls_per_second = 0;
  double p99 = 0;
};

// One ratio per (target, baseline) pair, in order.
std::vector<Ratio> PairRatios(const std::vector<RunSummary>& target,
                              const std::vector<RunSummary>& baseline);

// The median of each ratio.
Ratio MedianRatio(const std::vector<Ratio>& ratios);

// The median of `values`: the mean of the middle two for an even count; 0
// when empty.
double Median(std::vector<double> values);

}  // namespace masar::bench

#endif  // MASAR_TOOLS_MASAR_BENCH_SUMMARY_H_
