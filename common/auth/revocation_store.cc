#include "common/auth/revocation_store.h"

#include "common/auth/masar_common_auth_revocation_store_migrations.h"

#include <optional>
#include <string>
#include <utility>

#include "common/status/status_macros.h"

namespace masar::auth {
namespace {

absl::StatusOr<Revocation> ReadRevocation(const sql::Row& row) {
  Revocation r;
  ASSIGN_OR_RETURN(r.sequence, row.Int(0));
  ASSIGN_OR_RETURN(std::string kind, row.Text(1));
  std::optional<RevocationKind> parsed = ParseRevocationKind(kind);
  if (!parsed.has_value()) {
    return absl::InternalError("unknown revocation kind in the store");
  }
  r.kind = *parsed;
  ASSIGN_OR_RETURN(r.value, row.Text(2));
  ASSIGN_OR_RETURN(int64_t time, row.Int(3));
  ASSIGN_OR_RETURN(int64_t expire_time, row.Int(4));
  r.time = absl::FromUnixMicros(time);
  r.expire_time = absl::FromUnixMicros(expire_time);
  return r;
}

}  // namespace

absl::StatusOr<Revocation> RevocationStore::Append(sql::Transaction& tx,
                                                   const Revocation& revocation) {
  ASSIGN_OR_RETURN(sql::Result max,
                   tx.Execute("SELECT COALESCE(MAX(sequence), 0) FROM "
                              "masar_auth_revocations"));
  ASSIGN_OR_RETURN(int64_t last, max.rows.at(0).Int(0));
  Revocation r = revocation;
  r.sequence = last + 1;
  RETURN_IF_ERROR(
      tx.Execute("INSERT INTO masar_auth_revocations (sequence, kind, value, "
                 "revoke_time, expire_time) VALUES (?, ?, ?, ?, ?)",
                 {r.sequence, std::string(RevocationKindName(r.kind)), r.value,
                  absl::ToUnixMicros(r.time), absl::ToUnixMicros(r.expire_time)})
          .status());
  return r;
}

absl::StatusOr<std::vector<Revocation>> RevocationStore::ListAfter(
    int64_t sequence, int limit) {
  ASSIGN_OR_RETURN(
      sql::Result result,
      db_->Execute("SELECT sequence, kind, value, revoke_time, expire_time "
                   "FROM masar_auth_revocations WHERE sequence > ? "
                   "ORDER BY sequence LIMIT ?",
                   {sequence, int64_t{limit}}));
  std::vector<Revocation> out;
  out.reserve(result.rows.size());
  for (const sql::Row& row : result.rows) {
    ASSIGN_OR_RETURN(Revocation r, ReadRevocation(row));
    out.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<int64_t> RevocationStore::PurgeExpired(absl::Time now) {
  ASSIGN_OR_RETURN(
      sql::Result result,
      db_->Execute("DELETE FROM masar_auth_revocations WHERE expire_time <= ? "
                   "AND sequence < (SELECT MAX(sequence) FROM "
                   "masar_auth_revocations)",
                   {absl::ToUnixMicros(now)}));
  return result.affected_rows;
}

absl::StatusOr<sql::MigrationSet> RevocationMigrations() {
  return sql::MigrationSet::Create(
      "revocations", sql::embedded::MasarCommonAuthRevocationStoreMigrations());
}

}  // namespace masar::auth
