#ifndef MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_KPI_REPOSITORY_H_
#define MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_KPI_REPOSITORY_H_

#include <vector>

#include "services/partnerships/domain/kpi_repository.h"

namespace masar::partnerships {

// KpiRepository over masar::sql: tables partnerships_kpis and
// partnerships_kpi_measurements. PutMeasurement is one upsert on the
// measurement's key, so a correction of a period replaces it. Thread-safe.
class SqlKpiRepository final : public KpiRepository {
 public:
  absl::Status Create(Transaction& tx, const Kpi& kpi) override;
  absl::StatusOr<Kpi> Get(Transaction& tx, absl::string_view agreement_id,
                          absl::string_view id) override;
  absl::StatusOr<Kpi> Update(Transaction& tx, const Kpi& kpi) override;
  absl::Status Delete(Transaction& tx, const Kpi& kpi) override;
  absl::StatusOr<aip::ListResult<Kpi>> List(
      Transaction& tx, absl::string_view agreement_id,
      const aip::PageQuery& page) override;
  absl::StatusOr<std::vector<Kpi>> ListAllOf(
      Transaction& tx, absl::string_view agreement_id) override;
  absl::Status DeleteAllOf(Transaction& tx,
                           absl::string_view agreement_id) override;

  absl::Status PutMeasurement(Transaction& tx,
                              const KpiMeasurement& measurement) override;
  absl::StatusOr<aip::ListResult<KpiMeasurement>> ListMeasurements(
      Transaction& tx, absl::string_view agreement_id, absl::string_view kpi_id,
      const aip::PageQuery& page) override;
  absl::StatusOr<std::vector<KpiMeasurement>> ListAllMeasurements(
      Transaction& tx, absl::string_view agreement_id,
      absl::string_view kpi_id) override;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_STORE_SQL_KPI_REPOSITORY_H_
