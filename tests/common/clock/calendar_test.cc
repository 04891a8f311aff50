#include "common/clock/calendar.h"

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/clock/clock.h"
#include "gtest/gtest.h"

namespace masar {
namespace {

TEST(CalendarTest, TodayIsTheDayInTheConfiguredZoneNotInUtc) {
  // 23:30 UTC on 2025-06-14 is already 2025-06-15 in Casablanca (UTC+1).
  FakeClock clock(absl::FromCivil(absl::CivilSecond(2025, 6, 14, 23, 30, 0),
                                  absl::UTCTimeZone()));
  absl::StatusOr<Calendar> casablanca =
      Calendar::ForZone(&clock, kDefaultTimeZone);
  ASSERT_TRUE(casablanca.ok()) << casablanca.status();
  EXPECT_EQ(casablanca->Today(), absl::CivilDay(2025, 6, 15));
  EXPECT_EQ(Calendar(&clock, absl::UTCTimeZone()).Today(),
            absl::CivilDay(2025, 6, 14));
}

TEST(CalendarTest, ADayStartsAtMidnightInTheZone) {
  FakeClock clock;
  absl::StatusOr<Calendar> casablanca =
      Calendar::ForZone(&clock, kDefaultTimeZone);
  ASSERT_TRUE(casablanca.ok()) << casablanca.status();
  absl::Time start = casablanca->StartOf(absl::CivilDay(2025, 6, 15));
  EXPECT_EQ(start, absl::FromCivil(absl::CivilSecond(2025, 6, 14, 23, 0, 0),
                                   absl::UTCTimeZone()));
  EXPECT_EQ(casablanca->DayOf(start), absl::CivilDay(2025, 6, 15));
  EXPECT_EQ(casablanca->DayOf(start - absl::Seconds(1)),
            absl::CivilDay(2025, 6, 14));
}

TEST(CalendarTest, AnUnknownZoneIsRefusedByName) {
  FakeClock clock;
  absl::StatusOr<Calendar> calendar = Calendar::ForZone(&clock, "Mars/Olympus");
  ASSERT_EQ(calendar.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(calendar.status().message().find("Mars/Olympus"),
            std::string::npos);
}

}  // namespace
}  // namespace masar
