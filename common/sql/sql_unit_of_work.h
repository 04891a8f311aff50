#ifndef MASAR_COMMON_SQL_SQL_UNIT_OF_WORK_H_
#define MASAR_COMMON_SQL_SQL_UNIT_OF_WORK_H_

#include "absl/status/statusor.h"
#include "common/sql/database.h"
#include "common/unit_of_work/unit_of_work.h"

namespace masar::sql {

// The domain's transaction handle over an open sql::Transaction. The
// request-id runner (common/idempotency/recorded_call.h) wraps the
// transaction it opens in one, so a use case runs in the same transaction
// as its request-id record.
class SqlTransaction final : public masar::Transaction {
 public:
  explicit SqlTransaction(sql::Transaction& tx) : tx_(tx) {}
  sql::Transaction& sql() { return tx_; }

 private:
  // Named with its namespace: inside this class, Transaction is the base.
  sql::Transaction& tx_;
};

// The sql::Transaction behind `tx`; INTERNAL when `tx` is another store's.
absl::StatusOr<Transaction*> SqlOf(masar::Transaction& tx);

// UnitOfWork over a masar::sql database: serializable transactions, retried
// by the driver on serialization conflicts.
class SqlUnitOfWork final : public UnitOfWork {
 public:
  explicit SqlUnitOfWork(Database* db) : db_(db) {}

  absl::Status Run(
      absl::FunctionRef<absl::Status(masar::Transaction&)> body) override;
  absl::Status RunReadOnly(
      absl::FunctionRef<absl::Status(masar::Transaction&)> body) override;

 private:
  Database* db_;
};

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_SQL_UNIT_OF_WORK_H_
