#include "common/cache/memory_cache.h"

#include <algorithm>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/hash/hash.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/cache/lru_store.h"
#include "common/cache/ttl.h"
#include "common/status/status_macros.h"

namespace masar::cache {

struct MemoryCache::Shard {
  Shard(size_t max_entries, size_t max_bytes) : store(max_entries, max_bytes) {}

  absl::Mutex mu;
  LruStore store ABSL_GUARDED_BY(mu);
};

MemoryCache::MemoryCache(const Clock& clock, MemoryCacheOptions options)
    : clock_(clock), broker_(options.max_pending_messages) {
  const size_t count = static_cast<size_t>(std::max(options.shards, 1));
  shards_.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    // Rounding down keeps the sum of the shares within the bounds.
    shards_.push_back(std::make_unique<Shard>(options.max_entries / count,
                                              options.max_bytes / count));
  }
}

MemoryCache::~MemoryCache() = default;

MemoryCache::Shard& MemoryCache::ShardFor(absl::string_view key) {
  return *shards_[absl::Hash<absl::string_view>{}(key) % shards_.size()];
}

absl::Status MemoryCache::Store(Shard& shard, absl::string_view key,
                                absl::string_view value,
                                absl::Time expires_at) {
  shard.mu.AssertHeld();
  if (!shard.store.Put(key, value, expires_at)) {
    return absl::ResourceExhaustedError(
        absl::StrCat("cache: entry of ", key.size() + value.size(),
                     " bytes exceeds the cache's per-shard budget"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> MemoryCache::Get(absl::string_view key) {
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  const LruStore::Entry* entry = shard.store.Find(key, clock_.Now());
  if (entry == nullptr) return absl::NotFoundError("cache: no such key");
  return entry->value;
}

absl::Status MemoryCache::Set(absl::string_view key, absl::string_view value,
                              absl::Duration ttl) {
  RETURN_IF_ERROR(ValidateTtl(ttl));
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  return Store(shard, key, value, clock_.Now() + ttl);
}

absl::StatusOr<bool> MemoryCache::SetIfAbsent(absl::string_view key,
                                              absl::string_view value,
                                              absl::Duration ttl) {
  RETURN_IF_ERROR(ValidateTtl(ttl));
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  const absl::Time now = clock_.Now();
  if (shard.store.Find(key, now) != nullptr) return false;
  RETURN_IF_ERROR(Store(shard, key, value, now + ttl));
  return true;
}

absl::StatusOr<bool> MemoryCache::CompareAndSet(absl::string_view key,
                                                absl::string_view expected,
                                                absl::string_view value,
                                                absl::Duration ttl) {
  RETURN_IF_ERROR(ValidateTtl(ttl));
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  const absl::Time now = clock_.Now();
  const LruStore::Entry* entry = shard.store.Find(key, now);
  if (entry == nullptr || entry->value != expected) return false;
  RETURN_IF_ERROR(Store(shard, key, value, now + ttl));
  return true;
}

absl::Status MemoryCache::Delete(absl::string_view key) {
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  shard.store.Erase(key);
  return absl::OkStatus();
}

absl::StatusOr<bool> MemoryCache::DeleteIfEquals(absl::string_view key,
                                                 absl::string_view expected) {
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  const LruStore::Entry* entry = shard.store.Find(key, clock_.Now());
  if (entry == nullptr || entry->value != expected) return false;
  shard.store.Erase(key);
  return true;
}

absl::StatusOr<int64_t> MemoryCache::Increment(absl::string_view key,
                                               int64_t delta,
                                               absl::Duration ttl) {
  RETURN_IF_ERROR(ValidateTtl(ttl));
  Shard& shard = ShardFor(key);
  absl::MutexLock lock(&shard.mu);
  const absl::Time now = clock_.Now();
  const LruStore::Entry* entry = shard.store.Find(key, now);
  int64_t current = 0;
  absl::Time expires_at = now + ttl;
  if (entry != nullptr) {
    // Same refusals as Redis's INCRBY, so callers see one behaviour.
    if (!absl::SimpleAtoi(entry->value, &current)) {
      return absl::FailedPreconditionError("cache: value is not an integer");
    }
    expires_at = entry->expires_at;
  }
  int64_t result = 0;
  if (__builtin_add_overflow(current, delta, &result)) {
    return absl::FailedPreconditionError("cache: increment would overflow");
  }
  RETURN_IF_ERROR(Store(shard, key, absl::StrCat(result), expires_at));
  return result;
}

absl::Status MemoryCache::Publish(absl::string_view channel,
                                  absl::string_view message) {
  return broker_.Publish(channel, message);
}

absl::StatusOr<std::unique_ptr<Cache::Subscription>> MemoryCache::Subscribe(
    absl::string_view channel,
    std::function<void(absl::string_view message)> on_message,
    std::function<void()> on_reconnect) {
  return broker_.Subscribe(channel, std::move(on_message));
}

}  // namespace masar::cache
