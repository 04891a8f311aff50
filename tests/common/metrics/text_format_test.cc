#include "common/metrics/text_format.h"

#include "common/metrics/registry.h"
#include "gtest/gtest.h"

namespace masar::metrics {
namespace {

TEST(TextFormatTest, WritesCountersWithHelpTypeAndLabels) {
  Registry registry;
  Family<Counter>* calls = registry.AddCounter(
      "masar_rpc_calls_total", "Calls finished.", {"method", "code"});
  calls->Get({"GetUser", "OK"})->Increment(3);
  calls->Get({"GetUser", "NOT_FOUND"})->Increment();
  EXPECT_EQ(WriteText(registry.Collect()),
            "# HELP masar_rpc_calls_total Calls finished.\n"
            "# TYPE masar_rpc_calls_total counter\n"
            "masar_rpc_calls_total{method=\"GetUser\",code=\"NOT_FOUND\"} 1\n"
            "masar_rpc_calls_total{method=\"GetUser\",code=\"OK\"} 3\n");
}

TEST(TextFormatTest, WritesHistogramBucketsSumAndCount) {
  Registry registry;
  Family<Histogram>* latency = registry.AddHistogram(
      "rpc_duration_seconds", "Latency.", {"method"}, {0.005, 0.5});
  Histogram* h = latency->Get({"Echo"});
  h->Observe(0.001);
  h->Observe(0.25);
  h->Observe(2);
  EXPECT_EQ(WriteText(registry.Collect()),
            "# HELP rpc_duration_seconds Latency.\n"
            "# TYPE rpc_duration_seconds histogram\n"
            "rpc_duration_seconds_bucket{method=\"Echo\",le=\"0.005\"} 1\n"
            "rpc_duration_seconds_bucket{method=\"Echo\",le=\"0.5\"} 2\n"
            "rpc_duration_seconds_bucket{method=\"Echo\",le=\"+Inf\"} 3\n"
            "rpc_duration_seconds_sum{method=\"Echo\"} 2.251\n"
            "rpc_duration_seconds_count{method=\"Echo\"} 3\n");
}

TEST(TextFormatTest, WritesGaugesAndCallbacksWithoutLabels) {
  Registry registry;
  registry.AddGauge("in_flight", "In flight.", {})->Get({})->Add(2);
  registry.AddCallback("process_start_time_seconds", "Start.",
                       MetricType::kGauge, {},
                       [] { return std::vector<Sample>{{{}, 1764779371.25}}; });
  EXPECT_EQ(WriteText(registry.Collect()),
            "# HELP in_flight In flight.\n"
            "# TYPE in_flight gauge\n"
            "in_flight 2\n"
            "# HELP process_start_time_seconds Start.\n"
            "# TYPE process_start_time_seconds gauge\n"
            "process_start_time_seconds 1764779371.25\n");
}

TEST(TextFormatTest, EscapesHelpAndLabelValues) {
  Registry registry;
  registry.AddCounter("odd_total", "a \\ b\nc \"q\"", {"v"})
      ->Get({"x\"y\\z\nw"})
      ->Increment();
  EXPECT_EQ(WriteText(registry.Collect()),
            "# HELP odd_total a \\\\ b\\nc \"q\"\n"
            "# TYPE odd_total counter\n"
            "odd_total{v=\"x\\\"y\\\\z\\nw\"} 1\n");
}

TEST(RegistryTest, GetReturnsTheSameSeriesForTheSameLabels) {
  Registry registry;
  Family<Counter>* family = registry.AddCounter("c_total", "C.", {"a"});
  EXPECT_EQ(family->Get({"x"}), family->Get({"x"}));
  EXPECT_NE(family->Get({"x"}), family->Get({"y"}));
}

}  // namespace
}  // namespace masar::metrics
