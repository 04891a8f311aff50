#include "common/resource_cache/resource_cache.h"

#include "common/resource_cache/masar_common_resource_cache_migrations.h"

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/ids/ids.h"
#include "common/status/status_macros.h"

namespace masar {
namespace {

// Cache values are tagged: a resource, or a fill's lease on the key.
constexpr char kValueTag = 'V';
constexpr char kLeaseTag = 'L';
constexpr int kRepairBatch = 500;
constexpr absl::Duration kLeasePoll = absl::Milliseconds(5);

bool IsValue(const std::string& cached) {
  return !cached.empty() && cached[0] == kValueTag;
}

absl::Status DeleteRows(sql::Executor& db, const std::vector<std::string>& ids) {
  if (ids.empty()) return absl::OkStatus();
  std::vector<sql::Value> params(ids.begin(), ids.end());
  std::vector<std::string> marks(ids.size(), "?");
  return db.Execute(absl::StrCat("DELETE FROM masar_cache_invalidations "
                                 "WHERE id IN (",
                                 absl::StrJoin(marks, ", "), ")"),
                    params)
      .status();
}

}  // namespace

ResourceCache::ResourceCache(cache::Cache* cache, sql::Database* db,
                             const Clock* clock, ResourceCacheOptions options)
    : cache_(cache), db_(db), clock_(clock), options_(std::move(options)) {
  repair_thread_ = std::thread([this] { RepairLoop(); });
}

ResourceCache::~ResourceCache() {
  stop_.Notify();
  repair_thread_.join();
}

absl::StatusOr<std::string> ResourceCache::Get(
    absl::string_view key,
    absl::FunctionRef<absl::StatusOr<std::string>()> load) {
  const std::string cache_key = absl::StrCat(options_.key_prefix, key);
  // A reader that came too late to share a flight reads again, which mostly
  // finds the value that flight just stored; twice late, it loads alone.
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::optional<absl::StatusOr<std::string>> result =
        ReadThrough(cache_key, load);
    if (result.has_value()) return *std::move(result);
  }
  return Load(load);
}

absl::Status ResourceCache::InvalidateOnCommit(sql::Transaction& tx,
                                              absl::string_view key) {
  ASSIGN_OR_RETURN(std::string token, NoteChange(tx, key));
  tx.AfterCommit([this, noted = Noted{std::string(key), std::move(token)}] {
    Invalidate({noted});
  });
  return absl::OkStatus();
}

std::optional<std::string> ResourceCache::Peek(absl::string_view key) {
  if (!trusted_.load()) return std::nullopt;
  absl::StatusOr<std::string> cached =
      cache_->Get(absl::StrCat(options_.key_prefix, key));
  if (cached.ok() && IsValue(*cached)) return cached->substr(1);
  if (!cached.ok() && !absl::IsNotFound(cached.status())) Distrust();
  return std::nullopt;
}

std::optional<absl::StatusOr<std::string>> ResourceCache::ReadThrough(
    const std::string& cache_key,
    absl::FunctionRef<absl::StatusOr<std::string>()> load) {
  if (!trusted_.load()) return Load(load);
  absl::StatusOr<std::string> cached = cache_->Get(cache_key);
  if (cached.ok() && IsValue(*cached)) return cached->substr(1);
  if (!cached.ok() && !absl::IsNotFound(cached.status())) {
    Distrust();
    return Load(load);
  }

  std::shared_ptr<Flight> flight;
  bool leader = false;
  bool late = false;
  {
    absl::MutexLock lock(&flights_mu_);
    std::shared_ptr<Flight>& slot = flights_[cache_key];
    if (slot == nullptr) {
      slot = std::make_shared<Flight>();
      leader = true;
    }
    flight = slot;
    late = flight->reading;
  }
  if (!leader) {
    // A result read before this reader arrived may predate a write
    // acknowledged before it began (its lease deleted, its store read older).
    flight->done.WaitForNotification();
    if (late) return std::nullopt;
    return flight->result;
  }
  flight->result = Fill(cache_key, *flight, load);
  {
    absl::MutexLock lock(&flights_mu_);
    flights_.erase(cache_key);
  }
  flight->done.Notify();
  return flight->result;
}

void ResourceCache::StartReading(Flight& flight) {
  absl::MutexLock lock(&flights_mu_);
  flight.reading = true;
}

