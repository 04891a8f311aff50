// Cost of the read-through cache beside its bare parts, in one run: a hit on
// the in-process cache and on Redis against a bare MemoryCache Get and a
// bare hiredis GET; a miss (the key deleted from the cache, then read: cache
// GET, lease, SQL point read, compare-and-set) against a bare SQLite point
// read through masar::sql. The store is SQLite in a temporary file.
//   ninja -C build resource_cache_bench &&
//   build/tests/common/resource_cache/resource_cache_bench
#include <hiredis/hiredis.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "common/cache/memory_cache.h"
#include "common/cache/redis_cache.h"
#include "common/clock/clock.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/database.h"
#include "tests/common/resource_cache/thing_store.h"
#include "tests/testing/redis/redis_server.h"

namespace masar {
namespace {

constexpr char kPrefix[] = "masar:bench:thing:";
constexpr char kKey[] = "hot";

struct Setup {
  cache::Cache* cache;
  ResourceCache* resource_cache;
  sql::Database* db;
};

void BareCacheGet(benchmark::State& state, cache::Cache* cache) {
  const std::string key = absl::StrCat(kPrefix, kKey);
  for (auto _ : state) {
    absl::StatusOr<std::string> value = cache->Get(key);
    if (!value.ok()) state.SkipWithError(value.status().ToString().c_str());
    benchmark::DoNotOptimize(value);
  }
}

void BareHiredisGet(benchmark::State& state, redisContext* context) {
  const std::string key = absl::StrCat(kPrefix, kKey);
  for (auto _ : state) {
    auto* reply = static_cast<redisReply*>(
        redisCommand(context, "GET %b", key.data(), key.size()));
    if (reply == nullptr || reply->type != REDIS_REPLY_STRING) {
      state.SkipWithError("bare GET failed");
    }
    freeReplyObject(reply);
  }
}

void BareSqlPointRead(benchmark::State& state, sql::Database* db) {
  for (auto _ : state) {
    absl::StatusOr<int64_t> version = testing::LoadThing(*db, kKey);
    if (!version.ok()) state.SkipWithError(version.status().ToString().c_str());
    benchmark::DoNotOptimize(version);
  }
}

void ReadThroughHit(benchmark::State& state, Setup setup) {
  const int64_t loads = setup.resource_cache->loads();
  for (auto _ : state) {
    absl::StatusOr<int64_t> version =
        testing::ReadThing(*setup.resource_cache, *setup.db, kKey);
    if (!version.ok()) state.SkipWithError(version.status().ToString().c_str());
    benchmark::DoNotOptimize(version);
  }
  // One fill at most: a hit benchmark that loads is measuring misses.
  if (setup.resource_cache->loads() > loads + 1) state.SkipWithError("loaded");
}

// The invalidation is a bare cache delete, not Invalidate (which also
// deletes the noted row in SQL): the miss path alone is what is measured,
// plus that one delete, which the bare counterpart pays too.
void ReadThroughMiss(benchmark::State& state, Setup setup) {
  const std::string key = absl::StrCat(kPrefix, kKey);
  for (auto _ : state) {
    if (!setup.cache->Delete(key).ok()) state.SkipWithError("delete failed");
    absl::StatusOr<int64_t> version =
        testing::ReadThing(*setup.resource_cache, *setup.db, kKey);
    if (!version.ok()) state.SkipWithError(version.status().ToString().c_str());
    benchmark::DoNotOptimize(version);
  }
}

void BareDeleteAndSqlPointRead(benchmark::State& state, Setup setup) {
  const std::string key = absl::StrCat(kPrefix, kKey);
  for (auto _ : state) {
    if (!setup.cache->Delete(key).ok()) state.SkipWithError("delete failed");
    absl::StatusOr<int64_t> version = testing::LoadThing(*setup.db, kKey);
    if (!version.ok()) state.SkipWithError(version.status().ToString().c_str());
    benchmark::DoNotOptimize(version);
  }
}

int Run(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  auto server = testing::RedisServer::Start();
  char dir[] = "/tmp/masar-rc-bench-XXXXXX";
  if (!server.ok() || mkdtemp(dir) == nullptr) {
    std::fprintf(stderr, "cannot start redis or make a directory\n");
    return 1;
  }
  SystemClock clock;
  sql::DatabaseOptions db_options;
  db_options.sqlite_path = absl::StrCat(dir, "/store.db");
  auto db = sql::OpenDatabase(db_options);
  cache::MemoryCache memory(clock);
  auto redis =
      cache::RedisCache::Create({.address = (*server)->address()}, clock);
  redisContext* bare = redisConnect("127.0.0.1", (*server)->port());
  if (!db.ok() || !redis.ok() || bare == nullptr || bare->err != 0 ||
      !testing::CreateThingStore(**db).ok()) {
    std::fprintf(stderr, "cannot set up the benchmark\n");
    return 1;
  }
  ResourceCacheOptions options;
  options.key_prefix = kPrefix;
  options.ttl = absl::Hours(1);
  ResourceCache on_memory(&memory, db->get(), &clock, options);
  ResourceCache on_redis(redis->get(), db->get(), &clock, options);
  if (!testing::WriteThing(**db, on_memory, kKey, 1).ok() ||
      !testing::ReadThing(on_memory, **db, kKey).ok() ||
      !testing::ReadThing(on_redis, **db, kKey).ok()) {
    std::fprintf(stderr, "cannot fill the caches\n");
    return 1;
  }
  const Setup memory_setup{&memory, &on_memory, db->get()};
  const Setup redis_setup{redis->get(), &on_redis, db->get()};
  benchmark::RegisterBenchmark("BareMemoryCacheGet", BareCacheGet, &memory);
  benchmark::RegisterBenchmark("ReadThroughHit/Memory", ReadThroughHit,
                               memory_setup);
  benchmark::RegisterBenchmark("BareHiredisGet", BareHiredisGet, bare);
  benchmark::RegisterBenchmark("ReadThroughHit/Redis", ReadThroughHit,
                               redis_setup);
  benchmark::RegisterBenchmark("BareSqlitePointRead", BareSqlPointRead,
                               db->get());
  benchmark::RegisterBenchmark("BareDeleteAndSqlRead/Memory",
                               BareDeleteAndSqlPointRead, memory_setup);
  benchmark::RegisterBenchmark("ReadThroughMiss/Memory", ReadThroughMiss,
                               memory_setup);
  benchmark::RegisterBenchmark("BareDeleteAndSqlRead/Redis",
                               BareDeleteAndSqlPointRead, redis_setup);
  benchmark::RegisterBenchmark("ReadThroughMiss/Redis", ReadThroughMiss,
                               redis_setup);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  redisFree(bare);
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace masar

int main(int argc, char** argv) { return masar::Run(argc, argv); }
