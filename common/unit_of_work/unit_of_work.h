#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_TRANSACTION_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_TRANSACTION_H_

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"

namespace masar::identity {

// An open unit of work, passed to every repository call so that one use
// case changes several aggregates and appends its audit record atomically.
// Opaque to the domain: each store knows its own kind (store/ wraps a
// sql::Transaction, the in-memory fake a snapshot of its maps). A repository
// given another store's transaction answers INTERNAL.
class Transaction {
 public:
  virtual ~Transaction() = default;
};

// Opens transactions.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;

  // Runs `body` in one serializable transaction: commits when it returns OK,
  // rolls back everything it wrote otherwise and returns its status. `body`
  // may run more than once (the store retries on a serialization conflict),
  // so it must not have effects outside the transaction.
  virtual absl::Status Run(
      absl::FunctionRef<absl::Status(Transaction&)> body) = 0;

  // As Run, for a body that only reads.
  virtual absl::Status RunReadOnly(
      absl::FunctionRef<absl::Status(Transaction&)> body) = 0;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_TRANSACTION_H_
