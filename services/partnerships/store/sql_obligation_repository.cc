#include "services/partnerships/store/sql_obligation_repository.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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
using sql_rows::Instant;
using sql_rows::Marks;
using sql_rows::RowReader;
using sql_rows::ValuesOf;

constexpr char kColumns[] =
    "o.agreement_id, o.id, o.responsible_party_id, o.description_ar, "
    "o.description_fr, o.description_en, o.due_on, o.state, "
    "o.evidence_digest, o.evidence_note, o.state_reason, o.state_changed_by, "
    "o.state_change_time, o.create_time, o.update_time, o.version";


absl::StatusOr<Obligation> ReadObligation(const sql::Row& row) {
  RowReader r(row);
  Obligation o;
  ASSIGN_OR_RETURN(o.agreement_id, r.Text());
  ASSIGN_OR_RETURN(o.id, r.Text());
  ASSIGN_OR_RETURN(o.responsible_party_id, r.Text());
  ASSIGN_OR_RETURN(o.description, r.Localized());
  ASSIGN_OR_RETURN(o.due_on, r.Day());
  ASSIGN_OR_RETURN(const int64_t state, r.Int());
  o.state = static_cast<ObligationState>(state);
  ASSIGN_OR_RETURN(o.evidence_digest, r.Text());
  ASSIGN_OR_RETURN(o.evidence_note, r.Text());
  ASSIGN_OR_RETURN(o.state_reason, r.Text());
  ASSIGN_OR_RETURN(o.state_changed_by, r.Text());
  ASSIGN_OR_RETURN(o.state_change_time, r.OptionalInstant());
  ASSIGN_OR_RETURN(o.create_time, r.Instant());
  ASSIGN_OR_RETURN(o.update_time, r.Instant());
  ASSIGN_OR_RETURN(o.version, r.Int());
  return o;
}

absl::StatusOr<std::vector<Obligation>> Select(sql::Transaction& tx,
                                               absl::string_view rest,
                                               std::vector<sql::Value> params) {
  ASSIGN_OR_RETURN(
      const sql::Result r,
      tx.Execute(absl::StrCat("SELECT ", kColumns,
                              " FROM partnerships_obligations o", rest),
                 params));
  return sql_rows::ReadAll<Obligation>(r, ReadObligation);
}

// Every column but the key, then version.
std::vector<sql::Value> MutableValues(const Obligation& o, int64_t version) {
  std::vector<sql::Value> v = {o.responsible_party_id};
  sql_rows::AppendLocalized(o.description, v);
  v.push_back(Day(o.due_on));
  v.push_back(static_cast<int64_t>(o.state));
  v.push_back(o.evidence_digest);
  v.push_back(o.evidence_note);
  v.push_back(o.state_reason);
  v.push_back(o.state_changed_by);
  v.push_back(sql_rows::OptionalInstant(o.state_change_time));
  v.push_back(Instant(o.create_time));
  v.push_back(Instant(o.update_time));
  v.push_back(version);
  return v;
}

absl::Status Missed(sql::Transaction& tx, const Obligation& o) {
  ASSIGN_OR_RETURN(const sql::Result r,
                   tx.Execute("SELECT 1 FROM partnerships_obligations "
                              "WHERE agreement_id = ? AND id = ?",
                              {o.agreement_id, o.id}));
  return r.rows.empty() ? ObligationNotFound(ObligationName(o.agreement_id, o.id))
                        : aip::StaleEtag(ObligationName(o.agreement_id, o.id));
}

void AddOverdue(absl::CivilDay today, Conditions& where) {
  where.Add(
      "o.state IN (?, ?) AND o.due_on < ? AND EXISTS (SELECT 1 FROM "
      "partnerships_agreements a WHERE a.id = o.agreement_id AND "
      "a.state IN (?, ?, ?))",
      {static_cast<int64_t>(ObligationState::kOpen),
       static_cast<int64_t>(ObligationState::kInProgress), Day(today),
       static_cast<int64_t>(AgreementState::kActive),
       static_cast<int64_t>(AgreementState::kExpired),
       static_cast<int64_t>(AgreementState::kSuperseded)});
}

absl::Status AddAfter(const aip::PageCursor& after, Conditions& where) {
  const std::vector<std::string> key =
      absl::StrSplit(after.key, absl::MaxSplits('/', 1));
  if (key.size() != 2) return aip::InvalidPageToken();
  const sql::Value day = Day(sql_rows::CursorDay(after.create_time));
  where.Add(
      "(o.due_on > ? OR (o.due_on = ? AND (o.agreement_id > ? OR "
      "(o.agreement_id = ? AND o.id > ?))))",
      {day, day, key[0], key[0], key[1]});
  return absl::OkStatus();
}

}  // namespace

