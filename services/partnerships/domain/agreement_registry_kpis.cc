// AgreementRegistry: KPIs, their definitions (terms), measurements and
// progress.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/aip/update_mask.h"
#include "common/ids/ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/partnerships/domain/access.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/domain/errors.h"
#include "services/partnerships/domain/names.h"
#include "services/partnerships/domain/validation.h"

namespace masar::partnerships {
namespace {

std::vector<std::string> DefinitionContent(const Kpi& kpi) {
  return {kpi.unit, absl::StrCat(kpi.baseline), absl::StrCat(kpi.target),
          std::string(DirectionName(kpi.direction)), absl::StrCat("version=", kpi.version)};
}

void ApplyKpiUpdate(const KpiUpdate& u, Kpi& kpi) {
  auto has = [&](absl::string_view path) {
    return aip::MaskHas(u.update_mask, path);
  };
  if (has("display_name")) kpi.display_name = u.display_name;
  if (has("unit")) kpi.unit = u.unit;
  if (has("baseline")) kpi.baseline = u.baseline;
  if (has("target")) kpi.target = u.target;
  if (has("direction")) kpi.direction = u.direction;
}

absl::Status ValidateMeasurement(const NewMeasurement& m) {
  RETURN_IF_ERROR(ValidateDay("measurement.period_start_on", m.period_start_on));
  RETURN_IF_ERROR(ValidateDay("measurement.period_end_on", m.period_end_on));
  if (m.period_end_on < m.period_start_on) {
    return InvalidArgumentError("measurement.period_end_on",
                                "must not be before period_start_on");
  }
  if (!std::isfinite(m.value)) {
    return InvalidArgumentError("measurement.value", "must be a finite number");
  }
  RETURN_IF_ERROR(
      ValidateString("measurement.period_label", m.period_label, 0, 64));
  return ValidateString("measurement.note", m.note, 0, kMaxReason);
}

// The period within the agreement's term and not in the future.
absl::Status CheckPeriod(const Agreement& agreement, const NewMeasurement& m,
                         absl::CivilDay today) {
  if (m.period_start_on < agreement.terms.effective_on) {
    return FailedPreconditionError("measurement.period_start_on",
                                   "before the agreement's effective_on");
  }
  if (m.period_end_on >= agreement.expires_on) {
    return FailedPreconditionError("measurement.period_end_on",
                                   "on or after the agreement's expires_on");
  }
  if (m.period_end_on > today) {
    return FailedPreconditionError("measurement.period_end_on",
                                   "after today");
  }
  return absl::OkStatus();
}

// The recorded measurement of the same period, if any; FAILED_PRECONDITION
// for one that overlaps it otherwise.
absl::StatusOr<const KpiMeasurement*> SamePeriod(
    const std::vector<KpiMeasurement>& recorded, const NewMeasurement& m) {
  const KpiMeasurement* same = nullptr;
  for (const KpiMeasurement& r : recorded) {
    if (r.period_start_on == m.period_start_on &&
        r.period_end_on == m.period_end_on) {
      same = &r;
    } else if (r.period_start_on <= m.period_end_on &&
               m.period_start_on <= r.period_end_on) {
      return FailedPreconditionError(
          "measurement.period_start_on",
          absl::StrCat("overlaps ", MeasurementName(r)));
    }
  }
  if (same == nullptr && recorded.size() >= kMaxMeasurements) {
    return FailedPreconditionError("name", "400 measurements already");
  }
  return same;
}

// The KPI's count and progress once `m` is recorded among `recorded`.
void Recompute(std::vector<KpiMeasurement> recorded, const KpiMeasurement& m,
               Kpi& kpi) {
  std::erase_if(recorded,
                [&](const KpiMeasurement& r) { return r.id == m.id; });
  recorded.push_back(m);
  const KpiMeasurement& latest = *std::max_element(
      recorded.begin(), recorded.end(),
      [](const KpiMeasurement& a, const KpiMeasurement& b) {
        return a.period_end_on < b.period_end_on;
      });
  kpi.measurement_count = static_cast<int>(recorded.size());
  kpi.progress = ProgressOf(kpi, latest);
}

aip::PageCursor KpiCursor(const Kpi& k) {
  return aip::PageCursor{k.create_time, k.id};
}

aip::PageCursor MeasurementCursor(const KpiMeasurement& m) {
  return aip::PageCursor{
      absl::FromCivil(absl::CivilSecond(m.period_start_on), absl::UTCTimeZone()),
      m.id};
}

}  // namespace

absl::StatusOr<Kpi> AgreementRegistry::CreateKpi(Transaction& tx,
                                                 const Actor& actor,
                                                 const NewKpi& command) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("parent", command.parent));
  Kpi kpi;
  kpi.agreement_id = id;
  kpi.display_name = command.display_name;
  kpi.unit = command.unit;
  kpi.baseline = command.baseline;
  kpi.target = command.target;
  kpi.direction = command.direction;
  RETURN_IF_ERROR(ValidateKpiDefinition("kpi", kpi));
  ASSIGN_OR_RETURN(Agreement agreement,
                   TouchForDefinition(tx, actor, id, "add a KPI to", "kpi"));
  ASSIGN_OR_RETURN(std::vector<Kpi> all, ports_.kpis->ListAllOf(tx, id));
  if (all.size() >= kMaxKpis) {
    return FailedPreconditionError("parent", "50 KPIs already");
  }
  kpi.id = NewUuid();
  kpi.create_time = kpi.update_time = agreement.update_time;
  kpi.version = 1;
  RETURN_IF_ERROR(ports_.kpis->Create(tx, kpi));
  RETURN_IF_ERROR(
      Audit(tx, actor, "CreateKpi", KpiName(kpi), DefinitionContent(kpi)));
  return kpi;
}

