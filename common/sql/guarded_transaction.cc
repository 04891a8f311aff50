#include "common/sql/guarded_transaction.h"

#include "absl/strings/str_cat.h"

namespace masar::sql {
namespace {

absl::Status DeadlinePassed() {
  return absl::DeadlineExceededError("transaction deadline passed");
}

}  // namespace

absl::StatusOr<Result> GuardedTransaction::Execute(
    absl::string_view sql, absl::Span<const Value> params) {
  if (!first_error_.ok()) {
    return absl::Status(
        first_error_.code(),
        absl::StrCat("an earlier statement of this transaction failed: ",
                     first_error_.message()));
  }
  if (absl::Now() >= deadline_) {
    first_error_ = DeadlinePassed();
    return first_error_;
  }
  absl::StatusOr<Result> result = runner_(sql, params);
  if (!result.ok()) first_error_ = result.status();
  return result;
}

absl::Status GuardedTransaction::Outcome(absl::Status body_status) const {
  if (!body_status.ok()) return body_status;
  if (!first_error_.ok()) return first_error_;
  if (absl::Now() >= deadline_) return DeadlinePassed();
  return absl::OkStatus();
}

}  // namespace masar::sql
