#include "common/clock/calendar.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace masar {

absl::StatusOr<Calendar> Calendar::ForZone(const Clock* clock,
                                           absl::string_view name) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(std::string(name), &zone)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "time zone \"", name,
        "\" cannot be loaded: give an IANA name such as Africa/Casablanca "
        "(is tzdata installed?)"));
  }
  return Calendar(clock, zone);
}

}  // namespace masar
