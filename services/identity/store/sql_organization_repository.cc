#include "services/identity/store/sql_organization_repository.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"
#include "services/identity/domain/errors.h"
#include "services/identity/store/sql_values.h"

namespace masar::identity {
namespace {

using sql_values::Micros;
using sql_values::OptionalMicros;
using sql_values::TextOrNull;

constexpr char kColumns[] =
    "id, display_name_ar, display_name_fr, display_name_en, kind, country, "
    "ice, website, create_time, update_time, delete_time, version";

absl::StatusOr<Organization> ReadOrganization(const sql::Row& row) {
  Organization o;
  ASSIGN_OR_RETURN(o.id, row.Text(0));
  ASSIGN_OR_RETURN(o.display_name.ar, row.Text(1));
  ASSIGN_OR_RETURN(o.display_name.fr, row.Text(2));
  ASSIGN_OR_RETURN(o.display_name.en, row.Text(3));
  ASSIGN_OR_RETURN(int64_t kind, row.Int(4));
  o.kind = static_cast<OrganizationKind>(kind);
  ASSIGN_OR_RETURN(o.country, row.Text(5));
  ASSIGN_OR_RETURN(o.ice, sql_values::ReadText(row, 6));
  ASSIGN_OR_RETURN(o.website, row.Text(7));
  ASSIGN_OR_RETURN(o.create_time, sql_values::ReadTime(row, 8));
  ASSIGN_OR_RETURN(o.update_time, sql_values::ReadTime(row, 9));
  ASSIGN_OR_RETURN(o.delete_time, sql_values::ReadOptionalTime(row, 10));
  ASSIGN_OR_RETURN(o.version, row.Int(11));
  return o;
}

absl::StatusOr<std::vector<Organization>> ReadOrganizations(
    const sql::Result& result) {
  std::vector<Organization> orgs;
  for (const sql::Row& row : result.rows) {
    ASSIGN_OR_RETURN(Organization org, ReadOrganization(row));
    orgs.push_back(std::move(org));
  }
  return orgs;
}

// Every column but id, then version.
std::vector<sql::Value> MutableValues(const Organization& o, int64_t version) {
  return {o.display_name.ar,
          o.display_name.fr,
          o.display_name.en,
          OrganizationSearchText(o.display_name),
          static_cast<int64_t>(o.kind),
          o.country,
          TextOrNull(o.ice),
          o.website,
          Micros(o.create_time),
          Micros(o.update_time),
          OptionalMicros(o.delete_time),
          version};
}

absl::StatusOr<bool> Exists(sql::Transaction& tx, absl::string_view id) {
  ASSIGN_OR_RETURN(
      sql::Result r,
      tx.Execute("SELECT 1 FROM identity_organizations WHERE id = ?",
                 {sql::Value(std::string(id))}));
  return !r.rows.empty();
}

// LIKE pattern for a substring, with the wildcards of `text` escaped.
std::string ContainsPattern(absl::string_view text) {
  std::string pattern = "%";
  for (char c : absl::AsciiStrToLower(text)) {
    if (c == '%' || c == '_' || c == '!') pattern.push_back('!');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

}  // namespace

absl::Status SqlOrganizationRepository::Create(Transaction& tx,
                                               const Organization& org) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<sql::Value> params = {org.id};
  for (sql::Value& v : MutableValues(org, org.version)) {
    params.push_back(std::move(v));
  }
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(
          "INSERT INTO identity_organizations (id, display_name_ar, "
          "display_name_fr, display_name_en, search_text, kind, country, ice, "
          "website, create_time, update_time, delete_time, version) VALUES "
          "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
          params));
  if (r.affected_rows == 1) return absl::OkStatus();
  ASSIGN_OR_RETURN(bool id_taken, Exists(*stx, org.id));
  if (id_taken) return absl::AlreadyExistsError("organization id taken");
  return IceTaken();
}

absl::StatusOr<Organization> SqlOrganizationRepository::Get(
    Transaction& tx, absl::string_view id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(absl::StrCat("SELECT ", kColumns,
                                " FROM identity_organizations WHERE id = ?"),
                   {sql::Value(std::string(id))}));
  if (r.rows.empty()) {
    return OrganizationNotFound(absl::StrCat("organizations/", id));
  }
  return ReadOrganization(r.rows[0]);
}

absl::StatusOr<std::optional<Organization>>
SqlOrganizationRepository::FindLiveByIce(Transaction& tx,
                                         absl::string_view ice) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  if (ice.empty()) return std::optional<Organization>();
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(absl::StrCat("SELECT ", kColumns,
                                " FROM identity_organizations WHERE ice = ? "
                                "AND delete_time IS NULL"),
                   {sql::Value(std::string(ice))}));
  if (r.rows.empty()) return std::optional<Organization>();
  ASSIGN_OR_RETURN(Organization org, ReadOrganization(r.rows[0]));
  return std::optional<Organization>(std::move(org));
}

absl::StatusOr<aip::ListResult<Organization>> SqlOrganizationRepository::List(
    Transaction& tx, const OrganizationFilter& filter, const aip::PageQuery& page) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<std::string> conditions;
  std::vector<sql::Value> params;
  if (!filter.show_deleted) conditions.push_back("delete_time IS NULL");
  if (filter.kind != OrganizationKind::kUnspecified) {
    conditions.push_back("kind = ?");
    params.push_back(static_cast<int64_t>(filter.kind));
  }
  if (!filter.country.empty()) {
    conditions.push_back("country = ?");
    params.push_back(filter.country);
  }
  if (!filter.ice.empty()) {
    conditions.push_back("ice = ?");
    params.push_back(filter.ice);
  }
  if (!filter.display_name_query.empty()) {
    // Both sides are ASCII-lower-cased, so LIKE's case rules (insensitive in
    // SQLite, sensitive in PostgreSQL) agree.
    conditions.push_back("search_text LIKE ? ESCAPE '!'");
    params.push_back(ContainsPattern(filter.display_name_query));
  }
  std::string suffix;
  sql_values::AppendPage(page, "id", conditions, params, suffix);
  ASSIGN_OR_RETURN(
      sql::Result r,
      stx->Execute(
          absl::StrCat("SELECT ", kColumns, " FROM identity_organizations",
                       sql_values::WhereClause(conditions), suffix),
          params));
  ASSIGN_OR_RETURN(std::vector<Organization> orgs, ReadOrganizations(r));
  return sql_values::ToListResult(std::move(orgs), page.limit);
}

absl::StatusOr<Organization> SqlOrganizationRepository::Update(
    Transaction& tx, const Organization& org) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<sql::Value> params = MutableValues(org, org.version + 1);
  params.push_back(org.id);
  params.push_back(org.version);
  absl::StatusOr<sql::Result> r = stx->Execute(
      "UPDATE identity_organizations SET display_name_ar = ?, "
      "display_name_fr = ?, display_name_en = ?, search_text = ?, kind = ?, "
      "country = ?, ice = ?, website = ?, create_time = ?, update_time = ?, "
      "delete_time = ?, version = ? WHERE id = ? AND version = ?",
      params);
  // The only unique key an update can break is the live ICE's.
  if (absl::IsAlreadyExists(r.status())) return IceTaken();
  if (!r.ok()) return r.status();
  if (r->affected_rows == 0) {
    ASSIGN_OR_RETURN(bool exists, Exists(*stx, org.id));
    return exists ? aip::StaleEtag(org.name()) : OrganizationNotFound(org.name());
  }
  Organization updated = org;
  ++updated.version;
  return updated;
}

}  // namespace masar::identity
