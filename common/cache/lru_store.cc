#include "common/cache/lru_store.h"

#include <string>

namespace masar::cache {

LruStore::LruStore(size_t max_entries, size_t max_bytes)
    : max_entries_(max_entries), max_bytes_(max_bytes) {}

const LruStore::Entry* LruStore::Find(absl::string_view key,
                                      absl::Time now) {
  auto found = index_.find(key);
  if (found == index_.end()) return nullptr;
  List::iterator it = found->second;
  if (it->expires_at <= now) {
    Remove(it);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it);
  return &*it;
}

bool LruStore::Put(absl::string_view key, absl::string_view value,
                   absl::Time expires_at) {
  Erase(key);
  if (max_entries_ == 0 || Cost(key, value) > max_bytes_) return false;
  lru_.push_front(Entry{std::string(key), std::string(value), expires_at});
  index_.emplace(lru_.front().key, lru_.begin());
  bytes_ += Cost(key, value);
  EvictUntilWithinBounds();
  return true;
}

void LruStore::Erase(absl::string_view key) {
  auto found = index_.find(key);
  if (found != index_.end()) Remove(found->second);
}

void LruStore::Remove(List::iterator it) {
  bytes_ -= Cost(it->key, it->value);
  index_.erase(absl::string_view(it->key));
  lru_.erase(it);
}

void LruStore::EvictUntilWithinBounds() {
  // The newest entry sits at the front and fits on its own, so this stops
  // before reaching it.
  while (index_.size() > max_entries_ || bytes_ > max_bytes_) {
    Remove(std::prev(lru_.end()));
  }
}

}  // namespace masar::cache
