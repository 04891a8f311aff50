#include "common/proto_mapping/proto_mapping.h"

#include <cstdint>

#include "common/status/errors.h"

namespace masar {

google::protobuf::Timestamp ToProtoTimestamp(absl::Time time) {
  google::protobuf::Timestamp out;
  const int64_t micros = absl::ToUnixMicros(time);
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {  // protobuf wants nanos in [0, 1e9)
    rest += 1000000;
    --seconds;
  }
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>(rest * 1000));
  return out;
}

absl::Time FromProtoTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

google::protobuf::Duration ToProtoDuration(absl::Duration duration) {
  google::protobuf::Duration out;
  // IDivDuration truncates toward zero, so the remainder has the sign of
  // `duration`, as the proto requires.
  absl::Duration rest;
  out.set_seconds(absl::IDivDuration(duration, absl::Seconds(1), &rest));
  out.set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(rest)));
  return out;
}

absl::Duration FromProtoDuration(const google::protobuf::Duration& duration) {
  return absl::Seconds(duration.seconds()) + absl::Nanoseconds(duration.nanos());
}

common::v1::Date ToProtoDate(absl::CivilDay day) {
  common::v1::Date out;
  out.set_year(static_cast<int32_t>(day.year()));
  out.set_month(day.month());
  out.set_day(day.day());
  return out;
}

absl::StatusOr<absl::CivilDay> FromProtoDate(const common::v1::Date& date,
                                             absl::string_view field) {
  if (date.year() < 1 || date.year() > 9999 || date.month() < 1 ||
      date.month() > 12 || date.day() < 1 || date.day() > 31) {
    return InvalidArgumentError(field, "a full date, year 1..9999");
  }
  const absl::CivilDay day(date.year(), date.month(), date.day());
  // absl normalizes 2023-02-30 into 2023-03-02: an impossible date reads
  // back different.
  if (day.month() != date.month() || day.day() != date.day()) {
    return InvalidArgumentError(field, "no such day in that month");
  }
  return day;
}

common::v1::LocalizedText ToProto(const LocalizedText& text) {
  common::v1::LocalizedText out;
  out.set_ar(text.ar);
  out.set_fr(text.fr);
  out.set_en(text.en);
  return out;
}

LocalizedText FromProto(const common::v1::LocalizedText& text) {
  return LocalizedText{.ar = text.ar(), .fr = text.fr(), .en = text.en()};
}

}  // namespace masar
