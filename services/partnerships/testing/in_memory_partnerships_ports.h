#ifndef MASAR_SERVICES_PARTNERSHIPS_TESTING_IN_MEMORY_PARTNERSHIPS_PORTS_H_
#define MASAR_SERVICES_PARTNERSHIPS_TESTING_IN_MEMORY_PARTNERSHIPS_PORTS_H_

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock/calendar.h"
#include "common/clock/clock.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/testing/fake_party_directory.h"
#include "services/partnerships/testing/in_memory_partnerships_store.h"

namespace masar::partnerships {

// Every in-memory fake of partnerships' ports over one shared state, with a
// FakeClock and the calendar of `time_zone` (Africa/Casablanca unless told
// otherwise), handed out as the ports AgreementRegistry takes: what a
// domain test holds instead of a member per fake.
class InMemoryPartnershipsPorts {
 public:
  explicit InMemoryPartnershipsPorts(
      absl::Time start = absl::FromUnixSeconds(1750000000),
      absl::string_view time_zone = kDefaultTimeZone);
  InMemoryPartnershipsPorts(const InMemoryPartnershipsPorts&) = delete;
  InMemoryPartnershipsPorts& operator=(const InMemoryPartnershipsPorts&) =
      delete;

  PartnershipsPorts ports();

  // The fakes a test reads, seeds or moves directly.
  FakeClock& clock() { return clock_; }
  const Calendar& calendar() const { return calendar_; }
  InMemoryPartnershipsUnitOfWork& unit_of_work() { return unit_of_work_; }
  InMemoryAgreementRepository& agreements() { return agreements_; }
  InMemoryObligationRepository& obligations() { return obligations_; }
  InMemoryKpiRepository& kpis() { return kpis_; }
  FakePartyDirectory& directory() { return directory_; }

 private:
  FakeClock clock_;
  Calendar calendar_;
  InMemoryPartnershipsUnitOfWork unit_of_work_;
  InMemoryAgreementRepository agreements_;
  InMemoryObligationRepository obligations_;
  InMemoryKpiRepository kpis_;
  InMemoryPartnershipsAuditTrail audit_;
  InMemoryPartnershipsEventLog events_;
  FakePartyDirectory directory_;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_TESTING_IN_MEMORY_PARTNERSHIPS_PORTS_H_
