#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_KPI_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_KPI_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/i18n/localized_text.h"

// An agreement's KPI and its measurements
// (protos/masar/partnerships/v1/kpi.proto).
namespace masar::partnerships {

enum class KpiDirection { kUnspecified = 0, kIncrease = 1, kDecrease = 2 };

struct KpiProgress {
  double latest_value = 0;
  absl::CivilDay latest_period_end_on;
  double percent_of_target = 0;
  bool target_met = false;

  friend bool operator==(const KpiProgress&, const KpiProgress&) = default;
};

struct Kpi {
  std::string agreement_id;
  std::string id;  // "agreements/{agreement_id}/kpis/{id}"
  // Terms.
  LocalizedText display_name;
  std::string unit;
  double baseline = 0;
  double target = 0;
  KpiDirection direction = KpiDirection::kUnspecified;
  // Kept up to date by RecordKpiMeasurement: from the measurement with the
  // latest period_end_on.
  int measurement_count = 0;
  std::optional<KpiProgress> progress;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 0;

  friend bool operator==(const Kpi&, const Kpi&) = default;
};

struct KpiMeasurement {
  std::string agreement_id;
  std::string kpi_id;
  // "YYYYMMDD-YYYYMMDD" of the period (MeasurementId): a correction of a
  // period names the same measurement.
  std::string id;
  absl::CivilDay period_start_on;
  absl::CivilDay period_end_on;
  std::string period_label;
  double value = 0;
  std::string note;
  std::string recorded_by;  // "users/{id}"
  absl::Time record_time;
  int revision = 1;

  friend bool operator==(const KpiMeasurement&,
                         const KpiMeasurement&) = default;
};

std::string MeasurementId(absl::CivilDay start, absl::CivilDay end);

// The progress `latest` gives `kpi` (kpi.proto's KpiProgress).
KpiProgress ProgressOf(const Kpi& kpi, const KpiMeasurement& latest);

inline constexpr int kMaxKpis = 50;
inline constexpr int kMaxMeasurements = 400;

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_KPI_H_
