#ifndef MASAR_SERVICES_PARTNERSHIPS_API_PARTNERSHIP_GRPC_SERVICE_H_
#define MASAR_SERVICES_PARTNERSHIPS_API_PARTNERSHIP_GRPC_SERVICE_H_

#include "absl/strings/string_view.h"
#include "common/grpc/forward.h"
#include "common/grpc/hosted_service.h"
#include "masar/partnerships/v1/partnership_service.grpc.pb.h"
#include "services/partnerships/api/partnership_handlers.h"

namespace masar::partnerships {

// masar.partnerships.v1.PartnershipService: each RPC forwards to
// PartnershipHandlers, which authenticates, translates proto <-> domain
// and runs the use case. What `masar serve` registers.
class PartnershipGrpcService final
    : public HostedService,
      private v1::PartnershipService::CallbackService {
 public:
  // `handlers` must outlive the service.
  explicit PartnershipGrpcService(PartnershipHandlers* handlers)
      : handlers_(handlers) {}

  absl::string_view service_name() const override {
    return v1::PartnershipService::service_full_name();
  }
  grpc::Service* grpc_service() override { return this; }

 private:
  MASAR_GRPC_FORWARD(v1, CreateAgreement, handlers_)
  MASAR_GRPC_FORWARD(v1, RecordPaperAgreement, handlers_)
  MASAR_GRPC_FORWARD(v1, GetAgreement, handlers_)
  MASAR_GRPC_FORWARD(v1, ListAgreements, handlers_)
  MASAR_GRPC_FORWARD(v1, UpdateAgreement, handlers_)
  MASAR_GRPC_FORWARD(v1, DeleteAgreement, handlers_)
  MASAR_GRPC_FORWARD(v1, SubmitAgreementForReview, handlers_)
  MASAR_GRPC_FORWARD(v1, ReturnAgreementToDraft, handlers_)
  MASAR_GRPC_FORWARD(v1, RequestSignatures, handlers_)
  MASAR_GRPC_FORWARD(v1, SignAgreement, handlers_)
  MASAR_GRPC_FORWARD(v1, TerminateAgreement, handlers_)
  MASAR_GRPC_FORWARD(v1, RenewAgreement, handlers_)
  MASAR_GRPC_FORWARD(v1, GetAgreementLineage, handlers_)
  MASAR_GRPC_FORWARD(v1, CreateObligation, handlers_)
  MASAR_GRPC_FORWARD(v1, GetObligation, handlers_)
  MASAR_GRPC_FORWARD(v1, ListObligations, handlers_)
  MASAR_GRPC_FORWARD(v1, UpdateObligation, handlers_)
  MASAR_GRPC_FORWARD(v1, DeleteObligation, handlers_)
  MASAR_GRPC_FORWARD(v1, StartObligation, handlers_)
  MASAR_GRPC_FORWARD(v1, CompleteObligation, handlers_)
  MASAR_GRPC_FORWARD(v1, WaiveObligation, handlers_)
  MASAR_GRPC_FORWARD(v1, ReopenObligation, handlers_)
  MASAR_GRPC_FORWARD(v1, CreateKpi, handlers_)
  MASAR_GRPC_FORWARD(v1, GetKpi, handlers_)
  MASAR_GRPC_FORWARD(v1, ListKpis, handlers_)
  MASAR_GRPC_FORWARD(v1, UpdateKpi, handlers_)
  MASAR_GRPC_FORWARD(v1, DeleteKpi, handlers_)
  MASAR_GRPC_FORWARD(v1, RecordKpiMeasurement, handlers_)
  MASAR_GRPC_FORWARD(v1, ListKpiMeasurements, handlers_)
  MASAR_GRPC_FORWARD(v1, ListDomainEvents, handlers_)
  MASAR_GRPC_FORWARD(v1, ListAuditEvents, handlers_)
  MASAR_GRPC_FORWARD(v1, VerifyAuditChain, handlers_)

  PartnershipHandlers* handlers_;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_API_PARTNERSHIP_GRPC_SERVICE_H_
