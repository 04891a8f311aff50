#ifndef MASAR_COMMON_AUTH_REVOCATION_SYNC_H_
#define MASAR_COMMON_AUTH_REVOCATION_SYNC_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/revocation.h"
#include "common/auth/revocation_list.h"
#include "common/auth/revocation_source.h"
#include "common/cache/cache.h"
#include "common/clock/clock.h"

namespace masar::auth {

inline constexpr char kRevocationChannel[] = "masar:auth:revocations";

struct RevocationSyncOptions {
  std::string channel = kRevocationChannel;
  // The safety net: the source is read this often whatever pub/sub does,
  // so a revocation reaches this replica within it also while Redis is down.
  absl::Duration poll_interval = absl::Seconds(1);
  // How often the list forgets expired entries.
  absl::Duration purge_interval = absl::Minutes(1);
  int page_size = 500;
};

// Keeps a RevocationList current: pub/sub messages (within a second while
// Redis is healthy), a catch-up by sequence from the source at start and
// after every reconnection, and a poll of the source every poll_interval.
// Whatever the path, revocations are applied in sequence order: a message
// that is not the next one triggers a catch-up instead.
class RevocationSync {
 public:
  // All must outlive the sync; `cache` may be null (polling only).
  RevocationSync(RevocationSource* source, cache::Cache* cache,
                 RevocationList* list, const Clock* clock,
                 RevocationSyncOptions options = {});
  // Unsubscribes and stops polling.
  ~RevocationSync();

  // Catches up, subscribes and starts polling. Returns the first failure of
  // those (the caller logs it), but polling runs regardless and repairs it.
  absl::Status Start();

  // Applies everything the source holds after the list's last sequence.
  absl::Status CatchUp();

 private:
  absl::Status CatchUpLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(apply_mu_);
  void OnMessage(absl::string_view message);
  void PollLoop();

  RevocationSource* const source_;
  cache::Cache* const cache_;
  RevocationList* const list_;
  const Clock* const clock_;
  const RevocationSyncOptions options_;
  // Orders catch-ups and messages, so revocations apply in sequence.
  absl::Mutex apply_mu_;
  std::unique_ptr<cache::Cache::Subscription> subscription_;
  absl::Mutex stop_mu_;
  bool stopping_ ABSL_GUARDED_BY(stop_mu_) = false;
  std::thread poller_;
};

// Announces `revocation`, once its transaction committed, to every replica
// sharing `cache`. A failure only delays it until the replicas' next poll.
absl::Status PublishRevocation(cache::Cache& cache, const Revocation& revocation,
                               absl::string_view channel = kRevocationChannel);

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_REVOCATION_SYNC_H_
