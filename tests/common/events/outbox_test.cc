#include "common/events/outbox.h"

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/cache/memory_cache.h"
#include "common/clock/clock.h"
#include "common/events/event_announcer.h"
#include "common/sql/migrations.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/events/event_test_support.h"
#include "tests/testing/sql/test_database.h"

namespace masar::events {
namespace {

using ::masar::events::testing::AppendOne;
using ::masar::events::testing::Eventually;
using ::masar::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::Field;

class OutboxTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    ASSERT_THAT(sql::Migrate(db(), *EventMigrations()), IsOk());
  }

  FakeClock clock_;
};

TEST_P(OutboxTest, SequencesStartAtOneAndReadBackInOrder) {
  Outbox outbox(&db(), "identity", &clock_);
  for (const char* r : {"users/a", "users/b", "users/c"}) {
    ASSERT_THAT(AppendOne(db(), outbox, r), IsOk());
  }
  absl::StatusOr<EventPage> page = outbox.ReadAfter(0, 10);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->first_retained_sequence, 1);
  ASSERT_THAT(page->events,
              ElementsAre(Field(&Event::sequence, 1), Field(&Event::sequence, 2),
                          Field(&Event::sequence, 3)));
  const Event& first = page->events[0];
  EXPECT_EQ(first.source, "identity");
  EXPECT_EQ(first.resource, "users/a");
  EXPECT_EQ(first.type, "masar.test.v1.Changed");
  EXPECT_EQ(first.payload, "payload of users/a");
  EXPECT_EQ(first.event_time, clock_.Now());
  EXPECT_EQ(first.event_id.size(), 36u);
  EXPECT_NE(first.event_id, page->events[1].event_id);

  absl::StatusOr<EventPage> rest = outbox.ReadAfter(1, 1);
  ASSERT_THAT(rest, IsOk());
  EXPECT_THAT(rest->events, ElementsAre(Field(&Event::sequence, 2)));
}

TEST_P(OutboxTest, ARolledBackChangeLeavesNoEventAndNoGap) {
  Outbox outbox(&db(), "identity", &clock_);
  ASSERT_THAT(AppendOne(db(), outbox, "users/a"), IsOk());
  absl::Status failed = db().InTransaction([&](sql::Transaction& tx) {
    EXPECT_THAT(outbox.Append(tx, {"t", "users/rolled-back", ""}), IsOk());
    return absl::AbortedError("the change failed after its event");
  });
  EXPECT_FALSE(failed.ok());
  ASSERT_THAT(AppendOne(db(), outbox, "users/b"), IsOk());
  absl::StatusOr<EventPage> page = outbox.ReadAfter(0, 10);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->events,
              ElementsAre(Field(&Event::resource, "users/a"),
                          Field(&Event::resource, "users/b")));
  EXPECT_EQ(page->events[1].sequence, 2);
}

TEST_P(OutboxTest, SourcesHaveSequencesOfTheirOwn) {
  Outbox identity(&db(), "identity", &clock_);
  Outbox onboarding(&db(), "onboarding", &clock_);
  ASSERT_THAT(AppendOne(db(), identity, "users/a"), IsOk());
  ASSERT_THAT(AppendOne(db(), identity, "users/b"), IsOk());
  absl::StatusOr<Event> e = AppendOne(db(), onboarding, "programs/p");
  ASSERT_THAT(e, IsOk());
  EXPECT_EQ(e->sequence, 1);
  absl::StatusOr<EventPage> page = onboarding.ReadAfter(0, 10);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->events.size(), 1u);
}

