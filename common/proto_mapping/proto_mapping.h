#ifndef MASAR_COMMON_PROTO_MAPPING_PROTO_MAPPING_H_
#define MASAR_COMMON_PROTO_MAPPING_PROTO_MAPPING_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/i18n/localized_text.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "masar/common/v1/date.pb.h"
#include "masar/common/v1/localized_text.pb.h"

// proto <-> plain C++ for the well-known and masar.common.v1 types that every
// service's api/ maps, so that no service keeps its own copy.
namespace masar {

// Timestamps at microsecond precision, which is what the stores keep. An
// absl::InfinitePast/Future or a zero-initialised time maps as
// absl::ToUnixMicros does; an unset proto timestamp reads as the epoch.
google::protobuf::Timestamp ToProtoTimestamp(absl::Time time);
absl::Time FromProtoTimestamp(const google::protobuf::Timestamp& timestamp);

// Durations at nanosecond precision; negative ones keep seconds and nanos of
// the same sign, as google.protobuf.Duration requires.
google::protobuf::Duration ToProtoDuration(absl::Duration duration);
absl::Duration FromProtoDuration(const google::protobuf::Duration& duration);

// Full dates (masar.common.v1.Date with year, month and day all set).
// FromProtoDate refuses anything else, an impossible day (2023-02-30) or a
// year outside 1..9999 with INVALID_ARGUMENT naming `field`; absl would
// silently normalize them into another day.
common::v1::Date ToProtoDate(absl::CivilDay day);
absl::StatusOr<absl::CivilDay> FromProtoDate(const common::v1::Date& date,
                                             absl::string_view field);

common::v1::LocalizedText ToProto(const LocalizedText& text);
LocalizedText FromProto(const common::v1::LocalizedText& text);

}  // namespace masar

#endif  // MASAR_COMMON_PROTO_MAPPING_PROTO_MAPPING_H_
