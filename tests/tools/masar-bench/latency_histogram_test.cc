#include "tools/masar-bench/latency_histogram.h"

#include "gtest/gtest.h"

namespace masar::bench {
namespace {

TEST(LatencyHistogramTest, EmptyReportsZero) {
  LatencyHistogram histogram;
  EXPECT_EQ(histogram.count(), 0u);
  EXPECT_EQ(histogram.Percentile(50), 0u);
  EXPECT_EQ(histogram.max(), 0u);
  EXPECT_EQ(histogram.min(), 0u);
}

TEST(LatencyHistogramTest, PercentilesAreNearestRankOnSmallValues) {
  LatencyHistogram histogram;
  for (uint64_t value = 100; value >= 1; --value) histogram.Record(value);
  EXPECT_EQ(histogram.count(), 100u);
  EXPECT_EQ(histogram.Percentile(50), 50u);
  EXPECT_EQ(histogram.Percentile(90), 90u);
  EXPECT_EQ(histogram.Percentile(99), 99u);
  EXPECT_EQ(histogram.Percentile(99.9), 100u);
  EXPECT_EQ(histogram.Percentile(100), 100u);
  EXPECT_EQ(histogram.Percentile(0), 1u);
  EXPECT_EQ(histogram.min(), 1u);
  EXPECT_EQ(histogram.max(), 100u);
  EXPECT_DOUBLE_EQ(histogram.mean(), 50.5);
}

TEST(LatencyHistogramTest, ExactBelow2048) {
  LatencyHistogram histogram;
  for (uint64_t value = 1; value <= 2000; ++value) histogram.Record(value);
  EXPECT_EQ(histogram.Percentile(50), 1000u);
  EXPECT_EQ(histogram.Percentile(99), 1980u);
  EXPECT_EQ(histogram.Percentile(99.9), 1998u);
}

TEST(LatencyHistogramTest, LargeValuesWithinATenthOfAPercent) {
  for (uint64_t value : {2048u, 4097u, 123'457u, 9'876'543u, 3'000'000'001u}) {
    LatencyHistogram histogram;
    histogram.Record(value);
    histogram.Record(value * 2);
    const uint64_t p50 = histogram.Percentile(50);
    EXPECT_GE(p50, value);
    EXPECT_LE(p50 - value, value / 1024) << value;
    EXPECT_EQ(histogram.Percentile(100), value * 2);
  }
}

TEST(LatencyHistogramTest, ValuesBeyondTheRangeCountAsTheLargest) {
  LatencyHistogram histogram;
  histogram.Record(~uint64_t{0});
  EXPECT_EQ(histogram.max(), LatencyHistogram::kMaxValue);
  EXPECT_EQ(histogram.Percentile(50), LatencyHistogram::kMaxValue);
}

TEST(LatencyHistogramTest, MergeAddsCounts) {
  LatencyHistogram low;
  LatencyHistogram high;
  for (uint64_t value = 1; value <= 50; ++value) low.Record(value);
  for (uint64_t value = 51; value <= 100; ++value) high.Record(value);
  low.Merge(high);
  EXPECT_EQ(low.count(), 100u);
  EXPECT_EQ(low.Percentile(90), 90u);
  EXPECT_EQ(low.min(), 1u);
  EXPECT_EQ(low.max(), 100u);
}

}  // namespace
}  // namespace masar::bench
