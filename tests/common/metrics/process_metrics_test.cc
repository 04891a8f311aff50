#include "common/metrics/process_metrics.h"

#include <ctime>
#include <map>
#include <string>

#include "gtest/gtest.h"

namespace masar::metrics {
namespace {

std::map<std::string, double> Values(const Registry& registry) {
  std::map<std::string, double> values;
  for (const FamilySnapshot& family : registry.Collect()) {
    if (family.samples.size() == 1) values[family.name] = family.samples[0].value;
  }
  return values;
}

TEST(ProcessMetricsTest, ReadsPlausibleValuesFromProc) {
  Registry registry;
  AddProcessMetrics(registry);
  const std::map<std::string, double> values = Values(registry);
  EXPECT_GE(values.at("process_cpu_seconds_total"), 0);
  EXPECT_GT(values.at("process_resident_memory_bytes"), 1 << 20);
  EXPECT_GT(values.at("process_virtual_memory_bytes"),
            values.at("process_resident_memory_bytes"));
  EXPECT_GE(values.at("process_open_fds"), 3);
  EXPECT_GE(values.at("process_max_fds"), values.at("process_open_fds"));
  const double now = static_cast<double>(std::time(nullptr));
  EXPECT_LE(values.at("process_start_time_seconds"), now + 1);
  EXPECT_GT(values.at("process_start_time_seconds"), now - 600);
}

}  // namespace
}  // namespace masar::metrics
