#include <unistd.h>

#include <atomic>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/cache/redis_cache.h"
#include "common/clock/clock.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/database.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/resource_cache/peer_process.h"
#include "tests/common/resource_cache/thing_store.h"
#include "tests/testing/postgres/postgres_server.h"
#include "tests/testing/redis/redis_server.h"

// Two processes of one service sharing one Redis and one PostgreSQL schema:
// this test process and a peer (resource_cache_peer.cc), each with its own
// ResourceCache.
namespace masar {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;

constexpr char kPrefix[] = "masar:test:thing:";
constexpr int kIterations = 200;
constexpr const char* kKeys[] = {"a", "b", "c", "d"};
constexpr size_t kKeyCount = std::size(kKeys);

class ResourceCacheTwoProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto redis = testing::RedisServer::Shared();
    ASSERT_THAT(redis, IsOk());
    auto postgres = testing::PostgresServer::Shared();
    ASSERT_THAT(postgres, IsOk());
    // Each ctest case is a process of its own; the counter keeps cases run
    // in one process apart too.
    static std::atomic<int> next{0};
    const std::string schema = absl::StrCat("rc_peer_", getpid(), "_", next++);
    prefix_ = absl::StrCat(kPrefix, schema, ":");
    sql::DatabaseOptions db_options;
    db_options.postgres_url = (*postgres)->url();
    db_options.schema = schema;
    auto db = sql::OpenDatabase(db_options);
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    ASSERT_THAT(testing::CreateThingStore(*db_), IsOk());

    cache::RedisCacheOptions redis_options{.address = (*redis)->address()};
    redis_options.breaker.cooldown = absl::Milliseconds(100);
    auto redis_cache = cache::RedisCache::Create(redis_options, clock_);
    ASSERT_THAT(redis_cache, IsOk());
    redis_ = *std::move(redis_cache);
    ResourceCacheOptions options;
    options.key_prefix = prefix_;
    options.repair_interval = absl::Milliseconds(50);
    cache_ = std::make_unique<ResourceCache>(redis_.get(), db_.get(), &clock_,
                                             options);

    auto peer = testing::PeerProcess::Start(
        MASAR_RESOURCE_CACHE_PEER,
        {(*postgres)->url(), schema, (*redis)->address(), prefix_});
    ASSERT_THAT(peer, IsOk());
    peer_ = *std::move(peer);
  }

  void TearDown() override {
    if (peer_ != nullptr) {
      EXPECT_THAT(peer_->Finish(), IsOk());
    }
    peer_.reset();  // kills it if it did not finish
    cache_.reset();
    redis_.reset();
    db_.reset();
  }

  absl::StatusOr<int64_t> PeerRead(const std::string& key) {
    absl::StatusOr<std::string> reply = peer_->Ask(absl::StrCat("get ", key));
    if (!reply.ok()) return reply.status();
    absl::string_view text = *reply;
    int64_t version = 0;
    if (!absl::ConsumePrefix(&text, "ok ") ||
        !absl::SimpleAtoi(text, &version)) {
      return absl::InternalError(absl::StrCat("peer: ", *reply));
    }
    return version;
  }

  // Hammers `kKeys` from two threads of this process until destroyed, each
  // load 1 ms slow so that fills straddle the peer's writes.
  class Hammer {
   public:
    explicit Hammer(ResourceCacheTwoProcessTest* test) {
      for (int t = 0; t < 2; ++t) {
        threads_.emplace_back([this, test, t] {
          for (size_t i = t; !stop_.load(); ++i) {
            if (!testing::ReadThing(*test->cache_, *test->db_,
                                    kKeys[i % kKeyCount],
                                    absl::Milliseconds(1))
                     .ok()) {
              ++errors_;
            }
            ++reads_;
          }
        });
      }
    }
    ~Hammer() {
      stop_.store(true);
      for (std::thread& t : threads_) t.join();
    }
    int64_t reads() const { return reads_.load(); }
    int64_t errors() const { return errors_.load(); }

   private:
    std::atomic<bool> stop_{false};
    std::atomic<int64_t> reads_{0}, errors_{0};
    std::vector<std::thread> threads_;
  };

  SystemClock clock_;
  std::string prefix_;
  std::unique_ptr<sql::Database> db_;
  std::unique_ptr<cache::RedisCache> redis_;
  std::unique_ptr<ResourceCache> cache_;
  std::unique_ptr<testing::PeerProcess> peer_;
};

