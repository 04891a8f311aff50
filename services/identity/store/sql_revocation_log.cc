#include "services/identity/store/sql_revocation_log.h"

#include "common/auth/revocation_store.h"
#include "common/auth/revocation_sync.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"

namespace masar::identity {

absl::Status SqlRevocationLog::Append(Transaction& tx,
                                      const auth::Revocation& revocation) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(auth::Revocation stored,
                   auth::RevocationStore::Append(*sql, revocation));
  if (channel_ == nullptr) return absl::OkStatus();
  sql->AfterCommit([channel = channel_, stored = std::move(stored)] {
    // A failed announcement only waits for the replicas' next poll.
    auth::PublishRevocation(*channel, stored).IgnoreError();
  });
  return absl::OkStatus();
}

}  // namespace masar::identity
