#include "services/partnerships/store/agreement_rows.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/status_macros.h"
#include "nlohmann/json.hpp"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships::agreement_rows {
namespace {

using sql_rows::Day;
using sql_rows::Instant;
using sql_rows::NullIfEmpty;
using sql_rows::OptionalDay;
using sql_rows::OptionalInstant;
using sql_rows::RowReader;

// Every column but id, in the order of MutableValues.
// clang-format off
constexpr const char* kMutableColumns[] = {
    "kind", "title_ar", "title_fr", "title_en", "summary_ar", "summary_fr",
    "summary_en", "effective_on", "duration_months", "signing_place_ar",
    "signing_place_fr", "signing_place_en", "terms_document_digest",
    "nomination_rights", "expires_on", "extends_id", "superseded_by_id",
    "supersede_on", "content_digest", "digest_format", "state",
    "state_reason", "state_change_time", "activate_time", "end_time",
    "signed_on", "ended_on", "paper_signed_on", "paper_document_digest",
    "paper_recorded_by", "paper_record_time", "creator", "create_time",
    "update_time", "version"};
// clang-format on
constexpr size_t kMutableCount = std::size(kMutableColumns);

// Parameters of one statement: each engine caps them (SQLite at 32766,
// PostgreSQL at 65535), so lists of ids go in slices.
constexpr size_t kIdSlice = 500;

std::string RightsJson(const std::vector<NominationRight>& rights) {
  nlohmann::json json = nlohmann::json::array();
  for (const NominationRight& right : rights) {
    json.push_back({{"organization_id", right.organization_id},
                    {"program_ids", right.program_ids},
                    {"max_nominations", right.max_nominations}});
  }
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string AmrJson(const std::vector<std::string>& amr) {
  return nlohmann::json(amr).dump(-1, ' ', false,
                                  nlohmann::json::error_handler_t::replace);
}

// JSON the store wrote; INTERNAL when it is not (a damaged row).
absl::StatusOr<nlohmann::json> ParseJson(const std::string& text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_array()) {
    return absl::InternalError("an agreement row holds malformed JSON");
  }
  return json;
}

absl::StatusOr<std::vector<NominationRight>> ReadRights(
    const std::string& text) {
  ASSIGN_OR_RETURN(const nlohmann::json json, ParseJson(text));
  std::vector<NominationRight> rights;
  try {
    for (const nlohmann::json& item : json) {
      NominationRight right;
      right.organization_id = item.at("organization_id").get<std::string>();
      right.program_ids =
          item.at("program_ids").get<std::vector<std::string>>();
      right.max_nominations = item.at("max_nominations").get<int>();
      rights.push_back(std::move(right));
    }
  } catch (const nlohmann::json::exception&) {
    return absl::InternalError("an agreement row holds malformed rights");
  }
  return rights;
}

absl::StatusOr<std::vector<std::string>> ReadAmr(const std::string& text) {
  ASSIGN_OR_RETURN(const nlohmann::json json, ParseJson(text));
  try {
    return json.get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    return absl::InternalError("a party row holds a malformed amr");
  }
}

std::vector<sql::Value> MutableValues(const Agreement& a, int64_t version) {
  const AgreementTerms& t = a.terms;
  std::vector<sql::Value> v;
  v.reserve(kMutableCount);
  v.push_back(static_cast<int64_t>(t.kind));
  sql_rows::AppendLocalized(t.title, v);
  sql_rows::AppendLocalized(t.summary, v);
  v.push_back(Day(t.effective_on));
  v.push_back(static_cast<int64_t>(t.duration_months));
  sql_rows::AppendLocalized(t.signing_place, v);
  v.push_back(t.terms_document_digest);
  v.push_back(RightsJson(t.nomination_rights));
  v.push_back(Day(a.expires_on));
  v.push_back(NullIfEmpty(a.extends_id));
  v.push_back(NullIfEmpty(a.superseded_by_id));
  v.push_back(OptionalDay(a.supersede_on));
  v.push_back(a.content_digest);
  v.push_back(a.digest_format);
  v.push_back(static_cast<int64_t>(a.state));
  v.push_back(a.state_reason);
  v.push_back(Instant(a.state_change_time));
  v.push_back(OptionalInstant(a.activate_time));
  v.push_back(OptionalInstant(a.end_time));
  v.push_back(OptionalDay(a.signed_on));
  v.push_back(OptionalDay(a.ended_on));
  const std::optional<PaperRecord>& paper = a.paper_record;
  v.push_back(paper ? Day(paper->signed_on) : sql::Value());
  v.push_back(paper ? sql::Value(paper->signed_document_digest) : sql::Value());
  v.push_back(paper ? sql::Value(paper->recorded_by) : sql::Value());
  v.push_back(paper ? Instant(paper->record_time) : sql::Value());
  v.push_back(a.creator);
  v.push_back(Instant(a.create_time));
  v.push_back(Instant(a.update_time));
  v.push_back(version);
  return v;
}

absl::Status ReadTerms(RowReader& r, AgreementTerms& t) {
  ASSIGN_OR_RETURN(const int64_t kind, r.Int());
  t.kind = static_cast<AgreementKind>(kind);
  ASSIGN_OR_RETURN(t.title, r.Localized());
  ASSIGN_OR_RETURN(t.summary, r.Localized());
  ASSIGN_OR_RETURN(t.effective_on, r.Day());
  ASSIGN_OR_RETURN(const int64_t months, r.Int());
  t.duration_months = static_cast<int>(months);
  ASSIGN_OR_RETURN(t.signing_place, r.Localized());
  ASSIGN_OR_RETURN(t.terms_document_digest, r.Text());
  ASSIGN_OR_RETURN(const std::string rights, r.Text());
  ASSIGN_OR_RETURN(t.nomination_rights, ReadRights(rights));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<PaperRecord>> ReadPaperRecord(RowReader& r) {
  if (r.NextIsNull()) {
    for (int i = 0; i < 4; ++i) r.Skip();
    return std::optional<PaperRecord>();
  }
  PaperRecord paper;
  ASSIGN_OR_RETURN(paper.signed_on, r.Day());
  ASSIGN_OR_RETURN(paper.signed_document_digest, r.Text());
  ASSIGN_OR_RETURN(paper.recorded_by, r.Text());
  ASSIGN_OR_RETURN(paper.record_time, r.Instant());
  return std::optional<PaperRecord>(std::move(paper));
}

absl::StatusOr<Agreement> ReadAgreement(const sql::Row& row) {
  RowReader r(row);
  Agreement a;
  ASSIGN_OR_RETURN(a.id, r.Text());
  RETURN_IF_ERROR(ReadTerms(r, a.terms));
  ASSIGN_OR_RETURN(a.expires_on, r.Day());
  ASSIGN_OR_RETURN(a.extends_id, r.TextOrEmpty());
  ASSIGN_OR_RETURN(a.superseded_by_id, r.TextOrEmpty());
  ASSIGN_OR_RETURN(a.supersede_on, r.OptionalDay());
  ASSIGN_OR_RETURN(a.content_digest, r.Text());
  ASSIGN_OR_RETURN(a.digest_format, r.Text());
  ASSIGN_OR_RETURN(const int64_t state, r.Int());
  a.state = static_cast<AgreementState>(state);
  ASSIGN_OR_RETURN(a.state_reason, r.Text());
  ASSIGN_OR_RETURN(a.state_change_time, r.Instant());
  ASSIGN_OR_RETURN(a.activate_time, r.OptionalInstant());
  ASSIGN_OR_RETURN(a.end_time, r.OptionalInstant());
  ASSIGN_OR_RETURN(a.signed_on, r.OptionalDay());
  ASSIGN_OR_RETURN(a.ended_on, r.OptionalDay());
  ASSIGN_OR_RETURN(a.paper_record, ReadPaperRecord(r));
  ASSIGN_OR_RETURN(a.creator, r.Text());
  ASSIGN_OR_RETURN(a.create_time, r.Instant());
  ASSIGN_OR_RETURN(a.update_time, r.Instant());
  ASSIGN_OR_RETURN(a.version, r.Int());
  return a;
}

constexpr char kPartyColumns[] =
    "agreement_id, party_index, organization_id, role, signatory_id, "
    "signatory_title, signatory_status, signer_id, sign_time, signed_digest, "
    "signature_amr, signature_token_id";
constexpr size_t kPartyColumnCount = 12;

void AppendPartyValues(absl::string_view agreement_id, int64_t index,
                       const Party& p, std::vector<sql::Value>& v) {
  v.push_back(std::string(agreement_id));
  v.push_back(index);
  v.push_back(p.organization_id);
  v.push_back(static_cast<int64_t>(p.role));
  v.push_back(p.signatory_id);
  v.push_back(p.signatory_title);
  v.push_back(static_cast<int64_t>(p.signatory_status));
  const std::optional<PartySignature>& s = p.signature;
  v.push_back(s ? sql::Value(s->signer_id) : sql::Value());
  v.push_back(s ? Instant(s->sign_time) : sql::Value());
  v.push_back(s ? sql::Value(s->signed_digest) : sql::Value());
  v.push_back(s ? sql::Value(AmrJson(s->amr)) : sql::Value());
  v.push_back(s ? sql::Value(s->token_id) : sql::Value());
}

// A party row, after its agreement_id and party_index.
absl::StatusOr<Party> ReadParty(RowReader& r) {
  Party p;
  ASSIGN_OR_RETURN(p.organization_id, r.Text());
  ASSIGN_OR_RETURN(const int64_t role, r.Int());
  p.role = static_cast<PartyRole>(role);
  ASSIGN_OR_RETURN(p.signatory_id, r.Text());
  ASSIGN_OR_RETURN(p.signatory_title, r.Text());
  ASSIGN_OR_RETURN(const int64_t status, r.Int());
  p.signatory_status = static_cast<SignatoryStatus>(status);
  if (r.NextIsNull()) return p;
  PartySignature s;
  ASSIGN_OR_RETURN(s.signer_id, r.Text());
  ASSIGN_OR_RETURN(s.sign_time, r.Instant());
  ASSIGN_OR_RETURN(s.signed_digest, r.Text());
  ASSIGN_OR_RETURN(const std::string amr, r.Text());
  ASSIGN_OR_RETURN(s.amr, ReadAmr(amr));
  ASSIGN_OR_RETURN(s.token_id, r.Text());
  p.signature = std::move(s);
  return p;
}

// Runs `select_prefix` + " IN (...) ORDER BY agreement_id, <order>" over
// `ids` in slices and hands each row to `read`.
template <typename Read>
absl::Status ForEachChildRow(sql::Transaction& tx,
                             const std::string& select_prefix,
                             const std::string& order,
                             const std::vector<std::string>& ids, Read read) {
  for (size_t first = 0; first < ids.size(); first += kIdSlice) {
    const size_t count = std::min(kIdSlice, ids.size() - first);
    std::vector<sql::Value> params(ids.begin() + first,
                                   ids.begin() + first + count);
    ASSIGN_OR_RETURN(
        const sql::Result r,
        tx.Execute(absl::StrCat(select_prefix, " IN ", sql_rows::Marks(count),
                                " ORDER BY agreement_id, ", order),
                   params));
    for (const sql::Row& row : r.rows) RETURN_IF_ERROR(read(row));
  }
  return absl::OkStatus();
}

absl::Status LoadChildren(sql::Transaction& tx,
                          std::vector<Agreement>& agreements) {
  absl::flat_hash_map<std::string, Agreement*> by_id;
  std::vector<std::string> ids;
  for (Agreement& a : agreements) {
    by_id[a.id] = &a;
    ids.push_back(a.id);
  }
  RETURN_IF_ERROR(ForEachChildRow(
      tx,
      absl::StrCat("SELECT ", kPartyColumns,
                   " FROM partnerships_agreement_parties WHERE agreement_id"),
      "party_index", ids, [&](const sql::Row& row) -> absl::Status {
        RowReader r(row);
        ASSIGN_OR_RETURN(const std::string id, r.Text());
        r.Skip();  // party_index: the order
        ASSIGN_OR_RETURN(Party party, ReadParty(r));
        by_id.at(id)->terms.parties.push_back(std::move(party));
        return absl::OkStatus();
      }));
  return ForEachChildRow(
      tx,
      "SELECT agreement_id, scope_area FROM partnerships_agreement_scopes "
      "WHERE agreement_id",
      "scope_area", ids, [&](const sql::Row& row) -> absl::Status {
        ASSIGN_OR_RETURN(const std::string id, row.Text(0));
        ASSIGN_OR_RETURN(const int64_t area, row.Int(1));
        by_id.at(id)->terms.scope_areas.push_back(static_cast<ScopeArea>(area));
        return absl::OkStatus();
      });
}

// "INSERT INTO <table> (<columns>) VALUES (...), (...)" for `rows` rows of
// `width` values.
std::string MultiRowInsert(absl::string_view table, absl::string_view columns,
                           size_t width, size_t rows) {
  const std::vector<std::string> tuples(rows, sql_rows::Marks(width));
  return absl::StrCat("INSERT INTO ", table, " (", columns, ") VALUES ",
                      absl::StrJoin(tuples, ", "));
}

}  // namespace

const std::string& SelectColumns() {
  static const std::string* const columns = [] {
    std::vector<std::string> names = {"a.id"};
    for (const char* name : kMutableColumns) {
      names.push_back(absl::StrCat("a.", name));
    }
    return new std::string(absl::StrJoin(names, ", "));
  }();
  return *columns;
}

absl::Status Insert(sql::Transaction& tx, const Agreement& agreement) {
  static const std::string* const statement = new std::string(absl::StrCat(
      "INSERT INTO partnerships_agreements (id, ",
      absl::StrJoin(kMutableColumns, ", "), ") VALUES ",
      sql_rows::Marks(kMutableCount + 1), " ON CONFLICT DO NOTHING"));
  std::vector<sql::Value> params = {agreement.id};
  for (sql::Value& v : MutableValues(agreement, agreement.version)) {
    params.push_back(std::move(v));
  }
  ASSIGN_OR_RETURN(const sql::Result r, tx.Execute(*statement, params));
  if (r.affected_rows != 1) {
    return absl::AlreadyExistsError(
        absl::StrCat(AgreementName(agreement.id), " already exists"));
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> UpdateIfVersion(sql::Transaction& tx,
                                     const Agreement& agreement) {
  static const std::string* const statement = [] {
    std::vector<std::string> sets;
    for (const char* name : kMutableColumns) {
      sets.push_back(absl::StrCat(name, " = ?"));
    }
    return new std::string(absl::StrCat("UPDATE partnerships_agreements SET ",
                                        absl::StrJoin(sets, ", "),
                                        " WHERE id = ? AND version = ?"));
  }();
  std::vector<sql::Value> params =
      MutableValues(agreement, agreement.version + 1);
  params.push_back(agreement.id);
  params.push_back(agreement.version);
  ASSIGN_OR_RETURN(const sql::Result r, tx.Execute(*statement, params));
  return r.affected_rows == 1;
}

absl::StatusOr<std::vector<Agreement>> ReadAgreements(sql::Transaction& tx,
                                                      const sql::Result& rows) {
  ASSIGN_OR_RETURN(std::vector<Agreement> agreements,
                   sql_rows::ReadAll<Agreement>(rows, ReadAgreement));
  RETURN_IF_ERROR(LoadChildren(tx, agreements));
  return agreements;
}

absl::Status WriteChildren(sql::Transaction& tx, const Agreement& agreement) {
  RETURN_IF_ERROR(DeleteChildren(tx, agreement.id));
  const std::vector<Party>& parties = agreement.terms.parties;
  if (!parties.empty()) {
    std::vector<sql::Value> params;
    for (size_t i = 0; i < parties.size(); ++i) {
      AppendPartyValues(agreement.id, static_cast<int64_t>(i), parties[i],
                        params);
    }
    RETURN_IF_ERROR(tx.Execute(MultiRowInsert("partnerships_agreement_parties",
                                              kPartyColumns, kPartyColumnCount,
                                              parties.size()),
                               params)
                        .status());
  }
  const std::vector<ScopeArea>& areas = agreement.terms.scope_areas;
  if (areas.empty()) return absl::OkStatus();
  std::vector<sql::Value> params;
  for (ScopeArea area : areas) {
    params.push_back(agreement.id);
    params.push_back(static_cast<int64_t>(area));
  }
  return tx
      .Execute(MultiRowInsert("partnerships_agreement_scopes",
                              "agreement_id, scope_area", 2, areas.size()),
               params)
      .status();
}

absl::Status DeleteChildren(sql::Transaction& tx, absl::string_view id) {
  const std::vector<sql::Value> params = {std::string(id)};
  RETURN_IF_ERROR(tx.Execute("DELETE FROM partnerships_agreement_parties "
                             "WHERE agreement_id = ?",
                             params)
                      .status());
  return tx
      .Execute(
          "DELETE FROM partnerships_agreement_scopes "
          "WHERE agreement_id = ?",
          params)
      .status();
}

std::string WithParty(absl::string_view agreement_id_column,
                      absl::string_view party_condition) {
  // A correlated EXISTS rather than `id IN (SELECT ...)`: SQLite then walks
  // the agreements in list order and stops at the page's end, where IN
  // sorted every match first (36 ms -> 0.4 ms for a party of 10,000).
  return absl::StrCat("EXISTS (SELECT 1 FROM partnerships_agreement_parties "
                      "p WHERE p.agreement_id = ",
                      agreement_id_column, " AND ", party_condition, ")");
}

void AddVisibleTo(const Visibility& visible,
                  absl::string_view agreement_id_column,
                  sql_rows::Conditions& where) {
  std::vector<std::string> alternatives;
  std::vector<sql::Value> params;
  if (!visible.organization_ids.empty()) {
    alternatives.push_back(
        absl::StrCat("p.organization_id IN ",
                     sql_rows::Marks(visible.organization_ids.size())));
    params = sql_rows::ValuesOf(visible.organization_ids);
  }
  if (!visible.signatory_id.empty()) {
    alternatives.push_back("p.signatory_id = ?");
    params.push_back(visible.signatory_id);
  }
  if (alternatives.empty()) {
    where.Add("1 = 0");  // sees nothing
    return;
  }
  where.Add(
      WithParty(agreement_id_column,
                absl::StrCat("(", absl::StrJoin(alternatives, " OR "), ")")),
      std::move(params));
}

}  // namespace masar::partnerships::agreement_rows
