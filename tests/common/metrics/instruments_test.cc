#include "common/metrics/instruments.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace masar::metrics {
namespace {

TEST(CounterTest, SumsIncrementsFromManyThreads) {
  Counter counter;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&counter] {
      for (int i = 0; i < 10000; ++i) counter.Increment();
    });
  }
  for (std::thread& t : threads) t.join();
  counter.Increment(5);
  EXPECT_EQ(counter.Value(), 80005u);
}

TEST(GaugeTest, GoesUpAndDownAcrossThreads) {
  Gauge gauge;
  gauge.Increment();
  std::thread other([&gauge] {
    gauge.Add(3);
    gauge.Decrement();
  });
  other.join();
  EXPECT_EQ(gauge.Value(), 3);
  gauge.Add(-4);
  EXPECT_EQ(gauge.Value(), -1);
}

TEST(HistogramTest, CountsIntoLessOrEqualBucketsCumulatively) {
  Histogram histogram({0.1, 1, 10});
  histogram.Observe(0.05);
  histogram.Observe(0.1);  // on the bound: in its bucket
  histogram.Observe(0.5);
  histogram.Observe(100);
  const Histogram::Snapshot s = histogram.Take();
  EXPECT_EQ(s.cumulative, (std::vector<std::uint64_t>{2, 3, 3, 4}));
  EXPECT_DOUBLE_EQ(s.sum, 100.65);
}

TEST(HistogramTest, LatencyBucketsAscend) {
  const std::vector<double> bounds = LatencyBucketsSeconds();
  ASSERT_FALSE(bounds.empty());
  for (std::size_t i = 1; i < bounds.size(); ++i) {
    EXPECT_LT(bounds[i - 1], bounds[i]);
  }
}

}  // namespace
}  // namespace masar::metrics
