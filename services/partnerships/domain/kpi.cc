#include "services/partnerships/domain/kpi.h"

#include "absl/strings/str_format.h"

namespace masar::partnerships {

std::string MeasurementId(absl::CivilDay start, absl::CivilDay end) {
  return absl::StrFormat("%04d%02d%02d-%04d%02d%02d", start.year(),
                         start.month(), start.day(), end.year(), end.month(),
                         end.day());
}

KpiProgress ProgressOf(const Kpi& kpi, const KpiMeasurement& latest) {
  KpiProgress progress;
  progress.latest_value = latest.value;
  progress.latest_period_end_on = latest.period_end_on;
  progress.percent_of_target =
      (latest.value - kpi.baseline) / (kpi.target - kpi.baseline) * 100;
  progress.target_met = kpi.direction == KpiDirection::kDecrease
                            ? latest.value <= kpi.target
                            : latest.value >= kpi.target;
  return progress;
}

}  // namespace masar::partnerships
