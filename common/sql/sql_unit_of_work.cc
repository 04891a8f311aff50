#include "services/identity/store/sql_unit_of_work.h"

namespace masar::identity {

absl::StatusOr<sql::Transaction*> SqlOf(Transaction& tx) {
  auto* sql_tx = dynamic_cast<SqlTransaction*>(&tx);
  if (sql_tx == nullptr) {
    return absl::InternalError("not an SQL identity transaction");
  }
  return &sql_tx->sql();
}

absl::Status SqlUnitOfWork::Run(
    absl::FunctionRef<absl::Status(Transaction&)> body) {
  return db_->InTransaction([&](sql::Transaction& tx) {
    SqlTransaction wrapped(tx);
    return body(wrapped);
  });
}

absl::Status SqlUnitOfWork::RunReadOnly(
    absl::FunctionRef<absl::Status(Transaction&)> body) {
  sql::TransactionOptions options;
  options.read_only = true;
  return db_->InTransaction(options, [&](sql::Transaction& tx) {
    SqlTransaction wrapped(tx);
    return body(wrapped);
  });
}

}  // namespace masar::identity