// Appenders on separate connections, at once: every sequence from 1 to N is
// taken exactly once, and a reader never sees a later one before an earlier.
TEST_P(OutboxTest, ConcurrentAppendersGetGapFreeSequences) {
  constexpr int kThreads = 4;
  constexpr int kEach = 50;
  std::vector<std::thread> threads;
  std::atomic<bool> gap_seen{false};
  std::atomic<int> done{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto own = Open(options());
      ASSERT_THAT(own, IsOk());
      Outbox outbox(own->get(), "identity", &clock_);
      for (int i = 0; i < kEach; ++i) {
        EXPECT_THAT(AppendOne(**own, outbox, absl::StrCat("users/", t, "-", i)),
                    IsOk());
      }
      ++done;
    });
  }
  // A reader following along: what it has seen never has a hole.
  Outbox reader(&db(), "identity", &clock_);
  int64_t seen = 0;
  while (done.load() < kThreads || seen < kThreads * kEach) {
    absl::StatusOr<EventPage> page = reader.ReadAfter(seen, 500);
    ASSERT_THAT(page, IsOk());
    for (const Event& e : page->events) {
      if (e.sequence != seen + 1) gap_seen = true;
      seen = e.sequence;
    }
    if (done.load() == kThreads && page->events.empty()) break;
  }
  for (std::thread& t : threads) t.join();
  EXPECT_FALSE(gap_seen);
  absl::StatusOr<EventPage> all = reader.ReadAfter(0, 500);
  ASSERT_THAT(all, IsOk());
  ASSERT_EQ(all->events.size(), static_cast<size_t>(kThreads * kEach));
  for (size_t i = 0; i < all->events.size(); ++i) {
    EXPECT_EQ(all->events[i].sequence, static_cast<int64_t>(i + 1));
  }
}

TEST_P(OutboxTest, PurgeDropsOnlyEventsPastTheRetentionAndKeepsTheCount) {
  Outbox outbox(&db(), "identity", &clock_);
  EXPECT_THAT(outbox.FirstRetainedSequence(), ::masar::testing::IsOkAndHolds(1));
  ASSERT_THAT(AppendOne(db(), outbox, "users/old1"), IsOk());
  ASSERT_THAT(AppendOne(db(), outbox, "users/old2"), IsOk());
  clock_.Advance(absl::Hours(24 * 20));
  ASSERT_THAT(AppendOne(db(), outbox, "users/new"), IsOk());
  clock_.Advance(absl::Hours(24 * 11));  // the old ones are 31 days old

  EXPECT_THAT(outbox.Purge(), ::masar::testing::IsOkAndHolds(2));
  EXPECT_THAT(outbox.FirstRetainedSequence(), ::masar::testing::IsOkAndHolds(3));
  absl::StatusOr<EventPage> page = outbox.ReadAfter(0, 10);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->first_retained_sequence, 3);
  EXPECT_THAT(page->events, ElementsAre(Field(&Event::sequence, 3)));

  clock_.Advance(absl::Hours(24 * 30));
  EXPECT_THAT(outbox.Purge(), ::masar::testing::IsOkAndHolds(1));
  // Nothing kept: the next sequence is the oldest one, and counting goes on.
  EXPECT_THAT(outbox.FirstRetainedSequence(), ::masar::testing::IsOkAndHolds(4));
  absl::StatusOr<Event> next = AppendOne(db(), outbox, "users/next");
  ASSERT_THAT(next, IsOk());
  EXPECT_EQ(next->sequence, 4);
}

TEST_P(OutboxTest, AnnouncesOnlyOnceCommitted) {
  cache::MemoryCache cache(clock_);
  std::vector<std::string> notices;
  absl::Mutex mu;
  auto subscription = cache.Subscribe(
      EventChannel("identity"),
      [&](absl::string_view m) {
        absl::MutexLock lock(&mu);
        notices.emplace_back(m);
      },
      [] {});
  ASSERT_THAT(subscription, IsOk());
  EventAnnouncer announcer(&cache, "identity");
  Outbox outbox(&db(), "identity", &clock_, &announcer);
  EXPECT_FALSE(db().InTransaction([&](sql::Transaction& tx) {
                     EXPECT_THAT(outbox.Append(tx, {"t", "users/x", ""}), IsOk());
                     return absl::InternalError("rolled back");
                   })
                   .ok());
  ASSERT_THAT(AppendOne(db(), outbox, "users/a"), IsOk());
  EXPECT_TRUE(Eventually(absl::Seconds(5), [&] {
    absl::MutexLock lock(&mu);
    return !notices.empty();
  }));
  absl::SleepFor(absl::Milliseconds(50));
  absl::MutexLock lock(&mu);
  EXPECT_THAT(notices, ElementsAre("1"));
}

INSTANTIATE_DATABASE_TEST_SUITE_P(OutboxTest);

}  // namespace
}  // namespace masar::events