absl::StatusOr<Kpi> AgreementRegistry::GetKpi(const CallMetadata& call,
                                              const Actor& actor,
                                              const std::string& name) {
  ASSIGN_OR_RETURN(ChildKey key, ParseKpiName("name", name));
  RETURN_IF_ERROR(ReadVisible(call, actor, key.agreement_id).status());
  std::optional<Kpi> kpi;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly(
      [&](Transaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(kpi, ports_.kpis->Get(tx, key.agreement_id, key.id));
        return absl::OkStatus();
      }));
  return *std::move(kpi);
}

absl::StatusOr<aip::Page<Kpi>> AgreementRegistry::ListKpis(
    const CallMetadata& call, const Actor& actor, const std::string& parent,
    const aip::PageRequest& page) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("parent", parent));
  const std::string key = absl::StrCat("kpis|", parent);
  ASSIGN_OR_RETURN(aip::PageQuery query, aip::ParsePageRequest(page, key));
  RETURN_IF_ERROR(ReadVisible(call, actor, id).status());
  aip::ListResult<Kpi> result;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly(
      [&](Transaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(result, ports_.kpis->List(tx, id, query));
        return absl::OkStatus();
      }));
  return aip::MakePage(std::move(result), key, KpiCursor);
}

absl::StatusOr<Kpi> AgreementRegistry::UpdateKpi(Transaction& tx,
                                                 const Actor& actor,
                                                 const KpiUpdate& update) {
  ASSIGN_OR_RETURN(ChildKey key, ParseKpiName("kpi.name", update.name));
  RETURN_IF_ERROR(aip::CheckUpdateMask(
      update.update_mask,
      {"display_name", "unit", "baseline", "target", "direction"}));
  ASSIGN_OR_RETURN(
      Agreement agreement,
      TouchForDefinition(tx, actor, key.agreement_id, "change KPIs of",
                         absl::StrCat("kpi.", update.update_mask[0])));
  ASSIGN_OR_RETURN(Kpi kpi, ports_.kpis->Get(tx, key.agreement_id, key.id));
  RETURN_IF_ERROR(aip::CheckRequiredEtag(update.etag, kpi.version, KpiName(kpi)));
  ApplyKpiUpdate(update, kpi);
  RETURN_IF_ERROR(ValidateKpiDefinition("kpi", kpi));
  kpi.update_time = agreement.update_time;
  ASSIGN_OR_RETURN(Kpi written, ports_.kpis->Update(tx, kpi));
  std::vector<std::string> content = DefinitionContent(written);
  content.insert(content.end(), update.update_mask.begin(),
                 update.update_mask.end());
  RETURN_IF_ERROR(Audit(tx, actor, "UpdateKpi", KpiName(written), content));
  return written;
}

