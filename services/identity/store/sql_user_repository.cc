#include "services/identity/store/sql_user_repository.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/validation.h"
#include "services/identity/store/sql_values.h"

namespace masar::identity {
namespace {

using sql_values::BytesOrNull;
using sql_values::Micros;
using sql_values::OptionalMicros;
using sql_values::TextOrNull;

constexpr char kColumns[] =
    "id, display_name, email, phone, national_id_ciphertext, "
    "national_id_masked, preferred_language, state, gender, birth_year, "
    "consent_time, password_hash, mfa_enabled, totp_secret, "
    "pending_totp_secret, pending_totp_expire_time, totp_last_step, "
    "sessions_not_before, create_time, update_time, version, "
    "national_id_lookup";

absl::StatusOr<User> ReadUser(const sql::Row& row) {
  User u;
  ASSIGN_OR_RETURN(u.id, row.Text(0));
  ASSIGN_OR_RETURN(u.display_name, row.Text(1));
  ASSIGN_OR_RETURN(u.email, sql_values::ReadText(row, 2));
  ASSIGN_OR_RETURN(u.phone, row.Text(3));
  ASSIGN_OR_RETURN(u.national_id_ciphertext, sql_values::ReadBytes(row, 4));
  ASSIGN_OR_RETURN(u.national_id_masked, row.Text(5));
  ASSIGN_OR_RETURN(int64_t language, row.Int(6));
  u.preferred_language = static_cast<Language>(language);
  ASSIGN_OR_RETURN(int64_t state, row.Int(7));
  u.state = static_cast<UserState>(state);
  ASSIGN_OR_RETURN(int64_t gender, row.Int(8));
  ASSIGN_OR_RETURN(int64_t birth_year, row.Int(9));
  ASSIGN_OR_RETURN(std::optional<absl::Time> consent_time,
                   sql_values::ReadOptionalTime(row, 10));
  if (consent_time.has_value()) {
    u.demographics = Demographics{static_cast<Gender>(gender),
                                  static_cast<int>(birth_year), *consent_time};
  }
  ASSIGN_OR_RETURN(u.password_hash, row.Text(11));
  ASSIGN_OR_RETURN(int64_t mfa_enabled, row.Int(12));
  u.mfa_enabled = mfa_enabled != 0;
  ASSIGN_OR_RETURN(u.totp_secret_ciphertext, sql_values::ReadBytes(row, 13));
  ASSIGN_OR_RETURN(u.pending_totp_secret_ciphertext,
                   sql_values::ReadBytes(row, 14));
  ASSIGN_OR_RETURN(u.pending_totp_expire_time,
                   sql_values::ReadOptionalTime(row, 15));
  ASSIGN_OR_RETURN(u.totp_last_step, row.Int(16));
  ASSIGN_OR_RETURN(u.sessions_not_before,
                   sql_values::ReadOptionalTime(row, 17));
  ASSIGN_OR_RETURN(u.create_time, sql_values::ReadTime(row, 18));
  ASSIGN_OR_RETURN(u.update_time, sql_values::ReadTime(row, 19));
  ASSIGN_OR_RETURN(u.version, row.Int(20));
  ASSIGN_OR_RETURN(u.national_id_lookup, sql_values::ReadText(row, 21));
  return u;
}

absl::StatusOr<std::vector<User>> ReadUsers(const sql::Result& result) {
  std::vector<User> users;
  for (const sql::Row& row : result.rows) {
    ASSIGN_OR_RETURN(User user, ReadUser(row));
    users.push_back(std::move(user));
  }
  return users;
}

// Every column but id, in kColumns order, then version.
std::vector<sql::Value> MutableValues(const User& u, int64_t version) {
  const bool demographics = u.demographics.has_value();
  return {
      u.display_name,
      TextOrNull(u.email),
      TextOrNull(NormalizeEmail(u.email)),
      u.phone,
      BytesOrNull(u.national_id_ciphertext),
      u.national_id_masked,
      static_cast<int64_t>(u.preferred_language),
      static_cast<int64_t>(u.state),
      static_cast<int64_t>(demographics ? u.demographics->gender
                                        : Gender::kUnspecified),
      static_cast<int64_t>(demographics ? u.demographics->birth_year : 0),
      demographics ? Micros(u.demographics->consent_time)
                   : sql::Value(std::monostate()),
      u.password_hash,
      static_cast<int64_t>(u.mfa_enabled ? 1 : 0),
      BytesOrNull(u.totp_secret_ciphertext),
      BytesOrNull(u.pending_totp_secret_ciphertext),
      OptionalMicros(u.pending_totp_expire_time),
      u.totp_last_step,
      OptionalMicros(u.sessions_not_before),
      Micros(u.create_time),
      Micros(u.update_time),
      version,
      TextOrNull(u.national_id_lookup),
  };
}

absl::StatusOr<bool> Exists(sql::Transaction& tx, absl::string_view id) {
  ASSIGN_OR_RETURN(sql::Result r,
                   tx.Execute("SELECT 1 FROM identity_users WHERE id = ?",
                              {sql::Value(std::string(id))}));
  return !r.rows.empty();
}

}  // namespace

absl::Status SqlUserRepository::Create(Transaction& tx, const User& user) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<sql::Value> params = {user.id};
  for (sql::Value& v : MutableValues(user, user.version)) {
    params.push_back(std::move(v));
  }
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(
          "INSERT INTO identity_users (id, display_name, email, email_lower, "
          "phone, national_id_ciphertext, national_id_masked, "
          "preferred_language, state, gender, birth_year, consent_time, "
          "password_hash, mfa_enabled, totp_secret, pending_totp_secret, "
          "pending_totp_expire_time, totp_last_step, sessions_not_before, "
          "create_time, update_time, version, national_id_lookup) VALUES (?, "
          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT DO NOTHING",
          params));
  if (r.affected_rows == 1) return absl::OkStatus();
  ASSIGN_OR_RETURN(bool id_taken, Exists(*stx, user.id));
  if (id_taken) return absl::AlreadyExistsError("user id taken");
  ASSIGN_OR_RETURN(std::optional<User> same_email, FindByEmail(tx, user.email));
  return same_email.has_value() ? EmailTaken() : NationalIdTaken();
}

