#include "tools/masar-bench/summary.h"

#include <algorithm>

namespace masar::bench {
namespace {

template <typename Field>
double MedianField(const std::vector<RunSummary>& runs, Field field) {
  std::vector<double> values;
  for (const RunSummary& run : runs) values.push_back(run.*field);
  return Median(std::move(values));
}

double SafeRatio(double numerator, double denominator) {
  return denominator == 0 ? 0 : numerator / denominator;
}

}  // namespace

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t middle = values.size() / 2;
  if (values.size() % 2 == 1) return values[middle];
  return (values[middle - 1] + values[middle]) / 2;
}

RunSummary Summarize(const RunResult& result) {
  const LatencyHistogram& latency = result.latency_us;
  RunSummary summary;
  summary.calls_per_second = result.calls_per_second();
  summary.p50_us = static_cast<double>(latency.Percentile(50));
  summary.p90_us = static_cast<double>(latency.Percentile(90));
  summary.p99_us = static_cast<double>(latency.Percentile(99));
  summary.p999_us = static_cast<double>(latency.Percentile(99.9));
  summary.max_us = static_cast<double>(latency.max());
  summary.mean_us = latency.mean();
  summary.calls = result.calls;
  summary.ok = result.ok;
  summary.errors = result.errors;
  return summary;
}

RunSummary MedianOf(const std::vector<RunSummary>& runs) {
  RunSummary median;
  median.calls_per_second = MedianField(runs, &RunSummary::calls_per_second);
  median.p50_us = MedianField(runs, &RunSummary::p50_us);
  median.p90_us = MedianField(runs, &RunSummary::p90_us);
  median.p99_us = MedianField(runs, &RunSummary::p99_us);
  median.p999_us = MedianField(runs, &RunSummary::p999_us);
  median.max_us = MedianField(runs, &RunSummary::max_us);
  median.mean_us = MedianField(runs, &RunSummary::mean_us);
  for (const RunSummary& run : runs) {
    median.calls += run.calls;
    median.ok += run.ok;
    for (const auto& [code, count] : run.errors) median.errors[code] += count;
  }
  return median;
}

std::vector<Ratio> PairRatios(const std::vector<RunSummary>& target,
                              const std::vector<RunSummary>& baseline) {
  std::vector<Ratio> ratios;
  for (size_t i = 0; i < std::min(target.size(), baseline.size()); ++i) {
    ratios.push_back(
        {SafeRatio(target[i].calls_per_second, baseline[i].calls_per_second),
         SafeRatio(target[i].p99_us, baseline[i].p99_us)});
  }
  return ratios;
}

Ratio MedianRatio(const std::vector<Ratio>& ratios) {
  std::vector<double> rates;
  std::vector<double> p99s;
  for (const Ratio& ratio : ratios) {
    rates.push_back(ratio.calls_per_second);
    p99s.push_back(ratio.p99);
  }
  return {Median(std::move(rates)), Median(std::move(p99s))};
}

}  // namespace masar::bench
