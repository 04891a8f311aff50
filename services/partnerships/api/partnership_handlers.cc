// PartnershipHandlers' construction, its reads of agreements (GetAgreement
// through the read cache), and the feeds: domain events and the audit
// chain. Changes of agreements: partnership_handlers_agreements.cc;
// obligations and KPIs: partnership_handlers_terms.cc.
#include "services/partnerships/api/partnership_handlers.h"

#include <optional>
#include <utility>

#include "common/aip/pagination.h"
#include "common/audit/audit_page.h"
#include "common/audit/checkpoint.h"
#include "common/events/domain_event_proto.h"
#include "common/proto_mapping/audit_mapping.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "masar/partnerships/v1/partnership_service.grpc.pb.h"
#include "services/partnerships/api/proto_mapping.h"
#include "services/partnerships/domain/errors.h"

namespace masar::partnerships {
namespace {

// How long a caller refused because a verification is running should wait.
constexpr absl::Duration kVerifyRetryDelay = absl::Seconds(1);

}  // namespace

PartnershipHandlers::PartnershipHandlers(PartnershipHandlersDeps deps)
    : deps_(std::move(deps)),
      scaffold_({.service = v1::PartnershipService::service_full_name(),
                 .authorizer = deps_.authorizer,
                 .runner = deps_.runner,
                 .recorder = deps_.idempotency}),
      audit_log_(deps_.calendar->clock()) {
  if (deps_.agreements_cache != nullptr) {
    read_cache_.emplace(deps_.agreements_cache, deps_.registry, deps_.calendar);
  }
}

grpc::ServerUnaryReactor* PartnershipHandlers::GetAgreement(
    grpc::CallbackServerContext* context,
    const v1::GetAgreementRequest* request,
    v1::GetAgreementResponse* response) {
  if (read_cache_.has_value()) {
    return deps_.runner->InlineOrBlocking(
        context,
        [&](const CallContext&) -> std::optional<absl::Status> {
          // Authorization is in memory (tokens verified with the JWKS the
          // process holds), so a hit never leaves gRPC's thread.
          absl::StatusOr<Actor> actor =
              scaffold_.Authorize(*context, "GetAgreement");
          if (!actor.ok()) return actor.status();
          return read_cache_->Peek(*actor, request->name(),
                                   *response->mutable_agreement());
        },
        [this, context, request, response](const CallContext& call) {
          absl::StatusOr<Actor> actor =
              scaffold_.Authorize(*context, "GetAgreement");
          if (!actor.ok()) return actor.status();
          return read_cache_->Read(OutgoingMetadata(call), *actor,
                                   request->name(),
                                   *response->mutable_agreement());
        });
  }
  return scaffold_.ServeRead(
      context, "GetAgreement",
      [this, request, response](const Actor& actor,
                                const CallMetadata& call) -> absl::Status {
        ASSIGN_OR_RETURN(
            Agreement agreement,
            deps_.registry->GetAgreement(call, actor, request->name()));
        *response->mutable_agreement() = ToProto(agreement);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::ListAgreements(
    grpc::CallbackServerContext* context,
    const v1::ListAgreementsRequest* request,
    v1::ListAgreementsResponse* response) {
  return scaffold_.ServeRead(
      context, "ListAgreements",
      [this, request, response](const Actor& actor,
                                const CallMetadata& call) -> absl::Status {
        ASSIGN_OR_RETURN(AgreementListRequest list, FromProto(*request));
        ASSIGN_OR_RETURN(aip::Page<Agreement> page,
                         deps_.registry->ListAgreements(call, actor, list));
        for (const Agreement& agreement : page.items) {
          *response->add_agreements() = ToProto(agreement);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::GetAgreementLineage(
    grpc::CallbackServerContext* context,
    const v1::GetAgreementLineageRequest* request,
    v1::GetAgreementLineageResponse* response) {
  return scaffold_.ServeRead(
      context, "GetAgreementLineage",
      [this, request, response](const Actor& actor,
                                const CallMetadata& call) -> absl::Status {
        ASSIGN_OR_RETURN(Lineage lineage, deps_.registry->GetAgreementLineage(
                                              call, actor, request->name()));
        *response = ToProto(lineage);
        return absl::OkStatus();
      });
}

// The feeds.

grpc::ServerUnaryReactor* PartnershipHandlers::ListDomainEvents(
    grpc::CallbackServerContext* context,
    const v1::ListDomainEventsRequest* request,
    v1::ListDomainEventsResponse* response) {
  return scaffold_.ServeFeed(
      context, "ListDomainEvents", [this, request, response] {
        return events::ReadDomainEvents(*deps_.outbox, *request, *response);
      });
}

absl::Status PartnershipHandlers::CheckAuditReader(const Actor& actor) const {
  // The policy table admits AUDITOR and PLATFORM_ADMIN in any scope; the
  // chain is the whole service's, so it takes either at "*".
  if (actor.HasGlobalRole(auth::Role::kAuditor) || actor.IsPlatformAdmin()) {
    return absl::OkStatus();
  }
  return PermissionDenied("read", "the audit chain");
}

grpc::ServerUnaryReactor* PartnershipHandlers::ListAuditEvents(
    grpc::CallbackServerContext* context,
    const v1::ListAuditEventsRequest* request,
    v1::ListAuditEventsResponse* response) {
  return scaffold_.ServeRead(
      context, "ListAuditEvents",
      [this, request, response](const Actor& actor) -> absl::Status {
        RETURN_IF_ERROR(CheckAuditReader(actor));
        ASSIGN_OR_RETURN(
            aip::Page<audit::AuditEntry> page,
            audit::ListAuditPage(
                audit_log_, *deps_.db, audit::AuditFilterOf(*request),
                aip::PageRequest{.page_size = request->page_size(),
                                 .page_token = request->page_token()}));
        for (const audit::AuditEntry& entry : page.items) {
          *response->add_audit_events() = audit::ToProto(entry);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::VerifyAuditChain(
    grpc::CallbackServerContext* context,
    const v1::VerifyAuditChainRequest* request,
    v1::VerifyAuditChainResponse* response) {
  return scaffold_.ServeRead(
      context, "VerifyAuditChain",
      [this, response](const Actor& actor) -> absl::Status {
        RETURN_IF_ERROR(CheckAuditReader(actor));
        if (verifying_.exchange(true)) {
          return WithRetryDelay(
              absl::ResourceExhaustedError(
                  "a verification of the audit chain is already running"),
              kVerifyRetryDelay);
        }
        const absl::Status status = VerifyChain(*response);
        verifying_ = false;
        return status;
      });
}

absl::Status PartnershipHandlers::VerifyChain(
    v1::VerifyAuditChainResponse& response) {
  std::optional<audit::Checkpoint> checkpoint;
  if (!deps_.checkpoint_path.empty()) {
    audit::CheckpointFile file(deps_.checkpoint_path);
    ASSIGN_OR_RETURN(checkpoint, file.Latest());
    if (checkpoint.has_value() && !deps_.checkpoint_public_keys.empty()) {
      RETURN_IF_ERROR(audit::VerifyCheckpointSignature(
          *checkpoint, deps_.checkpoint_public_keys));
    }
  }
  ASSIGN_OR_RETURN(audit::Verification verification,
                   audit_log_.Verify(*deps_.db, checkpoint));
  *response.mutable_verification() = audit::ToProto(verification);
  return absl::OkStatus();
}

}  // namespace masar::partnerships
