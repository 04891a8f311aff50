#include "common/status/errors.h"

#include <cstdint>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace masar {
namespace {

constexpr absl::string_view kFieldViolationsUrl = "masar/field_violations";
constexpr absl::string_view kRetryDelayUrl = "masar/retry_delay";

// Fields and descriptions are separated by these ASCII control characters,
// which never appear in a field path and are stripped from descriptions.
constexpr char kUnitSeparator = '\x1f';
constexpr char kRecordSeparator = '\x1e';

std::string Clean(absl::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == kUnitSeparator || c == kRecordSeparator) c = ' ';
  }
  return out;
}

absl::Status WithOneViolation(absl::StatusCode code, absl::string_view field,
                              absl::string_view description) {
  absl::Status status(code, absl::StrCat(field, ": ", description));
  return WithFieldViolations(
      std::move(status),
      {FieldViolation{std::string(field), std::string(description)}});
}

}  // namespace

absl::Status InvalidArgumentError(absl::string_view field,
                                  absl::string_view description) {
  return WithOneViolation(absl::StatusCode::kInvalidArgument, field,
                          description);
}

absl::Status FailedPreconditionError(absl::string_view field,
                                     absl::string_view description) {
  return WithOneViolation(absl::StatusCode::kFailedPrecondition, field,
                          description);
}

absl::Status WithFieldViolations(absl::Status status,
                                 const std::vector<FieldViolation>& violations) {
  if (status.ok()) return status;
  std::string encoded;
  for (const FieldViolation& v : violations) {
    absl::StrAppend(&encoded, Clean(v.field), std::string(1, kUnitSeparator),
                    Clean(v.description), std::string(1, kRecordSeparator));
  }
  status.SetPayload(kFieldViolationsUrl, absl::Cord(encoded));
  return status;
}

std::vector<FieldViolation> FieldViolations(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kFieldViolationsUrl);
  if (!payload.has_value()) return out;
  for (absl::string_view record :
       absl::StrSplit(std::string(*payload), kRecordSeparator,
                      absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(record, absl::MaxSplits(kUnitSeparator, 1));
    out.push_back({std::string(parts.first), std::string(parts.second)});
  }
  return out;
}

absl::Status WithRetryDelay(absl::Status status, absl::Duration delay) {
  if (status.ok()) return status;
  status.SetPayload(kRetryDelayUrl,
                    absl::Cord(absl::StrCat(absl::ToInt64Milliseconds(delay))));
  return status;
}

std::optional<absl::Duration> RetryDelay(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryDelayUrl);
  int64_t millis = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &millis)) {
    return std::nullopt;
  }
  return absl::Milliseconds(millis);
}

}  // namespace masar
