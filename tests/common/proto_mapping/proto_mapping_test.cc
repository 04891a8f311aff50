#include "common/proto_mapping/proto_mapping.h"

#include "common/proto_mapping/audit_mapping.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "masar/partnerships/v1/partnership_service.pb.h"

namespace masar {
namespace {

TEST(ProtoMappingTest, TimestampsKeepMicrosecondsAndNanosStayPositive) {
  const absl::Time time = absl::FromUnixMicros(1700000000123456);
  const google::protobuf::Timestamp proto = ToProtoTimestamp(time);
  EXPECT_EQ(proto.seconds(), 1700000000);
  EXPECT_EQ(proto.nanos(), 123456000);
  EXPECT_EQ(FromProtoTimestamp(proto), time);

  // Before the epoch the seconds go down and the nanos stay in [0, 1e9).
  const google::protobuf::Timestamp before =
      ToProtoTimestamp(absl::FromUnixMicros(-1500000));
  EXPECT_EQ(before.seconds(), -2);
  EXPECT_EQ(before.nanos(), 500000000);
  EXPECT_EQ(FromProtoTimestamp(before), absl::FromUnixMicros(-1500000));
}

TEST(ProtoMappingTest, TimestampsDropWhatTheStoresDoNotKeep) {
  EXPECT_EQ(ToProtoTimestamp(absl::FromUnixNanos(1999)).nanos(), 1000);
  EXPECT_EQ(FromProtoTimestamp(google::protobuf::Timestamp()),
            absl::UnixEpoch());
}

common::v1::Date MakeDate(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

// The one field named by an INVALID_ARGUMENT, or "" when it is anything else.
std::string RefusedField(const absl::StatusOr<absl::CivilDay>& day) {
  if (day.status().code() != absl::StatusCode::kInvalidArgument) return "";
  const std::vector<FieldViolation> violations = FieldViolations(day.status());
  return violations.size() == 1 ? violations[0].field : "";
}

TEST(ProtoMappingTest, FullDatesMapBothWays) {
  const common::v1::Date proto = ToProtoDate(absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(proto.year(), 2024);
  EXPECT_EQ(proto.month(), 2);
  EXPECT_EQ(proto.day(), 29);
  const absl::StatusOr<absl::CivilDay> day = FromProtoDate(proto, "due_on");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(*FromProtoDate(MakeDate(1, 1, 1), "d"), absl::CivilDay(1, 1, 1));
  EXPECT_EQ(*FromProtoDate(MakeDate(9999, 12, 31), "d"),
            absl::CivilDay(9999, 12, 31));
}

TEST(ProtoMappingTest, ImpossibleOrPartialDatesNameTheField) {
  // absl would normalize these into other days; the mapper refuses them.
  EXPECT_EQ(RefusedField(FromProtoDate(MakeDate(2023, 2, 29), "a.effective_on")),
            "a.effective_on");
  EXPECT_EQ(RefusedField(FromProtoDate(MakeDate(2023, 4, 31), "d")), "d");
  EXPECT_EQ(RefusedField(FromProtoDate(MakeDate(2023, 13, 1), "d")), "d");
  EXPECT_EQ(RefusedField(FromProtoDate(MakeDate(2023, 0, 1), "d")), "d");
  // Year-only and year-and-month values are not full dates.
  EXPECT_EQ(RefusedField(FromProtoDate(MakeDate(2023, 5, 0), "d")), "d");
  EXPECT_EQ(RefusedField(FromProtoDate(MakeDate(2023, 0, 0), "d")), "d");
  EXPECT_EQ(RefusedField(FromProtoDate(common::v1::Date(), "d")), "d");
  EXPECT_EQ(RefusedField(FromProtoDate(MakeDate(10000, 1, 1), "d")), "d");
  EXPECT_EQ(RefusedField(FromProtoDate(MakeDate(-1, 1, 1), "d")), "d");
}

TEST(ProtoMappingTest, DurationsKeepTheSignInBothParts) {
  const google::protobuf::Duration positive =
      ToProtoDuration(absl::Milliseconds(2500));
  EXPECT_EQ(positive.seconds(), 2);
  EXPECT_EQ(positive.nanos(), 500000000);
  const google::protobuf::Duration negative =
      ToProtoDuration(-absl::Milliseconds(2500));
  EXPECT_EQ(negative.seconds(), -2);
  EXPECT_EQ(negative.nanos(), -500000000);
  EXPECT_EQ(FromProtoDuration(negative), -absl::Milliseconds(2500));
  EXPECT_EQ(FromProtoDuration(ToProtoDuration(absl::Nanoseconds(7))),
            absl::Nanoseconds(7));
}

TEST(ProtoMappingTest, LocalizedTextRoundTrips) {
  const LocalizedText text{.ar = "مسار", .fr = "Parcours", .en = "Path"};
  const common::v1::LocalizedText proto = ToProto(text);
  EXPECT_EQ(proto.ar(), "مسار");
  EXPECT_EQ(proto.fr(), "Parcours");
  EXPECT_EQ(proto.en(), "Path");
  EXPECT_EQ(FromProto(proto), text);
  EXPECT_TRUE(FromProto(common::v1::LocalizedText()).empty());
  EXPECT_FALSE(text.empty());
}

TEST(ProtoMappingTest, AuditEntriesAndVerificationsMapEveryField) {
  audit::AuditEntry entry;
  entry.sequence = 7;
  entry.event_time = absl::FromUnixSeconds(1700000000);
  entry.record = {.actor = "users/u",
                  .action = "CreateOrganization",
                  .resource = "organizations/o",
                  .request_id = "r1",
                  .payload_digest = "pd"};
  entry.previous_digest = "prev";
  entry.digest = "dig";
  const common::v1::AuditEvent event = ToProto(entry);
  EXPECT_EQ(event.sequence(), 7);
  EXPECT_EQ(event.event_time().seconds(), 1700000000);
  EXPECT_EQ(event.actor(), "users/u");
  EXPECT_EQ(event.action(), "CreateOrganization");
  EXPECT_EQ(event.resource(), "organizations/o");
  EXPECT_EQ(event.request_id(), "r1");
  EXPECT_EQ(event.payload_digest(), "pd");
  EXPECT_EQ(event.previous_digest(), "prev");
  EXPECT_EQ(event.digest(), "dig");

  const audit::Verification verification{.valid = false,
                                         .entries_checked = 9,
                                         .first_invalid_sequence = 4,
                                         .problem = "edited",
                                         .head_digest = "head",
                                         .checkpoint_sequence = 3};
  const common::v1::AuditChainVerification out = ToProto(verification);
  EXPECT_FALSE(out.valid());
  EXPECT_EQ(out.entries_checked(), 9);
  EXPECT_EQ(out.first_invalid_sequence(), 4);
  EXPECT_EQ(out.problem(), "edited");
  EXPECT_EQ(out.head_digest(), "head");
  EXPECT_EQ(out.checkpoint_sequence(), 3);
}

TEST(ProtoMappingTest, AnAuditFilterTakesEveryFieldOfTheRequest) {
  partnerships::v1::ListAuditEventsRequest request;
  const audit::AuditFilter empty = audit::AuditFilterOf(request);
  EXPECT_FALSE(empty.start_time.has_value());
  EXPECT_FALSE(empty.end_time.has_value());
  request.set_resource("agreements/a");
  request.set_actor("system");
  request.set_action("ExpireAgreement");
  *request.mutable_start_time() = ToProtoTimestamp(absl::FromUnixSeconds(10));
  *request.mutable_end_time() = ToProtoTimestamp(absl::FromUnixSeconds(20));
  request.set_after_sequence(7);
  const audit::AuditFilter filter = audit::AuditFilterOf(request);
  EXPECT_EQ(filter.resource, "agreements/a");
  EXPECT_EQ(filter.actor, "system");
  EXPECT_EQ(filter.action, "ExpireAgreement");
  EXPECT_EQ(filter.start_time, absl::FromUnixSeconds(10));
  EXPECT_EQ(filter.end_time, absl::FromUnixSeconds(20));
  EXPECT_EQ(filter.after_sequence, 7);
}

}  // namespace
}  // namespace masar
