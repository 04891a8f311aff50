#ifndef MASAR_SERVICES_PARTNERSHIPS_API_PARTNERSHIP_HANDLERS_H_
#define MASAR_SERVICES_PARTNERSHIPS_API_PARTNERSHIP_HANDLERS_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/audit/audit_log.h"
#include "common/auth/call_authorizer.h"
#include "common/auth/caller.h"
#include "common/clock/calendar.h"
#include "common/events/outbox.h"
#include "common/grpc/rpc_scaffold.h"
#include "common/grpc/unary_call.h"
#include "common/idempotency/idempotency.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/database.h"
#include "masar/partnerships/v1/partnership_service.pb.h"
#include "services/partnerships/api/agreement_read_cache.h"
#include "services/partnerships/domain/agreement_registry.h"

namespace masar::partnerships {

// What PartnershipHandlers works with; none is owned, all outlive it.
struct PartnershipHandlersDeps {
  AgreementRegistry* registry = nullptr;
  // The partnerships policy table's authorizer (services/partnerships/api/
  // partnerships_policy.h).
  const auth::CallAuthorizer* authorizer = nullptr;
  // Runs every handler's work on the service's executor: all of it touches
  // SQL or identity.
  UnaryCallRunner* runner = nullptr;
  // Over the partnerships database: request_id records of creates and
  // custom methods, in the transaction of the change.
  idempotency::IdempotentRunner* idempotency = nullptr;
  // The partnerships database, read by ListAuditEvents and
  // VerifyAuditChain.
  sql::Database* db = nullptr;
  // The service's clock and time zone ("today" for the read cache).
  const Calendar* calendar = nullptr;
  // Partnerships' domain events (source "partnerships"), read by
  // ListDomainEvents.
  events::Outbox* outbox = nullptr;
  // The service's checkpoint file (common/audit/checkpoint.h); empty: the
  // chain is verified without a checkpoint.
  std::string checkpoint_path;
  // When set, the checkpoint's signature must verify under one of these
  // raw Ed25519 public keys, else VerifyAuditChain is INTERNAL.
  std::vector<std::string> checkpoint_public_keys;
  // GetAgreement's read-through cache (AgreementCacheOptions; the
  // SqlAgreementRepository writing agreements must invalidate it). Null:
  // GetAgreement reads SQL.
  ResourceCache* agreements_cache = nullptr;
};

// Every RPC of masar.partnerships.v1.PartnershipService: each authorizes
// the call against the partnerships policy, maps proto -> domain, runs the
// registry's use case on the service's executor with the call's metadata
// (creates and custom methods in one transaction with their request-id
// record; those that need identity's facts ask first, through
// RpcScaffold::ServeLookedUpChange), and maps the result back. Thread-safe.
class PartnershipHandlers {
 public:
  explicit PartnershipHandlers(PartnershipHandlersDeps deps);

