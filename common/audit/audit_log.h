#ifndef MASAR_COMMON_AUDIT_AUDIT_LOG_H_
#define MASAR_COMMON_AUDIT_AUDIT_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/audit/audit_record.h"
#include "common/audit/checkpoint.h"
#include "common/clock/clock.h"
#include "common/sql/database.h"
#include "common/sql/migration_set.h"

namespace masar::audit {

struct AuditEntry {
  int64_t sequence = 0;
  absl::Time event_time;
  AuditRecord record;
  std::string previous_digest;
  std::string digest;
};

struct AuditFilter {
  // The resource and its subtree ("programs/p" also matches
  // "programs/p/applications/a", not "programs/p2"), or empty for all.
  std::string resource;
  std::string actor;   // exact actor, or empty for all
  std::string action;  // exact action, or empty for all
  std::optional<absl::Time> start_time;  // inclusive
  std::optional<absl::Time> end_time;    // exclusive
  int64_t after_sequence = 0;            // exclusive
};

struct Verification {
  bool valid = true;
  int64_t entries_checked = 0;
  // The first entry found edited, removed or out of order (0 for a cut tail).
  int64_t first_invalid_sequence = 0;
  std::string problem;
  std::string head_digest;
  int64_t checkpoint_sequence = 0;
};

// The digest that precedes the first entry.
inline constexpr char kGenesisDigest[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The audit chain of one service's database (table masar_audit_log, created
// by common/audit/migrations). Stateless apart from the clock: safe to share.
class AuditLog {
 public:
  explicit AuditLog(const Clock* clock) : clock_(clock) {}

  // Appends `record` inside `tx`, the transaction of the change it records,
  // so the entry commits or rolls back with the change. Concurrent appends
  // conflict on the next sequence and are retried by the transaction.
  absl::StatusOr<AuditEntry> Append(sql::Transaction& tx,
                                    const AuditRecord& record) const;

  // The first `limit` entries matching `filter`, in sequence order (pages
  // with tokens: ListAuditPage in audit_page.h).
  absl::StatusOr<std::vector<AuditEntry>> List(sql::Executor& db,
                                               const AuditFilter& filter,
                                               int limit) const;

  // The last entry, if any.
  absl::StatusOr<std::optional<AuditEntry>> Head(sql::Executor& db) const;

  // Walks the chain from the first entry: recomputes each digest and link
  // and names the first entry edited, removed or reordered; then compares
  // the chain with `checkpoint`, a signed head kept outside the store, which
  // reveals a cut tail or a chain recomputed after tampering.
  absl::StatusOr<Verification> Verify(
      sql::Executor& db, const std::optional<Checkpoint>& checkpoint) const;

  // The digest of an entry: covers every field but `digest` itself.
  static std::string ComputeDigest(const AuditEntry& entry);

 private:
  const Clock* clock_;
};

// The tables this module needs (component "audit"), to apply with
// sql::Migrate in every database that uses it.
absl::StatusOr<sql::MigrationSet> AuditMigrations();

}  // namespace masar::audit

#endif  // MASAR_COMMON_AUDIT_AUDIT_LOG_H_