absl::StatusOr<User> SqlUserRepository::Get(Transaction& tx,
                                            absl::string_view id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(absl::StrCat("SELECT ", kColumns,
                                " FROM identity_users WHERE id = ?"),
                   {sql::Value(std::string(id))}));
  if (r.rows.empty()) return UserNotFound(absl::StrCat("users/", id));
  return ReadUser(r.rows[0]);
}

absl::StatusOr<std::vector<User>> SqlUserRepository::GetMany(
    Transaction& tx, const std::vector<std::string>& ids) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  // In slices, so a large batch stays under the stores' parameter limits.
  constexpr size_t kSlice = 500;
  std::vector<User> users;
  for (size_t first = 0; first < ids.size(); first += kSlice) {
    const std::vector<std::string> slice(
        ids.begin() + first, ids.begin() + std::min(ids.size(), first + kSlice));
    std::vector<sql::Value> params;
    const std::string condition = sql_values::InCondition("id", slice, params);
    ASSIGN_OR_RETURN(sql::Result r,
                     stx->Execute(absl::StrCat("SELECT ", kColumns,
                                               " FROM identity_users WHERE ",
                                               condition),
                                  params));
    ASSIGN_OR_RETURN(std::vector<User> read, ReadUsers(r));
    for (User& user : read) users.push_back(std::move(user));
  }
  return users;
}

absl::StatusOr<std::optional<User>> SqlUserRepository::FindByEmail(
    Transaction& tx, absl::string_view email) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(absl::StrCat("SELECT ", kColumns,
                                " FROM identity_users WHERE email_lower = ?"),
                   {sql::Value(NormalizeEmail(email))}));
  if (r.rows.empty()) return std::optional<User>();
  ASSIGN_OR_RETURN(User user, ReadUser(r.rows[0]));
  return std::optional<User>(std::move(user));
}

absl::StatusOr<aip::ListResult<User>> SqlUserRepository::List(
    Transaction& tx, const UserFilter& filter, const aip::PageQuery& page) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<std::string> conditions;
  std::vector<sql::Value> params;
  if (!filter.email.empty()) {
    conditions.push_back("email_lower = ?");
    params.push_back(NormalizeEmail(filter.email));
  }
  if (filter.state != UserState::kUnspecified) {
    conditions.push_back("state = ?");
    params.push_back(static_cast<int64_t>(filter.state));
  }
  if (!filter.national_id_lookups.empty()) {
    conditions.push_back(sql_values::InCondition(
        "national_id_lookup", filter.national_id_lookups, params));
  }
  std::string suffix;
  sql_values::AppendPage(page, "id", conditions, params, suffix);
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(absl::StrCat("SELECT ", kColumns, " FROM identity_users",
                                sql_values::WhereClause(conditions), suffix),
                   params));
  ASSIGN_OR_RETURN(std::vector<User> users, ReadUsers(r));
  return sql_values::ToListResult(std::move(users), page.limit);
}

ResourceCacheOptions UserCacheOptions() {
  ResourceCacheOptions options;
  options.key_prefix = "masar:identity:user:";
  return options;
}

absl::StatusOr<User> SqlUserRepository::Update(Transaction& tx,
                                               const User& user) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<sql::Value> params = MutableValues(user, user.version + 1);
  params.push_back(user.id);
  params.push_back(user.version);
  absl::StatusOr<sql::Result> r = stx->Execute(
      "UPDATE identity_users SET display_name = ?, email = ?, email_lower = ?, "
      "phone = ?, national_id_ciphertext = ?, national_id_masked = ?, "
      "preferred_language = ?, state = ?, gender = ?, birth_year = ?, "
      "consent_time = ?, password_hash = ?, mfa_enabled = ?, totp_secret = ?, "
      "pending_totp_secret = ?, pending_totp_expire_time = ?, "
      "totp_last_step = ?, sessions_not_before = ?, create_time = ?, "
      "update_time = ?, version = ?, national_id_lookup = ? "
      "WHERE id = ? AND version = ?",
      params);
  // The unique keys an update can break: the email's and the national id
  // lookup digest's (the message names the index, never the values).
  if (absl::IsAlreadyExists(r.status())) {
    return absl::StrContains(r.status().message(), "national_id_lookup")
               ? NationalIdTaken()
               : EmailTaken();
  }
  if (!r.ok()) return r.status();
  if (r->affected_rows == 0) {
    ASSIGN_OR_RETURN(bool exists, Exists(*stx, user.id));
    return exists ? aip::StaleEtag(user.name()) : UserNotFound(user.name());
  }
  if (cache_ != nullptr) {
    RETURN_IF_ERROR(cache_->InvalidateOnCommit(*stx, user.id));
  }
  User updated = user;
  ++updated.version;
  return updated;
}

absl::StatusOr<bool> SqlUserRepository::Empty(Transaction& tx) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(sql::Result r,
                   stx->Execute("SELECT 1 FROM identity_users LIMIT 1"));
  return r.rows.empty();
}

}  // namespace masar::identity
