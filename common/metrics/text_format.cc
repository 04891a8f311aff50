#include "common/metrics/text_format.h"

#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace masar::metrics {
namespace {

// The shortest text that reads back as the same double.
std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Plain decimals ("0.0005", not "5e-04") where they stay short.
  const double magnitude = std::fabs(value);
  const std::chars_format format =
      magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e16)
          ? std::chars_format::fixed
          : std::chars_format::general;
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), value, format);
  return std::string(buffer, result.ptr);
}

// In HELP, backslash and newline are escaped; label values also escape '"'.
std::string Escape(const std::string& text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

// `{a="x",b="y"}` (with `extra` appended, such as le), or nothing.
std::string Labels(const std::vector<std::string>& names,
                   const std::vector<std::string>& values,
                   const std::string& extra = "") {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
    absl::StrAppend(&out, out.empty() ? "" : ",", names[i], "=\"",
                    Escape(values[i], true), "\"");
  }
  if (!extra.empty()) absl::StrAppend(&out, out.empty() ? "" : ",", extra);
  return out.empty() ? out : absl::StrCat("{", out, "}");
}

absl::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter: return "counter";
    case MetricType::kGauge: return "gauge";
    case MetricType::kHistogram: return "histogram";
  }
  return "untyped";
}

void WriteHistogram(const FamilySnapshot& family, const HistogramSample& h,
                    std::string& out) {
  const std::vector<std::uint64_t>& cumulative = h.snapshot.cumulative;
  for (std::size_t i = 0; i < cumulative.size(); ++i) {
    const std::string le =
        i < h.bounds.size() ? FormatValue(h.bounds[i]) : "+Inf";
    absl::StrAppend(&out, family.name, "_bucket",
                    Labels(family.label_names, h.label_values,
                           absl::StrCat("le=\"", le, "\"")),
                    " ", cumulative[i], "\n");
  }
  const std::string labels = Labels(family.label_names, h.label_values);
  absl::StrAppend(&out, family.name, "_sum", labels, " ",
                  FormatValue(h.snapshot.sum), "\n");
  absl::StrAppend(&out, family.name, "_count", labels, " ",
                  cumulative.empty() ? 0 : cumulative.back(), "\n");
}

}  // namespace

std::string WriteText(const std::vector<FamilySnapshot>& families) {
  std::string out;
  for (const FamilySnapshot& family : families) {
    absl::StrAppend(&out, "# HELP ", family.name, " ",
                    Escape(family.help, false), "\n");
    absl::StrAppend(&out, "# TYPE ", family.name, " ", TypeName(family.type),
                    "\n");
    for (const Sample& s : family.samples) {
      absl::StrAppend(&out, family.name,
                      Labels(family.label_names, s.label_values), " ",
                      FormatValue(s.value), "\n");
    }
    for (const HistogramSample& h : family.histograms) {
      WriteHistogram(family, h, out);
    }
  }
  return out;
}

}  // namespace masar::metrics
