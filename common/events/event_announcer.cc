#include "common/events/event_announcer.h"

#include "absl/strings/str_cat.h"

namespace masar::events {

std::string EventChannel(absl::string_view source) {
  return absl::StrCat("masar:events:", source);
}

absl::Status EventAnnouncer::Announce(int64_t sequence) {
  if (cache_ == nullptr) return absl::OkStatus();
  return cache_->Publish(channel_, absl::StrCat(sequence));
}

void EventAnnouncer::AnnounceAfterCommit(sql::Transaction& tx,
                                         int64_t sequence) {
  if (cache_ == nullptr) return;
  tx.AfterCommit([this, sequence] { Announce(sequence).IgnoreError(); });
}

}  // namespace masar::events
