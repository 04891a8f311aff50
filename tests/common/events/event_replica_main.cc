// One consumer replica in a process of its own, for the two-process test
// (event_replicas_test.cc): consumer "replicas" of source "src" on the
// PostgreSQL schema given, whose effect inserts one row (sequence, replica)
// into table `applied` in the consumer's transaction. It exits 0 once
// `applied` holds <events> rows, 1 on an error, 3 after <timeout seconds>.
//
//   events_replica <postgres url> <schema> <replica name> <events>
//       <lease ms> <handler delay ms> <timeout seconds>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/clock/clock.h"
#include "common/events/event_consumer.h"
#include "common/events/outbox.h"
#include "common/events/outbox_event_source.h"
#include "common/log/logger.h"
#include "common/sql/database.h"
#include "common/status/status_macros.h"

namespace masar::events {
namespace {

constexpr int kExitTimeout = 3;

absl::StatusOr<int64_t> ParseInt(const char* arg, const char* what) {
  int64_t value = 0;
  if (!absl::SimpleAtoi(arg, &value) || value < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad ", what, ": \"", arg, "\""));
  }
  return value;
}

absl::StatusOr<int64_t> Applied(sql::Database& db) {
  ASSIGN_OR_RETURN(sql::Result result,
                   db.Execute("SELECT COUNT(*) FROM applied"));
  return result.rows.at(0).Int(0);
}

// OK once `applied` holds `events` rows; DEADLINE_EXCEEDED at the timeout.
absl::Status Run(int argc, char** argv) {
  if (argc != 8) {
    return absl::InvalidArgumentError(
        "usage: events_replica <postgres url> <schema> <replica name> "
        "<events> <lease ms> <handler delay ms> <timeout seconds>");
  }
  const std::string replica = argv[3];
  ASSIGN_OR_RETURN(const int64_t events, ParseInt(argv[4], "events"));
  ASSIGN_OR_RETURN(const int64_t lease_ms, ParseInt(argv[5], "lease"));
  ASSIGN_OR_RETURN(const int64_t delay_ms, ParseInt(argv[6], "delay"));
  ASSIGN_OR_RETURN(const int64_t timeout_s, ParseInt(argv[7], "timeout"));

  sql::DatabaseOptions db_options;
  db_options.postgres_url = argv[1];
  db_options.schema = argv[2];
  db_options.pool_size = 4;
  ASSIGN_OR_RETURN(std::unique_ptr<sql::Database> db,
                   sql::OpenDatabase(db_options));

  SystemClock clock;
  Logger logger(Logger::StderrSink(), LogLevel::kWarning, &clock);
  Outbox outbox(db.get(), "src", &clock);
  OutboxEventSource source(&outbox);
  EventConsumerOptions options;
  options.consumer = "replicas";
  options.poll_interval = absl::Milliseconds(20);
  options.lease = absl::Milliseconds(lease_ms);
  options.page_size = 50;
  options.initial_backoff = absl::Milliseconds(20);
  options.max_backoff = absl::Milliseconds(200);
  const absl::Duration delay = absl::Milliseconds(delay_ms);
  auto handler = [&](sql::Transaction& tx, const Event& event) {
    if (delay > absl::ZeroDuration()) absl::SleepFor(delay);
    return tx
        .Execute("INSERT INTO applied (sequence, replica, applied_at) "
                 "VALUES (?, ?, ?)",
                 {event.sequence, replica, absl::ToUnixMicros(clock.Now())})
        .status();
  };
  auto consumer = std::make_unique<EventConsumer>(
      &source, db.get(), nullptr, handler, &clock, &logger, options);
  RETURN_IF_ERROR(consumer->Start());

  const absl::Time deadline = absl::Now() + absl::Seconds(timeout_s);
  while (true) {
    absl::StatusOr<int64_t> applied = Applied(*db);
    if (applied.ok() && *applied >= events) break;
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(absl::StrCat(
          "replica ", replica, ": `applied` holds ",
          applied.ok() ? absl::StrCat(*applied) : applied.status().ToString(),
          " rows of ", events, " after ", timeout_s, " s"));
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  consumer.reset();  // stops delivery and gives the lease up
  return absl::OkStatus();
}

}  // namespace
}  // namespace masar::events

int main(int argc, char** argv) {
  // Die with the test, even if it crashes.
  const pid_t parent = getppid();
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) return 1;
  const absl::Status status = masar::events::Run(argc, argv);
  if (status.ok()) return 0;
  std::cerr << status << "\n";
  return absl::IsDeadlineExceeded(status) ? masar::events::kExitTimeout : 1;
}
