#include "common/auth/revocation_list.h"

#include <algorithm>

namespace masar::auth {

void RevocationList::KeepLater(
    absl::flat_hash_map<std::string, absl::Time>& map, const std::string& key,
    absl::Time time) {
  auto [it, inserted] = map.emplace(key, time);
  if (!inserted) it->second = std::max(it->second, time);
}

bool RevocationList::Apply(const Revocation& r) {
  absl::MutexLock lock(&mu_);
  if (r.sequence <= last_sequence_) return false;
  last_sequence_ = r.sequence;
  switch (r.kind) {
    case RevocationKind::kToken:
      KeepLater(tokens_, r.value, r.expire_time);
      break;
    case RevocationKind::kSession:
      KeepLater(sessions_, r.value, r.expire_time);
      break;
    case RevocationKind::kSubject: {
      auto [it, inserted] =
          subjects_.emplace(r.value, SubjectEntry{r.time, r.expire_time});
      if (!inserted) {
        it->second.not_before = std::max(it->second.not_before, r.time);
        it->second.expire_time = std::max(it->second.expire_time, r.expire_time);
      }
      break;
    }
  }
  return true;
}

int64_t RevocationList::last_sequence() const {
  absl::MutexLock lock(&mu_);
  return last_sequence_;
}

bool RevocationList::IsRevoked(const Principal& p) const {
  absl::ReaderMutexLock lock(&mu_);
  if (tokens_.contains(p.token_id())) return true;
  if (!p.session_id().empty() && sessions_.contains(p.session_id())) {
    return true;
  }
  auto it = subjects_.find(p.subject());
  // At or before: iat is in whole milliseconds, rounded down, so a token
  // issued in the revocation's own millisecond may have been issued before
  // it; it is refused too (a fresh token a millisecond later passes).
  return it != subjects_.end() && p.issued_at() <= it->second.not_before;
}

int RevocationList::Purge(absl::Time now) {
  absl::MutexLock lock(&mu_);
  size_t before = tokens_.size() + sessions_.size() + subjects_.size();
  auto expired = [now](const auto& entry) { return entry.second <= now; };
  absl::erase_if(tokens_, expired);
  absl::erase_if(sessions_, expired);
  absl::erase_if(subjects_, [now](const auto& entry) {
    return entry.second.expire_time <= now;
  });
  size_t after = tokens_.size() + sessions_.size() + subjects_.size();
  return static_cast<int>(before - after);
}

size_t RevocationList::size() const {
  absl::ReaderMutexLock lock(&mu_);
  return tokens_.size() + sessions_.size() + subjects_.size();
}

}  // namespace masar::auth
