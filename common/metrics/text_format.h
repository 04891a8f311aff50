#ifndef MASAR_COMMON_METRICS_TEXT_FORMAT_H_
#define MASAR_COMMON_METRICS_TEXT_FORMAT_H_

#include <string>
#include <vector>

#include "common/metrics/registry.h"

namespace masar::metrics {

// The content type of WriteText's output.
inline constexpr char kTextFormatContentType[] =
    "text/plain; version=0.0.4; charset=utf-8";

// Prometheus text exposition format 0.0.4: `# HELP` and `# TYPE` per
// family, then its series; a histogram as `_bucket{le="..."}` lines
// (cumulative, ending with +Inf), `_sum` and `_count`.
std::string WriteText(const std::vector<FamilySnapshot>& families);

}  // namespace masar::metrics

#endif  // MASAR_COMMON_METRICS_TEXT_FORMAT_H_
