#include "common/auth/revocation_sync.h"

#include <utility>
#include <vector>

#include "common/status/status_macros.h"

namespace masar::auth {

RevocationSync::RevocationSync(RevocationSource* source, cache::Cache* cache,
                               RevocationList* list, const Clock* clock,
                               RevocationSyncOptions options)
    : source_(source),
      cache_(cache),
      list_(list),
      clock_(clock),
      options_(std::move(options)) {}

RevocationSync::~RevocationSync() {
  // No callback may run once members start going away.
  subscription_.reset();
  {
    absl::MutexLock lock(&stop_mu_);
    stopping_ = true;
  }
  if (poller_.joinable()) poller_.join();
}

absl::Status RevocationSync::Start() {
  absl::Status first = CatchUp();
  if (cache_ != nullptr) {
    auto subscription = cache_->Subscribe(
        options_.channel,
        [this](absl::string_view message) { OnMessage(message); },
        [this] { CatchUp().IgnoreError(); });
    if (subscription.ok()) {
      subscription_ = *std::move(subscription);
    } else if (first.ok()) {
      first = subscription.status();
    }
  }
  poller_ = std::thread([this] { PollLoop(); });
  return first;
}

absl::Status RevocationSync::CatchUp() {
  absl::MutexLock lock(&apply_mu_);
  return CatchUpLocked();
}

absl::Status RevocationSync::CatchUpLocked() {
  while (true) {
    ASSIGN_OR_RETURN(std::vector<Revocation> page,
                     source_->ListAfter(list_->last_sequence(),
                                        options_.page_size));
    for (const Revocation& r : page) list_->Apply(r);
    if (static_cast<int>(page.size()) < options_.page_size) {
      return absl::OkStatus();
    }
  }
}

void RevocationSync::OnMessage(absl::string_view message) {
  absl::StatusOr<Revocation> r = RevocationFromJson(message);
  absl::MutexLock lock(&apply_mu_);
  int64_t last = list_->last_sequence();
  if (r.ok() && r->sequence <= last) return;  // already applied
  if (r.ok() && r->sequence == last + 1) {
    list_->Apply(*r);
    return;
  }
  // Unreadable, or some revocation before it was missed: the source has
  // them all, in order. A failure here is repaired by the next poll.
  CatchUpLocked().IgnoreError();
}

void RevocationSync::PollLoop() {
  absl::Time next_purge = clock_->Now() + options_.purge_interval;
  while (true) {
    {
      absl::MutexLock lock(&stop_mu_);
      if (stop_mu_.AwaitWithTimeout(absl::Condition(&stopping_),
                                    options_.poll_interval)) {
        return;
      }
    }
    CatchUp().IgnoreError();  // the next round retries
    absl::Time now = clock_->Now();
    if (now >= next_purge) {
      list_->Purge(now);
      next_purge = now + options_.purge_interval;
    }
  }
}

absl::Status PublishRevocation(cache::Cache& cache, const Revocation& revocation,
                               absl::string_view channel) {
  return cache.Publish(channel, RevocationToJson(revocation));
}

}  // namespace masar::auth
