#ifndef MASAR_COMMON_AUDIT_CHECKPOINTER_H_
#define MASAR_COMMON_AUDIT_CHECKPOINTER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/audit/audit_log.h"
#include "common/audit/checkpoint.h"
#include "common/clock/clock.h"
#include "common/executor/periodic.h"
#include "common/crypto/ed25519.h"
#include "common/log/logger.h"
#include "common/sql/database.h"

namespace masar::audit {

// `<dir>/<service>.jsonl`: where a service's checkpoints are exported, for
// the checkpointer that writes them and the verifier that reads them.
std::string CheckpointFilePath(absl::string_view dir, absl::string_view service);

// Signs each service's chain head every interval (and once more at Stop)
// and exports it outside the store: appended to
// `<dir>/<service>.jsonl` and written as a log line, which the platform
// ships elsewhere. A head that has not moved is not signed again.
class Checkpointer {
 public:
  Checkpointer(crypto::Ed25519KeyPair key, std::string dir, Logger* logger,
               const Clock* clock);
  ~Checkpointer();

  // Before Start: a service's chain to checkpoint (`db` outlives this).
  void Add(std::string service, sql::Database* db);

  void Start(absl::Duration interval);
  // Stops the thread after a last checkpoint.
  void Stop();

  // One pass over every service; the first error, after trying them all.
  absl::Status CheckpointAll();

  const std::string& public_key() const { return key_.public_key(); }

 private:
  struct Chain {
    std::string service;
    sql::Database* db;
    std::unique_ptr<CheckpointFile> file;
    int64_t last_sequence = -1;
  };

  absl::Status CheckpointOne(Chain& chain) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const crypto::Ed25519KeyPair key_;
  const std::string dir_;
  Logger* logger_;
  const Clock* clock_;
  AuditLog log_;
  absl::Mutex mu_;
  std::vector<Chain> chains_ ABSL_GUARDED_BY(mu_);
  Periodic periodic_;
};

}  // namespace masar::audit

#endif  // MASAR_COMMON_AUDIT_CHECKPOINTER_H_
