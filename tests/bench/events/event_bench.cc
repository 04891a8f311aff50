// Event delivery, measured (not a test): commit-to-effect latency with
// notices and with polling only, and the events per second one consumer
// applies. Run by run.sh on SQLite and PostgreSQL, with an in-process
// notice or a real Redis.
//   event_bench [--postgres=URL] [--redis=ADDRESS]
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/cache/memory_cache.h"
#include "common/cache/redis_cache.h"
#include "common/clock/clock.h"
#include "common/events/event_announcer.h"
#include "common/events/event_consumer.h"
#include "common/events/outbox.h"
#include "common/events/outbox_event_source.h"
#include "common/ids/ids.h"
#include "common/log/logger.h"
#include "common/sql/database.h"
#include "common/sql/migrations.h"

namespace masar::events {
namespace {

SystemClock clock_;
Logger logger_(Logger::StderrSink(), LogLevel::kWarning, &clock_);

struct Effects {
  absl::Mutex mu;
  std::vector<absl::Time> applied;  // by sequence - 1
};

std::unique_ptr<sql::Database> OpenFresh(const std::string& postgres) {
  sql::DatabaseOptions options;
  if (postgres.empty()) {
    options.sqlite_path = absl::StrCat("/tmp/event-bench-", NewUuid(), ".sqlite");
  } else {
    options.postgres_url = postgres;
    options.schema = absl::StrCat("bench_", RandomHex(4));
  }
  auto db = sql::OpenDatabase(options);
  if (!db.ok()) {
    std::fprintf(stderr, "%s\n", db.status().ToString().c_str());
    std::exit(1);
  }
  if (!sql::Migrate(**db, *EventMigrations()).ok()) std::exit(1);
  (*db)->Execute("CREATE TABLE effects (sequence BIGINT PRIMARY KEY)").IgnoreError();
  return *std::move(db);
}

EventHandler Recording(Effects& effects) {
  return [&effects](sql::Transaction& tx, const Event& e) -> absl::Status {
    int64_t sequence = e.sequence;
    tx.AfterCommit([&effects, sequence] {
      absl::MutexLock lock(&effects.mu);
      if (effects.applied.size() < static_cast<size_t>(sequence)) {
        effects.applied.resize(sequence);
      }
      effects.applied[sequence - 1] = absl::Now();
    });
    return tx.Execute("INSERT INTO effects (sequence) VALUES (?)", {sequence})
        .status();
  };
}

absl::Time WaitFor(Effects& effects, int64_t sequence) {
  while (true) {
    {
      absl::MutexLock lock(&effects.mu);
      if (effects.applied.size() >= static_cast<size_t>(sequence) &&
          effects.applied[sequence - 1] != absl::Time()) {
        return effects.applied[sequence - 1];
      }
    }
    absl::SleepFor(absl::Microseconds(200));
  }
}

void Append(sql::Database& db, Outbox& outbox) {
  absl::Status s = db.InTransaction([&](sql::Transaction& tx) {
    return outbox.Append(tx, {"masar.bench.v1.Changed", "users/u", "p"}).status();
  });
  if (!s.ok()) std::exit(2);
}

double Ms(absl::Duration d) { return absl::ToDoubleMilliseconds(d); }

// One event at a time, spaced out, so each is delivered alone.
void Latency(const std::string& label, const std::string& postgres,
             cache::Cache* cache, absl::Duration poll, int samples) {
  auto db = OpenFresh(postgres);
  EventAnnouncer announcer(cache, "identity");
  Outbox outbox(db.get(), "identity", &clock_, &announcer);
  OutboxEventSource source(&outbox);
  Effects effects;
  EventConsumerOptions options;
  options.consumer = "bench";
  options.poll_interval = poll;
  EventConsumer consumer(&source, db.get(), cache, Recording(effects), &clock_,
                         &logger_, options);
  if (!consumer.Start().ok()) std::exit(3);
  std::vector<double> ms;
  for (int i = 1; i <= samples; ++i) {
    Append(*db, outbox);
    absl::Time committed = absl::Now();
    ms.push_back(Ms(WaitFor(effects, i) - committed));
    absl::SleepFor(absl::Milliseconds(7 + i % 13));  // off the poll's phase
  }
  std::sort(ms.begin(), ms.end());
  std::printf("latency %-34s n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms\n",
              label.c_str(), samples, ms[ms.size() / 2],
              ms[ms.size() * 99 / 100], ms.back());
}

// A backlog applied by one consumer, one transaction per event.
void Throughput(const std::string& label, const std::string& postgres,
                int events) {
  auto db = OpenFresh(postgres);
  Outbox outbox(db.get(), "identity", &clock_);
  OutboxEventSource source(&outbox);
  for (int i = 0; i < events; ++i) Append(*db, outbox);
  Effects effects;
  EventConsumerOptions options;
  options.consumer = "bench";
  options.poll_interval = absl::Hours(1);
  EventConsumer consumer(&source, db.get(), nullptr, Recording(effects),
                         &clock_, &logger_, options);
  absl::Time start = absl::Now();
  if (!consumer.Drain().ok()) std::exit(4);
  absl::Duration took = absl::Now() - start;
  WaitFor(effects, events);
  std::printf("apply   %-34s %d events in %.2f s: %.0f events/s\n",
              label.c_str(), events, absl::ToDoubleSeconds(took),
              events / absl::ToDoubleSeconds(took));
}

}  // namespace
}  // namespace masar::events

int main(int argc, char** argv) {
  using namespace masar;
  std::string postgres, redis;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (absl::StartsWith(arg, "--postgres=")) postgres = arg.substr(11);
    if (absl::StartsWith(arg, "--redis=")) redis = arg.substr(8);
  }
  const std::string store = postgres.empty() ? "sqlite" : "postgres";
  cache::MemoryCache memory(events::clock_);
  events::Latency(store + ", in-process notice", postgres, &memory,
                  absl::Seconds(1), 200);
  if (!redis.empty()) {
    auto cache = cache::RedisCache::Create({.address = redis}, events::clock_);
    if (!cache.ok()) return 5;
    events::Latency(store + ", Redis notice", postgres, cache->get(),
                    absl::Seconds(1), 200);
  }
  events::Latency(store + ", polling only (1 s)", postgres, nullptr,
                  absl::Seconds(1), 40);
  events::Latency(store + ", polling only (100 ms)", postgres, nullptr,
                  absl::Milliseconds(100), 100);
  events::Throughput(store, postgres, 5000);
  return 0;
}
