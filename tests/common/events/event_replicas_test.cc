// Two consumer replicas as two real processes (event_replica_main.cc)
// sharing one PostgreSQL schema: each event's effect is applied exactly
// once between them, also when the one doing the work is killed.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/clock/clock.h"
#include "common/events/outbox.h"
#include "common/sql/database.h"
#include "common/sql/migrations.h"
#include "common/status/status_macros.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/events/event_test_support.h"
#include "tests/testing/postgres/postgres_server.h"

extern char** environ;

namespace masar::events {
namespace {

using ::masar::events::testing::Eventually;
using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::PostgresServer;

constexpr int kEvents = 1000;
// What a replica waits for all events before it gives up (exit 3), and what
// the test waits for a replica to exit: generous, the machine is shared.
constexpr int kReplicaTimeoutSeconds = 120;
constexpr absl::Duration kExitBound = absl::Seconds(150);

// A replica process; killed and reaped on destruction unless it was waited
// for, so a failing test leaves no child behind.
class Replica {
 public:
  static absl::StatusOr<std::unique_ptr<Replica>> Spawn(
      std::vector<std::string> args) {
    args.insert(args.begin(), MASAR_EVENTS_REPLICA);
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int spawned =
        posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
    if (spawned != 0) {
      return absl::InternalError(
          absl::StrCat("spawn ", argv[0], ": ", std::strerror(spawned)));
    }
    return std::unique_ptr<Replica>(new Replica(pid));
  }

  ~Replica() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  Replica(const Replica&) = delete;
  Replica& operator=(const Replica&) = delete;

  // Waits for the replica to exit on its own; its exit code.
  absl::StatusOr<int> Wait(absl::Duration timeout) {
    const absl::Time deadline = absl::Now() + timeout;
    while (true) {
      int status = 0;
      const pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        pid_ = -1;
        if (WIFEXITED(status)) return WEXITSTATUS(status);
        return absl::InternalError(
            absl::StrCat("replica ended by signal ", WTERMSIG(status)));
      }
      if (done < 0) {
        return absl::InternalError(
            absl::StrCat("waitpid: ", std::strerror(errno)));
      }
      if (absl::Now() > deadline) {
        return absl::DeadlineExceededError("replica did not exit");
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
  }

  // SIGKILL, as a crash would, and reaps it.
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  explicit Replica(pid_t pid) : pid_(pid) {}
  pid_t pid_;
};

class EventReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<PostgresServer*> server = PostgresServer::Shared();
    ASSERT_THAT(server, IsOk());
    static std::atomic<int> next{0};
    options_.postgres_url = (*server)->url();
    options_.schema = absl::StrCat("replicas_", getpid(), "_", next++);
    absl::StatusOr<std::unique_ptr<sql::Database>> opened =
        sql::OpenDatabase(options_);
    ASSERT_THAT(opened, IsOk());
    db_ = *std::move(opened);
    absl::StatusOr<sql::MigrationSet> migrations = EventMigrations();
    ASSERT_THAT(migrations, IsOk());
    ASSERT_THAT(sql::Migrate(*db_, *migrations), IsOk());
    // No key on `sequence`: an event applied twice shows as two rows.
    ASSERT_THAT(db_->Execute("CREATE TABLE applied (sequence BIGINT NOT NULL, "
                             "replica TEXT NOT NULL, applied_at BIGINT NOT "
                             "NULL)")
                    .status(),
                IsOk());
    ASSERT_THAT(AppendEvents(), IsOk());
  }

