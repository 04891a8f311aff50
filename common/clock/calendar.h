#ifndef MASAR_COMMON_CLOCK_CALENDAR_H_
#define MASAR_COMMON_CLOCK_CALENDAR_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/clock/clock.h"

namespace masar {

// The time zone every Masar service takes dates in unless told otherwise
// (`masar serve --time-zone`): the agency's own calendar, whatever zone its
// machines run in.
inline constexpr char kDefaultTimeZone[] = "Africa/Casablanca";

// "Today" and the day of an instant, in the service's configured time zone
// by its clock: what date-valued rules (an agreement's expiry, an
// obligation's due date, an application window's days) are judged by. A day
// starts at 00:00 in that zone. Cheap to copy; the clock must outlive it.
class Calendar {
 public:
  Calendar(const Clock* clock, absl::TimeZone zone)
      : clock_(clock), zone_(zone) {}

  // The calendar of the IANA zone `name` (tzdata must be installed);
  // INVALID_ARGUMENT naming the zone when it cannot be loaded.
  static absl::StatusOr<Calendar> ForZone(const Clock* clock,
                                          absl::string_view name);

  const Clock* clock() const { return clock_; }
  absl::TimeZone zone() const { return zone_; }
  absl::Time Now() const { return clock_->Now(); }
  absl::CivilDay Today() const { return DayOf(clock_->Now()); }
  absl::CivilDay DayOf(absl::Time t) const {
    return absl::ToCivilDay(t, zone_);
  }
  // The first instant of `day` (a day that starts in a DST gap starts at
  // the gap's end).
  absl::Time StartOf(absl::CivilDay day) const {
    return zone_.At(absl::CivilSecond(day)).trans;
  }

 private:
  const Clock* clock_;
  absl::TimeZone zone_;
};

}  // namespace masar

#endif  // MASAR_COMMON_CLOCK_CALENDAR_H_
