#include "services/identity/store/sql_role_binding_repository.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"
#include "services/identity/domain/errors.h"
#include "services/identity/store/sql_values.h"

namespace masar::identity {
namespace {

constexpr char kColumns[] = "id, principal, role, scope, creator, create_time";

absl::StatusOr<RoleBinding> ReadBinding(const sql::Row& row) {
  RoleBinding b;
  ASSIGN_OR_RETURN(b.id, row.Text(0));
  ASSIGN_OR_RETURN(b.principal, row.Text(1));
  ASSIGN_OR_RETURN(int64_t role, row.Int(2));
  b.role = static_cast<Role>(role);
  ASSIGN_OR_RETURN(b.scope, row.Text(3));
  ASSIGN_OR_RETURN(b.creator, row.Text(4));
  ASSIGN_OR_RETURN(b.create_time, sql_values::ReadTime(row, 5));
  return b;
}

absl::StatusOr<std::vector<RoleBinding>> ReadBindings(const sql::Result& r) {
  std::vector<RoleBinding> bindings;
  for (const sql::Row& row : r.rows) {
    ASSIGN_OR_RETURN(RoleBinding b, ReadBinding(row));
    bindings.push_back(std::move(b));
  }
  return bindings;
}

void AddFilter(const RoleBindingFilter& filter,
               std::vector<std::string>& conditions,
               std::vector<sql::Value>& params) {
  if (!filter.principal.empty()) {
    conditions.push_back("principal = ?");
    params.push_back(filter.principal);
  }
  if (filter.role != Role::kUnspecified) {
    conditions.push_back("role = ?");
    params.push_back(static_cast<int64_t>(filter.role));
  }
  if (!filter.scope.empty()) {
    conditions.push_back("scope = ?");
    params.push_back(filter.scope);
  }
}

}  // namespace

absl::Status SqlRoleBindingRepository::Create(Transaction& tx,
                                              const RoleBinding& b) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute("INSERT INTO identity_role_bindings (id, principal, role, "
                   "scope, creator, create_time) VALUES (?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT DO NOTHING",
                   {b.id, b.principal, static_cast<int64_t>(b.role), b.scope,
                    b.creator, sql_values::Micros(b.create_time)}));
  if (r.affected_rows == 1) return absl::OkStatus();
  ASSIGN_OR_RETURN(
      sql::Result existing,
      stx->Execute("SELECT 1 FROM identity_role_bindings WHERE id = ?",
                   {b.id}));
  if (!existing.rows.empty()) {
    return absl::AlreadyExistsError("role binding id taken");
  }
  return RoleBindingExists();
}

absl::StatusOr<RoleBinding> SqlRoleBindingRepository::Get(
    Transaction& tx, absl::string_view id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(absl::StrCat("SELECT ", kColumns,
                                " FROM identity_role_bindings WHERE id = ?"),
                   {sql::Value(std::string(id))}));
  if (r.rows.empty()) {
    return RoleBindingNotFound(absl::StrCat("roleBindings/", id));
  }
  return ReadBinding(r.rows[0]);
}

absl::StatusOr<aip::ListResult<RoleBinding>> SqlRoleBindingRepository::List(
    Transaction& tx, const RoleBindingFilter& filter, const aip::PageQuery& page) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<std::string> conditions;
  std::vector<sql::Value> params;
  AddFilter(filter, conditions, params);
  std::string suffix;
  sql_values::AppendPage(page, "id", conditions, params, suffix);
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(
          absl::StrCat("SELECT ", kColumns, " FROM identity_role_bindings",
                       sql_values::WhereClause(conditions), suffix),
          params));
  ASSIGN_OR_RETURN(std::vector<RoleBinding> bindings, ReadBindings(r));
  return sql_values::ToListResult(std::move(bindings), page.limit);
}

absl::StatusOr<std::vector<RoleBinding>> SqlRoleBindingRepository::FindAll(
    Transaction& tx, const RoleBindingFilter& filter) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<std::string> conditions;
  std::vector<sql::Value> params;
  AddFilter(filter, conditions, params);
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(
          absl::StrCat("SELECT ", kColumns, " FROM identity_role_bindings",
                       sql_values::WhereClause(conditions),
                       " ORDER BY create_time, id"),
          params));
  return ReadBindings(r);
}

absl::Status SqlRoleBindingRepository::Delete(Transaction& tx,
                                              absl::string_view id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute("DELETE FROM identity_role_bindings WHERE id = ?",
                   {sql::Value(std::string(id))}));
  if (r.affected_rows == 0) {
    return RoleBindingNotFound(absl::StrCat("roleBindings/", id));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> SqlRoleBindingRepository::DeleteAll(
    Transaction& tx, const RoleBindingFilter& filter) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<std::string> conditions;
  std::vector<sql::Value> params;
  AddFilter(filter, conditions, params);
  if (conditions.empty()) {
    return absl::InvalidArgumentError("DeleteAll needs a filter");
  }
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(absl::StrCat("DELETE FROM identity_role_bindings",
                                sql_values::WhereClause(conditions)),
                   params));
  return r.affected_rows;
}

}  // namespace masar::identity
