#ifndef MASAR_COMMON_CACHE_MEMORY_CACHE_H_
#define MASAR_COMMON_CACHE_MEMORY_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/cache/cache.h"
#include "common/cache/in_process_broker.h"
#include "common/clock/clock.h"

namespace masar::cache {

struct MemoryCacheOptions {
  // Bounds over all shards; each shard gets an equal share, and evicts its
  // own least recently used entries, so the cache as a whole is LRU only
  // approximately (exactly with one shard).
  size_t max_entries = 100'000;
  size_t max_bytes = size_t{64} << 20;
  // Independent locks, so that threads touching different keys rarely wait.
  int shards = 16;
  // Published messages waiting for the delivery thread before Publish
  // answers UNAVAILABLE.
  size_t max_pending_messages = 10'000;
};

// The cache of one process, used without `--redis`. Every operation is
// atomic: a key's shard lock covers the whole read-modify-write.
class MemoryCache final : public Cache {
 public:
  // `clock` must outlive the cache; subscriptions must not.
  explicit MemoryCache(const Clock& clock, MemoryCacheOptions options = {});
  ~MemoryCache() override;

  bool in_process() const override { return true; }

  absl::StatusOr<std::string> Get(absl::string_view key) override;
  absl::Status Set(absl::string_view key, absl::string_view value,
                   absl::Duration ttl) override;
  absl::StatusOr<bool> SetIfAbsent(absl::string_view key,
                                   absl::string_view value,
                                   absl::Duration ttl) override;
  absl::StatusOr<bool> CompareAndSet(absl::string_view key,
                                     absl::string_view expected,
                                     absl::string_view value,
                                     absl::Duration ttl) override;
  absl::Status Delete(absl::string_view key) override;
  absl::StatusOr<bool> DeleteIfEquals(absl::string_view key,
                                      absl::string_view expected) override;
  absl::StatusOr<int64_t> Increment(absl::string_view key, int64_t delta,
                                    absl::Duration ttl) override;
  absl::Status Publish(absl::string_view channel,
                       absl::string_view message) override;
  // `on_reconnect` is never called: in-process delivery is never interrupted.
  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      absl::string_view channel,
      std::function<void(absl::string_view message)> on_message,
      std::function<void()> on_reconnect) override;

 private:
  struct Shard;

  Shard& ShardFor(absl::string_view key);
  absl::Status Store(Shard& shard, absl::string_view key,
                     absl::string_view value, absl::Time expires_at);

  const Clock& clock_;
  std::vector<std::unique_ptr<Shard>> shards_;
  InProcessBroker broker_;
};

}  // namespace masar::cache

#endif  // MASAR_COMMON_CACHE_MEMORY_CACHE_H_
