#ifndef MASAR_COMMON_EVENTS_EVENT_CONSUMER_H_
#define MASAR_COMMON_EVENTS_EVENT_CONSUMER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/cache/cache.h"
#include "common/clock/clock.h"
#include "common/events/event.h"
#include "common/events/event_cursor.h"
#include "common/events/event_source.h"
#include "common/log/logger.h"
#include "common/sql/database.h"

namespace masar::events {

// Applies one event inside `tx`, the consumer's transaction that also
// advances its cursor. It may run more than once for one event (a retried
// transaction, a failure before commit), so it must have no effect outside
// `tx`; an error rolls the effect back and the event is retried.
using EventHandler =
    std::function<absl::Status(sql::Transaction& tx, const Event& event)>;

struct EventConsumerOptions {
  // The consuming service ("mentoring"): with the source, the cursor's key.
  std::string consumer;
  // The safety net: the source is read this often whatever pub/sub does, so
  // every event arrives within it also while Redis is down or absent.
  absl::Duration poll_interval = absl::Seconds(1);
  int page_size = 100;
  // How long a replica keeps the work of this consumer and source after its
  // last progress; another replica takes over once it expires.
  absl::Duration lease = absl::Seconds(10);
  // A failing event is retried after these, doubling in between.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(30);
};

// Delivers one source's events to one consuming service, in sequence order,
// each effect exactly once: the handler runs in the transaction that moves
// the consumer's cursor (EventCursor) past the event, in the consumer's own
// store. Woken by the source's pub/sub notice (EventAnnouncer), with a poll
// every poll_interval as the safety net, as RevocationSync does. Replicas of
// the consumer share the work through a lease: one applies, the others
// stand by. A failing event is logged with its id and retried with backoff,
// never skipped.
class EventConsumer {
 public:
  // All must outlive the consumer; `cache` may be null (polling only).
  EventConsumer(EventSource* source, sql::Database* db, cache::Cache* cache,
                EventHandler handler, const Clock* clock, Logger* logger,
                EventConsumerOptions options);
  // Stops delivery and gives the lease up.
  ~EventConsumer();
  EventConsumer(const EventConsumer&) = delete;
  EventConsumer& operator=(const EventConsumer&) = delete;

  // Checks the cursor against the source's retention, subscribes and starts
  // delivering on a thread of its own. FAILED_PRECONDITION, starting
  // nothing, when the source has purged events this consumer never applied;
  // a source that cannot be reached yet is only logged (delivery retries).
  absl::Status Start();

  // Applies what the source holds now, when this replica holds the lease;
  // what the delivery thread runs on each notice and poll.
  absl::Status Drain();

 private:
  absl::Status DrainLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(drain_mu_);
  // False when the cursor was not at `from` or the lease was lost.
  absl::StatusOr<bool> Apply(const Event& event, int64_t from);
  absl::Status BehindRetention(int64_t cursor, int64_t first_retained) const;
  void Wake();
  bool StoppingOrWoken() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Run();

  EventSource* const source_;
  sql::Database* const db_;
  cache::Cache* const cache_;
  const EventHandler handler_;
  Logger* const logger_;
  const EventConsumerOptions options_;
  EventCursor cursor_;
  absl::Mutex drain_mu_;
  std::unique_ptr<cache::Cache::Subscription> subscription_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool woken_ ABSL_GUARDED_BY(mu_) = false;
  std::thread worker_;
};

}  // namespace masar::events

#endif  // MASAR_COMMON_EVENTS_EVENT_CONSUMER_H_
