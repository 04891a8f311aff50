#include "services/partnerships/store/sql_kpi_repository.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/aip/etag.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"
#include "services/partnerships/domain/errors.h"
#include "services/partnerships/domain/names.h"
#include "services/partnerships/store/sql_rows.h"

namespace masar::partnerships {
namespace {

using sql_rows::Conditions;
using sql_rows::Day;
using sql_rows::Instant;
using sql_rows::Marks;
using sql_rows::RowReader;

constexpr char kKpiColumns[] =
    "agreement_id, id, display_name_ar, display_name_fr, display_name_en, "
    "unit, baseline, target, direction, measurement_count, latest_value, "
    "latest_period_end_on, percent_of_target, target_met, create_time, "
    "update_time, version";
constexpr size_t kKpiColumnCount = 17;

constexpr char kMeasurementColumns[] =
    "agreement_id, kpi_id, id, period_start_on, period_end_on, period_label, "
    "value, note, recorded_by, record_time, revision";
constexpr size_t kMeasurementColumnCount = 11;


absl::StatusOr<std::optional<KpiProgress>> ReadProgress(RowReader& r) {
  // latest_value, latest_period_end_on, percent_of_target, target_met: all
  // NULL while no measurement is.
  if (r.NextIsNull()) {
    for (int i = 0; i < 4; ++i) r.Skip();
    return std::optional<KpiProgress>();
  }
  KpiProgress p;
  ASSIGN_OR_RETURN(p.latest_value, r.Double());
  ASSIGN_OR_RETURN(p.latest_period_end_on, r.Day());
  ASSIGN_OR_RETURN(p.percent_of_target, r.Double());
  ASSIGN_OR_RETURN(const int64_t met, r.Int());
  p.target_met = met != 0;
  return std::optional<KpiProgress>(p);
}

absl::StatusOr<Kpi> ReadKpi(const sql::Row& row) {
  RowReader r(row);
  Kpi k;
  ASSIGN_OR_RETURN(k.agreement_id, r.Text());
  ASSIGN_OR_RETURN(k.id, r.Text());
  ASSIGN_OR_RETURN(k.display_name, r.Localized());
  ASSIGN_OR_RETURN(k.unit, r.Text());
  ASSIGN_OR_RETURN(k.baseline, r.Double());
  ASSIGN_OR_RETURN(k.target, r.Double());
  ASSIGN_OR_RETURN(const int64_t direction, r.Int());
  k.direction = static_cast<KpiDirection>(direction);
  ASSIGN_OR_RETURN(const int64_t count, r.Int());
  k.measurement_count = static_cast<int>(count);
  ASSIGN_OR_RETURN(k.progress, ReadProgress(r));
  ASSIGN_OR_RETURN(k.create_time, r.Instant());
  ASSIGN_OR_RETURN(k.update_time, r.Instant());
  ASSIGN_OR_RETURN(k.version, r.Int());
  return k;
}

absl::StatusOr<KpiMeasurement> ReadMeasurement(const sql::Row& row) {
  RowReader r(row);
  KpiMeasurement m;
  ASSIGN_OR_RETURN(m.agreement_id, r.Text());
  ASSIGN_OR_RETURN(m.kpi_id, r.Text());
  ASSIGN_OR_RETURN(m.id, r.Text());
  ASSIGN_OR_RETURN(m.period_start_on, r.Day());
  ASSIGN_OR_RETURN(m.period_end_on, r.Day());
  ASSIGN_OR_RETURN(m.period_label, r.Text());
  ASSIGN_OR_RETURN(m.value, r.Double());
  ASSIGN_OR_RETURN(m.note, r.Text());
  ASSIGN_OR_RETURN(m.recorded_by, r.Text());
  ASSIGN_OR_RETURN(m.record_time, r.Instant());
  ASSIGN_OR_RETURN(const int64_t revision, r.Int());
  m.revision = static_cast<int>(revision);
  return m;
}

template <typename T, typename Read>
absl::StatusOr<std::vector<T>> SelectRows(sql::Transaction& tx,
                                          absl::string_view columns,
                                          absl::string_view table_and_rest,
                                          std::vector<sql::Value> params,
                                          Read read) {
  ASSIGN_OR_RETURN(
      const sql::Result r,
      tx.Execute(absl::StrCat("SELECT ", columns, " FROM ", table_and_rest),
                 params));
  return sql_rows::ReadAll<T>(r, read);
}

absl::StatusOr<std::vector<Kpi>> SelectKpis(sql::Transaction& tx,
                                            absl::string_view rest,
                                            std::vector<sql::Value> params) {
  return SelectRows<Kpi>(tx, kKpiColumns,
                         absl::StrCat("partnerships_kpis", rest),
                         std::move(params), ReadKpi);
}

absl::StatusOr<std::vector<KpiMeasurement>> SelectMeasurements(
    sql::Transaction& tx, absl::string_view rest,
    std::vector<sql::Value> params) {
  return SelectRows<KpiMeasurement>(
      tx, kMeasurementColumns,
      absl::StrCat("partnerships_kpi_measurements", rest), std::move(params),
      ReadMeasurement);
}

// Every column but the key, then version.
std::vector<sql::Value> MutableValues(const Kpi& k, int64_t version) {
  std::vector<sql::Value> v;
  sql_rows::AppendLocalized(k.display_name, v);
  v.push_back(k.unit);
  v.push_back(k.baseline);
  v.push_back(k.target);
  v.push_back(static_cast<int64_t>(k.direction));
  v.push_back(static_cast<int64_t>(k.measurement_count));
  if (k.progress.has_value()) {
    v.push_back(k.progress->latest_value);
    v.push_back(Day(k.progress->latest_period_end_on));
    v.push_back(k.progress->percent_of_target);
    v.push_back(static_cast<int64_t>(k.progress->target_met ? 1 : 0));
  } else {
    v.insert(v.end(), 4, sql::Value());
  }
  v.push_back(Instant(k.create_time));
  v.push_back(Instant(k.update_time));
  v.push_back(version);
  return v;
}

absl::Status Missed(sql::Transaction& tx, const Kpi& k) {
  ASSIGN_OR_RETURN(const sql::Result r,
                   tx.Execute("SELECT 1 FROM partnerships_kpis "
                              "WHERE agreement_id = ? AND id = ?",
                              {k.agreement_id, k.id}));
  return r.rows.empty() ? KpiNotFound(KpiName(k.agreement_id, k.id))
                        : aip::StaleEtag(KpiName(k.agreement_id, k.id));
}

absl::Status DeleteMeasurements(sql::Transaction& tx,
                                absl::string_view condition,
                                std::vector<sql::Value> params) {
  return tx
      .Execute(absl::StrCat("DELETE FROM partnerships_kpi_measurements WHERE ",
                            condition),
               params)
      .status();
}

}  // namespace

absl::Status SqlKpiRepository::Create(Transaction& tx, const Kpi& kpi) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<sql::Value> params = {kpi.agreement_id, kpi.id};
  for (sql::Value& v : MutableValues(kpi, kpi.version)) {
    params.push_back(std::move(v));
  }
  ASSIGN_OR_RETURN(
      const sql::Result r,
      stx->Execute(absl::StrCat("INSERT INTO partnerships_kpis (", kKpiColumns,
                                ") VALUES ", Marks(kKpiColumnCount),
                                " ON CONFLICT DO NOTHING"),
                   params));
  if (r.affected_rows != 1) {
    return absl::AlreadyExistsError(
        absl::StrCat(KpiName(kpi.agreement_id, kpi.id), " already exists"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Kpi> SqlKpiRepository::Get(Transaction& tx,
                                          absl::string_view agreement_id,
                                          absl::string_view id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(std::vector<Kpi> found,
                   SelectKpis(*stx, " WHERE agreement_id = ? AND id = ?",
                              {std::string(agreement_id), std::string(id)}));
  if (found.empty()) return KpiNotFound(KpiName(agreement_id, id));
  return std::move(found.front());
}

absl::StatusOr<Kpi> SqlKpiRepository::Update(Transaction& tx, const Kpi& kpi) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  std::vector<sql::Value> params = MutableValues(kpi, kpi.version + 1);
  params.insert(params.end(), {kpi.agreement_id, kpi.id, kpi.version});
  ASSIGN_OR_RETURN(
      const sql::Result r,
      stx->Execute(
          "UPDATE partnerships_kpis SET display_name_ar = ?, "
          "display_name_fr = ?, display_name_en = ?, unit = ?, baseline = ?, "
          "target = ?, direction = ?, measurement_count = ?, "
          "latest_value = ?, latest_period_end_on = ?, percent_of_target = ?, "
          "target_met = ?, create_time = ?, update_time = ?, version = ? "
          "WHERE agreement_id = ? AND id = ? AND version = ?",
          params));
  if (r.affected_rows == 0) return Missed(*stx, kpi);
  Kpi stored = kpi;
  ++stored.version;
  return stored;
}

absl::Status SqlKpiRepository::Delete(Transaction& tx, const Kpi& kpi) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  ASSIGN_OR_RETURN(const sql::Result r,
                   stx->Execute("DELETE FROM partnerships_kpis WHERE "
                                "agreement_id = ? AND id = ? AND version = ?",
                                {kpi.agreement_id, kpi.id, kpi.version}));
  if (r.affected_rows == 0) return Missed(*stx, kpi);
  return DeleteMeasurements(*stx, "agreement_id = ? AND kpi_id = ?",
                            {kpi.agreement_id, kpi.id});
}

absl::StatusOr<aip::ListResult<Kpi>> SqlKpiRepository::List(
    Transaction& tx, absl::string_view agreement_id,
    const aip::PageQuery& page) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  Conditions where;
  where.Add("agreement_id = ?", {std::string(agreement_id)});
  if (page.after.has_value()) {
    const sql::Value time = Instant(page.after->create_time);
    where.Add("(create_time > ? OR (create_time = ? AND id > ?))",
              {time, time, page.after->key});
  }
  const std::string where_sql = where.Where();
  std::vector<sql::Value> params = std::move(where).ParamsThenLimit(page.limit);
  ASSIGN_OR_RETURN(
      std::vector<Kpi> rows,
      SelectKpis(*stx,
                 absl::StrCat(where_sql, " ORDER BY create_time, id LIMIT ?"),
                 std::move(params)));
  return sql_rows::PageOf(std::move(rows), page.limit);
}

absl::StatusOr<std::vector<Kpi>> SqlKpiRepository::ListAllOf(
    Transaction& tx, absl::string_view agreement_id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  return SelectKpis(*stx, " WHERE agreement_id = ? ORDER BY id",
                    {std::string(agreement_id)});
}

absl::Status SqlKpiRepository::DeleteAllOf(Transaction& tx,
                                           absl::string_view agreement_id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  RETURN_IF_ERROR(DeleteMeasurements(*stx, "agreement_id = ?",
                                     {std::string(agreement_id)}));
  return stx
      ->Execute("DELETE FROM partnerships_kpis WHERE agreement_id = ?",
                {std::string(agreement_id)})
      .status();
}

absl::Status SqlKpiRepository::PutMeasurement(
    Transaction& tx, const KpiMeasurement& measurement) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  const KpiMeasurement& m = measurement;
  return stx
      ->Execute(
          absl::StrCat(
              "INSERT INTO partnerships_kpi_measurements (",
              kMeasurementColumns, ") VALUES ", Marks(kMeasurementColumnCount),
              " ON CONFLICT (agreement_id, kpi_id, id) DO UPDATE SET "
              "period_start_on = excluded.period_start_on, "
              "period_end_on = excluded.period_end_on, "
              "period_label = excluded.period_label, value = excluded.value, "
              "note = excluded.note, recorded_by = excluded.recorded_by, "
              "record_time = excluded.record_time, "
              "revision = excluded.revision"),
          {m.agreement_id, m.kpi_id, m.id, Day(m.period_start_on),
           Day(m.period_end_on), m.period_label, m.value, m.note, m.recorded_by,
           Instant(m.record_time), static_cast<int64_t>(m.revision)})
      .status();
}

