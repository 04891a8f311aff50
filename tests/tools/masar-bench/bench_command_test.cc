#include "tools/masar-bench/bench_command.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/scoped_temp_dir.h"
#include "tests/tools/masar-bench/echo_server_test.h"
#include "tools/masar-bench/bench_options.h"

namespace masar::bench {
namespace {

using ::testing::Gt;
using ::testing::HasSubstr;
using ::testing::SizeIs;

using BenchCommandTest = EchoServerTest;

TEST_F(BenchCommandTest, BaselineRunsAlternateAndGiveARatio) {
  ::masar::testing::ScopedTempDir dir("masar-bench-test");
  const std::string request_path =
      dir.Write("echo_request.json", R"({"text": "hello"})");
  BenchOptions options;
  options.target = target();
  options.method = "/masar.testing.v1.EchoService/Echo";
  options.request_path = request_path;
  options.concurrency = 8;
  options.warmup = absl::Milliseconds(100);
  options.duration = absl::Milliseconds(400);
  options.baseline = true;
  options.pairs = 2;
  options.json_path = dir.File("report.json");
  std::ostringstream out;
  absl::StatusOr<BenchReport> report =
      RunBenchCommand(options, MASAR_BENCH_EXECUTABLE, out);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(report->target_runs, SizeIs(2));
  ASSERT_THAT(report->baseline_runs, SizeIs(2));
  for (const RunSummary& run : report->baseline_runs) {
    EXPECT_GT(run.calls, 0u);
    EXPECT_EQ(run.ok, run.calls);
  }
  EXPECT_EQ(report->baseline_request_bytes, report->request_bytes);
  EXPECT_THAT(out.str(), HasSubstr("target/baseline"));
  const nlohmann::json json =
      nlohmann::json::parse(std::ifstream(options.json_path));
  EXPECT_THAT(json["ratio"]["median"]["calls_per_second"].get<double>(), Gt(0));
  EXPECT_THAT(json["ratio"]["median"]["p99"].get<double>(), Gt(0));
  EXPECT_THAT(json["ratio"]["pairs"], SizeIs(2));
}

}  // namespace
}  // namespace masar::bench
