#include "services/partnerships/store/sql_agreement_repository.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/aip/etag.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"
#include "services/partnerships/domain/errors.h"
#include "services/partnerships/domain/names.h"
#include "services/partnerships/store/agreement_rows.h"
#include "services/partnerships/store/sql_rows.h"

namespace masar::partnerships {
namespace {

using sql_rows::Conditions;
using sql_rows::Day;
using sql_rows::Marks;
using sql_rows::ValuesOf;


// A stored ACTIVE agreement that readers see SUPERSEDED on the day bound
// to its one placeholder: its supersede_on, before its expires_on, reached.
constexpr char kSupersededByThen[] =
    "(a.supersede_on IS NOT NULL AND a.supersede_on < a.expires_on AND "
    "a.supersede_on <= ?)";

// The agreements whose EffectiveState on `today` is `state`, as a
// condition on the stored state (indexed) and the days that move it.
void AddEffectiveState(AgreementState state, absl::CivilDay today,
                       std::vector<std::string>& alternatives,
                       std::vector<sql::Value>& params) {
  const int64_t active = static_cast<int64_t>(AgreementState::kActive);
  switch (state) {
    case AgreementState::kActive:
      alternatives.push_back(
          absl::StrCat("(a.state = ? AND a.expires_on > ? AND NOT ",
                       kSupersededByThen, ")"));
      params.insert(params.end(), {active, Day(today), Day(today)});
      return;
    case AgreementState::kExpired:
      alternatives.push_back(absl::StrCat(
          "(a.state = ? OR (a.state = ? AND a.expires_on <= ? AND NOT ",
          kSupersededByThen, "))"));
      params.insert(params.end(),
                    {static_cast<int64_t>(AgreementState::kExpired), active,
                     Day(today), Day(today)});
      return;
    case AgreementState::kSuperseded:
      alternatives.push_back(absl::StrCat("(a.state = ? OR (a.state = ? AND ",
                                          kSupersededByThen, "))"));
      params.insert(params.end(),
                    {static_cast<int64_t>(AgreementState::kSuperseded), active,
                     Day(today)});
      return;
    default:
      alternatives.push_back("a.state = ?");
      params.emplace_back(std::in_place_type<int64_t>,
                          static_cast<int64_t>(state));
      return;
  }
}

void AddActiveOn(absl::CivilDay day, Conditions& where) {
  // Signed by then, in its term, and neither ended (terminated, expired,
  // superseded as stored) nor superseded (as derived) by then.
  where.Add(
      "a.signed_on <= ? AND a.effective_on <= ? AND a.expires_on > ? AND "
      "(a.ended_on IS NULL OR a.ended_on > ?) AND "
      "(a.supersede_on IS NULL OR a.supersede_on > ?)",
      {Day(day), Day(day), Day(day), Day(day), Day(day)});
}

Conditions FilterConditions(const AgreementFilter& filter) {
  Conditions where;
  if (!filter.party_id.empty()) {
    where.Add(agreement_rows::WithParty("a.id", "p.organization_id = ?"),
              {filter.party_id});
  }
  if (!filter.states.empty()) {
    std::vector<std::string> alternatives;
    std::vector<sql::Value> params;
    for (AgreementState state : filter.states) {
      AddEffectiveState(state, filter.today, alternatives, params);
    }
    where.Add(absl::StrCat("(", absl::StrJoin(alternatives, " OR "), ")"),
              std::move(params));
  }
  if (!filter.kinds.empty()) {
    where.Add(absl::StrCat("a.kind IN ", Marks(filter.kinds.size())),
              ValuesOf(filter.kinds));
  }
  if (!filter.scope_areas.empty()) {
    where.Add(absl::StrCat("a.id IN (SELECT s.agreement_id FROM "
                           "partnerships_agreement_scopes s WHERE "
                           "s.scope_area IN ",
                           Marks(filter.scope_areas.size()), ")"),
              ValuesOf(filter.scope_areas));
  }
  if (filter.expiring_before.has_value()) {
    where.Add("a.expires_on < ?", {Day(*filter.expiring_before)});
  }
  if (filter.active_on.has_value()) AddActiveOn(*filter.active_on, where);
  if (!filter.signatory_id.empty()) {
    where.Add(agreement_rows::WithParty("a.id", "p.signatory_id = ?"),
              {filter.signatory_id});
  }
  if (filter.visible_to.has_value()) {
    agreement_rows::AddVisibleTo(*filter.visible_to, "a.id", where);
  }
  return where;
}

absl::StatusOr<std::vector<Agreement>> Select(sql::Transaction& tx,
                                              absl::string_view rest,
                                              std::vector<sql::Value> params) {
  ASSIGN_OR_RETURN(
      const sql::Result r,
      tx.Execute(absl::StrCat("SELECT ", agreement_rows::SelectColumns(),
                              " FROM partnerships_agreements a", rest),
                 params));
  return agreement_rows::ReadAgreements(tx, r);
}

absl::StatusOr<bool> Exists(sql::Transaction& tx, absl::string_view id) {
  ASSIGN_OR_RETURN(
      const sql::Result r,
      tx.Execute("SELECT 1 FROM partnerships_agreements WHERE id = ?",
                 {sql::Value(std::string(id))}));
  return !r.rows.empty();
}

// The status of a compare-and-set that matched no row.
absl::Status Missed(sql::Transaction& tx, const Agreement& agreement) {
  ASSIGN_OR_RETURN(const bool exists, Exists(tx, agreement.id));
  return exists ? aip::StaleEtag(AgreementName(agreement.id))
                : AgreementNotFound(AgreementName(agreement.id));
}

}  // namespace

ResourceCacheOptions AgreementCacheOptions() {
  ResourceCacheOptions options;
  options.key_prefix = "masar:partnerships:agreement:";
  return options;
}

absl::Status SqlAgreementRepository::Create(Transaction& tx,
                                            const Agreement& agreement) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  RETURN_IF_ERROR(agreement_rows::Insert(*stx, agreement));
  return agreement_rows::WriteChildren(*stx, agreement);
}

