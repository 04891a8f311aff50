#include "common/events/event_consumer.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/events/event_announcer.h"
#include "common/ids/ids.h"
#include "common/status/status_macros.h"

namespace masar::events {

EventConsumer::EventConsumer(EventSource* source, sql::Database* db,
                             cache::Cache* cache, EventHandler handler,
                             const Clock* clock, Logger* logger,
                             EventConsumerOptions options)
    : source_(source),
      db_(db),
      cache_(cache),
      handler_(std::move(handler)),
      logger_(logger),
      options_(std::move(options)),
      cursor_(db, options_.consumer, source->name(), NewUuid(), clock,
              options_.lease) {}

EventConsumer::~EventConsumer() {
  // No notice may arrive once members start going away.
  subscription_.reset();
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (worker_.joinable()) worker_.join();
  cursor_.Release().IgnoreError();  // else the others wait for the lease
}

absl::Status EventConsumer::Start() {
  ASSIGN_OR_RETURN(int64_t cursor, cursor_.Load());
  absl::StatusOr<EventPage> page = source_->ReadAfter(cursor, 1);
  if (page.ok() && page->first_retained_sequence > cursor + 1) {
    return BehindRetention(cursor, page->first_retained_sequence);
  }
  if (!page.ok()) {
    logger_->Warning("event source unreachable at start; retrying",
                     {{"consumer", options_.consumer},
                      {"source", source_->name()},
                      {"error", page.status().ToString()}});
  }
  if (cache_ != nullptr) {
    absl::StatusOr<std::unique_ptr<cache::Cache::Subscription>> subscription =
        cache_->Subscribe(
            EventChannel(source_->name()),
            [this](absl::string_view) { Wake(); }, [this] { Wake(); });
    if (subscription.ok()) {
      subscription_ = *std::move(subscription);
    } else {  // polling repairs it: notices only speed delivery up
      logger_->Warning("cannot subscribe to event notices; polling",
                       {{"source", source_->name()},
                        {"error", subscription.status().ToString()}});
    }
  }
  worker_ = std::thread([this] { Run(); });
  return absl::OkStatus();
}

absl::Status EventConsumer::Drain() {
  absl::MutexLock lock(&drain_mu_);
  return DrainLocked();
}

absl::Status EventConsumer::DrainLocked() {
  absl::StatusOr<std::optional<int64_t>> held = cursor_.Acquire();
  // ABORTED: another replica took or renewed the lease at the same moment.
  if (absl::IsAborted(held.status())) return absl::OkStatus();
  RETURN_IF_ERROR(held.status());
  if (!held->has_value()) return absl::OkStatus();  // another replica works
  int64_t cursor = **held;
  while (true) {
    absl::StatusOr<EventPage> page =
        source_->ReadAfter(cursor, options_.page_size);
    if (!page.ok()) {
      logger_->Warning("cannot read events; retrying",
                       {{"consumer", options_.consumer},
                        {"source", source_->name()},
                        {"error", page.status().ToString()}});
      return page.status();
    }
    if (page->first_retained_sequence > cursor + 1) {
      absl::Status behind =
          BehindRetention(cursor, page->first_retained_sequence);
      logger_->Error(behind.message(), {{"consumer", options_.consumer},
                                        {"source", source_->name()}});
      return behind;
    }
    for (const Event& event : page->events) {
      if (event.sequence != cursor + 1) {
        return absl::InternalError(absl::StrCat(
            "source ", source_->name(), " skipped from sequence ", cursor,
            " to ", event.sequence));
      }
      ASSIGN_OR_RETURN(bool applied, Apply(event, cursor));
      if (!applied) return absl::OkStatus();  // another replica took over
      cursor = event.sequence;
    }
    if (static_cast<int>(page->events.size()) < options_.page_size) {
      return absl::OkStatus();
    }
  }
}

absl::StatusOr<bool> EventConsumer::Apply(const Event& event, int64_t from) {
  bool moved = false;
  absl::Status status =
      db_->InTransaction([&](sql::Transaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(moved, cursor_.Advance(tx, from, event.sequence));
        if (!moved) return absl::OkStatus();  // writes nothing
        return handler_(tx, event);
      });
  if (absl::IsAborted(status)) {
    // A conflict (another replica moving the cursor, or the handler's own
    // writes) that outlasted the transaction's retries: nothing was
    // applied; the next round tries again.
    logger_->Warning("event conflicted with another transaction; retrying",
                     {{"consumer", options_.consumer},
                      {"source", event.source},
                      {"event_id", event.event_id},
                      {"sequence", event.sequence}});
    return false;
  }
  if (!status.ok()) {
    logger_->Error("event not applied; retrying with backoff",
                   {{"consumer", options_.consumer},
                    {"source", event.source},
                    {"event_id", event.event_id},
                    {"sequence", event.sequence},
                    {"type", event.type},
                    {"error", status.ToString()}});
    return status;
  }
  return moved;
}

absl::Status EventConsumer::BehindRetention(int64_t cursor,
                                            int64_t first_retained) const {
  return absl::FailedPreconditionError(absl::StrFormat(
      "consumer \"%s\" has applied the events of source \"%s\" up to "
      "sequence %d, but \"%s\" keeps its events from sequence %d on (it "
      "purges them after its retention, 30 days by default): events %d to "
      "%d are lost to this consumer; reconcile its state, then set its "
      "cursor (table masar_event_cursors) to %d",
      options_.consumer, source_->name(), cursor, source_->name(),
      first_retained, cursor + 1, first_retained - 1, first_retained - 1));
}

bool EventConsumer::StoppingOrWoken() const { return stopping_ || woken_; }

void EventConsumer::Wake() {
  absl::MutexLock lock(&mu_);
  woken_ = true;
}

void EventConsumer::Run() {
  absl::Duration backoff = options_.initial_backoff;
  while (true) {
    absl::Status status = Drain();
    absl::MutexLock lock(&mu_);
    if (status.ok()) {
      backoff = options_.initial_backoff;
      // Notices wake it early; the poll is the safety net.
      mu_.AwaitWithTimeout(
          absl::Condition(this, &EventConsumer::StoppingOrWoken),
          options_.poll_interval);
    } else {
      // A failing event waits its backoff whatever notices say.
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), backoff);
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
    if (stopping_) return;
    woken_ = false;
  }
}

}  // namespace masar::events