absl::Status SqlObligationRepository::Create(Transaction& tx,
                                             const Obligation& obligation) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<sql::Value> params = {obligation.agreement_id, obligation.id};
  for (sql::Value& v : MutableValues(obligation, obligation.version)) {
    params.push_back(std::move(v));
  }
  ASSIGN_OR_RETURN(
      const sql::Result r,
      stx->Execute(
          absl::StrCat("INSERT INTO partnerships_obligations (agreement_id, "
                       "id, responsible_party_id, description_ar, "
                       "description_fr, description_en, due_on, state, "
                       "evidence_digest, evidence_note, state_reason, "
                       "state_changed_by, state_change_time, create_time, "
                       "update_time, version) VALUES ",
                       Marks(params.size()), " ON CONFLICT DO NOTHING"),
          params));
  if (r.affected_rows != 1) {
    return absl::AlreadyExistsError(absl::StrCat(
        ObligationName(obligation.agreement_id, obligation.id), " already exists"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Obligation> SqlObligationRepository::Get(
    Transaction& tx, absl::string_view agreement_id, absl::string_view id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(std::vector<Obligation> found,
                   Select(*stx, " WHERE o.agreement_id = ? AND o.id = ?",
                          {std::string(agreement_id), std::string(id)}));
  if (found.empty()) return ObligationNotFound(ObligationName(agreement_id, id));
  return std::move(found.front());
}

absl::StatusOr<Obligation> SqlObligationRepository::Update(
    Transaction& tx, const Obligation& obligation) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<sql::Value> params =
      MutableValues(obligation, obligation.version + 1);
  params.insert(params.end(),
                {obligation.agreement_id, obligation.id, obligation.version});
  ASSIGN_OR_RETURN(
      const sql::Result r,
      stx->Execute(
          "UPDATE partnerships_obligations SET responsible_party_id = ?, "
          "description_ar = ?, description_fr = ?, description_en = ?, "
          "due_on = ?, state = ?, evidence_digest = ?, evidence_note = ?, "
          "state_reason = ?, state_changed_by = ?, state_change_time = ?, "
          "create_time = ?, update_time = ?, version = ? "
          "WHERE agreement_id = ? AND id = ? AND version = ?",
          params));
  if (r.affected_rows == 0) return Missed(*stx, obligation);
  Obligation stored = obligation;
  ++stored.version;
  stored.overdue = false;  // derived on read, never stored
  return stored;
}

absl::Status SqlObligationRepository::Delete(Transaction& tx,
                                             const Obligation& obligation) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(
      const sql::Result r,
      stx->Execute(
          "DELETE FROM partnerships_obligations "
          "WHERE agreement_id = ? AND id = ? AND version = ?",
          {obligation.agreement_id, obligation.id, obligation.version}));
  if (r.affected_rows == 0) return Missed(*stx, obligation);
  return absl::OkStatus();
}

absl::StatusOr<aip::ListResult<Obligation>> SqlObligationRepository::List(
    Transaction& tx, const ObligationFilter& filter,
    const aip::PageQuery& page) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  Conditions where;
  if (!filter.agreement_id.empty()) {
    where.Add("o.agreement_id = ?", {filter.agreement_id});
  }
  if (filter.visible_to.has_value()) {
    agreement_rows::AddVisibleTo(*filter.visible_to, "o.agreement_id", where);
  }
  if (!filter.states.empty()) {
    where.Add(absl::StrCat("o.state IN ", Marks(filter.states.size())),
              ValuesOf(filter.states));
  }
  if (!filter.responsible_party_id.empty()) {
    where.Add("o.responsible_party_id = ?", {filter.responsible_party_id});
  }
  if (filter.overdue_only) AddOverdue(filter.today, where);
  if (filter.due_before.has_value()) {
    where.Add("o.due_on < ?", {Day(*filter.due_before)});
  }
  if (page.after.has_value()) RETURN_IF_ERROR(AddAfter(*page.after, where));
  const std::string where_sql = where.Where();
  std::vector<sql::Value> params = std::move(where).ParamsThenLimit(page.limit);
  ASSIGN_OR_RETURN(
      std::vector<Obligation> rows,
      Select(*stx,
             absl::StrCat(where_sql,
                          " ORDER BY o.due_on, o.agreement_id, o.id LIMIT ?"),
             std::move(params)));
  return sql_rows::PageOf(std::move(rows), page.limit);
}

absl::StatusOr<std::vector<Obligation>> SqlObligationRepository::ListAllOf(
    Transaction& tx, absl::string_view agreement_id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  return Select(*stx, " WHERE o.agreement_id = ? ORDER BY o.id",
                {std::string(agreement_id)});
}

absl::Status SqlObligationRepository::DeleteAllOf(
    Transaction& tx, absl::string_view agreement_id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  return stx
      ->Execute("DELETE FROM partnerships_obligations WHERE agreement_id = ?",
                {std::string(agreement_id)})
      .status();
}

}  // namespace masar::partnerships
