#include <unistd.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/cache/redis_cache.h"
#include "common/clock/clock.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/database.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/resource_cache/thing_store.h"
#include "tests/testing/postgres/postgres_server.h"
#include "tests/testing/redis/redis_server.h"

// The read-through cache over a real redis-server that dies and comes back
// under load, with PostgreSQL as the store. Bounds are about completion, not
// speed: a busy machine must not fail these.
namespace masar {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;

constexpr char kPrefix[] = "masar:test:thing:";
constexpr int kKeys = 16;
constexpr int kWriters = 2;
constexpr int kReaders = 4;

std::string KeyName(int k) { return absl::StrCat("t", k); }

// Counts what the load threads saw, keeping the first few failures whole.
class Tally {
 public:
  void Fail(std::string message) {
    ++failures_;
    absl::MutexLock lock(&mu_);
    if (messages_.size() < 10) messages_.push_back(std::move(message));
  }
  int64_t failures() const { return failures_.load(); }
  std::string messages() {
    absl::MutexLock lock(&mu_);
    std::string all;
    for (const std::string& m : messages_) absl::StrAppend(&all, m, "\n");
    return all;
  }

 private:
  std::atomic<int64_t> failures_{0};
  absl::Mutex mu_;
  std::vector<std::string> messages_ ABSL_GUARDED_BY(mu_);
};

class ResourceCacheFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto redis = testing::RedisServer::Start();  // ours alone: we kill it
    ASSERT_THAT(redis, IsOk());
    redis_server_ = *std::move(redis);
    auto postgres = testing::PostgresServer::Shared();
    ASSERT_THAT(postgres, IsOk());
    sql::DatabaseOptions db_options;
    db_options.postgres_url = (*postgres)->url();
    db_options.schema = absl::StrCat("rc_fault_", getpid());
    auto db = sql::OpenDatabase(db_options);
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    ASSERT_THAT(testing::CreateThingStore(*db_), IsOk());

    // Short timeouts and a quick breaker: an outage costs readers
    // milliseconds, and the cache is probed again soon after it returns.
    cache::RedisCacheOptions redis_options;
    redis_options.address = redis_server_->address();
    redis_options.connect_timeout = absl::Milliseconds(50);
    redis_options.command_timeout = absl::Milliseconds(100);
    redis_options.breaker.cooldown = absl::Milliseconds(100);
    auto redis_cache = cache::RedisCache::Create(redis_options, clock_);
    ASSERT_THAT(redis_cache, IsOk());
    redis_ = *std::move(redis_cache);
    ResourceCacheOptions options;
    options.key_prefix = kPrefix;
    options.repair_interval = absl::Milliseconds(50);
    cache_ = std::make_unique<ResourceCache>(redis_.get(), db_.get(), &clock_,
                                             options);
  }

  void TearDown() override {
    cache_.reset();
    redis_.reset();
    db_.reset();
  }

  // Writer `w` owns keys w, w + kWriters, ...: each key's versions rise one
  // by one, and acked_[k] is the last one acknowledged.
  void WriteLoop(int w) {
    absl::BitGen random;
    std::vector<int64_t> next(kKeys, 0);
    while (!stop_.load()) {
      const int k = w + kWriters * absl::Uniform(random, 0, kKeys / kWriters);
      if (next[k] == 0) next[k] = acked_[k].load() + 1;
      absl::Status written =
          testing::WriteThing(*db_, *cache_, KeyName(k), next[k]);
      if (!written.ok()) {
        // A serialization failure past the retries is the store's answer,
        // not a loss: the version is simply written again.
        if (!absl::IsAborted(written)) tally_.Fail(written.ToString());
        continue;
      }
      acked_[k].store(next[k]++);
      ++writes_;
      if (!redis_up_.load()) ++writes_while_down_;
    }
  }

  // Every read sees at least what was acknowledged before it began, and at
  // most one version more (a write committed, not yet acknowledged).
  void ReadLoop() {
    absl::BitGen random;
    while (!stop_.load()) {
      const int k = absl::Uniform(random, 0, kKeys);
      const int64_t before = acked_[k].load();
      absl::StatusOr<int64_t> read =
          testing::ReadThing(*cache_, *db_, KeyName(k));
      const int64_t after = acked_[k].load();
      if (!read.ok()) {
        tally_.Fail(absl::StrCat("read ", k, ": ", read.status().ToString()));
      } else if (*read < before || *read > after + 1) {
        tally_.Fail(absl::StrCat("read ", k, " = ", *read, ", acknowledged ",
                                 before, " before and ", after, " after"));
      }
      ++reads_;
      if (!redis_up_.load()) ++reads_while_down_;
    }
  }

  void RunThroughOutage(const std::function<void()>& fail,
                        const std::function<void()>& mend);

  SystemClock clock_;
  std::unique_ptr<testing::RedisServer> redis_server_;
  std::unique_ptr<sql::Database> db_;
  std::unique_ptr<cache::RedisCache> redis_;
  std::unique_ptr<ResourceCache> cache_;

  std::atomic<int64_t> acked_[kKeys] = {};
  std::atomic<bool> stop_{false};
  std::atomic<bool> redis_up_{true};
  std::atomic<int64_t> writes_{0}, writes_while_down_{0};
  std::atomic<int64_t> reads_{0}, reads_while_down_{0};
  Tally tally_;
};

