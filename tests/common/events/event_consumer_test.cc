#include "common/events/event_consumer.h"

#include <atomic>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "common/cache/memory_cache.h"
#include "common/cache/redis_cache.h"
#include "common/clock/clock.h"
#include "common/events/event_announcer.h"
#include "common/events/outbox.h"
#include "common/events/outbox_event_source.h"
#include "common/sql/migrations.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/events/event_test_support.h"
#include "tests/testing/redis/redis_server.h"
#include "tests/testing/sql/test_database.h"

namespace masar::events {
namespace {

using ::masar::events::testing::AppendOne;
using ::masar::events::testing::Eventually;
using ::masar::events::testing::LogLines;
using ::masar::testing::IsOk;
using ::masar::testing::RedisServer;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;

// Generous bounds: these tests check the mechanism (notice, poll, retry),
// not a tight latency.
constexpr absl::Duration kNoPolling = absl::Hours(1);
constexpr absl::Duration kPoll = absl::Milliseconds(300);
constexpr absl::Duration kBound = absl::Seconds(5);

// The consumer's effect: one row per event applied, keyed by its sequence,
// so applying one twice fails the handler's transaction.
class EventConsumerTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    ASSERT_THAT(sql::Migrate(db(), *EventMigrations()), IsOk());
    ASSERT_THAT(db().Execute("CREATE TABLE effects (sequence BIGINT PRIMARY "
                             "KEY, resource TEXT NOT NULL)"),
                IsOk());
    outbox_.emplace(&db(), "identity", &clock_);
    source_.emplace(&*outbox_);
  }

  static absl::Status Effect(sql::Transaction& tx, const Event& e) {
    return tx.Execute("INSERT INTO effects (sequence, resource) VALUES (?, ?)",
                      {e.sequence, e.resource})
        .status();
  }

  EventConsumerOptions Options(absl::Duration poll) const {
    EventConsumerOptions options;
    options.consumer = "mentoring";
    options.poll_interval = poll;
    options.initial_backoff = absl::Milliseconds(20);
    options.max_backoff = absl::Milliseconds(200);
    return options;
  }

  std::unique_ptr<EventConsumer> NewConsumer(sql::Database* db,
                                             cache::Cache* cache,
                                             absl::Duration poll,
                                             EventHandler handler = Effect) {
    return std::make_unique<EventConsumer>(&*source_, db, cache,
                                           std::move(handler), &clock_,
                                           logs_.logger(), Options(poll));
  }

  int64_t EffectCount() {
    absl::StatusOr<sql::Result> r = db().Execute("SELECT COUNT(*) FROM effects");
    EXPECT_THAT(r, IsOk());
    return r.ok() ? *r->rows[0].Int(0) : -1;
  }

  void Append(int n, const std::string& prefix = "users/") {
    for (int i = 0; i < n; ++i) {
      ASSERT_THAT(AppendOne(db(), *outbox_, absl::StrCat(prefix, i)), IsOk());
    }
  }

  // Appends one event and expects its effect within `bound`.
  void ExpectDelivered(absl::Duration bound) {
    int64_t before = EffectCount();
    Append(1, absl::StrCat("users/after-", before, "-"));
    EXPECT_TRUE(Eventually(bound, [&] { return EffectCount() == before + 1; }))
        << "effects: " << EffectCount();
  }

  SystemClock clock_;
  LogLines logs_{&clock_};
  // Made in SetUp, once db() is.
  std::optional<Outbox> outbox_;
  std::optional<OutboxEventSource> source_;
};

TEST_P(EventConsumerTest, AppliesEveryEventOnceInOrder) {
  std::vector<int64_t> order;
  auto consumer = NewConsumer(&db(), nullptr, kPoll,
                              [&](sql::Transaction& tx, const Event& e) {
                                order.push_back(e.sequence);
                                return Effect(tx, e);
                              });
  Append(3);
  ASSERT_THAT(consumer->Start(), IsOk());
  Append(2);
  EXPECT_TRUE(Eventually(kBound, [&] { return EffectCount() == 5; }));
  consumer.reset();
  EXPECT_THAT(order, ::testing::ElementsAre(1, 2, 3, 4, 5));
  absl::StatusOr<sql::Result> cursor =
      db().Execute("SELECT sequence FROM masar_event_cursors WHERE consumer = "
                   "'mentoring' AND source = 'identity'");
  ASSERT_THAT(cursor, IsOk());
  EXPECT_EQ(*cursor->rows[0].Int(0), 5);
}

