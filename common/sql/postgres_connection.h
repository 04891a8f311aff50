#ifndef MASAR_COMMON_SQL_POSTGRES_CONNECTION_H_
#define MASAR_COMMON_SQL_POSTGRES_CONNECTION_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/sql/database.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace masar::sql {

struct PostgresSettings {
  std::string url;
  // Put first on the search path of every session; empty keeps the server's.
  std::string schema;
  absl::Duration connect_timeout = absl::Seconds(5);
};

// One libpq session with its cache of prepared statements. Not thread-safe:
// PostgresDatabase hands it to one thread at a time. Every wait for the
// server is a poll() bounded by the caller's deadline, after which the query
// is cancelled; a session that does not answer the cancel either is dropped,
// so a call never hangs on a dead server.
class PostgresConnection {
 public:
  static absl::StatusOr<std::unique_ptr<PostgresConnection>> Connect(
      const PostgresSettings& settings);

  ~PostgresConnection();
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  // Reconnects when the session broke, or when the server closed it while
  // it sat idle in the pool (a restart): the next statement then runs on a
  // fresh session instead of failing.
  absl::Status EnsureUsable();

  // Runs one statement with `?` placeholders as a cached prepared
  // statement, or, without parameters, a script through the simple query
  // protocol.
  absl::StatusOr<Result> Execute(absl::string_view sql,
                                 absl::Span<const Value> params,
                                 absl::Time deadline);

  bool broken() const { return broken_; }

 private:
  struct Prepared {
    std::string name;
    int placeholders = 0;
  };

  PostgresConnection(PGconn* conn, PostgresSettings settings)
      : conn_(conn), settings_(std::move(settings)) {}

  absl::Status SetUpSession();
  absl::StatusOr<const Prepared*> Prepare(absl::string_view sql,
                                          absl::Span<const Value> params,
                                          absl::Time deadline);
  absl::StatusOr<Result> ExecutePrepared(const Prepared& prepared,
                                         absl::Span<const Value> params,
                                         absl::Time deadline);
  absl::StatusOr<Result> Collect(absl::Time deadline);
  absl::Status AwaitResult(absl::Time deadline, bool& cancelled);
  absl::Status Lost(absl::string_view what);
  bool ClosedWhileIdle() const;
  void Cancel();

  PGconn* conn_;
  const PostgresSettings settings_;
  bool broken_ = false;
  int next_statement_ = 0;
  absl::flat_hash_map<std::string, Prepared> statements_;
};

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_POSTGRES_CONNECTION_H_
