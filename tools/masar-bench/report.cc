#include "tools/masar-bench/report.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace masar::bench {
namespace {

uint64_t ErrorTotal(const RunSummary& summary) {
  uint64_t total = 0;
  for (const auto& [code, count] : summary.errors) total += count;
  return total;
}

std::string Row(absl::string_view label, const RunSummary& run) {
  return absl::StrFormat(
      "%-17s %10.0f %8.3f %8.3f %8.3f %9.3f %8.3f %10d %7d\n", label,
      run.calls_per_second, run.p50_us / 1000, run.p90_us / 1000,
      run.p99_us / 1000, run.p999_us / 1000, run.max_us / 1000, run.calls,
      ErrorTotal(run));
}

std::string LoadLine(const BenchReport& report) {
  const std::string length = report.count > 0
                                 ? absl::StrCat(report.count, " calls")
                                 : absl::FormatDuration(report.duration);
  return absl::StrCat(
      "load:     ", report.concurrency, " calls in flight over ",
      report.connections, " connection(s), ", length, " per run after ",
      absl::FormatDuration(report.warmup), " warm-up, deadline ",
      absl::FormatDuration(report.deadline), "\n");
}

std::string Header(const BenchReport& report) {
  std::string header =
      absl::StrCat("target:   ", report.method, " at ", report.target, "\n",
                   "request:  ", report.input_type, ", ", report.request_bytes,
                   " bytes\n", LoadLine(report));
  if (!report.baseline_runs.empty()) {
    absl::StrAppend(&header, "baseline: bare callback echo at ",
                    report.baseline_address, " (child process), request ",
                    report.baseline_request_bytes, " bytes, response ",
                    report.baseline_response_bytes, " bytes\n");
  }
  return header;
}

// Each run in order (target, baseline, target, ...), then the medians.
std::string RunsTable(const BenchReport& report) {
  std::string table = absl::StrFormat(
      "%-17s %10s %8s %8s %8s %9s %8s %10s %7s\n", "run", "calls/s", "p50 ms",
      "p90 ms", "p99 ms", "p99.9 ms", "max ms", "calls", "errors");
  for (size_t i = 0; i < report.target_runs.size(); ++i) {
    absl::StrAppend(&table,
                    Row(absl::StrCat("target ", i + 1), report.target_runs[i]));
    if (i < report.baseline_runs.size()) {
      absl::StrAppend(&table, Row(absl::StrCat("baseline ", i + 1),
                                  report.baseline_runs[i]));
    }
  }
  absl::StrAppend(&table, Row("target median", MedianOf(report.target_runs)));
  if (!report.baseline_runs.empty()) {
    absl::StrAppend(&table,
                    Row("baseline median", MedianOf(report.baseline_runs)));
  }
  return table;
}

std::string ErrorLines(absl::string_view label, const RunSummary& median) {
  if (median.errors.empty()) return "";
  return absl::StrCat(
      "errors (", label, ", all runs): ",
      absl::StrJoin(median.errors, ", ", absl::PairFormatter("=")), "\n");
}

nlohmann::json SummaryJson(const RunSummary& run) {
  return {{"calls_per_second", run.calls_per_second},
          {"latency_us",
           {{"p50", run.p50_us},
            {"p90", run.p90_us},
            {"p99", run.p99_us},
            {"p999", run.p999_us},
            {"max", run.max_us},
            {"mean", run.mean_us}}},
          {"calls", run.calls},
          {"ok", run.ok},
          {"errors", run.errors}};
}

nlohmann::json SeriesJson(const std::vector<RunSummary>& runs) {
  nlohmann::json each = nlohmann::json::array();
  for (const RunSummary& run : runs) each.push_back(SummaryJson(run));
  return {{"runs", each}, {"median", SummaryJson(MedianOf(runs))}};
}

nlohmann::json RatioJson(const Ratio& ratio) {
  return {{"calls_per_second", ratio.calls_per_second}, {"p99", ratio.p99}};
}

nlohmann::json BaselineJson(const BenchReport& report) {
  const std::vector<Ratio> ratios =
      PairRatios(report.target_runs, report.baseline_runs);
  nlohmann::json pairs = nlohmann::json::array();
  for (const Ratio& ratio : ratios) pairs.push_back(RatioJson(ratio));
  return {{"baseline",
           {{"address", report.baseline_address},
            {"request_bytes", report.baseline_request_bytes},
            {"response_bytes", report.baseline_response_bytes}}},
          {"ratio",
           {{"median", RatioJson(MedianRatio(ratios))}, {"pairs", pairs}}}};
}

}  // namespace

std::string FormatText(const BenchReport& report) {
  std::string text = absl::StrCat(Header(report), "\n", RunsTable(report));
  const RunSummary target = MedianOf(report.target_runs);
  absl::StrAppend(&text, ErrorLines("target", target));
  if (report.baseline_runs.empty()) return text;
  const RunSummary baseline = MedianOf(report.baseline_runs);
  const Ratio ratio =
      MedianRatio(PairRatios(report.target_runs, report.baseline_runs));
  absl::StrAppend(
      &text, ErrorLines("baseline", baseline),
      absl::StrFormat(
          "target/baseline, median of %d pair(s): calls/s %.3f, p99 %.3f\n",
          report.target_runs.size(), ratio.calls_per_second, ratio.p99));
  return text;
}

nlohmann::json ToJson(const BenchReport& report) {
  nlohmann::json json = {
      {"target", report.target},
      {"method", report.method},
      {"input_type", report.input_type},
      {"request_bytes", report.request_bytes},
      {"concurrency", report.concurrency},
      {"connections", report.connections},
      {"duration_s", absl::ToDoubleSeconds(report.duration)},
      {"count", report.count},
      {"warmup_s", absl::ToDoubleSeconds(report.warmup)},
      {"deadline_s", absl::ToDoubleSeconds(report.deadline)},
      {"pairs", report.target_runs.size()},
      {"results", {{"target", SeriesJson(report.target_runs)}}}};
  if (!report.baseline_runs.empty()) {
    json["results"]["baseline"] = SeriesJson(report.baseline_runs);
    json.update(BaselineJson(report));
  }
  return json;
}

absl::Status WriteJsonFile(const BenchReport& report, const std::string& path) {
  std::ofstream out(path);
  out << ToJson(report).dump(2) << "\n";
  out.close();
  if (!out) {
    return absl::InvalidArgumentError(
        absl::StrCat("--json: cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace masar::bench