// Runs the load, breaks Redis with `fail` midway for 1.5 s, mends it with
// `mend`, and checks what the load saw and what is left.
void ResourceCacheFaultTest::RunThroughOutage(
    const std::function<void()>& fail, const std::function<void()>& mend) {
  for (int k = 0; k < kKeys; ++k) {
    ASSERT_THAT(testing::WriteThing(*db_, *cache_, KeyName(k), 1), IsOk());
    acked_[k].store(1);
  }
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) threads.emplace_back([this, w] { WriteLoop(w); });
  for (int r = 0; r < kReaders; ++r) threads.emplace_back([this] { ReadLoop(); });

  absl::SleepFor(absl::Seconds(1));
  const int64_t loads_before_outage = cache_->loads();
  redis_up_.store(false);
  fail();
  absl::SleepFor(absl::Milliseconds(300));
  const bool distrusted_during_outage = !cache_->trusted();
  absl::SleepFor(absl::Milliseconds(1200));
  mend();
  redis_up_.store(true);
  absl::SleepFor(absl::Milliseconds(1500));
  // Trust must come back under load: the pending invalidations applied.
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (!cache_->trusted() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  const bool trusted_again = cache_->trusted();
  absl::SleepFor(absl::Milliseconds(500));  // reads from the refilled cache
  stop_.store(true);
  for (std::thread& t : threads) t.join();

  EXPECT_EQ(tally_.failures(), 0) << tally_.messages();
  EXPECT_TRUE(distrusted_during_outage);
  EXPECT_TRUE(trusted_again);
  EXPECT_GT(writes_while_down_.load(), 0) << "no write met the outage";
  EXPECT_GT(reads_while_down_.load(), 0) << "no read met the outage";
  EXPECT_GT(loads_before_outage, 0);
  std::cerr << "writes " << writes_ << " (" << writes_while_down_
            << " while down), reads " << reads_ << " (" << reads_while_down_
            << " while down), loads " << cache_->loads() << "\n";

  // Every acknowledged write is in SQL, and read back through the cache
  // after its return; a second read is a hit that Redis holds.
  for (int k = 0; k < kKeys; ++k) {
    EXPECT_THAT(testing::LoadThing(*db_, KeyName(k)),
                IsOkAndHolds(acked_[k].load()))
        << KeyName(k);
    EXPECT_THAT(testing::ReadThing(*cache_, *db_, KeyName(k)),
                IsOkAndHolds(acked_[k].load()));
  }
  const int64_t loads = cache_->loads();
  for (int k = 0; k < kKeys; ++k) {
    EXPECT_THAT(testing::ReadThing(*cache_, *db_, KeyName(k)),
                IsOkAndHolds(acked_[k].load()));
    EXPECT_THAT(redis_->Get(absl::StrCat(kPrefix, KeyName(k))),
                IsOkAndHolds(absl::StrCat("V", acked_[k].load())));
  }
  EXPECT_EQ(cache_->loads(), loads) << "the cache serves again";
  auto pending = db_->Execute("SELECT COUNT(*) FROM masar_cache_invalidations");
  ASSERT_THAT(pending, IsOk());
  EXPECT_THAT(pending->rows[0].Int(0), IsOkAndHolds(0));
}

TEST_F(ResourceCacheFaultTest, RedisKilledAndRestartedUnderLoad) {
  RunThroughOutage([&] { redis_server_->Kill(); },
                   [&] { ASSERT_THAT(redis_server_->Restart(), IsOk()); });
}

// A hung Redis comes back still holding the values cached before it hung:
// only the invalidations kept in SQL stand between them and the readers.
TEST_F(ResourceCacheFaultTest, RedisHungAndResumedUnderLoad) {
  RunThroughOutage([&] { redis_server_->Pause(); },
                   [&] { redis_server_->Resume(); });
}

}  // namespace
}  // namespace masar
