#include "services/identity/store/sql_session_store.h"

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/sql/database.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"
#include "services/identity/store/sql_values.h"

namespace masar::identity {
namespace {

using sql_values::Micros;
using sql_values::OptionalMicros;

constexpr char kSessionColumns[] =
    "id, subject, amr, create_time, expire_time, revoke_time";

// The purge's statements, each bounded by a LIMIT on a sub-select (the one
// form of a bounded DELETE that SQLite and PostgreSQL share). Refresh
// tokens go before their sessions, so none is left without one; the
// orphan clause catches those a crash left behind.
constexpr char kPurgeRefreshTokens[] = R"sql(
DELETE FROM identity_refresh_tokens WHERE token_hash IN (
  SELECT t.token_hash FROM identity_refresh_tokens t
  LEFT JOIN identity_sessions s ON s.id = t.session_id
  WHERE (t.use_time IS NULL AND t.expire_time <= ?)
     OR s.id IS NULL OR s.expire_time <= ?
  LIMIT ?)
)sql";
constexpr char kPurgeSessions[] = R"sql(
DELETE FROM identity_sessions WHERE id IN (
  SELECT id FROM identity_sessions WHERE expire_time <= ? LIMIT ?)
)sql";
constexpr char kPurgeMfaTickets[] = R"sql(
DELETE FROM identity_mfa_tickets WHERE ticket_hash IN (
  SELECT ticket_hash FROM identity_mfa_tickets WHERE expire_time <= ? LIMIT ?)
)sql";

constexpr char kPurgeDeviceTokens[] = R"sql(
DELETE FROM identity_device_tokens WHERE token_hash IN (
  SELECT token_hash FROM identity_device_tokens WHERE expire_time <= ? LIMIT ?)
)sql";

absl::StatusOr<Session> ReadSession(const sql::Row& row) {
  Session s;
  ASSIGN_OR_RETURN(s.id, row.Text(0));
  ASSIGN_OR_RETURN(s.subject, row.Text(1));
  ASSIGN_OR_RETURN(std::string amr, row.Text(2));
  s.amr = absl::StrSplit(amr, ',', absl::SkipEmpty());
  ASSIGN_OR_RETURN(s.create_time, sql_values::ReadTime(row, 3));
  ASSIGN_OR_RETURN(s.expire_time, sql_values::ReadTime(row, 4));
  ASSIGN_OR_RETURN(s.revoke_time, sql_values::ReadOptionalTime(row, 5));
  return s;
}

}  // namespace

absl::Status SqlSessionStore::CreateSession(Transaction& tx,
                                            const Session& session) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  return sql
      ->Execute(
          "INSERT INTO identity_sessions (id, subject, amr, create_time, "
          "expire_time, revoke_time) VALUES (?, ?, ?, ?, ?, ?)",
          {session.id, session.subject, absl::StrJoin(session.amr, ","),
           Micros(session.create_time), Micros(session.expire_time),
           OptionalMicros(session.revoke_time)})
      .status();
}

absl::StatusOr<std::optional<Session>> SqlSessionStore::GetSession(
    Transaction& tx, absl::string_view id) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result result,
      sql->Execute(absl::StrCat("SELECT ", kSessionColumns,
                                " FROM identity_sessions WHERE id = ?"),
                   {std::string(id)}));
  if (result.rows.empty()) return std::nullopt;
  return ReadSession(result.rows[0]);
}

absl::StatusOr<std::vector<Session>> SqlSessionStore::ActiveSessionsOf(
    Transaction& tx, absl::string_view subject, absl::Time now) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result result,
      sql->Execute(
          absl::StrCat("SELECT ", kSessionColumns,
                       " FROM identity_sessions WHERE subject = ? AND "
                       "revoke_time IS NULL AND expire_time > ? ORDER BY id"),
          {std::string(subject), Micros(now)}));
  std::vector<Session> sessions;
  for (const sql::Row& row : result.rows) {
    ASSIGN_OR_RETURN(Session s, ReadSession(row));
    sessions.push_back(std::move(s));
  }
  return sessions;
}

absl::Status SqlSessionStore::RevokeSession(Transaction& tx,
                                            absl::string_view id,
                                            absl::Time when) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  return sql
      ->Execute(
          "UPDATE identity_sessions SET revoke_time = ? WHERE id = ? AND "
          "revoke_time IS NULL",
          {Micros(when), std::string(id)})
      .status();
}

absl::Status SqlSessionStore::AddRefreshToken(Transaction& tx,
                                              const RefreshTokenRecord& token) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  return sql
      ->Execute(
          "INSERT INTO identity_refresh_tokens (token_hash, session_id, "
          "issue_time, expire_time, use_time) VALUES (?, ?, ?, ?, ?)",
          {token.token_hash, token.session_id, Micros(token.issue_time),
           Micros(token.expire_time), OptionalMicros(token.use_time)})
      .status();
}

absl::StatusOr<std::optional<RefreshTokenRecord>>
SqlSessionStore::FindRefreshToken(Transaction& tx,
                                  absl::string_view token_hash) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result result,
      sql->Execute("SELECT token_hash, session_id, issue_time, expire_time, "
                   "use_time FROM identity_refresh_tokens WHERE token_hash = ?",
                   {std::string(token_hash)}));
  if (result.rows.empty()) return std::nullopt;
  const sql::Row& row = result.rows[0];
  RefreshTokenRecord r;
  ASSIGN_OR_RETURN(r.token_hash, row.Text(0));
  ASSIGN_OR_RETURN(r.session_id, row.Text(1));
  ASSIGN_OR_RETURN(r.issue_time, sql_values::ReadTime(row, 2));
  ASSIGN_OR_RETURN(r.expire_time, sql_values::ReadTime(row, 3));
  ASSIGN_OR_RETURN(r.use_time, sql_values::ReadOptionalTime(row, 4));
  return r;
}

