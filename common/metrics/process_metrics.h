#ifndef MASAR_COMMON_METRICS_PROCESS_METRICS_H_
#define MASAR_COMMON_METRICS_PROCESS_METRICS_H_

#include "common/metrics/registry.h"

namespace masar::metrics {

// The standard process_* metrics (process_cpu_seconds_total,
// process_resident_memory_bytes, process_virtual_memory_bytes,
// process_open_fds, process_max_fds, process_start_time_seconds), read from
// /proc at each scrape. On a system without /proc they report nothing.
void AddProcessMetrics(Registry& registry);

}  // namespace masar::metrics

#endif  // MASAR_COMMON_METRICS_PROCESS_METRICS_H_
