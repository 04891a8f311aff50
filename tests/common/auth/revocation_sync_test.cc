#include "common/auth/revocation_sync.h"

#include <stdlib.h>

#include <functional>
#include <memory>
#include <string>

#include "common/auth/revocation_list.h"
#include "common/auth/revocation_store.h"
#include "common/cache/memory_cache.h"
#include "common/cache/redis_cache.h"
#include "common/clock/clock.h"
#include "common/sql/database.h"
#include "common/sql/migrations.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/redis/redis_server.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar::auth {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::RedisServer;

// Generous bounds: these tests observe time, so they check the mechanism
// (pub/sub, reconnect catch-up, polling) rather than a tight latency.
constexpr absl::Duration kPubSubBound = absl::Seconds(1);
constexpr absl::Duration kNoPolling = absl::Hours(1);

bool Eventually(absl::Duration within, const std::function<bool()>& done) {
  absl::Time deadline = absl::Now() + within;
  while (absl::Now() < deadline) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return done();
}

Principal TokenOf(std::string jti, absl::Time now) {
  Claims c;
  c.subject = "users/u1";
  c.token_id = std::move(jti);
  c.issued_at = now;
  c.expires_at = now + absl::Minutes(10);
  return *Principal::FromClaims(c);
}

// One replica: its own database handle on the shared store, its own list
// and sync, sharing the cache with the others.
struct Replica {
  Replica(const sql::DatabaseOptions& db_options, cache::Cache* cache,
          const Clock* clock, absl::Duration poll_interval) {
    db = *sql::OpenDatabase(db_options);
    store = std::make_unique<RevocationStore>(db.get());
    RevocationSyncOptions options;
    options.poll_interval = poll_interval;
    sync = std::make_unique<RevocationSync>(store.get(), cache, &list, clock,
                                            options);
  }

  // What identity does: record in the change's transaction, publish after.
  Revocation Revoke(cache::Cache* cache, const std::string& jti,
                    absl::Time now) {
    Revocation stored;
    EXPECT_THAT(db->InTransaction([&](sql::Transaction& tx) -> absl::Status {
      absl::StatusOr<Revocation> r = RevocationStore::Append(
          tx, Revocation{0, RevocationKind::kToken, jti, now,
                         now + absl::Minutes(15)});
      if (r.ok()) stored = *r;
      return r.status();
    }),
                IsOk());
    if (cache != nullptr) PublishRevocation(*cache, stored).IgnoreError();
    return stored;
  }

  std::unique_ptr<sql::Database> db;
  std::unique_ptr<RevocationStore> store;
  RevocationList list;
  std::unique_ptr<RevocationSync> sync;
};

class RevocationSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_options_.sqlite_path = dir_ + "/identity.sqlite";
    auto db = sql::OpenDatabase(db_options_);
    ASSERT_THAT(db, IsOk());
    ASSERT_THAT(sql::Migrate(**db, *RevocationMigrations()), IsOk());
  }

  std::unique_ptr<Replica> NewReplica(cache::Cache* cache,
                                      absl::Duration poll_interval) {
    return std::make_unique<Replica>(db_options_, cache, &clock_,
                                     poll_interval);
  }

  // A revokes; B must apply it within `bound`.
  void ExpectSpreads(cache::Cache* cache, absl::Duration bound) {
    auto a = NewReplica(cache, kNoPolling);
    auto b = NewReplica(cache, kNoPolling);
    ASSERT_THAT(a->sync->Start(), IsOk());
    ASSERT_THAT(b->sync->Start(), IsOk());
    Principal token = TokenOf("jti-1", clock_.Now());
    ASSERT_FALSE(b->list.IsRevoked(token));
    a->Revoke(cache, "jti-1", clock_.Now());
    EXPECT_TRUE(Eventually(bound, [&] { return b->list.IsRevoked(token); }));
    EXPECT_TRUE(Eventually(bound, [&] { return a->list.IsRevoked(token); }));
  }

  SystemClock clock_;
  ::masar::testing::ScopedTempDir temp_{"masar-revocation-sync"};
  const std::string dir_ = temp_.path();
  sql::DatabaseOptions db_options_;
};

