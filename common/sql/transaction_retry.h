#ifndef MASAR_COMMON_SQL_TRANSACTION_RETRY_H_
#define MASAR_COMMON_SQL_TRANSACTION_RETRY_H_

#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "common/sql/database.h"
#include "common/sql/guarded_transaction.h"

namespace masar::sql {

// Runs `attempt` (one whole transaction) again while it answers ABORTED, up
// to options.max_attempts times and never past options.deadline, sleeping a
// short random backoff in between so that conflicting writers spread out.
absl::Status RunWithRetries(const TransactionOptions& options,
                            absl::FunctionRef<absl::Status()> attempt);

// A driver's InTransaction: runs `attempt` with RunWithRetries; the attempt
// that commits leaves its transaction's after-commit effects in `effects`
// (GuardedTransaction::TakeAfterCommit) once it has released its
// connection, and they run before this returns.
using CommitEffects = std::vector<GuardedTransaction::Effect>;
absl::Status RunTransaction(
    const TransactionOptions& options,
    absl::FunctionRef<absl::Status(CommitEffects& effects)> attempt);

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_TRANSACTION_RETRY_H_