absl::StatusOr<std::string> ResourceCache::Fill(
    const std::string& cache_key, Flight& flight,
    absl::FunctionRef<absl::StatusOr<std::string>()> load) {
  const std::string lease = absl::StrCat(std::string(1, kLeaseTag), RandomHex(8));
  absl::StatusOr<bool> leased =
      cache_->SetIfAbsent(cache_key, lease, options_.lease_ttl);
  StartReading(flight);
  if (!leased.ok()) {
    Distrust();
    return Load(load);
  }
  if (!*leased) {
    // Another process is filling the key: wait a little for its value
    // rather than loading the store again.
    const absl::Time give_up = absl::Now() + options_.lease_wait;
    while (absl::Now() < give_up) {
      absl::SleepFor(kLeasePoll);
      absl::StatusOr<std::string> cached = cache_->Get(cache_key);
      if (cached.ok() && IsValue(*cached)) return cached->substr(1);
      if (!cached.ok()) break;
    }
    return Load(load);
  }
  absl::StatusOr<std::string> value = Load(load);
  if (!value.ok()) {
    cache_->DeleteIfEquals(cache_key, lease).IgnoreError();
    return value;
  }
  // Lands only if no write deleted the lease since: a value loaded before a
  // write's commit never outlives that write's invalidation.
  absl::StatusOr<bool> stored = cache_->CompareAndSet(
      cache_key, lease, absl::StrCat(std::string(1, kValueTag), *value),
      JitteredTtl());
  if (!stored.ok()) Distrust();
  return value;
}

absl::StatusOr<std::string> ResourceCache::Load(
    absl::FunctionRef<absl::StatusOr<std::string>()> load) {
  ++loads_;
  return load();
}

absl::StatusOr<std::string> ResourceCache::NoteChange(sql::Transaction& tx,
                                                      absl::string_view key) {
  std::string token = NewUuid();
  const sql::Value params[] = {token, absl::StrCat(options_.key_prefix, key),
                               absl::ToUnixMicros(clock_->Now())};
  RETURN_IF_ERROR(tx.Execute("INSERT INTO masar_cache_invalidations (id, "
                             "cache_key, create_time) VALUES (?, ?, ?)",
                             params)
                      .status());
  return token;
}

void ResourceCache::Invalidate(const std::vector<Noted>& noted) {
  std::vector<std::string> applied;
  for (const Noted& n : noted) {
    if (cache_->Delete(absl::StrCat(options_.key_prefix, n.key)).ok()) {
      applied.push_back(n.token);
    } else {
      Distrust();
    }
  }
  // A row left behind only costs a repeated delete in the next repair.
  DeleteRows(*db_, applied).IgnoreError();
}

absl::Status ResourceCache::Repair() {
  const int64_t epoch = distrust_epoch_.load();
  while (true) {
    const sql::Value params[] = {static_cast<int64_t>(kRepairBatch)};
    ASSIGN_OR_RETURN(sql::Result pending,
                     db_->Execute("SELECT id, cache_key FROM "
                                  "masar_cache_invalidations ORDER BY "
                                  "create_time LIMIT ?",
                                  params));
    std::vector<std::string> applied;
    for (const sql::Row& row : pending.rows) {
      ASSIGN_OR_RETURN(std::string id, row.Text(0));
      ASSIGN_OR_RETURN(std::string cache_key, row.Text(1));
      RETURN_IF_ERROR(cache_->Delete(cache_key));
      applied.push_back(std::move(id));
    }
    RETURN_IF_ERROR(DeleteRows(*db_, applied));
    if (pending.rows.size() < static_cast<size_t>(kRepairBatch)) break;
  }
  if (!trusted_.load()) {
    // With nothing pending the loop above never touched the cache: probe it
    // before trusting it again.
    absl::StatusOr<std::string> probe =
        cache_->Get(absl::StrCat(options_.key_prefix, "probe"));
    if (!probe.ok() && !absl::IsNotFound(probe.status())) {
      return probe.status();
    }
  }
  // Trust again only if nothing failed since this pass began: a failure
  // during the pass may have noted a row the pass did not see.
  if (distrust_epoch_.load() == epoch) trusted_.store(true);
  return absl::OkStatus();
}

void ResourceCache::Distrust() {
  ++distrust_epoch_;
  trusted_.store(false);
}

absl::Duration ResourceCache::JitteredTtl() {
  absl::BitGen gen;
  return options_.ttl *
         (1.0 + absl::Uniform(gen, 0.0, std::max(options_.ttl_jitter, 1e-9)));
}

void ResourceCache::RepairLoop() {
  while (!stop_.WaitForNotificationWithTimeout(options_.repair_interval)) {
    Repair().IgnoreError();
  }
}

absl::StatusOr<sql::MigrationSet> ResourceCacheMigrations() {
  return sql::MigrationSet::Create("cache_invalidations",
                                   sql::embedded::MasarCommonResourceCacheMigrations());
}

}  // namespace masar
