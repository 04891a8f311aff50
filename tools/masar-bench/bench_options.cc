#include "tools/masar-bench/bench_options.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status/status_macros.h"

namespace masar::bench {
namespace {

absl::Status FlagError(absl::string_view flag, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", message));
}

absl::StatusOr<absl::Duration> ParseDurationFlag(absl::string_view flag,
                                                 const std::string& text) {
  absl::Duration duration;
  if (!absl::ParseDuration(text, &duration) ||
      duration < absl::ZeroDuration()) {
    return FlagError(flag, absl::StrCat("\"", text,
                                        "\" is not a duration such as 10s, "
                                        "500ms or 2m"));
  }
  return duration;
}

absl::StatusOr<RequestFormat> ParseFormat(const std::string& text) {
  if (text.empty()) return RequestFormat::kByExtension;
  if (text == "json") return RequestFormat::kJson;
  if (text == "binary") return RequestFormat::kBinary;
  return FlagError("request-format",
                   absl::StrCat("\"", text, "\" is neither json nor binary"));
}

absl::StatusOr<std::pair<std::string, std::string>> ParseMetadata(
    absl::string_view text) {
  const size_t colon = text.find(':');
  const absl::string_view key =
      absl::StripAsciiWhitespace(text.substr(0, colon));
  if (colon == absl::string_view::npos || key.empty()) {
    return FlagError("metadata",
                     absl::StrCat("\"", text, "\" is not \"key: value\""));
  }
  return std::make_pair(
      absl::AsciiStrToLower(key),
      std::string(absl::StripAsciiWhitespace(text.substr(colon + 1))));
}

absl::Status CheckRequired(const BenchFlags& flags) {
  if (flags.target.empty()) return FlagError("target", "is required");
  if (flags.method.empty()) return FlagError("method", "is required");
  if (flags.request.empty()) return FlagError("request", "is required");
  return absl::OkStatus();
}

absl::Status CheckCounts(const BenchFlags& flags) {
  if (flags.concurrency < 1)
    return FlagError("concurrency", "must be at least 1");
  if (flags.connections < 1)
    return FlagError("connections", "must be at least 1");
  if (flags.connections > flags.concurrency) {
    return FlagError("connections", "must not exceed --concurrency");
  }
  if (flags.count < 0) return FlagError("count", "must not be negative");
  if (flags.pairs < 1) return FlagError("pairs", "must be at least 1");
  return absl::OkStatus();
}

}  // namespace

void AddBenchFlags(CLI::App& app, BenchFlags& flags) {
  app.option_defaults()->always_capture_default();
  app.add_option("--target", flags.target, "host:port of the server");
  app.add_option("--method", flags.method,
                 "unary method, /package.Service/Method");
  app.add_option("--request", flags.request,
                 "request message file, protobuf JSON or binary");
  app.add_option("--request-format", flags.request_format,
                 "json or binary (default: .json is JSON, else binary)");
  app.add_option("--concurrency", flags.concurrency, "calls kept in flight");
  app.add_option("--duration", flags.duration, "length of each measured run");
  app.add_option("--count", flags.count,
                 "measured calls per run, instead of --duration");
  app.add_option("--warmup", flags.warmup, "unmeasured load before each run");
  app.add_option("--metadata", flags.metadata,
                 "'key: value' sent with every call (repeatable)");
  app.add_option("--deadline", flags.deadline, "deadline of each call");
  app.add_option("--connections", flags.connections,
                 "channels (HTTP/2 connections) the calls spread over");
  app.add_option("--json", flags.json, "also write the report to this file");
  app.add_flag("--baseline", flags.baseline,
               "also measure a bare gRPC echo server with the same load");
  app.add_option("--pairs", flags.pairs,
                 "runs (alternating with the baseline) whose medians are "
                 "reported");
}

absl::StatusOr<BenchOptions> ToBenchOptions(const BenchFlags& flags) {
  RETURN_IF_ERROR(CheckRequired(flags));
  RETURN_IF_ERROR(CheckCounts(flags));
  BenchOptions options;
  options.target = flags.target;
  options.method = flags.method;
  options.request_path = flags.request;
  ASSIGN_OR_RETURN(options.request_format, ParseFormat(flags.request_format));
  options.concurrency = flags.concurrency;
  ASSIGN_OR_RETURN(options.duration,
                   ParseDurationFlag("duration", flags.duration));
  if (flags.count == 0 && options.duration <= absl::ZeroDuration()) {
    return FlagError("duration", "must be positive unless --count is given");
  }
  options.count = flags.count;
  ASSIGN_OR_RETURN(options.warmup, ParseDurationFlag("warmup", flags.warmup));
  for (const std::string& entry : flags.metadata) {
    ASSIGN_OR_RETURN(auto header, ParseMetadata(entry));
    options.metadata.push_back(std::move(header));
  }
  ASSIGN_OR_RETURN(options.deadline,
                   ParseDurationFlag("deadline", flags.deadline));
  if (options.deadline <= absl::ZeroDuration()) {
    return FlagError("deadline", "must be positive");
  }
  options.connections = flags.connections;
  options.json_path = flags.json;
  options.baseline = flags.baseline;
  options.pairs = flags.pairs;
  return options;
}

}  // namespace masar::bench