// A crash after the effect but before the cursor moved, simulated by the
// effect's transaction failing after the effect was written: nothing of it
// stays, and the consumer started again applies it once.
TEST_P(EventConsumerTest, ACrashBetweenEffectAndCursorAppliesItOnceOnRestart) {
  Append(2);
  std::atomic<bool> crash{true};
  auto crashing = NewConsumer(&db(), nullptr, kNoPolling,
                              [&](sql::Transaction& tx, const Event& e) {
                                absl::Status s = Effect(tx, e);
                                if (s.ok() && e.sequence == 2 && crash) {
                                  return absl::UnavailableError("crashed");
                                }
                                return s;
                              });
  EXPECT_FALSE(crashing->Drain().ok());
  EXPECT_EQ(EffectCount(), 1);  // the first applied, the second rolled back
  crashing.reset();

  auto restarted = NewConsumer(&db(), nullptr, kNoPolling);
  ASSERT_THAT(restarted->Start(), IsOk());
  ASSERT_THAT(restarted->Drain(), IsOk());
  EXPECT_EQ(EffectCount(), 2);
  ASSERT_THAT(restarted->Drain(), IsOk());
  EXPECT_EQ(EffectCount(), 2);
}

TEST_P(EventConsumerTest, AFailingEventIsRetriedAndLoggedNeverSkipped) {
  Append(3);
  std::atomic<int> failures_left{3};
  auto consumer = NewConsumer(&db(), nullptr, kNoPolling,
                              [&](sql::Transaction& tx, const Event& e) {
                                if (e.sequence == 2 && failures_left > 0) {
                                  --failures_left;
                                  return absl::InternalError("handler broke");
                                }
                                return Effect(tx, e);
                              });
  absl::StatusOr<EventPage> page = outbox_->ReadAfter(1, 1);
  ASSERT_THAT(page, IsOk());
  const std::string stuck_id = page->events.at(0).event_id;

  ASSERT_THAT(consumer->Start(), IsOk());
  EXPECT_TRUE(Eventually(kBound, [&] { return EffectCount() == 3; }));
  EXPECT_EQ(failures_left, 0);
  int logged = 0;
  for (const std::string& line : logs_.lines()) {
    if (absl::StrContains(line, stuck_id) &&
        absl::StrContains(line, "handler broke")) {
      ++logged;
    }
  }
  EXPECT_EQ(logged, 3);
}

TEST_P(EventConsumerTest, WithoutACacheEveryEventArrivesByPolling) {
  auto consumer = NewConsumer(&db(), nullptr, kPoll);
  ASSERT_THAT(consumer->Start(), IsOk());
  ExpectDelivered(kPoll + absl::Seconds(2));
  ExpectDelivered(kPoll + absl::Seconds(2));
}

TEST_P(EventConsumerTest, TheInProcessNoticeWakesItWithoutPolling) {
  cache::MemoryCache cache(clock_);
  EventAnnouncer announcer(&cache, "identity");
  Outbox announcing(&db(), "identity", &clock_, &announcer);
  auto consumer = NewConsumer(&db(), &cache, kNoPolling);
  ASSERT_THAT(consumer->Start(), IsOk());
  ASSERT_THAT(AppendOne(db(), announcing, "users/a"), IsOk());
  EXPECT_TRUE(Eventually(kBound, [&] { return EffectCount() == 1; }));
}

