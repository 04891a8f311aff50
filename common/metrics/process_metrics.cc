#include "common/metrics/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace masar::metrics {
namespace {

// The fields of /proc/self/stat after the command name (which may hold
// spaces): index 0 is field 3 (state) of proc(5).
std::vector<std::string> StatFields() {
  std::ifstream file("/proc/self/stat");
  const std::string line((std::istreambuf_iterator<char>(file)),
                         std::istreambuf_iterator<char>());
  const std::size_t end_of_name = line.rfind(')');
  if (end_of_name == std::string::npos) return {};
  return absl::StrSplit(line.substr(end_of_name + 2), ' ',
                        absl::SkipEmpty());
}

std::optional<double> StatField(int field) {
  const std::vector<std::string> fields = StatFields();
  const std::size_t index = static_cast<std::size_t>(field - 3);
  double value = 0;
  if (index >= fields.size() || !absl::SimpleAtod(fields[index], &value)) {
    return std::nullopt;
  }
  return value;
}

std::vector<Sample> One(std::optional<double> value) {
  if (!value.has_value()) return {};
  return {Sample{{}, *value}};
}

double TicksPerSecond() { return static_cast<double>(sysconf(_SC_CLK_TCK)); }

std::optional<double> BootTimeSeconds() {
  std::ifstream file("/proc/stat");
  std::string key;
  double value = 0;
  while (file >> key) {
    if (key == "btime" && file >> value) return value;
    file.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return std::nullopt;
}

std::optional<double> OpenFds() {
  std::error_code error;
  std::filesystem::directory_iterator it("/proc/self/fd", error);
  if (error) return std::nullopt;
  double count = 0;
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (error) return std::nullopt;
    ++count;
  }
  return count;
}

}  // namespace

void AddProcessMetrics(Registry& registry) {
  constexpr int kUtime = 14, kStime = 15, kStartTime = 22, kVsize = 23,
                kRss = 24;
  registry.AddCallback(
      "process_cpu_seconds_total", "User and system CPU time spent, seconds.",
      MetricType::kCounter, {}, [] {
        const std::optional<double> user = StatField(kUtime);
        const std::optional<double> system = StatField(kStime);
        if (!user || !system) return std::vector<Sample>{};
        return One((*user + *system) / TicksPerSecond());
      });
  registry.AddCallback(
      "process_resident_memory_bytes", "Resident memory size, bytes.",
      MetricType::kGauge, {}, [] {
        const std::optional<double> pages = StatField(kRss);
        if (!pages) return std::vector<Sample>{};
        return One(*pages * static_cast<double>(sysconf(_SC_PAGESIZE)));
      });
  registry.AddCallback("process_virtual_memory_bytes",
                       "Virtual memory size, bytes.", MetricType::kGauge, {},
                       [] { return One(StatField(kVsize)); });
  registry.AddCallback("process_open_fds", "Open file descriptors.",
                       MetricType::kGauge, {}, [] { return One(OpenFds()); });
  registry.AddCallback(
      "process_max_fds", "The limit of open file descriptors.",
      MetricType::kGauge, {}, [] {
        rlimit limit{};
        if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return std::vector<Sample>{};
        return One(static_cast<double>(limit.rlim_cur));
      });
  registry.AddCallback(
      "process_start_time_seconds",
      "Start time of the process since the Unix epoch, seconds.",
      MetricType::kGauge, {}, [] {
        const std::optional<double> ticks = StatField(kStartTime);
        const std::optional<double> boot = BootTimeSeconds();
        if (!ticks || !boot) return std::vector<Sample>{};
        return One(*boot + *ticks / TicksPerSecond());
      });
}

}  // namespace masar::metrics
