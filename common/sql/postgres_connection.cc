#include "common/sql/postgres_connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/sql/placeholders.h"
#include "common/sql/postgres_result.h"
#include "common/status/status_macros.h"

namespace masar::sql {
namespace {

// Statements kept prepared per session before the cache starts over.
constexpr size_t kMaxCachedStatements = 256;
// How long a cancelled query may take to answer before its session is
// dropped as unresponsive.
constexpr absl::Duration kCancelGrace = absl::Seconds(2);

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// Parameter types fixed at prepare time: the integer, real and bytes a
// caller binds are what the statement expects; text and NULL are left for
// the server to infer from the context (so text fits any text-like column).
Oid ParamType(const Value& value) {
  switch (value.index()) {
    case 1:
      return 20;  // int8
    case 2:
      return 701;  // float8
    case 4:
      return 17;  // bytea
    default:
      return 0;
  }
}

// One letter a parameter type: a statement is prepared once per shape.
std::string CacheKey(absl::string_view sql, absl::Span<const Value> params) {
  std::string key;
  key.reserve(params.size() + 1 + sql.size());
  for (const Value& value : params) key.push_back("niftb"[value.index()]);
  key.push_back('\0');
  key.append(sql.data(), sql.size());
  return key;
}

// Shortest text that reads back as the same double.
std::string RealText(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return absl::StrFormat("%.17g", value);
}

// libpq wants C arrays of values, lengths and formats; bytes go binary
// (no escaping, zero bytes included), the rest as text.
struct EncodedParams {
  explicit EncodedParams(absl::Span<const Value> params)
      : text(params.size()),
        values(params.size()),
        lengths(params.size()),
        formats(params.size()) {
    for (size_t i = 0; i < params.size(); ++i) Encode(i, params[i]);
  }

  void Encode(size_t i, const Value& value) {
    if (const auto* n = std::get_if<int64_t>(&value)) {
      text[i] = absl::StrCat(*n);
      values[i] = text[i].c_str();
    } else if (const auto* d = std::get_if<double>(&value)) {
      text[i] = RealText(*d);
      values[i] = text[i].c_str();
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      values[i] = s->c_str();
    } else if (const auto* b = std::get_if<Blob>(&value)) {
      values[i] = b->bytes.data();
      lengths[i] = static_cast<int>(b->bytes.size());
      formats[i] = 1;
    }
  }

  std::vector<std::string> text;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
};

std::string LibpqMessage(const PGconn* conn) {
  return std::string(absl::StripTrailingAsciiWhitespace(PQerrorMessage(conn)));
}

int PollTimeoutMs(absl::Time until) {
  if (until == absl::InfiniteFuture()) return -1;
  const int64_t ms = absl::ToInt64Milliseconds(until - absl::Now()) + 1;
  return static_cast<int>(
      std::clamp<int64_t>(ms, 0, std::numeric_limits<int>::max()));
}

std::string Quoted(absl::string_view identifier) {
  return absl::StrCat("\"", identifier, "\"");
}

}  // namespace

absl::StatusOr<std::unique_ptr<PostgresConnection>> PostgresConnection::Connect(
    const PostgresSettings& settings) {
  // libpq's connect timeout has a floor of 2 s. Keepalives notice a peer
  // that vanished without closing (a partition), which poll() alone would
  // wait on forever. The URL comes last so that what it says wins.
  const std::string timeout = absl::StrCat(
      std::max<int64_t>(2, absl::ToInt64Seconds(settings.connect_timeout)));
  const char* keywords[] = {
      "connect_timeout",  "keepalives_idle", "keepalives_interval",
      "keepalives_count", "dbname",          nullptr};
  const char* values[] = {timeout.c_str(),      "30",   "10", "3",
                          settings.url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) {
    return absl::ResourceExhaustedError("postgres: out of memory");
  }
  std::unique_ptr<PostgresConnection> connection(
      new PostgresConnection(conn, settings));
  if (PQstatus(conn) != CONNECTION_OK) {
    return absl::UnavailableError(
        absl::StrCat("postgres: cannot connect: ", LibpqMessage(conn)));
  }
  RETURN_IF_ERROR(connection->SetUpSession());
  return connection;
}

PostgresConnection::~PostgresConnection() { PQfinish(conn_); }

absl::Status PostgresConnection::SetUpSession() {
  if (settings_.schema.empty()) return absl::OkStatus();
  return Execute(absl::StrCat("SET search_path TO ", Quoted(settings_.schema)),
                 {}, absl::Now() + settings_.connect_timeout)
      .status();
}

absl::Status PostgresConnection::EnsureUsable() {
  if (!broken_ && PQstatus(conn_) == CONNECTION_OK && !ClosedWhileIdle()) {
    return absl::OkStatus();
  }
  // Server-side prepared statements died with the old session.
  statements_.clear();
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    broken_ = true;
    return absl::UnavailableError(
        absl::StrCat("postgres: cannot reconnect: ", LibpqMessage(conn_)));
  }
  broken_ = false;
  return SetUpSession();
}

// An idle session has nothing to read; anything there is the server saying
// goodbye (a shutdown notice, then end of file).
bool PostgresConnection::ClosedWhileIdle() const {
  pollfd pfd{PQsocket(conn_), POLLIN, 0};
  return poll(&pfd, 1, 0) != 0;
}

