#ifndef MASAR_COMMON_SQL_POSTGRES_DATABASE_H_
#define MASAR_COMMON_SQL_POSTGRES_DATABASE_H_

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/sql/connection_pool.h"
#include "common/sql/database.h"
#include "common/sql/transaction_retry.h"
#include "common/sql/postgres_connection.h"

namespace masar::sql {

// One PostgreSQL schema behind a pool of up to pool_size sessions. A caller
// waits busy_timeout for a free session, then gets UNAVAILABLE with a retry
// delay: the pool being full is load, which passes, not a quota the caller
// used up (RESOURCE_EXHAUSTED). Transactions are SERIALIZABLE with the
// deadline as statement_timeout; broken sessions reconnect on next use.
class PostgresDatabase final : public Database {
 public:
  static absl::StatusOr<std::unique_ptr<Database>> Open(
      const DatabaseOptions& options);

  Dialect dialect() const override { return Dialect::kPostgres; }

  using Executor::Execute;
  absl::StatusOr<Result> Execute(absl::string_view sql,
                                 absl::Span<const Value> params) override;

  using Database::InTransaction;
  absl::Status InTransaction(
      const TransactionOptions& options,
      absl::FunctionRef<absl::Status(Transaction&)> body) override;

 private:
  using Pool = ConnectionPool<PostgresConnection>;

  PostgresDatabase(const DatabaseOptions& options,
                   const PostgresSettings& settings);

  absl::StatusOr<Pool::Lease> Acquire(absl::Time deadline);
  absl::Status RunOnce(const TransactionOptions& options,
                       absl::FunctionRef<absl::Status(Transaction&)> body,
                       CommitEffects& effects);
  absl::Status RunLocked(PostgresConnection& connection,
                         const TransactionOptions& options,
                         absl::FunctionRef<absl::Status(Transaction&)> body,
                         CommitEffects& effects);

  const absl::Duration busy_timeout_;
  Pool pool_;
};

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_POSTGRES_DATABASE_H_
