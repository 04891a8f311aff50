#ifndef MASAR_COMMON_STATUS_ERRORS_H_
#define MASAR_COMMON_STATUS_ERRORS_H_

#include <optional>
#include <ostream>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

// Error details that travel with an absl::Status as payloads, with no
// dependency on gRPC or protobuf, so domain code can name offending fields
// and retry delays. common/grpc/status.h turns them into the standard error
// model (google.rpc.BadRequest, google.rpc.RetryInfo) on the wire.
namespace masar {

// One offending field of a request, named by its path ("program.window").
struct FieldViolation {
  std::string field;
  std::string description;

  friend bool operator==(const FieldViolation&, const FieldViolation&) = default;
  friend std::ostream& operator<<(std::ostream& os, const FieldViolation& v) {
    return os << v.field << ": " << v.description;
  }
};

// INVALID_ARGUMENT naming one field: the message reads "<field>: <why>".
absl::Status InvalidArgumentError(absl::string_view field,
                                  absl::string_view description);

// FAILED_PRECONDITION naming one field that breaks a rule of the domain.
absl::Status FailedPreconditionError(absl::string_view field,
                                     absl::string_view description);

// `status` with `violations` attached (replacing any attached before).
absl::Status WithFieldViolations(absl::Status status,
                                 const std::vector<FieldViolation>& violations);

// The field violations attached to `status`, in order; empty when none.
std::vector<FieldViolation> FieldViolations(const absl::Status& status);

// `status` with a retry delay attached, for RESOURCE_EXHAUSTED and
// UNAVAILABLE answers.
absl::Status WithRetryDelay(absl::Status status, absl::Duration delay);

// The retry delay attached to `status`, if any.
std::optional<absl::Duration> RetryDelay(const absl::Status& status);

}  // namespace masar

#endif  // MASAR_COMMON_STATUS_ERRORS_H_
