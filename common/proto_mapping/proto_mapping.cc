#include "common/proto_mapping/proto_mapping.h"

#include <cstdint>

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
