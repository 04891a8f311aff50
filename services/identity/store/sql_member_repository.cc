#include "services/identity/store/sql_member_repository.h"

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

constexpr char kColumns[] =
    "organization_id, user_id, title, role, create_time, update_time, version";
// The list order's key, as MemberCursorKey renders it.
constexpr char kKey[] = "organization_id || '/' || user_id";

absl::StatusOr<Member> ReadMember(const sql::Row& row) {
  Member m;
  ASSIGN_OR_RETURN(m.organization_id, row.Text(0));
  ASSIGN_OR_RETURN(m.user_id, row.Text(1));
  ASSIGN_OR_RETURN(m.title, row.Text(2));
  ASSIGN_OR_RETURN(int64_t role, row.Int(3));
  m.role = static_cast<MemberRole>(role);
  ASSIGN_OR_RETURN(m.create_time, sql_values::ReadTime(row, 4));
  ASSIGN_OR_RETURN(m.update_time, sql_values::ReadTime(row, 5));
  ASSIGN_OR_RETURN(m.version, row.Int(6));
  return m;
}

// Deletes the memberships whose `column` is `value` (both drivers support
// RETURNING) and returns them.
absl::StatusOr<std::vector<Member>> DeleteWhere(Transaction& tx,
                                                absl::string_view column,
                                                absl::string_view value) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(absl::StrCat("DELETE FROM identity_members WHERE ", column,
                                " = ? RETURNING ", kColumns),
                   {std::string(value)}));
  std::vector<Member> members;
  for (const sql::Row& row : r.rows) {
    ASSIGN_OR_RETURN(Member member, ReadMember(row));
    members.push_back(std::move(member));
  }
  return members;
}

std::vector<sql::Value> Key(absl::string_view organization_id,
                            absl::string_view user_id) {
  return {std::string(organization_id), std::string(user_id)};
}

absl::StatusOr<bool> Exists(sql::Transaction& tx, const Member& m) {
  ASSIGN_OR_RETURN(sql::Result r,
                   tx.Execute("SELECT 1 FROM identity_members WHERE "
                              "organization_id = ? AND user_id = ?",
                              Key(m.organization_id, m.user_id)));
  return !r.rows.empty();
}

}  // namespace

absl::Status SqlMemberRepository::Create(Transaction& tx, const Member& m) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(
          "INSERT INTO identity_members (organization_id, user_id, title, "
          "role, create_time, update_time, version) VALUES (?, ?, ?, ?, ?, ?, "
          "?) ON CONFLICT DO NOTHING",
          {m.organization_id, m.user_id, m.title, static_cast<int64_t>(m.role),
           Micros(m.create_time), Micros(m.update_time), m.version}));
  if (r.affected_rows == 0) return MemberExists(m.name());
  return absl::OkStatus();
}

absl::StatusOr<Member> SqlMemberRepository::Get(
    Transaction& tx, absl::string_view organization_id,
    absl::string_view user_id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(absl::StrCat("SELECT ", kColumns,
                                " FROM identity_members WHERE "
                                "organization_id = ? AND user_id = ?"),
                   Key(organization_id, user_id)));
  if (r.rows.empty()) {
    return MemberNotFound(
        absl::StrCat("organizations/", organization_id, "/members/", user_id));
  }
  return ReadMember(r.rows[0]);
}

absl::StatusOr<aip::ListResult<Member>> SqlMemberRepository::List(
    Transaction& tx, const MemberFilter& filter, const aip::PageQuery& page) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<std::string> conditions;
  std::vector<sql::Value> params;
  if (!filter.organization_id.empty()) {
    conditions.push_back("organization_id = ?");
    params.push_back(filter.organization_id);
  }
  if (!filter.user_id.empty()) {
    conditions.push_back("user_id = ?");
    params.push_back(filter.user_id);
  }
  if (filter.role != MemberRole::kUnspecified) {
    conditions.push_back("role = ?");
    params.push_back(static_cast<int64_t>(filter.role));
  }
  std::string suffix;
  sql_values::AppendPage(page, kKey, conditions, params, suffix);
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(absl::StrCat("SELECT ", kColumns, " FROM identity_members",
                                sql_values::WhereClause(conditions), suffix),
                   params));
  std::vector<Member> members;
  for (const sql::Row& row : r.rows) {
    ASSIGN_OR_RETURN(Member m, ReadMember(row));
    members.push_back(std::move(m));
  }
  return sql_values::ToListResult(std::move(members), page.limit);
}

absl::StatusOr<int64_t> SqlMemberRepository::CountOwners(
    Transaction& tx, absl::string_view organization_id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(sql::Result r,
                   stx->Execute("SELECT COUNT(*) FROM identity_members WHERE "
                                "organization_id = ? AND role = ?",
                                {std::string(organization_id),
                                 static_cast<int64_t>(MemberRole::kOwner)}));
  return r.rows.at(0).Int(0);
}

absl::StatusOr<Member> SqlMemberRepository::Update(Transaction& tx,
                                                   const Member& m) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(
          "UPDATE identity_members SET title = ?, role = ?, update_time = ?, "
          "version = ? WHERE organization_id = ? AND user_id = ? AND "
          "version = ?",
          {m.title, static_cast<int64_t>(m.role), Micros(m.update_time),
           m.version + 1, m.organization_id, m.user_id, m.version}));
  if (r.affected_rows == 0) {
    ASSIGN_OR_RETURN(bool exists, Exists(*stx, m));
    return exists ? aip::StaleEtag(m.name()) : MemberNotFound(m.name());
  }
  Member updated = m;
  ++updated.version;
  return updated;
}

absl::Status SqlMemberRepository::Delete(Transaction& tx, const Member& m) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute("DELETE FROM identity_members WHERE organization_id = ? "
                   "AND user_id = ? AND version = ?",
                   {m.organization_id, m.user_id, m.version}));
  if (r.affected_rows == 0) {
    ASSIGN_OR_RETURN(bool exists, Exists(*stx, m));
    return exists ? aip::StaleEtag(m.name()) : MemberNotFound(m.name());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Member>> SqlMemberRepository::DeleteAllOfOrganization(
    Transaction& tx, absl::string_view organization_id) {
  return DeleteWhere(tx, "organization_id", organization_id);
}

absl::StatusOr<std::vector<Member>> SqlMemberRepository::DeleteAllOfUser(
    Transaction& tx, absl::string_view user_id) {
  return DeleteWhere(tx, "user_id", user_id);
}

}  // namespace masar::identity