  grpc::ServerUnaryReactor* CreateAgreement(
      grpc::CallbackServerContext* context,
      const v1::CreateAgreementRequest* request,
      v1::CreateAgreementResponse* response);
  grpc::ServerUnaryReactor* RecordPaperAgreement(
      grpc::CallbackServerContext* context,
      const v1::RecordPaperAgreementRequest* request,
      v1::RecordPaperAgreementResponse* response);
  grpc::ServerUnaryReactor* GetAgreement(grpc::CallbackServerContext* context,
                                         const v1::GetAgreementRequest* request,
                                         v1::GetAgreementResponse* response);
  grpc::ServerUnaryReactor* ListAgreements(
      grpc::CallbackServerContext* context,
      const v1::ListAgreementsRequest* request,
      v1::ListAgreementsResponse* response);
  grpc::ServerUnaryReactor* UpdateAgreement(
      grpc::CallbackServerContext* context,
      const v1::UpdateAgreementRequest* request,
      v1::UpdateAgreementResponse* response);
  grpc::ServerUnaryReactor* DeleteAgreement(
      grpc::CallbackServerContext* context,
      const v1::DeleteAgreementRequest* request,
      v1::DeleteAgreementResponse* response);
  grpc::ServerUnaryReactor* SubmitAgreementForReview(
      grpc::CallbackServerContext* context,
      const v1::SubmitAgreementForReviewRequest* request,
      v1::SubmitAgreementForReviewResponse* response);
  grpc::ServerUnaryReactor* ReturnAgreementToDraft(
      grpc::CallbackServerContext* context,
      const v1::ReturnAgreementToDraftRequest* request,
      v1::ReturnAgreementToDraftResponse* response);
  grpc::ServerUnaryReactor* RequestSignatures(
      grpc::CallbackServerContext* context,
      const v1::RequestSignaturesRequest* request,
      v1::RequestSignaturesResponse* response);
  grpc::ServerUnaryReactor* SignAgreement(
      grpc::CallbackServerContext* context,
      const v1::SignAgreementRequest* request,
      v1::SignAgreementResponse* response);
  grpc::ServerUnaryReactor* TerminateAgreement(
      grpc::CallbackServerContext* context,
      const v1::TerminateAgreementRequest* request,
      v1::TerminateAgreementResponse* response);
  grpc::ServerUnaryReactor* RenewAgreement(
      grpc::CallbackServerContext* context,
      const v1::RenewAgreementRequest* request,
      v1::RenewAgreementResponse* response);
  grpc::ServerUnaryReactor* GetAgreementLineage(
      grpc::CallbackServerContext* context,
      const v1::GetAgreementLineageRequest* request,
      v1::GetAgreementLineageResponse* response);
  grpc::ServerUnaryReactor* CreateObligation(
      grpc::CallbackServerContext* context,
      const v1::CreateObligationRequest* request,
      v1::CreateObligationResponse* response);
  grpc::ServerUnaryReactor* GetObligation(
      grpc::CallbackServerContext* context,
      const v1::GetObligationRequest* request,
      v1::GetObligationResponse* response);
  grpc::ServerUnaryReactor* ListObligations(
      grpc::CallbackServerContext* context,
      const v1::ListObligationsRequest* request,
      v1::ListObligationsResponse* response);
  grpc::ServerUnaryReactor* UpdateObligation(
      grpc::CallbackServerContext* context,
      const v1::UpdateObligationRequest* request,
      v1::UpdateObligationResponse* response);
  grpc::ServerUnaryReactor* DeleteObligation(
      grpc::CallbackServerContext* context,
      const v1::DeleteObligationRequest* request,
      v1::DeleteObligationResponse* response);
  grpc::ServerUnaryReactor* StartObligation(
      grpc::CallbackServerContext* context,
      const v1::StartObligationRequest* request,
      v1::StartObligationResponse* response);
  grpc::ServerUnaryReactor* CompleteObligation(
      grpc::CallbackServerContext* context,
      const v1::CompleteObligationRequest* request,
      v1::CompleteObligationResponse* response);
  grpc::ServerUnaryReactor* WaiveObligation(
      grpc::CallbackServerContext* context,
      const v1::WaiveObligationRequest* request,
      v1::WaiveObligationResponse* response);
  grpc::ServerUnaryReactor* ReopenObligation(
      grpc::CallbackServerContext* context,
      const v1::ReopenObligationRequest* request,
      v1::ReopenObligationResponse* response);
  grpc::ServerUnaryReactor* CreateKpi(grpc::CallbackServerContext* context,
                                      const v1::CreateKpiRequest* request,
                                      v1::CreateKpiResponse* response);
  grpc::ServerUnaryReactor* GetKpi(grpc::CallbackServerContext* context,
                                   const v1::GetKpiRequest* request,
                                   v1::GetKpiResponse* response);
  grpc::ServerUnaryReactor* ListKpis(grpc::CallbackServerContext* context,
                                     const v1::ListKpisRequest* request,
                                     v1::ListKpisResponse* response);
  grpc::ServerUnaryReactor* UpdateKpi(grpc::CallbackServerContext* context,
                                      const v1::UpdateKpiRequest* request,
                                      v1::UpdateKpiResponse* response);
  grpc::ServerUnaryReactor* DeleteKpi(grpc::CallbackServerContext* context,
                                      const v1::DeleteKpiRequest* request,
                                      v1::DeleteKpiResponse* response);
  grpc::ServerUnaryReactor* RecordKpiMeasurement(
      grpc::CallbackServerContext* context,
      const v1::RecordKpiMeasurementRequest* request,
      v1::RecordKpiMeasurementResponse* response);
  grpc::ServerUnaryReactor* ListKpiMeasurements(
      grpc::CallbackServerContext* context,
      const v1::ListKpiMeasurementsRequest* request,
      v1::ListKpiMeasurementsResponse* response);
  grpc::ServerUnaryReactor* ListDomainEvents(
      grpc::CallbackServerContext* context,
      const v1::ListDomainEventsRequest* request,
      v1::ListDomainEventsResponse* response);
  grpc::ServerUnaryReactor* ListAuditEvents(
      grpc::CallbackServerContext* context,
      const v1::ListAuditEventsRequest* request,
      v1::ListAuditEventsResponse* response);
  grpc::ServerUnaryReactor* VerifyAuditChain(
      grpc::CallbackServerContext* context,
      const v1::VerifyAuditChainRequest* request,
      v1::VerifyAuditChainResponse* response);

 private:
  absl::Status CheckAuditReader(const auth::Caller& caller) const;
  absl::Status VerifyChain(v1::VerifyAuditChainResponse& response);

  PartnershipHandlersDeps deps_;
  RpcScaffold scaffold_;
  audit::AuditLog audit_log_;
  std::optional<AgreementReadCache> read_cache_;
  // One VerifyAuditChain at a time: it reads the whole chain.
  std::atomic<bool> verifying_{false};
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_API_PARTNERSHIP_HANDLERS_H_
