#ifndef MASAR_COMMON_AUTH_REVOCATION_LIST_H_
#define MASAR_COMMON_AUTH_REVOCATION_LIST_H_

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/auth/principal.h"
#include "common/auth/revocation.h"

namespace masar::auth {

// The revocations a process knows, in memory, so that the check on every
// call costs a few hash lookups and no round trip. Fed in sequence order
// by RevocationSync. Thread-safe.
class RevocationList {
 public:
  // Applies `revocation` unless its sequence is not above the last applied
  // one (a duplicate, or older than what a catch-up already brought): true
  // when applied. Sequences may skip (purged entries).
  bool Apply(const Revocation& revocation);

  // The highest sequence applied; catch-ups continue after it.
  int64_t last_sequence() const;

  // Whether a token of `principal` is revoked: its jti, its sid, or issued
  // at or before its subject's latest revocation.
  bool IsRevoked(const Principal& principal) const;

  // Forgets entries past their expire_time; the number forgotten.
  int Purge(absl::Time now);

  size_t size() const;

 private:
  // Keeps the later of two expiry (or not-before) times for one key.
  static void KeepLater(absl::flat_hash_map<std::string, absl::Time>& map,
                        const std::string& key, absl::Time time);

  struct SubjectEntry {
    absl::Time not_before;
    absl::Time expire_time;
  };

  mutable absl::Mutex mu_;
  int64_t last_sequence_ ABSL_GUARDED_BY(mu_) = 0;
  // Keyed by jti / sid, valued by expire_time.
  absl::flat_hash_map<std::string, absl::Time> tokens_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, absl::Time> sessions_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, SubjectEntry> subjects_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_REVOCATION_LIST_H_