absl::StatusOr<Result> PostgresConnection::Execute(
    absl::string_view sql, absl::Span<const Value> params,
    absl::Time deadline) {
  if (broken_) return absl::UnavailableError("postgres: connection lost");
  if (absl::Now() >= deadline) {
    return absl::DeadlineExceededError("postgres: deadline passed");
  }
  if (params.empty()) {
    // The simple protocol would send a `?` as is, into a syntax error;
    // answer like a statement that has placeholders and no values.
    const int placeholders = NumberPlaceholders(sql).placeholders;
    if (placeholders > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("postgres: statement has ", placeholders,
                       " placeholders, no values were given"));
    }
    if (PQsendQuery(conn_, std::string(sql).c_str()) == 0) {
      return Lost("send");
    }
    return Collect(deadline);
  }
  ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(sql, params, deadline));
  return ExecutePrepared(*prepared, params, deadline);
}

absl::StatusOr<const PostgresConnection::Prepared*> PostgresConnection::Prepare(
    absl::string_view sql, absl::Span<const Value> params,
    absl::Time deadline) {
  std::string key = CacheKey(sql, params);
  auto it = statements_.find(key);
  if (it != statements_.end()) return &it->second;
  if (statements_.size() >= kMaxCachedStatements) {
    RETURN_IF_ERROR(Execute("DEALLOCATE ALL", {}, deadline).status());
    statements_.clear();
  }
  const NumberedSql numbered = NumberPlaceholders(sql);
  if (numbered.placeholders != static_cast<int>(params.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("postgres: statement has ", numbered.placeholders,
                     " placeholders, ", params.size(), " values were given"));
  }
  std::vector<Oid> types;
  types.reserve(params.size());
  for (const Value& value : params) types.push_back(ParamType(value));
  Prepared prepared{absl::StrCat("masar_", next_statement_++),
                    numbered.placeholders};
  if (PQsendPrepare(conn_, prepared.name.c_str(), numbered.sql.c_str(),
                    numbered.placeholders, types.data()) == 0) {
    return Lost("send");
  }
  RETURN_IF_ERROR(Collect(deadline).status());
  return &statements_.emplace(std::move(key), std::move(prepared))
              .first->second;
}

absl::StatusOr<Result> PostgresConnection::ExecutePrepared(
    const Prepared& prepared, absl::Span<const Value> params,
    absl::Time deadline) {
  EncodedParams encoded(params);
  if (PQsendQueryPrepared(conn_, prepared.name.c_str(),
                          static_cast<int>(params.size()),
                          encoded.values.data(), encoded.lengths.data(),
                          encoded.formats.data(), /*resultFormat=*/0) == 0) {
    return Lost("send");
  }
  return Collect(deadline);
}

// Reads every result of the query; a script yields one per statement. The
// first error wins, otherwise the last result is the answer.
absl::StatusOr<Result> PostgresConnection::Collect(absl::Time deadline) {
  ResultPtr error;
  ResultPtr last;
  bool cancelled = false;
  while (true) {
    RETURN_IF_ERROR(AwaitResult(deadline, cancelled));
    ResultPtr result(PQgetResult(conn_));
    if (result == nullptr) break;
    const ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE) {
      if (error == nullptr) error = std::move(result);
    } else {
      last = std::move(result);
    }
  }
  if (PQstatus(conn_) == CONNECTION_BAD) return Lost("query");
  if (cancelled) {
    return absl::DeadlineExceededError(
        "postgres: deadline passed; the statement was cancelled");
  }
  if (error != nullptr) return PostgresErrorStatus(error.get());
  if (last == nullptr) return Result();
  return DecodePostgresResult(last.get());
}

// Waits until a result can be read without blocking. At the deadline the
// query is cancelled and its answer awaited a little longer; after that the
// session is given up.
absl::Status PostgresConnection::AwaitResult(absl::Time deadline,
                                             bool& cancelled) {
  absl::Time give_up = absl::InfiniteFuture();
  while (PQisBusy(conn_)) {
    const absl::Time now = absl::Now();
    if (!cancelled && now >= deadline) {
      Cancel();
      cancelled = true;
      give_up = now + kCancelGrace;
    }
    if (now >= give_up) {
      broken_ = true;
      return absl::DeadlineExceededError(
          "postgres: deadline passed and the server did not answer");
    }
    pollfd pfd{PQsocket(conn_), POLLIN, 0};
    const int ready =
        poll(&pfd, 1, PollTimeoutMs(cancelled ? give_up : deadline));
    if (ready < 0 && errno != EINTR) return Lost("poll");
    if (ready > 0 && PQconsumeInput(conn_) == 0) return Lost("read");
  }
  return absl::OkStatus();
}

void PostgresConnection::Cancel() {
  PGcancel* cancel = PQgetCancel(conn_);
  if (cancel == nullptr) return;
  char error[256];
  PQcancel(cancel, error, sizeof(error));
  PQfreeCancel(cancel);
}

absl::Status PostgresConnection::Lost(absl::string_view what) {
  broken_ = true;
  return absl::UnavailableError(absl::StrCat("postgres: connection lost (",
                                             what, "): ", LibpqMessage(conn_)));
}

}  // namespace masar::sql