absl::Status AgreementRegistry::DeleteKpi(Transaction& tx, const Actor& actor,
                                          const NameAndEtag& command) {
  ASSIGN_OR_RETURN(ChildKey key, ParseKpiName("name", command.name));
  RETURN_IF_ERROR(TouchForDefinition(tx, actor, key.agreement_id,
                                     "change KPIs of", "name")
                      .status());
  ASSIGN_OR_RETURN(Kpi kpi, ports_.kpis->Get(tx, key.agreement_id, key.id));
  RETURN_IF_ERROR(aip::CheckOptionalEtag(command.etag, kpi.version, KpiName(kpi)));
  RETURN_IF_ERROR(ports_.kpis->Delete(tx, kpi));
  return Audit(tx, actor, "DeleteKpi", KpiName(kpi),
               {absl::StrCat("version=", kpi.version)});
}

absl::StatusOr<RecordedMeasurement> AgreementRegistry::RecordKpiMeasurement(
    Transaction& tx, const Actor& actor, const NewMeasurement& command) {
  ASSIGN_OR_RETURN(ChildKey key, ParseKpiName("name", command.name));
  RETURN_IF_ERROR(ValidateMeasurement(command));
  ASSIGN_OR_RETURN(Agreement agreement,
                   LoadReadable(tx, actor, key.agreement_id));
  ASSIGN_OR_RETURN(Kpi kpi, ports_.kpis->Get(tx, key.agreement_id, key.id));
  if (!MayRecordMeasurement(actor, agreement)) {
    return PermissionDenied("record measurements of", KpiName(kpi));
  }
  RETURN_IF_ERROR(aip::CheckOptionalEtag(command.etag, kpi.version, KpiName(kpi)));
  const absl::CivilDay today = Today();
  const AgreementState state = EffectiveState(agreement, today);
  if (!IsSigned(state)) {
    return WrongAgreementState("RecordKpiMeasurement",
                               AgreementName(agreement.id), StateName(state));
  }
  RETURN_IF_ERROR(CheckPeriod(agreement, command, today));
  ASSIGN_OR_RETURN(std::vector<KpiMeasurement> recorded,
                   ports_.kpis->ListAllMeasurements(tx, kpi.agreement_id,
                                                    kpi.id));
  ASSIGN_OR_RETURN(const KpiMeasurement* same, SamePeriod(recorded, command));
  KpiMeasurement m{kpi.agreement_id, kpi.id,
                   MeasurementId(command.period_start_on, command.period_end_on),
                   command.period_start_on, command.period_end_on,
                   command.period_label, command.value, command.note,
                   actor.subject(), Now(),
                   same == nullptr ? 1 : same->revision + 1};
  RETURN_IF_ERROR(ports_.kpis->PutMeasurement(tx, m));
  Recompute(std::move(recorded), m, kpi);
  kpi.update_time = m.record_time;
  ASSIGN_OR_RETURN(Kpi written, ports_.kpis->Update(tx, kpi));
  RETURN_IF_ERROR(Audit(tx, actor, "RecordKpiMeasurement", MeasurementName(m),
                        {absl::StrCat(m.value), absl::StrCat(m.revision),
                         absl::StrCat("version=", written.version)}));
  return RecordedMeasurement{written, m};
}

absl::StatusOr<aip::Page<KpiMeasurement>>
AgreementRegistry::ListKpiMeasurements(const CallMetadata& call,
                                       const Actor& actor,
                                       const std::string& parent,
                                       const aip::PageRequest& page) {
  ASSIGN_OR_RETURN(ChildKey kpi, ParseKpiName("parent", parent));
  const std::string key = absl::StrCat("measurements|", parent);
  ASSIGN_OR_RETURN(aip::PageQuery query, aip::ParsePageRequest(page, key));
  RETURN_IF_ERROR(ReadVisible(call, actor, kpi.agreement_id).status());
  aip::ListResult<KpiMeasurement> result;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly(
      [&](Transaction& tx) -> absl::Status {
        RETURN_IF_ERROR(
            ports_.kpis->Get(tx, kpi.agreement_id, kpi.id).status());
        ASSIGN_OR_RETURN(result, ports_.kpis->ListMeasurements(
                                     tx, kpi.agreement_id, kpi.id, query));
        return absl::OkStatus();
      }));
  return aip::MakePage(std::move(result), key, MeasurementCursor);
}

}  // namespace masar::partnerships
