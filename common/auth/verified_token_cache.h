#ifndef MASAR_COMMON_AUTH_VERIFIED_TOKEN_CACHE_H_
#define MASAR_COMMON_AUTH_VERIFIED_TOKEN_CACHE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/clock/clock.h"

namespace masar::auth {

struct VerifiedTokenCacheOptions {
  // Bound over all shards (each holds an equal share).
  size_t max_entries = 100'000;
  // Independent locks, so concurrent calls rarely wait on each other.
  int shards = 16;
};

// Tokens whose signature and claims were already checked, so that a
// repeated token (every call of a session) costs a SHA-256 and a lookup
// instead of a ~50 us signature check. Keyed by the SHA-256 of the token:
// the cache never holds a token itself. An entry dies at the token's exp.
// Thread-safe; in-process only (never the shared cache: no token there).
class VerifiedTokenCache {
 public:
  // `clock` must outlive the cache.
  explicit VerifiedTokenCache(const Clock* clock,
                              VerifiedTokenCacheOptions options = {});
  ~VerifiedTokenCache();

  // The principal of an earlier verified `token` that has not expired, or
  // null.
  std::shared_ptr<const Principal> Find(absl::string_view token) const;

  // Remembers `token` as verified until `principal->expires_at()`. A full
  // shard first drops its expired entries, then an arbitrary one: any
  // entry can be verified again, so no order is worth its bookkeeping.
  void Insert(absl::string_view token,
              std::shared_ptr<const Principal> principal);

  size_t size() const;

 private:
  struct Shard;

  Shard& ShardFor(const std::string& digest) const;

  const Clock* clock_;
  size_t max_per_shard_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_VERIFIED_TOKEN_CACHE_H_