absl::StatusOr<Agreement> SqlAgreementRepository::Get(Transaction& tx,
                                                      absl::string_view id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(std::vector<Agreement> found,
                   Select(*stx, " WHERE a.id = ?", {std::string(id)}));
  if (found.empty()) return AgreementNotFound(AgreementName(id));
  return std::move(found.front());
}

absl::StatusOr<Agreement> SqlAgreementRepository::Update(
    Transaction& tx, const Agreement& agreement) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(const bool updated,
                   agreement_rows::UpdateIfVersion(*stx, agreement));
  if (!updated) return Missed(*stx, agreement);
  RETURN_IF_ERROR(agreement_rows::WriteChildren(*stx, agreement));
  if (cache_ != nullptr) {
    RETURN_IF_ERROR(cache_->InvalidateOnCommit(*stx, agreement.id));
  }
  Agreement stored = agreement;
  ++stored.version;
  stored.in_force = false;  // derived on read, never stored
  return stored;
}

absl::Status SqlAgreementRepository::Delete(Transaction& tx,
                                            const Agreement& agreement) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      const sql::Result r,
      stx->Execute(
          "DELETE FROM partnerships_agreements WHERE id = ? AND version = ?",
          {agreement.id, agreement.version}));
  if (r.affected_rows == 0) return Missed(*stx, agreement);
  RETURN_IF_ERROR(agreement_rows::DeleteChildren(*stx, agreement.id));
  if (cache_ != nullptr) {
    RETURN_IF_ERROR(cache_->InvalidateOnCommit(*stx, agreement.id));
  }
  return absl::OkStatus();
}

absl::StatusOr<aip::ListResult<Agreement>> SqlAgreementRepository::List(
    Transaction& tx, const AgreementFilter& filter,
    const aip::PageQuery& page) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  Conditions where = FilterConditions(filter);
  if (page.after.has_value()) {
    // Newest first: the next page starts strictly before the cursor.
    const sql::Value time = sql_rows::Instant(page.after->create_time);
    where.Add("(a.create_time < ? OR (a.create_time = ? AND a.id < ?))",
              {time, time, page.after->key});
  }
  const std::string where_sql = where.Where();
  std::vector<sql::Value> params = std::move(where).ParamsThenLimit(page.limit);
  ASSIGN_OR_RETURN(
      std::vector<Agreement> rows,
      Select(*stx,
             absl::StrCat(where_sql,
                          " ORDER BY a.create_time DESC, a.id DESC LIMIT ?"),
             std::move(params)));
  return sql_rows::PageOf(std::move(rows), page.limit);
}

absl::StatusOr<std::vector<Agreement>> SqlAgreementRepository::ListExtending(
    Transaction& tx, absl::string_view id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  return Select(*stx, " WHERE a.extends_id = ? ORDER BY a.create_time, a.id",
                {std::string(id)});
}

absl::StatusOr<std::vector<Agreement>> SqlAgreementRepository::ListDue(
    Transaction& tx, absl::CivilDay today, int limit) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  return Select(*stx,
                " WHERE a.state = ? AND (a.expires_on <= ? OR "
                "a.supersede_on <= ?) ORDER BY a.expires_on, a.id LIMIT ?",
                {static_cast<int64_t>(AgreementState::kActive), Day(today),
                 Day(today), static_cast<int64_t>(limit)});
}

absl::StatusOr<std::vector<Agreement>>
SqlAgreementRepository::ListUnsignedBySignatory(Transaction& tx,
                                                absl::string_view user_id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  return Select(
      *stx,
      absl::StrCat(" WHERE a.state IN ", Marks(3), " AND ",
                   agreement_rows::WithParty(
                       "a.id", "p.signatory_id = ? AND p.signer_id IS NULL"),
                   " ORDER BY a.create_time, a.id"),
      {static_cast<int64_t>(AgreementState::kDraft),
       static_cast<int64_t>(AgreementState::kInReview),
       static_cast<int64_t>(AgreementState::kAwaitingSignatures),
       std::string(user_id)});
}

}  // namespace masar::partnerships
