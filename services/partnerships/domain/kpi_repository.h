#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_KPI_REPOSITORY_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_KPI_REPOSITORY_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/aip/pagination.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/partnerships/domain/kpi.h"

namespace masar::partnerships {

// KPIs, keyed by (agreement_id, id), listed in creation order
// (create_time, id); and their measurements, keyed by (agreement_id,
// kpi_id, id), listed by period_start_on (the cursor's time is that day at
// 00:00 UTC, its key the measurement id).
class KpiRepository {
 public:
  virtual ~KpiRepository() = default;

  virtual absl::Status Create(Transaction& tx, const Kpi& kpi) = 0;
  // NOT_FOUND (KpiNotFound) when absent.
  virtual absl::StatusOr<Kpi> Get(Transaction& tx,
                                  absl::string_view agreement_id,
                                  absl::string_view id) = 0;
  // Compare-and-set on version, as AgreementRepository::Update.
  virtual absl::StatusOr<Kpi> Update(Transaction& tx, const Kpi& kpi) = 0;
  // Deletes the KPI and its measurements, compare-and-set on version.
  virtual absl::Status Delete(Transaction& tx, const Kpi& kpi) = 0;
  virtual absl::StatusOr<aip::ListResult<Kpi>> List(
      Transaction& tx, absl::string_view agreement_id,
      const aip::PageQuery& page) = 0;
  // Every KPI of an agreement, by id (the digest's order).
  virtual absl::StatusOr<std::vector<Kpi>> ListAllOf(
      Transaction& tx, absl::string_view agreement_id) = 0;
  // Deletes every KPI of the agreement and their measurements.
  virtual absl::Status DeleteAllOf(Transaction& tx,
                                   absl::string_view agreement_id) = 0;

  // Inserts the measurement, or replaces the one with the same id.
  virtual absl::Status PutMeasurement(Transaction& tx,
                                      const KpiMeasurement& measurement) = 0;
  virtual absl::StatusOr<aip::ListResult<KpiMeasurement>> ListMeasurements(
      Transaction& tx, absl::string_view agreement_id,
      absl::string_view kpi_id, const aip::PageQuery& page) = 0;
  // Every measurement of the KPI (at most kMaxMeasurements), by
  // period_start_on.
  virtual absl::StatusOr<std::vector<KpiMeasurement>> ListAllMeasurements(
      Transaction& tx, absl::string_view agreement_id,
      absl::string_view kpi_id) = 0;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_KPI_REPOSITORY_H_
