#ifndef MASAR_COMMON_LOG_LOGGER_H_
#define MASAR_COMMON_LOG_LOGGER_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include "absl/strings/string_view.h"
#include <type_traits>
#include <variant>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/clock/clock.h"

namespace masar {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// "debug", "info", "warning" or "error".
absl::StatusOr<LogLevel> ParseLogLevel(absl::string_view text);
absl::string_view LogLevelName(LogLevel level);

// One key/value of a log line. Values are ids, codes, counts and durations:
// never a secret, a national identifier or other personal data.
struct LogField {
  using Value = std::variant<absl::string_view, int64_t, double, bool>;

  LogField(absl::string_view k, absl::string_view v) : key(k), value(v) {}
  LogField(absl::string_view k, const std::string& v) : key(k), value(absl::string_view(v)) {}
  LogField(absl::string_view k, const char* v) : key(k), value(absl::string_view(v)) {}
  LogField(absl::string_view k, bool v) : key(k), value(v) {}
  LogField(absl::string_view k, double v) : key(k), value(v) {}
  template <typename Int, typename = std::enable_if_t<std::is_integral_v<Int> &&
                                                      !std::is_same_v<Int, bool>>>
  LogField(absl::string_view k, Int v) : key(k), value(static_cast<int64_t>(v)) {}

  absl::string_view key;
  Value value;
};

// Writes JSON lines: {"ts":"...","level":"info","msg":"...", <fields>}, one
// object per line, each line written whole even under concurrent callers.
class Logger {
 public:
  using Sink = std::function<void(absl::string_view line)>;
  // Makes what the sink buffered durable now (common/log/batching_writer.h).
  using Flush = std::function<void()>;

  // A sink that writes each line to standard error at once (tools; the
  // server batches its lines with a BatchingWriter).
  static Sink StderrSink();

  // `flush`, when given, runs after every warning and error line, so that
  // what matters most is never left in a buffer.
  Logger(Sink sink, LogLevel min_level, const Clock* clock,
         Flush flush = nullptr);

  bool Enabled(LogLevel level) const { return level >= min_level_; }
  void Log(LogLevel level, absl::string_view message,
           std::initializer_list<LogField> fields = {});

  void Debug(absl::string_view m, std::initializer_list<LogField> f = {}) {
    Log(LogLevel::kDebug, m, f);
  }
  void Info(absl::string_view m, std::initializer_list<LogField> f = {}) {
    Log(LogLevel::kInfo, m, f);
  }
  void Warning(absl::string_view m, std::initializer_list<LogField> f = {}) {
    Log(LogLevel::kWarning, m, f);
  }
  void Error(absl::string_view m, std::initializer_list<LogField> f = {}) {
    Log(LogLevel::kError, m, f);
  }

 private:
  absl::Mutex mu_;
  Sink sink_ ABSL_GUARDED_BY(mu_);
  const Flush flush_;
  const LogLevel min_level_;
  const Clock* clock_;
};

}  // namespace masar

#endif  // MASAR_COMMON_LOG_LOGGER_H_
