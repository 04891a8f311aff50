#ifndef MASAR_COMMON_IDEMPOTENCY_RECORDED_CALL_H_
#define MASAR_COMMON_IDEMPOTENCY_RECORDED_CALL_H_

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/idempotency/idempotency.h"
#include "common/sql/database.h"
#include "common/unit_of_work/unit_of_work.h"
#include "google/protobuf/message.h"

// request_id handling of every service's handlers (DESIGN section 3), over
// IdempotentRunner: requests and responses as proto messages, the change
// as a use case taking the domain's Transaction.
namespace masar::idempotency {

// The request's digest for its request-id record: its bytes with
// `request_id` cleared, so only a repeat of the same request matches, and
// with the `undigested` fields (dotted paths, "user.national_id") cleared
// too. Those are passwords, codes and identifiers: a fast digest over them
// would let whoever reads the records guess them offline, past the
// Argon2id hash and the encryption meant to stop that. A repeat that
// differs only in them counts as the same request, which errs on the side
// of changing nothing twice.
std::string RequestDigest(const google::protobuf::Message& request,
                          absl::Span<const std::string> undigested = {});

// The outcome of a change whose response holds no secret: repeats get the
// same bytes.
Outcome SameOutcome(const google::protobuf::Message& response);

// Who, which method, which request id, and the transaction's options.
struct RecordedCall {
  RequestKey key;
  std::string request_digest;
  sql::TransactionOptions options;
};

using RecordedChange =
    absl::FunctionRef<absl::StatusOr<Outcome>(Transaction&)>;

// Runs `change` in the runner's transaction, recorded under `call`, and
// parses what it answered (or what the first call with that key recorded)
// into `response`. True when `change` committed in this call; false when a
// repeat was answered from the record, so callers can tell a verified
// credential from a replay (a throttle must not count a replay as a
// success) and announce only what they committed.
absl::StatusOr<bool> RunRecorded(IdempotentRunner& runner,
                                 const RecordedCall& call,
                                 google::protobuf::Message* response,
                                 RecordedChange change);

// For calls whose work starts outside the recording transaction (a
// password verified on the hasher's thread first): true with the recorded
// response parsed into `response` when `call` repeats a recorded one,
// false (nothing changed, nothing recorded) when the work is still to do.
// INVALID_ARGUMENT naming request_id when the id was used for another
// request.
absl::StatusOr<bool> ReplayRecorded(IdempotentRunner& runner,
                                    const RecordedCall& call,
                                    google::protobuf::Message* response);

}  // namespace masar::idempotency

#endif  // MASAR_COMMON_IDEMPOTENCY_RECORDED_CALL_H_
