#ifndef MASAR_COMMON_CACHE_LRU_STORE_H_
#define MASAR_COMMON_CACHE_LRU_STORE_H_

#include <cstddef>
#include <list>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace masar::cache {

// A bounded map with least-recently-used eviction and per-entry expiry. Not
// thread-safe: MemoryCache keeps one per shard behind the shard's mutex.
class LruStore {
 public:
  struct Entry {
    std::string key;
    std::string value;
    absl::Time expires_at;
  };

  // Bytes counted for an entry beyond its key and value, roughly the list
  // node, the index slot and the strings' headers, so that many tiny entries
  // cannot exceed the byte budget unnoticed.
  static constexpr size_t kEntryOverhead = 96;

  LruStore(size_t max_entries, size_t max_bytes);
  LruStore(const LruStore&) = delete;
  LruStore& operator=(const LruStore&) = delete;

  // The live entry for `key`, now the most recently used; nullptr when absent
  // or expired at `now` (an expired entry is dropped on the way).
  const Entry* Find(absl::string_view key, absl::Time now);

  // Inserts or replaces `key` as the most recently used entry, evicting the
  // least recently used others to stay within bounds. False, storing nothing
  // (and dropping any previous value), when the entry alone exceeds them.
  bool Put(absl::string_view key, absl::string_view value,
           absl::Time expires_at);

  // Removes `key` if present.
  void Erase(absl::string_view key);

  size_t size() const { return index_.size(); }
  size_t bytes() const { return bytes_; }

 private:
  using List = std::list<Entry>;

  static size_t Cost(absl::string_view key, absl::string_view value) {
    return key.size() + value.size() + kEntryOverhead;
  }
  void Remove(List::iterator it);
  void EvictUntilWithinBounds();

  const size_t max_entries_;
  const size_t max_bytes_;
  size_t bytes_ = 0;
  // Most recently used first. The index's keys view the strings held by the
  // list's nodes, which never move.
  List lru_;
  absl::flat_hash_map<absl::string_view, List::iterator> index_;
};

}  // namespace masar::cache

#endif  // MASAR_COMMON_CACHE_LRU_STORE_H_