TEST_F(RevocationSyncTest, StartCatchesUpFromTheStore) {
  auto a = NewReplica(nullptr, kNoPolling);
  a->Revoke(nullptr, "early", clock_.Now());
  auto b = NewReplica(nullptr, kNoPolling);
  ASSERT_THAT(b->sync->Start(), IsOk());
  EXPECT_TRUE(b->list.IsRevoked(TokenOf("early", clock_.Now())));
  EXPECT_EQ(b->list.last_sequence(), 1);
}

TEST_F(RevocationSyncTest, SpreadsThroughTheInProcessCache) {
  cache::MemoryCache cache(clock_);
  ExpectSpreads(&cache, kPubSubBound);
}

TEST_F(RevocationSyncTest, SpreadsThroughRedis) {
  // A server of its own: pub/sub channels are not kept apart by databases.
  absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start();
  ASSERT_THAT(server, IsOk());
  auto cache = cache::RedisCache::Create({.address = (*server)->address()}, clock_);
  ASSERT_THAT(cache, IsOk());
  ExpectSpreads(cache->get(), kPubSubBound);
}

TEST_F(RevocationSyncTest, PollsTheStoreWithoutACache) {
  auto a = NewReplica(nullptr, kNoPolling);
  auto b = NewReplica(nullptr, absl::Milliseconds(100));
  ASSERT_THAT(b->sync->Start(), IsOk());
  a->Revoke(nullptr, "polled", clock_.Now());
  EXPECT_TRUE(Eventually(absl::Seconds(5), [&] {
    return b->list.IsRevoked(TokenOf("polled", clock_.Now()));
  }));
}

TEST_F(RevocationSyncTest, AMessageAfterAGapCatchesUpTheMissedOnes) {
  cache::MemoryCache cache(clock_);
  auto a = NewReplica(nullptr, kNoPolling);  // revokes without publishing
  auto b = NewReplica(&cache, kNoPolling);
  ASSERT_THAT(b->sync->Start(), IsOk());
  a->Revoke(nullptr, "missed", clock_.Now());
  Revocation second = a->Revoke(nullptr, "announced", clock_.Now());
  ASSERT_THAT(PublishRevocation(cache, second), IsOk());
  EXPECT_TRUE(Eventually(absl::Seconds(5), [&] {
    return b->list.IsRevoked(TokenOf("missed", clock_.Now())) &&
           b->list.IsRevoked(TokenOf("announced", clock_.Now()));
  }));
}

TEST_F(RevocationSyncTest, CatchesUpWhatItMissedWhileRedisWasDown) {
  absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start();
  ASSERT_THAT(server, IsOk());
  auto cache = cache::RedisCache::Create({.address = (*server)->address()}, clock_);
  ASSERT_THAT(cache, IsOk());
  auto a = NewReplica(cache->get(), kNoPolling);
  auto b = NewReplica(cache->get(), kNoPolling);
  ASSERT_THAT(b->sync->Start(), IsOk());
  // The subscription is live: a first revocation arrives by pub/sub.
  a->Revoke(cache->get(), "before", clock_.Now());
  ASSERT_TRUE(Eventually(absl::Seconds(5), [&] {
    return b->list.IsRevoked(TokenOf("before", clock_.Now()));
  }));

  (*server)->Kill();
  a->Revoke(cache->get(), "during", clock_.Now());  // its publish is lost
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_FALSE(b->list.IsRevoked(TokenOf("during", clock_.Now())));
  ASSERT_THAT((*server)->Restart(), IsOk());
  // No polling: only the catch-up on reconnection can bring it.
  EXPECT_TRUE(Eventually(absl::Seconds(15), [&] {
    return b->list.IsRevoked(TokenOf("during", clock_.Now()));
  }));
}

}  // namespace
}  // namespace masar::auth
