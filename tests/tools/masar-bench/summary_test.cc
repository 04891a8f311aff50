#include "tools/masar-bench/summary.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/masar-bench/report.h"

namespace masar::bench {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

RunSummary Figures(double calls_per_second, double p99_us) {
  RunSummary run;
  run.calls_per_second = calls_per_second;
  run.p99_us = p99_us;
  run.calls = 10;
  run.ok = 9;
  run.errors = {{"UNAVAILABLE", 1}};
  return run;
}

TEST(SummaryTest, MedianOfOddAndEvenCounts) {
  EXPECT_DOUBLE_EQ(Median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(Median({}), 0);
}

TEST(SummaryTest, MedianOfRunsTakesMediansAndTotals) {
  const RunSummary median =
      MedianOf({Figures(100, 5), Figures(300, 9), Figures(200, 1)});
  EXPECT_DOUBLE_EQ(median.calls_per_second, 200);
  EXPECT_DOUBLE_EQ(median.p99_us, 5);
  EXPECT_EQ(median.calls, 30u);
  EXPECT_EQ(median.ok, 27u);
  EXPECT_THAT(median.errors, UnorderedElementsAre(Pair("UNAVAILABLE", 3u)));
}

TEST(SummaryTest, RatiosArePerPairThenMedian) {
  const std::vector<Ratio> ratios =
      PairRatios({Figures(90, 20), Figures(50, 30), Figures(80, 10)},
                 {Figures(100, 10), Figures(100, 10), Figures(100, 10)});
  ASSERT_EQ(ratios.size(), 3u);
  EXPECT_DOUBLE_EQ(ratios[0].calls_per_second, 0.9);
  EXPECT_DOUBLE_EQ(ratios[1].p99, 3);
  const Ratio median = MedianRatio(ratios);
  EXPECT_DOUBLE_EQ(median.calls_per_second, 0.8);
  EXPECT_DOUBLE_EQ(median.p99, 2);
}

TEST(ReportTest, TextAndJsonCarryTheRatio) {
  BenchReport report;
  report.method = "/a.B/C";
  report.target_runs = {Figures(90, 20), Figures(80, 10)};
  report.baseline_runs = {Figures(100, 10), Figures(100, 10)};
  EXPECT_THAT(FormatText(report),
              HasSubstr("median of 2 pair(s): calls/s 0.850, p99 1.500"));
  const nlohmann::json json = ToJson(report);
  EXPECT_DOUBLE_EQ(json["ratio"]["median"]["calls_per_second"], 0.85);
  EXPECT_DOUBLE_EQ(json["results"]["baseline"]["median"]["calls_per_second"],
                   100);
  EXPECT_EQ(json["results"]["target"]["median"]["errors"]["UNAVAILABLE"], 2);
}

}  // namespace
}  // namespace masar::bench
