// PartnershipHandlers: an agreement's obligations and KPIs.
#include <utility>

#include "common/status/status_macros.h"
#include "services/partnerships/api/partnership_handlers.h"
#include "services/partnerships/api/proto_mapping.h"

namespace masar::partnerships {
namespace {

aip::PageRequest PageOf(int32_t page_size, const std::string& page_token) {
  return aip::PageRequest{.page_size = page_size, .page_token = page_token};
}

ReasonedChange Reasoned(const std::string& name, const std::string& reason,
                        const std::string& etag) {
  return ReasonedChange{.name = name, .reason = reason, .etag = etag};
}

}  // namespace

// Obligations.

grpc::ServerUnaryReactor* PartnershipHandlers::CreateObligation(
    grpc::CallbackServerContext* context,
    const v1::CreateObligationRequest* request,
    v1::CreateObligationResponse* response) {
  return scaffold_.ServeChange(
      context, "CreateObligation", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::CreateObligationResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(NewObligation command, FromProto(*request));
        ASSIGN_OR_RETURN(Obligation obligation,
                         deps_.registry->CreateObligation(tx, actor, command));
        *out.mutable_obligation() = ToProto(obligation);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::GetObligation(
    grpc::CallbackServerContext* context,
    const v1::GetObligationRequest* request,
    v1::GetObligationResponse* response) {
  return scaffold_.ServeRead(
      context, "GetObligation",
      [this, request, response](const Actor& actor,
                                const CallMetadata& call) -> absl::Status {
        ASSIGN_OR_RETURN(
            Obligation obligation,
            deps_.registry->GetObligation(call, actor, request->name()));
        *response->mutable_obligation() = ToProto(obligation);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::ListObligations(
    grpc::CallbackServerContext* context,
    const v1::ListObligationsRequest* request,
    v1::ListObligationsResponse* response) {
  return scaffold_.ServeRead(
      context, "ListObligations",
      [this, request, response](const Actor& actor,
                                const CallMetadata& call) -> absl::Status {
        ASSIGN_OR_RETURN(ObligationListRequest list, FromProto(*request));
        ASSIGN_OR_RETURN(aip::Page<Obligation> page,
                         deps_.registry->ListObligations(call, actor, list));
        for (const Obligation& obligation : page.items) {
          *response->add_obligations() = ToProto(obligation);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::UpdateObligation(
    grpc::CallbackServerContext* context,
    const v1::UpdateObligationRequest* request,
    v1::UpdateObligationResponse* response) {
  return scaffold_.ServeChange(
      context, "UpdateObligation", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::UpdateObligationResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(ObligationUpdate update, FromProto(*request));
        ASSIGN_OR_RETURN(Obligation obligation,
                         deps_.registry->UpdateObligation(tx, actor, update));
        *out.mutable_obligation() = ToProto(obligation);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::DeleteObligation(
    grpc::CallbackServerContext* context,
    const v1::DeleteObligationRequest* request,
    v1::DeleteObligationResponse* response) {
  return scaffold_.ServeChange(
      context, "DeleteObligation", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::DeleteObligationResponse&) {
        return deps_.registry->DeleteObligation(
            tx, actor,
            NameAndEtag{.name = request->name(), .etag = request->etag()});
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::StartObligation(
    grpc::CallbackServerContext* context,
    const v1::StartObligationRequest* request,
    v1::StartObligationResponse* response) {
  return scaffold_.ServeChange(
      context, "StartObligation", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::StartObligationResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(
            Obligation obligation,
            deps_.registry->StartObligation(
                tx, actor,
                NameAndEtag{.name = request->name(), .etag = request->etag()}));
        *out.mutable_obligation() = ToProto(obligation);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::CompleteObligation(
    grpc::CallbackServerContext* context,
    const v1::CompleteObligationRequest* request,
    v1::CompleteObligationResponse* response) {
  return scaffold_.ServeChange(
      context, "CompleteObligation", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::CompleteObligationResponse& out) -> absl::Status {
        const ObligationCompletion completion{
            .name = request->name(),
            .evidence_digest = request->evidence_digest(),
            .evidence_note = request->evidence_note(),
            .etag = request->etag()};
        ASSIGN_OR_RETURN(
            Obligation obligation,
            deps_.registry->CompleteObligation(tx, actor, completion));
        *out.mutable_obligation() = ToProto(obligation);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::WaiveObligation(
    grpc::CallbackServerContext* context,
    const v1::WaiveObligationRequest* request,
    v1::WaiveObligationResponse* response) {
  return scaffold_.ServeChange(
      context, "WaiveObligation", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::WaiveObligationResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(
            Obligation obligation,
            deps_.registry->WaiveObligation(
                tx, actor,
                Reasoned(request->name(), request->reason(), request->etag())));
        *out.mutable_obligation() = ToProto(obligation);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::ReopenObligation(
    grpc::CallbackServerContext* context,
    const v1::ReopenObligationRequest* request,
    v1::ReopenObligationResponse* response) {
  return scaffold_.ServeChange(
      context, "ReopenObligation", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::ReopenObligationResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(
            Obligation obligation,
            deps_.registry->ReopenObligation(
                tx, actor,
                Reasoned(request->name(), request->reason(), request->etag())));
        *out.mutable_obligation() = ToProto(obligation);
        return absl::OkStatus();
      });
}

// KPIs.

grpc::ServerUnaryReactor* PartnershipHandlers::CreateKpi(
    grpc::CallbackServerContext* context, const v1::CreateKpiRequest* request,
    v1::CreateKpiResponse* response) {
  return scaffold_.ServeChange(
      context, "CreateKpi", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::CreateKpiResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(
            Kpi kpi, deps_.registry->CreateKpi(tx, actor, FromProto(*request)));
        *out.mutable_kpi() = ToProto(kpi);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::GetKpi(
    grpc::CallbackServerContext* context, const v1::GetKpiRequest* request,
    v1::GetKpiResponse* response) {
  return scaffold_.ServeRead(
      context, "GetKpi",
      [this, request, response](const Actor& actor,
                                const CallMetadata& call) -> absl::Status {
        ASSIGN_OR_RETURN(Kpi kpi,
                         deps_.registry->GetKpi(call, actor, request->name()));
        *response->mutable_kpi() = ToProto(kpi);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::ListKpis(
    grpc::CallbackServerContext* context, const v1::ListKpisRequest* request,
    v1::ListKpisResponse* response) {
  return scaffold_.ServeRead(
      context, "ListKpis",
      [this, request, response](const Actor& actor,
                                const CallMetadata& call) -> absl::Status {
        ASSIGN_OR_RETURN(
            aip::Page<Kpi> page,
            deps_.registry->ListKpis(
                call, actor, request->parent(),
                PageOf(request->page_size(), request->page_token())));
        for (const Kpi& kpi : page.items) *response->add_kpis() = ToProto(kpi);
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::UpdateKpi(
    grpc::CallbackServerContext* context, const v1::UpdateKpiRequest* request,
    v1::UpdateKpiResponse* response) {
  return scaffold_.ServeChange(
      context, "UpdateKpi", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::UpdateKpiResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(
            Kpi kpi, deps_.registry->UpdateKpi(tx, actor, FromProto(*request)));
        *out.mutable_kpi() = ToProto(kpi);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::DeleteKpi(
    grpc::CallbackServerContext* context, const v1::DeleteKpiRequest* request,
    v1::DeleteKpiResponse* response) {
  return scaffold_.ServeChange(
      context, "DeleteKpi", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::DeleteKpiResponse&) {
        return deps_.registry->DeleteKpi(
            tx, actor,
            NameAndEtag{.name = request->name(), .etag = request->etag()});
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::RecordKpiMeasurement(
    grpc::CallbackServerContext* context,
    const v1::RecordKpiMeasurementRequest* request,
    v1::RecordKpiMeasurementResponse* response) {
  return scaffold_.ServeChange(
      context, "RecordKpiMeasurement", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::RecordKpiMeasurementResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(NewMeasurement command, FromProto(*request));
        ASSIGN_OR_RETURN(
            RecordedMeasurement recorded,
            deps_.registry->RecordKpiMeasurement(tx, actor, command));
        *out.mutable_kpi() = ToProto(recorded.kpi);
        *out.mutable_measurement() = ToProto(recorded.measurement);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::ListKpiMeasurements(
    grpc::CallbackServerContext* context,
    const v1::ListKpiMeasurementsRequest* request,
    v1::ListKpiMeasurementsResponse* response) {
  return scaffold_.ServeRead(
      context, "ListKpiMeasurements",
      [this, request, response](const Actor& actor,
                                const CallMetadata& call) -> absl::Status {
        ASSIGN_OR_RETURN(
            aip::Page<KpiMeasurement> page,
            deps_.registry->ListKpiMeasurements(
                call, actor, request->parent(),
                PageOf(request->page_size(), request->page_token())));
        for (const KpiMeasurement& measurement : page.items) {
          *response->add_measurements() = ToProto(measurement);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

}  // namespace masar::partnerships
