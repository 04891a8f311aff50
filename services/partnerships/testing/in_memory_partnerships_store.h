#ifndef MASAR_SERVICES_PARTNERSHIPS_TESTING_IN_MEMORY_PARTNERSHIPS_STORE_H_
#define MASAR_SERVICES_PARTNERSHIPS_TESTING_IN_MEMORY_PARTNERSHIPS_STORE_H_

#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/audit/audit_trail.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/partnerships/domain/agreement_repository.h"
#include "services/partnerships/domain/kpi_repository.h"
#include "services/partnerships/domain/obligation_repository.h"
#include "services/partnerships/domain/partnerships_event_log.h"

// In-memory fakes of partnerships' storage ports, for domain tests and the
// repository contract suite. They share one state that the unit of work
// guards with a mutex: transactions run one at a time (so they are
// serializable), and a body that fails has its writes undone from a
// snapshot taken when it started.
namespace masar::partnerships {

struct InMemoryPartnershipsState {
  std::map<std::string, Agreement> agreements;
  std::map<std::pair<std::string, std::string>, Obligation> obligations;
  std::map<std::pair<std::string, std::string>, Kpi> kpis;
  // By (agreement id, KPI id, measurement id).
  std::map<std::tuple<std::string, std::string, std::string>, KpiMeasurement>
      measurements;
  std::vector<audit::AuditRecord> audit_records;
  std::vector<AgreementStateChanged> events;
};

// The state behind an in-memory transaction; INTERNAL for another store's.
absl::StatusOr<InMemoryPartnershipsState*> InMemoryStateOf(Transaction& tx);

class InMemoryPartnershipsUnitOfWork final : public UnitOfWork {
 public:
  absl::Status Run(absl::FunctionRef<absl::Status(Transaction&)> body) override;
  absl::Status RunReadOnly(
      absl::FunctionRef<absl::Status(Transaction&)> body) override;

  // For tests of races: runs `other` inside the current body's transaction
  // `tx` as if another replica had committed it just now: its writes stay
  // even if the current body then fails and rolls back. Call only from
  // inside a body, before the body's own first write.
  absl::Status CommitConcurrently(
      Transaction& tx, absl::FunctionRef<absl::Status(Transaction&)> other);

  // What was committed so far, for tests.
  std::vector<audit::AuditRecord> audit_records() const;
  std::vector<AgreementStateChanged> events() const;
  InMemoryPartnershipsState state() const;

 private:
  mutable absl::Mutex mu_;
  InMemoryPartnershipsState state_ ABSL_GUARDED_BY(mu_);
  // The running body's snapshot; null outside Run.
  InMemoryPartnershipsState* snapshot_ = nullptr;
};

class InMemoryAgreementRepository final : public AgreementRepository {
 public:
  absl::Status Create(Transaction& tx, const Agreement& agreement) override;
  absl::StatusOr<Agreement> Get(Transaction& tx, absl::string_view id) override;
  absl::StatusOr<Agreement> Update(Transaction& tx,
                                   const Agreement& agreement) override;
  absl::Status Delete(Transaction& tx, const Agreement& agreement) override;
  absl::StatusOr<aip::ListResult<Agreement>> List(
      Transaction& tx, const AgreementFilter& filter,
      const aip::PageQuery& page) override;
  absl::StatusOr<std::vector<Agreement>> ListExtending(
      Transaction& tx, absl::string_view id) override;
  absl::StatusOr<std::vector<Agreement>> ListDue(Transaction& tx,
                                                 absl::CivilDay today,
                                                 int limit) override;
  absl::StatusOr<std::vector<Agreement>> ListUnsignedBySignatory(
      Transaction& tx, absl::string_view user_id) override;

  // For tests of races: `hook` runs (once) at the start of the next
  // Update, inside its transaction, before the compare-and-set.
  void BeforeNextUpdate(std::function<void(Transaction&)> hook);

 private:
  std::function<void(Transaction&)> before_next_update_;
};

class InMemoryObligationRepository final : public ObligationRepository {
 public:
  absl::Status Create(Transaction& tx, const Obligation& obligation) override;
  absl::StatusOr<Obligation> Get(Transaction& tx,
                                 absl::string_view agreement_id,
                                 absl::string_view id) override;
  absl::StatusOr<Obligation> Update(Transaction& tx,
                                    const Obligation& obligation) override;
  absl::Status Delete(Transaction& tx, const Obligation& obligation) override;
  absl::StatusOr<aip::ListResult<Obligation>> List(
      Transaction& tx, const ObligationFilter& filter,
      const aip::PageQuery& page) override;
  absl::StatusOr<std::vector<Obligation>> ListAllOf(
      Transaction& tx, absl::string_view agreement_id) override;
  absl::Status DeleteAllOf(Transaction& tx,
                           absl::string_view agreement_id) override;
};

class InMemoryKpiRepository final : public KpiRepository {
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
      Transaction& tx, absl::string_view agreement_id,
      absl::string_view kpi_id, const aip::PageQuery& page) override;
  absl::StatusOr<std::vector<KpiMeasurement>> ListAllMeasurements(
      Transaction& tx, absl::string_view agreement_id,
      absl::string_view kpi_id) override;
};

// Keep records and events in the transaction's state (a rolled-back change
// leaves none); read them back from the unit of work.
class InMemoryPartnershipsAuditTrail final : public audit::AuditTrail {
 public:
  absl::Status Append(Transaction& tx,
                      const audit::AuditRecord& record) override;
};

class InMemoryPartnershipsEventLog final : public PartnershipsEventLog {
 public:
  absl::Status Append(Transaction& tx,
                      const AgreementStateChanged& event) override;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_TESTING_IN_MEMORY_PARTNERSHIPS_STORE_H_
