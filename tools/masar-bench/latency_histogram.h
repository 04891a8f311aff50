#ifndef MASAR_TOOLS_MASAR_BENCH_LATENCY_HISTOGRAM_H_
#define MASAR_TOOLS_MASAR_BENCH_LATENCY_HISTOGRAM_H_

#include <cstdint>
#include <vector>

namespace masar::bench {

// A log-linear (HDR-like) histogram of non-negative integer values, here
// latencies in microseconds. Values below 2048 are kept exactly; larger ones
// in buckets no wider than 1/1024 of their value. Not thread-safe.
class LatencyHistogram {
 public:
  LatencyHistogram();

  // Values above kMaxValue count as kMaxValue.
  void Record(uint64_t value);
  void Merge(const LatencyHistogram& other);

  uint64_t count() const { return count_; }
  uint64_t min() const { return count_ == 0 ? 0 : min_; }
  uint64_t max() const { return max_; }
  double mean() const;

  // The nearest-rank percentile, `percentile` in [0, 100]: the smallest
  // recorded value (the top of its bucket, at most max()) such that at least
  // `percentile`% of the values are no larger. 0 when empty.
  uint64_t Percentile(double percentile) const;

  static constexpr uint64_t kMaxValue = (uint64_t{1} << 40) - 1;

 private:
  static int BucketIndex(uint64_t value);
  static uint64_t BucketTop(int index);

  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  uint64_t min_ = 0;
  uint64_t max_ = 0;
  double sum_ = 0;
};

}  // namespace masar::bench

#endif  // MASAR_TOOLS_MASAR_BENCH_LATENCY_HISTOGRAM_H_
