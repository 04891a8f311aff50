#include "services/identity/store/sql_service_account_repository.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"
#include "services/identity/domain/errors.h"
#include "services/identity/store/sql_values.h"

namespace masar::identity {
namespace {

using sql_values::Micros;
using sql_values::OptionalMicros;

constexpr char kColumns[] =
    "id, client_id, display_name, description, state, secret_hash, "
    "secret_create_time, previous_secret_hash, previous_secret_expire_time, "
    "tokens_not_before, delete_time, create_time, update_time, version";

absl::StatusOr<ServiceAccount> ReadAccount(const sql::Row& row) {
  ServiceAccount a;
  ASSIGN_OR_RETURN(a.id, row.Text(0));
  ASSIGN_OR_RETURN(a.client_id, row.Text(1));
  ASSIGN_OR_RETURN(a.display_name, row.Text(2));
  ASSIGN_OR_RETURN(a.description, row.Text(3));
  ASSIGN_OR_RETURN(int64_t state, row.Int(4));
  a.state = static_cast<ServiceAccountState>(state);
  ASSIGN_OR_RETURN(a.secret_hash, row.Text(5));
  ASSIGN_OR_RETURN(a.secret_create_time, sql_values::ReadTime(row, 6));
  ASSIGN_OR_RETURN(a.previous_secret_hash, row.Text(7));
  ASSIGN_OR_RETURN(a.previous_secret_expire_time,
                   sql_values::ReadOptionalTime(row, 8));
  ASSIGN_OR_RETURN(a.tokens_not_before, sql_values::ReadOptionalTime(row, 9));
  ASSIGN_OR_RETURN(a.delete_time, sql_values::ReadOptionalTime(row, 10));
  ASSIGN_OR_RETURN(a.create_time, sql_values::ReadTime(row, 11));
  ASSIGN_OR_RETURN(a.update_time, sql_values::ReadTime(row, 12));
  ASSIGN_OR_RETURN(a.version, row.Int(13));
  return a;
}

// Every column but id, then version.
std::vector<sql::Value> MutableValues(const ServiceAccount& a,
                                      int64_t version) {
  return {a.client_id,
          a.display_name,
          a.description,
          static_cast<int64_t>(a.state),
          a.secret_hash,
          Micros(a.secret_create_time),
          a.previous_secret_hash,
          OptionalMicros(a.previous_secret_expire_time),
          OptionalMicros(a.tokens_not_before),
          OptionalMicros(a.delete_time),
          Micros(a.create_time),
          Micros(a.update_time),
          version};
}

absl::StatusOr<std::optional<ServiceAccount>> SelectOne(
    sql::Transaction& tx, absl::string_view column, absl::string_view value) {
  ASSIGN_OR_RETURN(
      sql::Result r,
      tx.Execute(absl::StrCat("SELECT ", kColumns,
                              " FROM identity_service_accounts WHERE ", column,
                              " = ?"),
                 {sql::Value(std::string(value))}));
  if (r.rows.empty()) return std::optional<ServiceAccount>();
  ASSIGN_OR_RETURN(ServiceAccount account, ReadAccount(r.rows[0]));
  return std::optional<ServiceAccount>(std::move(account));
}

}  // namespace

absl::Status SqlServiceAccountRepository::Create(Transaction& tx,
                                                 const ServiceAccount& a) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<sql::Value> params = {a.id};
  for (sql::Value& v : MutableValues(a, a.version)) {
    params.push_back(std::move(v));
  }
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(
          "INSERT INTO identity_service_accounts (id, client_id, "
          "display_name, description, state, secret_hash, secret_create_time, "
          "previous_secret_hash, previous_secret_expire_time, "
          "tokens_not_before, delete_time, create_time, update_time, version) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT DO NOTHING",
          params));
  if (r.affected_rows == 1) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<ServiceAccount> same_id,
                   SelectOne(*stx, "id", a.id));
  if (same_id.has_value()) return ServiceAccountIdTaken(a.name());
  return absl::AlreadyExistsError("client id taken");
}

absl::StatusOr<ServiceAccount> SqlServiceAccountRepository::Get(
    Transaction& tx, absl::string_view id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(std::optional<ServiceAccount> account,
                   SelectOne(*stx, "id", id));
  if (!account.has_value()) {
    return ServiceAccountNotFound(absl::StrCat("serviceAccounts/", id));
  }
  return *std::move(account);
}

absl::StatusOr<std::optional<ServiceAccount>>
SqlServiceAccountRepository::FindByClientId(Transaction& tx,
                                            absl::string_view client_id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  return SelectOne(*stx, "client_id", client_id);
}

absl::StatusOr<aip::ListResult<ServiceAccount>> SqlServiceAccountRepository::List(
    Transaction& tx, const ServiceAccountFilter& filter,
    const aip::PageQuery& page) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<std::string> conditions = {"delete_time IS NULL"};
  std::vector<sql::Value> params;
  if (filter.state != ServiceAccountState::kUnspecified) {
    conditions.push_back("state = ?");
    params.push_back(static_cast<int64_t>(filter.state));
  }
  std::string suffix;
  sql_values::AppendPage(page, "id", conditions, params, suffix);
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(
          absl::StrCat("SELECT ", kColumns, " FROM identity_service_accounts",
                       sql_values::WhereClause(conditions), suffix),
          params));
  std::vector<ServiceAccount> accounts;
  for (const sql::Row& row : r.rows) {
    ASSIGN_OR_RETURN(ServiceAccount a, ReadAccount(row));
    accounts.push_back(std::move(a));
  }
  return sql_values::ToListResult(std::move(accounts), page.limit);
}

absl::StatusOr<ServiceAccount> SqlServiceAccountRepository::Update(
    Transaction& tx, const ServiceAccount& a) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<sql::Value> params = MutableValues(a, a.version + 1);
  params.push_back(a.id);
  params.push_back(a.version);
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(
          "UPDATE identity_service_accounts SET client_id = ?, "
          "display_name = ?, description = ?, state = ?, secret_hash = ?, "
          "secret_create_time = ?, previous_secret_hash = ?, "
          "previous_secret_expire_time = ?, tokens_not_before = ?, "
          "delete_time = ?, create_time = ?, update_time = ?, version = ? "
          "WHERE id = ? AND version = ?",
          params));
  if (r.affected_rows == 0) {
    ASSIGN_OR_RETURN(std::optional<ServiceAccount> existing,
                     SelectOne(*stx, "id", a.id));
    return existing.has_value() ? aip::StaleEtag(a.name())
                                : ServiceAccountNotFound(a.name());
  }
  ServiceAccount updated = a;
  ++updated.version;
  return updated;
}

}  // namespace masar::identity
