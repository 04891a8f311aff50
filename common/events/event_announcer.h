#ifndef MASAR_COMMON_EVENTS_EVENT_ANNOUNCER_H_
#define MASAR_COMMON_EVENTS_EVENT_ANNOUNCER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/cache/cache.h"
#include "common/sql/database.h"

namespace masar::events {

// The pub/sub channel on which `source` announces new events:
// "masar:events:<source>". A notice carries the sequence only; consumers
// read the events themselves from the source.
std::string EventChannel(absl::string_view source);

// Tells the consumers of one source that it has new events, so they read
// them at once instead of at their next poll. A notice that is lost (Redis
// down, flushed or absent) only delays the events until that poll.
class EventAnnouncer {
 public:
  // `cache` (Redis, or in-process without Redis) must outlive the
  // announcer; null announces nothing (consumers poll).
  EventAnnouncer(cache::Cache* cache, std::string source)
      : cache_(cache), channel_(EventChannel(source)) {}

  // Publishes `sequence` now; UNAVAILABLE when the cache cannot.
  absl::Status Announce(int64_t sequence);

  // Publishes `sequence` once `tx` has committed; never if it rolls back. A
  // failure to publish is ignored: it only delays.
  void AnnounceAfterCommit(sql::Transaction& tx, int64_t sequence);

 private:
  cache::Cache* const cache_;
  const std::string channel_;
};

}  // namespace masar::events

#endif  // MASAR_COMMON_EVENTS_EVENT_ANNOUNCER_H_
