#include "common/metrics/instruments.h"

#include <algorithm>

namespace masar::metrics {

int ThisThreadShard() {
  static std::atomic<int> next{0};
  thread_local const int shard =
      next.fetch_add(1, std::memory_order_relaxed) % kShards;
  return shard;
}

std::uint64_t Counter::Value() const {
  std::uint64_t total = 0;
  for (const Shard& s : shards_) total += s.value.load(std::memory_order_relaxed);
  return total;
}

std::int64_t Gauge::Value() const {
  std::int64_t total = 0;
  for (const Shard& s : shards_) total += s.value.load(std::memory_order_relaxed);
  return total;
}

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {
  for (Shard& s : shards_) {
    s.counts = std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1);
  }
}

void Histogram::Observe(double value) {
  // Prometheus buckets are "less than or equal": the first bound >= value.
  const std::size_t bucket = static_cast<std::size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) -
      bounds_.begin());
  Shard& shard = shards_[ThisThreadShard()];
  shard.counts[bucket].fetch_add(1, std::memory_order_relaxed);
  shard.sum.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Take() const {
  Snapshot snapshot;
  snapshot.cumulative.assign(bounds_.size() + 1, 0);
  for (const Shard& s : shards_) {
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
      snapshot.cumulative[i] += s.counts[i].load(std::memory_order_relaxed);
    }
    snapshot.sum += s.sum.load(std::memory_order_relaxed);
  }
  for (std::size_t i = 1; i < snapshot.cumulative.size(); ++i) {
    snapshot.cumulative[i] += snapshot.cumulative[i - 1];
  }
  return snapshot;
}

std::vector<double> LatencyBucketsSeconds() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
          0.1,    0.25,  0.5,    1,     2.5,  5,     10};
}

}  // namespace masar::metrics
