#include "common/sql/sql_unit_of_work.h"

namespace masar::sql {

absl::StatusOr<Transaction*> SqlOf(masar::Transaction& tx) {
  auto* sql_tx = dynamic_cast<SqlTransaction*>(&tx);
  if (sql_tx == nullptr) {
    return absl::InternalError("not an SQL transaction");
  }
  return &sql_tx->sql();
}

absl::Status SqlUnitOfWork::Run(
    absl::FunctionRef<absl::Status(masar::Transaction&)> body) {
  return db_->InTransaction([&](Transaction& tx) {
    SqlTransaction wrapped(tx);
    return body(wrapped);
  });
}

absl::Status SqlUnitOfWork::RunReadOnly(
    absl::FunctionRef<absl::Status(masar::Transaction&)> body) {
  TransactionOptions options;
  options.read_only = true;
  return db_->InTransaction(options, [&](Transaction& tx) {
    SqlTransaction wrapped(tx);
    return body(wrapped);
  });
}

}  // namespace masar::sql
