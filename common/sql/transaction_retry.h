#ifndef MASAR_COMMON_SQL_TRANSACTION_RETRY_H_
#define MASAR_COMMON_SQL_TRANSACTION_RETRY_H_

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "common/sql/database.h"

namespace masar::sql {

// Runs `attempt` (one whole transaction) again while it answers ABORTED, up
// to options.max_attempts times and never past options.deadline, sleeping a
// short random backoff in between so that conflicting writers spread out.
absl::Status RunWithRetries(const TransactionOptions& options,
                            absl::FunctionRef<absl::Status()> attempt);

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_TRANSACTION_RETRY_H_
