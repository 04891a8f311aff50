#include "common/resource_cache/resource_cache.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/cache/memory_cache.h"
#include "common/sql/migrations.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/resource_cache/flaky_cache.h"
#include "tests/testing/sql/test_database.h"

namespace masar {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;

// A table of versioned things, the store behind the cache.
class ResourceCacheTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    absl::StatusOr<sql::MigrationSet> migrations = ResourceCacheMigrations();
    ASSERT_THAT(migrations, IsOk());
    ASSERT_THAT(sql::Migrate(db(), *migrations), IsOk());
    ASSERT_THAT(db().Execute("CREATE TABLE things (id TEXT PRIMARY KEY, "
                             "version BIGINT NOT NULL)")
                    .status(),
                IsOk());
    ResourceCacheOptions options;
    options.key_prefix = "masar:test:thing:";
    options.repair_interval = absl::Milliseconds(20);
    cache_ = std::make_unique<ResourceCache>(&flaky_, &db(), &clock_, options);
  }

  void TearDown() override {
    cache_.reset();
    DatabaseTest::TearDown();
  }

  absl::StatusOr<std::string> LoadFromStore(const std::string& id) {
    const sql::Value params[] = {id};
    ASSIGN_OR_RETURN(sql::Result r,
                     db().Execute("SELECT version FROM things WHERE id = ?",
                                  params));
    if (r.rows.empty()) return absl::NotFoundError(id);
    ASSIGN_OR_RETURN(int64_t version, r.rows[0].Int(0));
    return absl::StrCat(version);
  }

  absl::StatusOr<std::string> Read(const std::string& id) {
    return cache_->Get(id, [&] { return LoadFromStore(id); });
  }

  // A write the way a repository does it: the change and its noted key in
  // one transaction, then the invalidation before acknowledging.
  absl::Status Write(const std::string& id, int64_t version) {
    std::string token;
    RETURN_IF_ERROR(db().InTransaction([&](sql::Transaction& tx)
                                           -> absl::Status {
      const sql::Value del[] = {id};
      RETURN_IF_ERROR(tx.Execute("DELETE FROM things WHERE id = ?", del).status());
      const sql::Value ins[] = {id, version};
      RETURN_IF_ERROR(
          tx.Execute("INSERT INTO things (id, version) VALUES (?, ?)", ins)
              .status());
      ASSIGN_OR_RETURN(token, cache_->NoteChange(tx, id));
      return absl::OkStatus();
    }));
    cache_->Invalidate({{id, token}});
    return absl::OkStatus();
  }

  int64_t PendingInvalidations() {
    absl::StatusOr<sql::Result> r =
        db().Execute("SELECT COUNT(*) FROM masar_cache_invalidations");
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r->rows[0].Int(0) : -1;
  }

  void AwaitTrusted() {
    const absl::Time give_up = absl::Now() + absl::Seconds(20);
    while (!cache_->trusted() && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    ASSERT_TRUE(cache_->trusted());
  }

  FakeClock clock_;
  cache::MemoryCache memory_{clock_};
  testing::FlakyCache flaky_{&memory_};
  std::unique_ptr<ResourceCache> cache_;
};

TEST_P(ResourceCacheTest, MissLoadsOnceThenHits) {
  ASSERT_THAT(Write("a", 1), IsOk());
  EXPECT_THAT(Read("a"), IsOkAndHolds("1"));
  EXPECT_THAT(Read("a"), IsOkAndHolds("1"));
  EXPECT_EQ(cache_->loads(), 1);
}

TEST_P(ResourceCacheTest, AWriteIsSeenByTheNextRead) {
  ASSERT_THAT(Write("a", 1), IsOk());
  ASSERT_THAT(Read("a"), IsOkAndHolds("1"));
  ASSERT_THAT(Write("a", 2), IsOk());
  EXPECT_THAT(Read("a"), IsOkAndHolds("2"));
  EXPECT_EQ(PendingInvalidations(), 0) << "applied invalidations are removed";
}

TEST_P(ResourceCacheTest, StoreErrorsAreNotCached) {
  EXPECT_EQ(Read("missing").status().code(), absl::StatusCode::kNotFound);
  ASSERT_THAT(Write("missing", 1), IsOk());
  EXPECT_THAT(Read("missing"), IsOkAndHolds("1"));
}

TEST_P(ResourceCacheTest, AStampedeLoadsTheStoreOnce) {
  ASSERT_THAT(Write("hot", 7), IsOk());
  std::atomic<int> loads{0};
  absl::Notification release;
  std::vector<std::thread> readers;
  std::vector<absl::StatusOr<std::string>> results(16);
  for (int i = 0; i < 16; ++i) {
    readers.emplace_back([&, i] {
      results[i] = cache_->Get("hot", [&]() -> absl::StatusOr<std::string> {
        ++loads;
        release.WaitForNotificationWithTimeout(absl::Seconds(10));
        return LoadFromStore("hot");
      });
    });
  }
  absl::SleepFor(absl::Milliseconds(100));  // let every reader arrive
  release.Notify();
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(loads.load(), 1);
  for (const auto& r : results) EXPECT_THAT(r, IsOkAndHolds("7"));
}

TEST_P(ResourceCacheTest, AFillThatReadBeforeAWriteNeverLandsAfterIt) {
  ASSERT_THAT(Write("a", 1), IsOk());
  absl::Notification loaded, written;
  std::thread slow_reader([&] {
    absl::StatusOr<std::string> r =
        cache_->Get("a", [&]() -> absl::StatusOr<std::string> {
          absl::StatusOr<std::string> old = LoadFromStore("a");
          loaded.Notify();
          written.WaitForNotification();
          return old;  // read before the write committed
        });
    EXPECT_THAT(r, IsOkAndHolds("1"));
  });
  loaded.WaitForNotification();
  ASSERT_THAT(Write("a", 2), IsOk());
  written.Notify();
  slow_reader.join();
  EXPECT_THAT(Read("a"), IsOkAndHolds("2"));
}

