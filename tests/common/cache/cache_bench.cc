// Cost of a cache hit: the in-process cache beside a bare map under a
// mutex, and the Redis cache beside a bare hiredis GET on one connection,
// all against the same redis-server in one run.
//   build/tests/common/cache/cache_bench [--benchmark_repetitions=5]
#include <hiredis/hiredis.h>

#include <cstdio>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "common/cache/memory_cache.h"
#include "common/cache/redis_cache.h"
#include "common/clock/clock.h"
#include "tests/testing/redis/redis_server.h"

namespace masar::cache {
namespace {

constexpr char kKey[] = "masar:bench:hot";

// The in-process baseline: what any cache costs at the least.
class LockedMap {
 public:
  void Put(const std::string& key, const std::string& value) {
    absl::MutexLock lock(&mu_);
    map_[key] = value;
  }
  bool Get(absl::string_view key, std::string& out) {
    absl::MutexLock lock(&mu_);
    auto found = map_.find(key);
    if (found == map_.end()) return false;
    out = found->second;
    return true;
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::string> map_ ABSL_GUARDED_BY(mu_);
};

void BareMapGet(benchmark::State& state, LockedMap* map) {
  std::string out;
  for (auto _ : state) {
    if (!map->Get(kKey, out)) state.SkipWithError("miss");
    benchmark::DoNotOptimize(out);
  }
}

void CacheGet(benchmark::State& state, Cache* cache) {
  for (auto _ : state) {
    absl::StatusOr<std::string> value = cache->Get(kKey);
    if (!value.ok()) state.SkipWithError(value.status().ToString().c_str());
    benchmark::DoNotOptimize(value);
  }
}

// The floor for any Redis client: one blocking round trip on one
// connection, with nothing around it.
void BareHiredisGet(benchmark::State& state, redisContext* context) {
  for (auto _ : state) {
    auto* reply =
        static_cast<redisReply*>(redisCommand(context, "GET %s", kKey));
    if (reply == nullptr || reply->type != REDIS_REPLY_STRING) {
      state.SkipWithError("bare GET failed");
    }
    freeReplyObject(reply);
  }
}

int Run(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  auto server = testing::RedisServer::Start();
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().ToString().c_str());
    return 1;
  }
  // About the size of a cached resource summary.
  const std::string value(256, 'v');
  SystemClock clock;
  LockedMap map;
  map.Put(kKey, value);
  MemoryCache memory(clock);
  auto redis = RedisCache::Create({.address = (*server)->address()}, clock);
  redisContext* bare = redisConnect("127.0.0.1", (*server)->port());
  if (!redis.ok() || bare == nullptr || bare->err != 0 ||
      !memory.Set(kKey, value, absl::Hours(1)).ok() ||
      !(*redis)->Set(kKey, value, absl::Hours(1)).ok()) {
    std::fprintf(stderr, "cannot set up the benchmark\n");
    return 1;
  }
  benchmark::RegisterBenchmark("BareMapGet", BareMapGet, &map);
  benchmark::RegisterBenchmark("MemoryCacheGet", CacheGet, &memory);
  benchmark::RegisterBenchmark("BareHiredisGet", BareHiredisGet, bare);
  benchmark::RegisterBenchmark("RedisCacheGet", CacheGet, redis->get());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  redisFree(bare);
  return 0;
}

}  // namespace
}  // namespace masar::cache

int main(int argc, char** argv) { return masar::cache::Run(argc, argv); }
