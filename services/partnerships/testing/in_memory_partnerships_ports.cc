#include "services/partnerships/testing/in_memory_partnerships_ports.h"

#include <string>

namespace masar::partnerships {
namespace {

absl::TimeZone ZoneOf(absl::string_view name) {
  absl::TimeZone zone;
  // A test names a zone tzdata has; UTC keeps a missing one visible as a
  // failing date rather than a crash.
  if (!absl::LoadTimeZone(std::string(name), &zone)) return absl::UTCTimeZone();
  return zone;
}

}  // namespace

InMemoryPartnershipsPorts::InMemoryPartnershipsPorts(
    absl::Time start, absl::string_view time_zone)
    : clock_(start), calendar_(&clock_, ZoneOf(time_zone)) {}

PartnershipsPorts InMemoryPartnershipsPorts::ports() {
  return PartnershipsPorts{.unit_of_work = &unit_of_work_,
                           .agreements = &agreements_,
                           .obligations = &obligations_,
                           .kpis = &kpis_,
                           .audit = &audit_,
                           .events = &events_,
                           .parties = &directory_,
                           .calendar = &calendar_};
}

}  // namespace masar::partnerships
