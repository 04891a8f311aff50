#ifndef MASAR_COMMON_RESOURCE_CACHE_RESOURCE_CACHE_H_
#define MASAR_COMMON_RESOURCE_CACHE_RESOURCE_CACHE_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/cache/cache.h"
#include "common/clock/clock.h"
#include "common/sql/database.h"
#include "common/sql/migration_set.h"

namespace masar {

struct ResourceCacheOptions {
  // Cache keys are "<prefix><key>", such as "masar:identity:user:<id>".
  std::string key_prefix;
  absl::Duration ttl = absl::Minutes(5);
  // Each entry lives ttl * (1 + uniform[0, ttl_jitter)), so entries filled
  // together do not all expire together.
  double ttl_jitter = 0.1;
  // How long a fill may hold a key's lease (the cross-process lock).
  absl::Duration lease_ttl = absl::Seconds(2);
  // How long a reader waits for another process's fill before loading.
  absl::Duration lease_wait = absl::Milliseconds(30);
  // How often pending invalidations (this and other processes') are applied
  // and an untrusted cache is probed.
  absl::Duration repair_interval = absl::Milliseconds(250);
};

// A read-through cache of resources over the shared cache, with SQL as the
// source of truth. It never serves a value older than an acknowledged write:
// - a write notes each changed key in its own transaction
//   (NoteChange, table masar_cache_invalidations) and, after commit, calls
//   Invalidate, which deletes the key from the cache before the write is
//   acknowledged;
// - a fill takes a lease on the key, loads from SQL and stores the value
//   only if the lease is still there (compare-and-set), so a fill that read
//   before a write's commit can never land after that write's delete;
// - when the cache fails, this process stops trusting it: reads go to SQL
//   and the invalidations that could not be applied stay in SQL until a
//   repair pass has applied every pending one; only then is the cache
//   trusted again. Every process applies the pending rows of all processes
//   every repair_interval.
// Residual window (documented): a process whose link to Redis stays healthy
// while another process's writes cannot reach Redis may serve such a key
// until its next repair pass (repair_interval).
//
// A hot missing key is loaded once per process (single flight) and, across
// processes, by the lease holder while others wait up to lease_wait. Only
// readers that joined a flight before it read share its result; later ones
// wait for it and read the cache again, since a write acknowledged after the
// flight read but before they began must be visible to them.
class ResourceCache {
 public:
  ResourceCache(cache::Cache* cache, sql::Database* db, const Clock* clock,
                ResourceCacheOptions options);
  ~ResourceCache();

  // The value of `key`: from the cache when it can be trusted, otherwise
  // from `load` (the store). A status from `load` is returned uncached.
  absl::StatusOr<std::string> Get(
      absl::string_view key,
      absl::FunctionRef<absl::StatusOr<std::string>()> load);

  // The cached value of `key` when the cache is trusted and holds it;
  // nullopt otherwise (absent, being filled, failing, distrusted), and then
  // the caller goes through Get. It never loads, so over an in-process
  // cache (Cache::in_process) it may run on gRPC's callback threads.
  std::optional<std::string> Peek(absl::string_view key);

  bool in_process() const { return cache_->in_process(); }

  // Inside the write's transaction: records that `key` changes. Returns a
  // token for Invalidate.
  absl::StatusOr<std::string> NoteChange(sql::Transaction& tx,
                                         absl::string_view key);

  // After the write committed: deletes the keys from the cache and their
  // noted rows from SQL. A key the cache could not delete stays noted and
  // the cache is distrusted until a repair pass applies it. Never fails the
  // write: the outcome is safe either way.
  struct Noted {
    std::string key;
    std::string token;
  };
  void Invalidate(const std::vector<Noted>& noted);

  // NoteChange and Invalidate in one: notes `key` in the write's
  // transaction and invalidates it once that commits
  // (sql::Transaction::AfterCommit), before the write is acknowledged.
  absl::Status InvalidateOnCommit(sql::Transaction& tx, absl::string_view key);

  // Applies every pending invalidation; trusts the cache again when all
  // succeeded. Runs every repair_interval on the cache's own thread.
  absl::Status Repair();

  bool trusted() const { return trusted_.load(); }

  // Store loads done by Get (for tests and metrics).
  int64_t loads() const { return loads_.load(); }

 private:
  struct Flight {
    absl::Notification done;
    absl::StatusOr<std::string> result;
    // Set under flights_mu_ once the leader reads (the store, or another
    // process's fill). A reader joining after that may have started after a
    // write the result predates: it must not share the result.
    bool reading = false;
  };

  // One pass of Get; nullopt when the reader joined a flight too late to
  // share its result and must read again.
  std::optional<absl::StatusOr<std::string>> ReadThrough(
      const std::string& cache_key,
      absl::FunctionRef<absl::StatusOr<std::string>()> load);
  absl::StatusOr<std::string> Fill(
      const std::string& cache_key, Flight& flight,
      absl::FunctionRef<absl::StatusOr<std::string>()> load);
  void StartReading(Flight& flight);
  absl::StatusOr<std::string> Load(
      absl::FunctionRef<absl::StatusOr<std::string>()> load);
  void Distrust();
  absl::Duration JitteredTtl();
  void RepairLoop();

  cache::Cache* cache_;
  sql::Database* db_;
  const Clock* clock_;
  const ResourceCacheOptions options_;
  std::atomic<bool> trusted_{true};
  // Bumped by every cache failure, so a repair pass that overlapped one
  // does not restore trust.
  std::atomic<int64_t> distrust_epoch_{0};
  std::atomic<int64_t> loads_{0};

  absl::Mutex flights_mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<Flight>> flights_
      ABSL_GUARDED_BY(flights_mu_);

  absl::Notification stop_;
  std::thread repair_thread_;
};

// The tables this module needs (component "cache_invalidations"), to apply with
// sql::Migrate in every database that uses it.
absl::StatusOr<sql::MigrationSet> ResourceCacheMigrations();

}  // namespace masar

#endif  // MASAR_COMMON_RESOURCE_CACHE_RESOURCE_CACHE_H_
