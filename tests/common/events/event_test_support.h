#ifndef MASAR_TESTS_COMMON_EVENTS_EVENT_TEST_SUPPORT_H_
#define MASAR_TESTS_COMMON_EVENTS_EVENT_TEST_SUPPORT_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/events/outbox.h"
#include "common/log/logger.h"
#include "common/sql/database.h"

namespace masar::events::testing {

// Appends one event in a transaction of its own, as a change would; retries
// a serialization conflict as long as it takes (concurrent appenders).
inline absl::StatusOr<Event> AppendOne(sql::Database& db, Outbox& outbox,
                                       const std::string& resource) {
  sql::TransactionOptions options;
  options.max_attempts = 1000;
  Event appended;
  absl::Status status =
      db.InTransaction(options, [&](sql::Transaction& tx) -> absl::Status {
        absl::StatusOr<Event> e =
            outbox.Append(tx, NewEvent{"masar.test.v1.Changed", resource,
                                       absl::StrCat("payload of ", resource)});
        if (!e.ok()) return e.status();
        appended = *e;
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return appended;
}

inline bool Eventually(absl::Duration within,
                       const std::function<bool()>& done) {
  absl::Time deadline = absl::Now() + within;
  while (absl::Now() < deadline) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return done();
}

// A logger whose lines a test reads.
class LogLines {
 public:
  explicit LogLines(const Clock* clock)
      : logger_([this](absl::string_view line) { Add(line); },
                LogLevel::kDebug, clock) {}
  Logger* logger() { return &logger_; }
  std::vector<std::string> lines() {
    absl::MutexLock lock(&mu_);
    return lines_;
  }

 private:
  void Add(absl::string_view line) {
    absl::MutexLock lock(&mu_);
    lines_.emplace_back(line);
  }
  absl::Mutex mu_;
  std::vector<std::string> lines_;
  Logger logger_;
};

}  // namespace masar::events::testing

#endif  // MASAR_TESTS_COMMON_EVENTS_EVENT_TEST_SUPPORT_H_
