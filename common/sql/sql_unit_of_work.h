#ifndef MASAR_SERVICES_IDENTITY_STORE_SQL_UNIT_OF_WORK_H_
#define MASAR_SERVICES_IDENTITY_STORE_SQL_UNIT_OF_WORK_H_

#include "absl/status/statusor.h"
#include "common/sql/database.h"
#include "services/identity/domain/transaction.h"

namespace masar::identity {

// The domain's transaction handle over an open sql::Transaction. The API
// layer wraps the transaction common/idempotency hands it in one, so a use
// case runs in the same transaction as its request-id record.
class SqlTransaction final : public Transaction {
 public:
  explicit SqlTransaction(sql::Transaction& tx) : tx_(tx) {}
  sql::Transaction& sql() { return tx_; }

 private:
  sql::Transaction& tx_;
};

// The sql::Transaction behind `tx`; INTERNAL when `tx` is another store's.
absl::StatusOr<sql::Transaction*> SqlOf(Transaction& tx);

// UnitOfWork over a masar::sql database: serializable transactions, retried
// by the driver on serialization conflicts.
class SqlUnitOfWork final : public UnitOfWork {
 public:
  explicit SqlUnitOfWork(sql::Database* db) : db_(db) {}

  absl::Status Run(absl::FunctionRef<absl::Status(Transaction&)> body) override;
  absl::Status RunReadOnly(
      absl::FunctionRef<absl::Status(Transaction&)> body) override;

 private:
  sql::Database* db_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_SQL_UNIT_OF_WORK_H_