absl::StatusOr<aip::ListResult<KpiMeasurement>>
SqlKpiRepository::ListMeasurements(Transaction& tx,
                                   absl::string_view agreement_id,
                                   absl::string_view kpi_id,
                                   const aip::PageQuery& page) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  Conditions where;
  where.Add("agreement_id = ? AND kpi_id = ?",
            {std::string(agreement_id), std::string(kpi_id)});
  if (page.after.has_value()) {
    const sql::Value day = Day(sql_rows::CursorDay(page.after->create_time));
    where.Add("(period_start_on > ? OR (period_start_on = ? AND id > ?))",
              {day, day, page.after->key});
  }
  const std::string where_sql = where.Where();
  std::vector<sql::Value> params = std::move(where).ParamsThenLimit(page.limit);
  ASSIGN_OR_RETURN(
      std::vector<KpiMeasurement> rows,
      SelectMeasurements(
          *stx,
          absl::StrCat(where_sql, " ORDER BY period_start_on, id LIMIT ?"),
          std::move(params)));
  return sql_rows::PageOf(std::move(rows), page.limit);
}

absl::StatusOr<std::vector<KpiMeasurement>>
SqlKpiRepository::ListAllMeasurements(Transaction& tx,
                                      absl::string_view agreement_id,
                                      absl::string_view kpi_id) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  return SelectMeasurements(
      *stx,
      " WHERE agreement_id = ? AND kpi_id = ? ORDER BY period_start_on, id",
      {std::string(agreement_id), std::string(kpi_id)});
}

}  // namespace masar::partnerships
