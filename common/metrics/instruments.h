#ifndef MASAR_COMMON_METRICS_INSTRUMENTS_H_
#define MASAR_COMMON_METRICS_INSTRUMENTS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace masar::metrics {

// Every instrument spreads its updates over a few cache-line-sized shards,
// one picked per thread, so that gRPC's threads counting the same call do
// not bounce one cache line between cores; reading sums the shards (only a
// scrape reads).
inline constexpr int kShards = 8;

// This thread's shard, assigned round-robin on first use.
int ThisThreadShard();

// A monotonic count.
class Counter {
 public:
  void Increment(std::uint64_t n = 1) {
    shards_[ThisThreadShard()].value.fetch_add(n, std::memory_order_relaxed);
  }
  std::uint64_t Value() const;

 private:
  struct alignas(64) Shard {
    std::atomic<std::uint64_t> value{0};
  };
  std::array<Shard, kShards> shards_;
};

// A count that goes up and down (calls in flight). Values read at scrape
// time from elsewhere (a queue's length) are callbacks (Registry).
class Gauge {
 public:
  void Add(std::int64_t delta) {
    shards_[ThisThreadShard()].value.fetch_add(delta,
                                                std::memory_order_relaxed);
  }
  void Increment() { Add(1); }
  void Decrement() { Add(-1); }
  std::int64_t Value() const;

 private:
  struct alignas(64) Shard {
    std::atomic<std::int64_t> value{0};
  };
  std::array<Shard, kShards> shards_;
};

// Observations counted into fixed buckets, with their sum.
class Histogram {
 public:
  // `bounds`: the buckets' finite upper bounds, ascending; +Inf is implied.
  explicit Histogram(std::vector<double> bounds);

  void Observe(double value);

  struct Snapshot {
    // Cumulative counts, one per bound and a last one for +Inf (the count).
    std::vector<std::uint64_t> cumulative;
    double sum = 0;
  };
  Snapshot Take() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  struct alignas(64) Shard {
    // One slot per bucket (not cumulative), +Inf last.
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts;
    std::atomic<double> sum{0};
  };
  const std::vector<double> bounds_;
  std::array<Shard, kShards> shards_;
};

// Latency buckets in seconds, from half a millisecond to ten seconds.
std::vector<double> LatencyBucketsSeconds();

}  // namespace masar::metrics

#endif  // MASAR_COMMON_METRICS_INSTRUMENTS_H_