// Single flight must not hand a reader a value loaded before a write that
// was acknowledged before that reader even started.
TEST_P(ResourceCacheTest, AReaderAfterAWriteDoesNotShareAnOlderFill) {
  ASSERT_THAT(Write("a", 1), IsOk());
  absl::Notification loaded, release;
  std::thread slow_reader([&] {
    absl::StatusOr<std::string> r =
        cache_->Get("a", [&]() -> absl::StatusOr<std::string> {
          absl::StatusOr<std::string> old = LoadFromStore("a");
          loaded.Notify();
          release.WaitForNotificationWithTimeout(absl::Seconds(10));
          return old;
        });
    EXPECT_THAT(r, IsOkAndHolds("1")) << "it began before the write";
  });
  loaded.WaitForNotification();
  ASSERT_THAT(Write("a", 2), IsOk());  // acknowledged from here on
  absl::StatusOr<std::string> late;
  std::thread late_reader([&] { late = Read("a"); });
  absl::SleepFor(absl::Milliseconds(100));  // let it find the fill in flight
  release.Notify();
  late_reader.join();
  slow_reader.join();
  EXPECT_THAT(late, IsOkAndHolds("2"));
  EXPECT_THAT(Read("a"), IsOkAndHolds("2"));
}

TEST_P(ResourceCacheTest, ACacheOutageServesFromTheStoreAndLosesNoInvalidation) {
  ASSERT_THAT(Write("a", 1), IsOk());
  ASSERT_THAT(Read("a"), IsOkAndHolds("1"));  // cached

  flaky_.set_failing(true);
  ASSERT_THAT(Write("a", 2), IsOk()) << "writes succeed without the cache";
  EXPECT_FALSE(cache_->trusted());
  EXPECT_EQ(PendingInvalidations(), 1) << "kept in SQL for later";
  EXPECT_THAT(Read("a"), IsOkAndHolds("2")) << "served from the store";

  // The cache returns still holding the stale "1": it must not be trusted
  // until the pending invalidation is applied.
  flaky_.set_failing(false);
  ASSERT_THAT(memory_.Get("masar:test:thing:a"), IsOkAndHolds("V1"));
  AwaitTrusted();
  EXPECT_EQ(PendingInvalidations(), 0);
  EXPECT_THAT(Read("a"), IsOkAndHolds("2"));
}

TEST_P(ResourceCacheTest, PendingInvalidationsOfAnotherProcessAreApplied) {
  ASSERT_THAT(Write("a", 1), IsOk());
  ASSERT_THAT(Read("a"), IsOkAndHolds("1"));
  // Another process committed a write whose invalidation never reached the
  // cache: only its row in SQL remains.
  ASSERT_THAT(db().InTransaction([&](sql::Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.Execute("UPDATE things SET version = 3 WHERE id = 'a'")
                        .status());
    return cache_->NoteChange(tx, "a").status();
  }),
              IsOk());
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (PendingInvalidations() > 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_THAT(Read("a"), IsOkAndHolds("3"));
}

TEST_P(ResourceCacheTest, PeekAnswersOnlyWhatTheCacheHolds) {
  ASSERT_THAT(Write("a", 1), IsOk());
  EXPECT_EQ(cache_->Peek("a"), std::nullopt) << "Peek never loads";
  ASSERT_THAT(Read("a"), IsOkAndHolds("1"));
  EXPECT_EQ(cache_->Peek("a"), "1");
  ASSERT_THAT(Write("a", 2), IsOk());
  EXPECT_EQ(cache_->Peek("a"), std::nullopt) << "a write removed it";
  ASSERT_THAT(Read("a"), IsOkAndHolds("2"));

  flaky_.set_failing(true);
  EXPECT_EQ(cache_->Peek("a"), std::nullopt);
  EXPECT_FALSE(cache_->trusted()) << "a failing cache is distrusted";
  flaky_.set_failing(false);
  EXPECT_EQ(cache_->Peek("a"), std::nullopt) << "not while distrusted";
  AwaitTrusted();
  EXPECT_EQ(cache_->Peek("a"), "2");
}

TEST_P(ResourceCacheTest, InvalidateOnCommitInvalidatesOnlyCommittedWrites) {
  ASSERT_THAT(Write("a", 1), IsOk());
  ASSERT_THAT(Read("a"), IsOkAndHolds("1"));
  auto update = [&](int64_t version, absl::Status outcome) {
    return db().InTransaction([&](sql::Transaction& tx) -> absl::Status {
      const sql::Value params[] = {version};
      RETURN_IF_ERROR(
          tx.Execute("UPDATE things SET version = ? WHERE id = 'a'", params)
              .status());
      RETURN_IF_ERROR(cache_->InvalidateOnCommit(tx, "a"));
      return outcome;
    });
  };
  ASSERT_EQ(update(5, absl::AbortedError("rolled back")).code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(cache_->Peek("a"), "1") << "a rolled-back write keeps the entry";
  ASSERT_THAT(update(2, absl::OkStatus()), IsOk());
  EXPECT_EQ(cache_->Peek("a"), std::nullopt);
  EXPECT_EQ(PendingInvalidations(), 0);
  EXPECT_THAT(Read("a"), IsOkAndHolds("2"));
}

INSTANTIATE_DATABASE_TEST_SUITE_P(ResourceCacheTest);

}  // namespace
}  // namespace masar