absl::StatusOr<bool> SqlSessionStore::MarkRefreshTokenUsed(
    Transaction& tx, absl::string_view token_hash, absl::Time when) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result result,
      sql->Execute("UPDATE identity_refresh_tokens SET use_time = ? WHERE "
                   "token_hash = ? AND use_time IS NULL",
                   {Micros(when), std::string(token_hash)}));
  return result.affected_rows == 1;
}

absl::Status SqlSessionStore::CreateMfaTicket(Transaction& tx,
                                              const MfaTicket& ticket) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  return sql
      ->Execute(
          "INSERT INTO identity_mfa_tickets (ticket_hash, user_id, "
          "expire_time, attempts, used) VALUES (?, ?, ?, ?, ?)",
          {ticket.ticket_hash, ticket.user_id, Micros(ticket.expire_time),
           int64_t{ticket.attempts}, int64_t{ticket.used ? 1 : 0}})
      .status();
}

absl::StatusOr<std::optional<MfaTicket>> SqlSessionStore::FindMfaTicket(
    Transaction& tx, absl::string_view ticket_hash) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result result,
      sql->Execute("SELECT ticket_hash, user_id, expire_time, attempts, used "
                   "FROM identity_mfa_tickets WHERE ticket_hash = ?",
                   {std::string(ticket_hash)}));
  if (result.rows.empty()) return std::nullopt;
  const sql::Row& row = result.rows[0];
  MfaTicket t;
  ASSIGN_OR_RETURN(t.ticket_hash, row.Text(0));
  ASSIGN_OR_RETURN(t.user_id, row.Text(1));
  ASSIGN_OR_RETURN(t.expire_time, sql_values::ReadTime(row, 2));
  ASSIGN_OR_RETURN(int64_t attempts, row.Int(3));
  t.attempts = static_cast<int>(attempts);
  ASSIGN_OR_RETURN(int64_t used, row.Int(4));
  t.used = used != 0;
  return t;
}

absl::StatusOr<int64_t> SqlSessionStore::PurgeExpired(Transaction& tx,
                                                       absl::Time now,
                                                       int64_t limit) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  int64_t deleted = 0;
  ASSIGN_OR_RETURN(sql::Result tokens,
                   sql->Execute(kPurgeRefreshTokens,
                                {Micros(now), Micros(now), limit}));
  deleted += tokens.affected_rows;
  if (deleted < limit) {
    ASSIGN_OR_RETURN(sql::Result sessions,
                     sql->Execute(kPurgeSessions,
                                  {Micros(now), limit - deleted}));
    deleted += sessions.affected_rows;
  }
  if (deleted < limit) {
    ASSIGN_OR_RETURN(sql::Result tickets,
                     sql->Execute(kPurgeMfaTickets,
                                  {Micros(now), limit - deleted}));
    deleted += tickets.affected_rows;
  }
  if (deleted < limit) {
    ASSIGN_OR_RETURN(sql::Result devices,
                     sql->Execute(kPurgeDeviceTokens,
                                  {Micros(now), limit - deleted}));
    deleted += devices.affected_rows;
  }
  return deleted;
}

absl::Status SqlSessionStore::UpdateMfaTicket(Transaction& tx,
                                              const MfaTicket& ticket) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  return sql
      ->Execute(
          "UPDATE identity_mfa_tickets SET attempts = ?, used = ? WHERE "
          "ticket_hash = ?",
          {int64_t{ticket.attempts}, int64_t{ticket.used ? 1 : 0},
           ticket.ticket_hash})
      .status();
}

absl::Status SqlSessionStore::AddDeviceToken(Transaction& tx,
                                             const DeviceToken& token) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  return sql
      ->Execute(
          "INSERT INTO identity_device_tokens (token_hash, user_id, "
          "issue_time, expire_time) VALUES (?, ?, ?, ?)",
          {token.token_hash, token.user_id, Micros(token.issue_time),
           Micros(token.expire_time)})
      .status();
}

absl::StatusOr<std::optional<DeviceToken>> SqlSessionStore::FindDeviceToken(
    Transaction& tx, absl::string_view token_hash) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result result,
      sql->Execute("SELECT token_hash, user_id, issue_time, expire_time FROM "
                   "identity_device_tokens WHERE token_hash = ?",
                   {std::string(token_hash)}));
  if (result.rows.empty()) return std::nullopt;
  const sql::Row& row = result.rows[0];
  DeviceToken t;
  ASSIGN_OR_RETURN(t.token_hash, row.Text(0));
  ASSIGN_OR_RETURN(t.user_id, row.Text(1));
  ASSIGN_OR_RETURN(t.issue_time, sql_values::ReadTime(row, 2));
  ASSIGN_OR_RETURN(t.expire_time, sql_values::ReadTime(row, 3));
  return t;
}

absl::StatusOr<bool> SqlSessionStore::DeleteDeviceToken(
    Transaction& tx, absl::string_view token_hash) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result result,
      sql->Execute("DELETE FROM identity_device_tokens WHERE token_hash = ?",
                   {std::string(token_hash)}));
  return result.affected_rows == 1;
}

absl::Status SqlSessionStore::DeleteDeviceTokensOf(Transaction& tx,
                                                   absl::string_view user_id) {
  ASSIGN_OR_RETURN(sql::Transaction * sql, sql::SqlOf(tx));
  return sql
      ->Execute("DELETE FROM identity_device_tokens WHERE user_id = ?",
                {std::string(user_id)})
      .status();
}

}  // namespace masar::identity
