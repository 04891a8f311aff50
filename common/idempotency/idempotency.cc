#include "common/idempotency/idempotency.h"

#include "common/idempotency/masar_common_idempotency_migrations.h"

#include <optional>

#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace masar::idempotency {
namespace {

struct Record {
  std::string request_digest;
  std::string response;
};

absl::StatusOr<std::optional<Record>> Find(sql::Executor& db,
                                           const RequestKey& key,
                                           absl::Time now) {
  const sql::Value params[] = {key.principal, key.method, key.request_id,
                               absl::ToUnixMicros(now)};
  ASSIGN_OR_RETURN(
      sql::Result result,
      db.Execute("SELECT request_digest, response FROM masar_idempotency "
                 "WHERE principal = ? AND method = ? AND request_id = ? "
                 "AND expire_time > ?",
                 params));
  if (result.rows.empty()) return std::nullopt;
  Record record;
  ASSIGN_OR_RETURN(record.request_digest, result.rows[0].Text(0));
  ASSIGN_OR_RETURN(record.response, result.rows[0].Bytes(1));
  return record;
}

absl::StatusOr<std::string> Replay(const Record& record,
                                   absl::string_view request_digest) {
  if (record.request_digest != request_digest) {
    return InvalidArgumentError(
        "request_id",
        "was already used for a different request; use a new request_id");
  }
  return record.response;
}

absl::Status Insert(sql::Transaction& tx, const RequestKey& key,
                    absl::string_view request_digest,
                    const std::string& replay_response, absl::Time now) {
  // An expired record with the same key may still be there: replace it.
  const sql::Value key_params[] = {key.principal, key.method, key.request_id};
  RETURN_IF_ERROR(tx.Execute("DELETE FROM masar_idempotency WHERE principal = "
                             "? AND method = ? AND request_id = ?",
                             key_params)
                      .status());
  const sql::Value params[] = {key.principal,
                               key.method,
                               key.request_id,
                               std::string(request_digest),
                               sql::Blob{replay_response},
                               absl::ToUnixMicros(now),
                               absl::ToUnixMicros(now + kRecordLifetime)};
  return tx.Execute("INSERT INTO masar_idempotency (principal, method, "
                    "request_id, request_digest, response, create_time, "
                    "expire_time) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    params)
      .status();
}

}  // namespace

absl::StatusOr<std::string> IdempotentRunner::Run(
    const RequestKey& key, absl::string_view request_digest,
    const sql::TransactionOptions& options,
    absl::FunctionRef<absl::StatusOr<Outcome>(sql::Transaction&)> change) {
  if (key.request_id.size() > kMaxRequestIdLength) {
    return InvalidArgumentError("request_id", "is longer than 128 characters");
  }
  absl::StatusOr<std::string> response =
      RunOnce(key, request_digest, options, change);
  // Two calls with one request id both found no record; the store let one
  // insert it and refused the other's, whose change rolled back. The loser
  // now finds the winner's record.
  if (!key.request_id.empty() &&
      response.status().code() == absl::StatusCode::kAlreadyExists) {
    ASSIGN_OR_RETURN(std::optional<Record> record,
                     Find(*db_, key, clock_->Now()));
    if (record.has_value()) return Replay(*record, request_digest);
  }
  return response;
}

absl::StatusOr<std::string> IdempotentRunner::RunOnce(
    const RequestKey& key, absl::string_view request_digest,
    const sql::TransactionOptions& options,
    absl::FunctionRef<absl::StatusOr<Outcome>(sql::Transaction&)> change) {
  std::string response;
  RETURN_IF_ERROR(db_->InTransaction(options, [&](sql::Transaction& tx)
                                                  -> absl::Status {
    const absl::Time now = clock_->Now();
    if (!key.request_id.empty()) {
      ASSIGN_OR_RETURN(std::optional<Record> record, Find(tx, key, now));
      if (record.has_value()) {
        ASSIGN_OR_RETURN(response, Replay(*record, request_digest));
        return absl::OkStatus();
      }
    }
    ASSIGN_OR_RETURN(Outcome outcome, change(tx));
    if (!key.request_id.empty()) {
      RETURN_IF_ERROR(
          Insert(tx, key, request_digest, outcome.replay_response, now));
    }
    response = std::move(outcome.response);
    return absl::OkStatus();
  }));
  return response;
}

absl::StatusOr<int64_t> IdempotentRunner::PurgeExpired() {
  const sql::Value params[] = {absl::ToUnixMicros(clock_->Now())};
  ASSIGN_OR_RETURN(
      sql::Result result,
      db_->Execute("DELETE FROM masar_idempotency WHERE expire_time <= ?",
                   params));
  return result.affected_rows;
}

absl::StatusOr<sql::MigrationSet> IdempotencyMigrations() {
  return sql::MigrationSet::Create("idempotency",
                                   sql::embedded::MasarCommonIdempotencyMigrations());
}

}  // namespace masar::idempotency
