#ifndef MASAR_COMMON_SQL_GUARDED_TRANSACTION_H_
#define MASAR_COMMON_SQL_GUARDED_TRANSACTION_H_

#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/sql/database.h"

namespace masar::sql {

// The Transaction both drivers hand to a body. It gives them the same
// semantics where the engines differ: SQLite lets a transaction go on after a
// failed statement, PostgreSQL does not, so the first failure ends it on
// both; and work past the deadline fails before it reaches the engine.
class GuardedTransaction final : public Transaction {
 public:
  using Runner = absl::FunctionRef<absl::StatusOr<Result>(
      absl::string_view sql, absl::Span<const Value> params)>;

  GuardedTransaction(absl::Time deadline, Runner runner)
      : deadline_(deadline), runner_(runner) {}

  using Executor::Execute;
  absl::StatusOr<Result> Execute(absl::string_view sql,
                                 absl::Span<const Value> params) override;

  // The status to end with when the body returned `body_status`: the first
  // statement error wins over an OK body, DEADLINE_EXCEEDED past the
  // deadline. OK means commit.
  absl::Status Outcome(absl::Status body_status) const;

  using Effect = absl::AnyInvocable<void() &&>;
  void AfterCommit(Effect effect) override {
    after_commit_.push_back(std::move(effect));
  }
  // Once COMMIT succeeded, the driver takes the effects and runs them after
  // it has given the connection back: an effect may need one itself.
  std::vector<Effect> TakeAfterCommit() { return std::move(after_commit_); }

 private:
  const absl::Time deadline_;
  const Runner runner_;
  absl::Status first_error_;
  std::vector<Effect> after_commit_;
};

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_GUARDED_TRANSACTION_H_