  // kEvents events of source "src", 100 to a transaction.
  absl::Status AppendEvents() {
    Outbox outbox(db_.get(), "src", &clock_);
    constexpr int kBatch = 100;
    for (int first = 0; first < kEvents; first += kBatch) {
      RETURN_IF_ERROR(
          db_->InTransaction([&](sql::Transaction& tx) -> absl::Status {
            for (int i = first; i < first + kBatch; ++i) {
              RETURN_IF_ERROR(
                  outbox
                      .Append(tx, NewEvent{"masar.test.v1.Changed",
                                           absl::StrCat("things/", i),
                                           absl::StrCat("payload ", i)})
                      .status());
            }
            return absl::OkStatus();
          }));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::unique_ptr<Replica>> StartReplica(
      const std::string& name, absl::Duration lease,
      absl::Duration handler_delay) {
    return Replica::Spawn(
        {options_.postgres_url, options_.schema, name, absl::StrCat(kEvents),
         absl::StrCat(absl::ToInt64Milliseconds(lease)),
         absl::StrCat(absl::ToInt64Milliseconds(handler_delay)),
         absl::StrCat(kReplicaTimeoutSeconds)});
  }

  absl::StatusOr<int64_t> QueryInt(const std::string& sql,
                                   std::vector<sql::Value> params = {}) {
    ASSIGN_OR_RETURN(sql::Result result, db_->Execute(sql, params));
    if (result.rows.empty()) return absl::NotFoundError(sql);
    return result.rows[0].Int(0);
  }

  // Each of the kEvents sequences in `applied` exactly once.
  void ExpectEachEventAppliedOnce() {
    EXPECT_THAT(QueryInt("SELECT COUNT(*) FROM applied"),
                IsOkAndHolds(kEvents));
    EXPECT_THAT(QueryInt("SELECT COUNT(DISTINCT sequence) FROM applied"),
                IsOkAndHolds(kEvents));
    EXPECT_THAT(QueryInt("SELECT MIN(sequence) FROM applied"),
                IsOkAndHolds(1));
    EXPECT_THAT(QueryInt("SELECT MAX(sequence) FROM applied"),
                IsOkAndHolds(kEvents));
    absl::StatusOr<sql::Result> twice =
        db_->Execute("SELECT sequence, COUNT(*) FROM applied GROUP BY "
                     "sequence HAVING COUNT(*) > 1 ORDER BY sequence");
    ASSERT_THAT(twice, IsOk());
    for (const sql::Row& row : twice->rows) {
      ADD_FAILURE() << "sequence " << *row.Int(0) << " applied "
                    << *row.Int(1) << " times";
    }
    EXPECT_THAT(QueryInt("SELECT sequence FROM masar_event_cursors WHERE "
                         "consumer = 'replicas' AND source = 'src'"),
                IsOkAndHolds(kEvents));
  }

  // How many events each replica applied, for the test's output.
  void PrintShares() {
    absl::StatusOr<sql::Result> shares = db_->Execute(
        "SELECT replica, COUNT(*) FROM applied GROUP BY replica ORDER BY "
        "replica");
    ASSERT_THAT(shares, IsOk());
    std::string line = "events applied:";
    for (const sql::Row& row : shares->rows) {
      absl::StrAppend(&line, " ", *row.Text(0), "=", *row.Int(1));
    }
    std::cout << line << "\n";
  }

  SystemClock clock_;
  sql::DatabaseOptions options_;
  std::unique_ptr<sql::Database> db_;
};

// Both started at once with a lease barely longer than one event's
// transaction, so that a hiccup of the holder hands the work over and the
// two race on the cursor all along.
TEST_F(EventReplicasTest, TwoProcessesApplyEachOfAThousandEventsOnce) {
  const absl::Duration lease = absl::Milliseconds(5);
  const absl::Duration delay = absl::Milliseconds(1);
  absl::StatusOr<std::unique_ptr<Replica>> a = StartReplica("a", lease, delay);
  ASSERT_THAT(a, IsOk());
  absl::StatusOr<std::unique_ptr<Replica>> b = StartReplica("b", lease, delay);
  ASSERT_THAT(b, IsOk());
  EXPECT_THAT((*a)->Wait(kExitBound), IsOkAndHolds(0));
  EXPECT_THAT((*b)->Wait(kExitBound), IsOkAndHolds(0));
  ExpectEachEventAppliedOnce();
  PrintShares();
}

// The replica doing the work is killed midway; the other takes the work
// over once the lease the dead one last renewed has expired, and ends with
// each event applied once (the dead one's open transaction rolled back).
TEST_F(EventReplicasTest, TheSurvivorTakesOverAfterTheLeaseOfAKilledOne) {
  const absl::Duration lease = absl::Seconds(2);
  // Slow enough that the kill lands midway.
  const absl::Duration delay = absl::Milliseconds(3);
  absl::StatusOr<std::unique_ptr<Replica>> a = StartReplica("a", lease, delay);
  ASSERT_THAT(a, IsOk());
  absl::StatusOr<std::unique_ptr<Replica>> b = StartReplica("b", lease, delay);
  ASSERT_THAT(b, IsOk());

  ASSERT_TRUE(Eventually(absl::Seconds(60), [&] {
    absl::StatusOr<int64_t> n = QueryInt("SELECT COUNT(*) FROM applied");
    return n.ok() && *n >= kEvents / 5;
  }));
  // The holder of the lease applied the latest event.
  absl::StatusOr<sql::Result> latest = db_->Execute(
      "SELECT replica FROM applied ORDER BY sequence DESC LIMIT 1");
  ASSERT_THAT(latest, IsOk());
  ASSERT_THAT(latest->rows, ::testing::SizeIs(1));
  const std::string victim = *latest->rows[0].Text(0);
  const std::string survivor = victim == "a" ? "b" : "a";
  (victim == "a" ? *a : *b)->Kill();

  absl::StatusOr<int64_t> victim_last = QueryInt(
      "SELECT MAX(sequence) FROM applied WHERE replica = ?", {victim});
  ASSERT_THAT(victim_last, IsOk());
  ASSERT_LT(*victim_last, kEvents) << "killed after the end, not midway";
  absl::StatusOr<int64_t> victim_last_at = QueryInt(
      "SELECT applied_at FROM applied WHERE sequence = ?", {*victim_last});
  ASSERT_THAT(victim_last_at, IsOk());

  EXPECT_THAT((survivor == "a" ? *a : *b)->Wait(kExitBound),
              IsOkAndHolds(0));
  ExpectEachEventAppliedOnce();
  PrintShares();

  // The survivor applied everything after the victim's last event...
  EXPECT_THAT(QueryInt("SELECT COUNT(*) FROM applied WHERE sequence > ? AND "
                       "replica = ?",
                       {*victim_last, survivor}),
              IsOkAndHolds(kEvents - *victim_last));
  // ...and not before the victim's lease expired: it was renewed no earlier
  // than the Advance of the victim's last event, which precedes that
  // event's applied_at by the handler's delay at most.
  absl::StatusOr<int64_t> taken_over_at = QueryInt(
      "SELECT MIN(applied_at) FROM applied WHERE sequence > ?",
      {*victim_last});
  ASSERT_THAT(taken_over_at, IsOk());
  const absl::Duration gap = absl::Microseconds(*taken_over_at - *victim_last_at);
  EXPECT_GE(gap, lease - delay - absl::Milliseconds(50));
  EXPECT_LT(gap, lease + absl::Seconds(30));
  std::cout << "victim " << victim << " killed after sequence " << *victim_last
            << "; " << survivor << " took over " << gap << " later\n";
}

}  // namespace
}  // namespace masar::events