TEST_P(EventConsumerTest, RedisNoticesFlushesAndOutagesOnlyDelay) {
  // A server of its own: pub/sub channels are not kept apart by databases,
  // and this test kills it.
  absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start();
  ASSERT_THAT(server, IsOk());
  auto cache =
      cache::RedisCache::Create({.address = (*server)->address()}, clock_);
  ASSERT_THAT(cache, IsOk());
  EventAnnouncer announcer(cache->get(), "identity");
  Outbox announcing(&db(), "identity", &clock_, &announcer);
  auto consumer = NewConsumer(&db(), cache->get(), absl::Seconds(1));
  ASSERT_THAT(consumer->Start(), IsOk());
  auto deliver = [&](const std::string& resource) {
    int64_t before = EffectCount();
    ASSERT_THAT(AppendOne(db(), announcing, resource), IsOk());
    // Within the poll interval (1 s) and a margin, whatever Redis does.
    EXPECT_TRUE(Eventually(absl::Seconds(3),
                           [&] { return EffectCount() == before + 1; }))
        << resource;
  };
  deliver("users/notified");

  // FLUSHALL drops keys; the outbox holds the events, so nothing is lost.
  ASSERT_EQ(std::system(absl::StrCat("redis-cli -p ", (*server)->port(),
                                     " FLUSHALL >/dev/null")
                            .c_str()),
            0);
  deliver("users/after-flush");

  (*server)->Kill();
  deliver("users/while-down-1");
  deliver("users/while-down-2");
  ASSERT_THAT((*server)->Restart(), IsOk());
  deliver("users/after-restart");
  EXPECT_EQ(EffectCount(), 5);
}

TEST_P(EventConsumerTest, RefusesToStartBehindTheSourcesRetention) {
  FakeClock fake;
  Outbox old_outbox(&db(), "partnerships", &fake);
  OutboxEventSource old_source(&old_outbox);
  for (int i = 0; i < 3; ++i) {
    ASSERT_THAT(AppendOne(db(), old_outbox, "agreements/a"), IsOk());
  }
  fake.Advance(kEventRetention + absl::Hours(1));
  ASSERT_THAT(AppendOne(db(), old_outbox, "agreements/b"), IsOk());
  ASSERT_THAT(old_outbox.Purge(), ::masar::testing::IsOkAndHolds(3));

  EventConsumer behind(&old_source, &db(), nullptr, Effect, &clock_,
                       logs_.logger(), Options(kNoPolling));
  absl::Status refused = behind.Start();
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(refused.message()),
              ::testing::AllOf(HasSubstr("\"mentoring\""), HasSubstr("\"partnerships\""),
                    HasSubstr("up to sequence 0"),
                    HasSubstr("from sequence 4")));
  EXPECT_EQ(EffectCount(), 0);
}

// Two replicas, each with its own connections, racing on the same cursor:
// each of 1,000 events is applied exactly once (a second application would
// fail on the effect's primary key and be logged).
TEST_P(EventConsumerTest, TwoReplicasApplyEachOfAThousandEventsOnce) {
  constexpr int kEvents = 1000;
  Append(kEvents);
  std::vector<std::unique_ptr<sql::Database>> dbs;
  std::vector<std::unique_ptr<EventConsumer>> replicas;
  for (int i = 0; i < 2; ++i) {
    auto own = Open(options());
    ASSERT_THAT(own, IsOk());
    dbs.push_back(*std::move(own));
    EventConsumerOptions o = Options(absl::Milliseconds(20));
    o.lease = absl::Milliseconds(30);  // short: they take turns
    o.page_size = 50;
    replicas.push_back(std::make_unique<EventConsumer>(
        &*source_, dbs.back().get(), nullptr, Effect, &clock_, logs_.logger(),
        o));
  }
  for (auto& r : replicas) ASSERT_THAT(r->Start(), IsOk());
  // Besides their own threads, drive both at once from two more.
  std::atomic<bool> stop{false};
  std::vector<std::thread> drivers;
  for (auto& r : replicas) {
    drivers.emplace_back([&stop, replica = r.get()] {
      while (!stop) replica->Drain().IgnoreError();
    });
  }
  EXPECT_TRUE(Eventually(absl::Seconds(120),
                         [&] { return EffectCount() == kEvents; }));
  stop = true;
  for (std::thread& t : drivers) t.join();
  replicas.clear();
  EXPECT_EQ(EffectCount(), kEvents);
  for (const std::string& line : logs_.lines()) {
    EXPECT_THAT(line, ::testing::Not(HasSubstr("event not applied"))) << line;
  }
}

INSTANTIATE_DATABASE_TEST_SUITE_P(EventConsumerTest);

}  // namespace
}  // namespace masar::events
