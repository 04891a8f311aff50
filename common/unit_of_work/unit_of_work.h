#ifndef MASAR_COMMON_UNIT_OF_WORK_UNIT_OF_WORK_H_
#define MASAR_COMMON_UNIT_OF_WORK_UNIT_OF_WORK_H_

#include <optional>
#include <type_traits>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

// The port through which a service's domain groups its repository calls,
// free of any storage technology: the SQL adapter is
// common/sql/sql_unit_of_work.h, each service's in-memory fakes bring their
// own.
namespace masar {

// An open unit of work, passed to every repository call so that one use
// case changes several aggregates and appends its audit record atomically.
// Opaque to the domain: each store knows its own kind (SqlTransaction wraps
// a sql::Transaction, an in-memory fake a snapshot of its maps). A
// repository given another store's transaction answers INTERNAL.
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

// Runs `change(tx)` in one transaction of `uow` and returns what it returned
// (absl::Status or absl::StatusOr<T>) once committed: how a use case, which
// always takes the transaction it runs in, is called on its own.
template <typename Change>
std::invoke_result_t<Change&, Transaction&> RunInTransaction(UnitOfWork& uow,
                                                             Change change) {
  using Result = std::invoke_result_t<Change&, Transaction&>;
  if constexpr (std::is_same_v<Result, absl::Status>) {
    return uow.Run(change);
  } else {
    std::optional<typename Result::value_type> result;
    absl::Status status = uow.Run([&](Transaction& tx) -> absl::Status {
      Result r = change(tx);
      if (!r.ok()) return r.status();
      result = *std::move(r);
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    return *std::move(result);
  }
}

// RunInTransaction for one use case of `object` (a member function taking
// the transaction first), with its other arguments.
template <typename Object, typename R, typename... Params>
R RunInTransaction(UnitOfWork& uow, Object& object,
                   R (Object::*use_case)(Transaction&, Params...),
                   std::type_identity_t<Params>... args) {
  return RunInTransaction(
      uow, [&](Transaction& tx) { return (object.*use_case)(tx, args...); });
}

}  // namespace masar

#endif  // MASAR_COMMON_UNIT_OF_WORK_UNIT_OF_WORK_H_
