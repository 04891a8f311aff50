#include "common/log/logger.h"

#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace masar {

absl::StatusOr<LogLevel> ParseLogLevel(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "debug") return LogLevel::kDebug;
  if (lower == "info") return LogLevel::kInfo;
  if (lower == "warning" || lower == "warn") return LogLevel::kWarning;
  if (lower == "error") return LogLevel::kError;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown log level \"", text, "\"; use debug, info, warning or error"));
}

absl::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "info";
}

Logger::Sink Logger::StderrSink() {
  return [](absl::string_view line) {
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
  };
}

Logger::Logger(Sink sink, LogLevel min_level, const Clock* clock)
    : sink_(std::move(sink)), min_level_(min_level), clock_(clock) {}

void Logger::Log(LogLevel level, absl::string_view message,
                 std::initializer_list<LogField> fields) {
  if (!Enabled(level)) return;
  nlohmann::ordered_json line;
  line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", clock_->Now(),
                                absl::UTCTimeZone());
  line["level"] = LogLevelName(level);
  line["msg"] = message;
  for (const LogField& field : fields) {
    std::visit([&](const auto& v) { line[std::string(field.key)] = v; },
               field.value);
  }
  // Invalid UTF-8 is replaced rather than thrown on: a log line never fails.
  std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  absl::MutexLock lock(&mu_);
  sink_(text);
}

}  // namespace masar