TEST_F(ResourceCacheTwoProcessTest, PeerSeesEveryWriteAcknowledgedHere) {
  for (const char* key : kKeys) {
    ASSERT_THAT(testing::WriteThing(*db_, *cache_, key, 1), IsOk());
  }
  // The peer's own fills race this process's writes all along.
  ASSERT_THAT(peer_->Ask("hammer a b c d"), IsOkAndHolds("ok"));
  int stale = 0;
  for (int i = 0; i < kIterations; ++i) {
    const std::string key = kKeys[i % kKeyCount];
    const int64_t version = i + 2;
    ASSERT_THAT(testing::WriteThing(*db_, *cache_, key, version), IsOk());
    absl::StatusOr<int64_t> seen = PeerRead(key);
    ASSERT_THAT(seen, IsOk());
    if (*seen != version) {
      ++stale;
      ADD_FAILURE() << "iteration " << i << ": peer read " << key << " = "
                    << *seen << " after " << version << " was acknowledged";
    }
  }
  EXPECT_EQ(stale, 0);
  absl::StatusOr<std::string> stats = peer_->Ask("stats");
  ASSERT_THAT(stats, IsOk());
  std::vector<std::string> words = absl::StrSplit(*stats, ' ');
  ASSERT_EQ(words.size(), 4u) << *stats;
  int64_t reads = 0, errors = 0, loads = 0;
  ASSERT_TRUE(absl::SimpleAtoi(words[1], &reads) &&
              absl::SimpleAtoi(words[2], &errors) &&
              absl::SimpleAtoi(words[3], &loads));
  EXPECT_GT(reads, 0);
  EXPECT_EQ(errors, 0);
  EXPECT_LT(loads, reads + kIterations) << "the peer's cache never hit";
  EXPECT_TRUE(cache_->trusted());
}

TEST_F(ResourceCacheTwoProcessTest, EveryWriteAcknowledgedByThePeerIsSeenHere) {
  for (const char* key : kKeys) {
    ASSERT_THAT(peer_->Ask(absl::StrCat("put ", key, " 1")), IsOkAndHolds("ok"));
  }
  int stale = 0;
  {
    Hammer hammer(this);  // this process's fills race the peer's writes
    for (int i = 0; i < kIterations; ++i) {
      const std::string key = kKeys[i % kKeyCount];
      const int64_t version = i + 2;
      ASSERT_THAT(peer_->Ask(absl::StrCat("put ", key, " ", version)),
                  IsOkAndHolds("ok"));
      absl::StatusOr<int64_t> seen = testing::ReadThing(*cache_, *db_, key);
      ASSERT_THAT(seen, IsOk());
      if (*seen != version) {
        ++stale;
        ADD_FAILURE() << "iteration " << i << ": read " << key << " = "
                      << *seen << " after the peer acknowledged " << version;
      }
    }
    EXPECT_GT(hammer.reads(), 0);
    EXPECT_EQ(hammer.errors(), 0);
  }
  EXPECT_EQ(stale, 0);
}

// A hot key missing from the cache, read at once by many threads of both
// processes while each load is slow: the store sees one load per process
// at most. The lease holder's process loads once (single flight); the other
// process's flight leader waits lease_wait (30 ms) for that fill, and since
// the load takes longer it loads too rather than wait on a possibly dead
// filler; everyone else shares a flight or reads the stored value. Hence
// <= 2, against 2 x kThreads readers.
TEST_F(ResourceCacheTwoProcessTest, ACrossProcessStampedeLoadsTheStoreAtMostTwice) {
  constexpr int kThreads = 8;
  constexpr int kLoadMs = 200;
  ASSERT_THAT(testing::WriteThing(*db_, *cache_, "hot", 7), IsOk());
  const absl::Time start = absl::Now() + absl::Milliseconds(300);
  ASSERT_THAT(peer_->Send(absl::StrCat("stampede hot ", kThreads, " ", kLoadMs,
                                       " ", absl::ToUnixMicros(start), " 7")),
              IsOk());
  std::atomic<int> loads{0}, wrong{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < kThreads; ++i) {
    readers.emplace_back([&] {
      absl::SleepFor(start - absl::Now());
      absl::StatusOr<std::string> value =
          cache_->Get("hot", [&]() -> absl::StatusOr<std::string> {
            ++loads;
            absl::SleepFor(absl::Milliseconds(kLoadMs));
            absl::StatusOr<int64_t> version = testing::LoadThing(*db_, "hot");
            if (!version.ok()) return version.status();
            return absl::StrCat(*version);
          });
      if (!value.ok() || *value != "7") ++wrong;
    });
  }
  for (std::thread& t : readers) t.join();
  absl::StatusOr<std::string> reply = peer_->Reply();
  ASSERT_THAT(reply, IsOk());
  std::vector<std::string> words = absl::StrSplit(*reply, ' ');
  ASSERT_EQ(words.size(), 3u) << *reply;
  int peer_loads = 0, peer_wrong = 0;
  ASSERT_TRUE(absl::SimpleAtoi(words[1], &peer_loads) &&
              absl::SimpleAtoi(words[2], &peer_wrong));
  EXPECT_EQ(wrong.load() + peer_wrong, 0);
  std::cerr << "store loads: " << loads << " here, " << peer_loads
            << " in the peer, for " << 2 * kThreads << " readers\n";
  EXPECT_LE(loads.load() + peer_loads, 2);
  EXPECT_GE(loads.load() + peer_loads, 1);
}

}  // namespace
}  // namespace masar
