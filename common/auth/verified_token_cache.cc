#include "common/auth/verified_token_cache.h"

#include <algorithm>
#include <cstring>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "common/crypto/digest.h"

namespace masar::auth {

struct VerifiedTokenCache::Shard {
  mutable absl::Mutex mu;
  absl::flat_hash_map<std::string, std::shared_ptr<const Principal>> entries
      ABSL_GUARDED_BY(mu);
};

VerifiedTokenCache::VerifiedTokenCache(const Clock* clock,
                                       VerifiedTokenCacheOptions options)
    : clock_(clock),
      max_per_shard_(std::max<size_t>(
          1, options.max_entries / std::max(1, options.shards))) {
  for (int i = 0; i < std::max(1, options.shards); ++i) {
    shards_.push_back(std::make_unique<Shard>());
  }
}

VerifiedTokenCache::~VerifiedTokenCache() = default;

VerifiedTokenCache::Shard& VerifiedTokenCache::ShardFor(
    const std::string& digest) const {
  // The digest is uniformly random: its first bytes pick the shard.
  uint32_t prefix = 0;
  std::memcpy(&prefix, digest.data(), sizeof(prefix));
  return *shards_[prefix % shards_.size()];
}

std::shared_ptr<const Principal> VerifiedTokenCache::Find(
    absl::string_view token) const {
  std::string digest = crypto::Sha256(token);
  Shard& shard = ShardFor(digest);
  absl::Time now = clock_->Now();
  absl::ReaderMutexLock lock(&shard.mu);
  auto it = shard.entries.find(digest);
  if (it == shard.entries.end() || it->second->expires_at() <= now) {
    return nullptr;
  }
  return it->second;
}

void VerifiedTokenCache::Insert(absl::string_view token,
                                std::shared_ptr<const Principal> principal) {
  std::string digest = crypto::Sha256(token);
  Shard& shard = ShardFor(digest);
  absl::Time now = clock_->Now();
  absl::MutexLock lock(&shard.mu);
  if (shard.entries.size() >= max_per_shard_) {
    absl::erase_if(shard.entries, [now](const auto& entry) {
      return entry.second->expires_at() <= now;
    });
  }
  if (shard.entries.size() >= max_per_shard_) {
    shard.entries.erase(shard.entries.begin());
  }
  shard.entries.insert_or_assign(std::move(digest), std::move(principal));
}

size_t VerifiedTokenCache::size() const {
  size_t total = 0;
  for (const auto& shard : shards_) {
    absl::ReaderMutexLock lock(&shard->mu);
    total += shard->entries.size();
  }
  return total;
}

}  // namespace masar::auth
