// PartnershipHandlers: the changes of agreements. Those that need
// identity's facts (parties, signatories) gather them before their
// transaction, through RpcScaffold::ServeLookedUpChange.
#include <utility>

#include "common/aip/update_mask.h"
#include "common/status/status_macros.h"
#include "services/partnerships/api/partnership_handlers.h"
#include "services/partnerships/api/proto_mapping.h"

namespace masar::partnerships {
namespace {

// A command mapped from its request, with what identity said of its
// parties: what a looked-up change hands its transaction.
template <typename Command>
struct Prepared {
  Command command;
  PartyFacts facts;
};

template <typename Command>
absl::StatusOr<Prepared<Command>> PrepareWith(
    Command command, absl::StatusOr<PartyFacts> facts) {
  if (!facts.ok()) return facts.status();
  return Prepared<Command>{std::move(command), *std::move(facts)};
}

NameAndEtag NameEtag(const std::string& name, const std::string& etag) {
  return NameAndEtag{.name = name, .etag = etag};
}

}  // namespace

grpc::ServerUnaryReactor* PartnershipHandlers::CreateAgreement(
    grpc::CallbackServerContext* context,
    const v1::CreateAgreementRequest* request,
    v1::CreateAgreementResponse* response) {
  return scaffold_.ServeLookedUpChange(
      context, "CreateAgreement", request, response,
      [this, request](const Actor&, const CallMetadata& call)
          -> absl::StatusOr<Prepared<NewAgreement>> {
        ASSIGN_OR_RETURN(NewAgreement command, FromProto(*request));
        return PrepareWith(command, deps_.registry->LookUpParties(
                                        call, command.terms.parties));
      },
      [this](Transaction& tx, const Actor& actor,
             const Prepared<NewAgreement>& prepared,
             v1::CreateAgreementResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(Agreement agreement,
                         deps_.registry->CreateAgreement(
                             tx, actor, prepared.command, prepared.facts));
        *out.mutable_agreement() = ToProto(agreement);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::RecordPaperAgreement(
    grpc::CallbackServerContext* context,
    const v1::RecordPaperAgreementRequest* request,
    v1::RecordPaperAgreementResponse* response) {
  return scaffold_.ServeLookedUpChange(
      context, "RecordPaperAgreement", request, response,
      [this, request](const Actor&, const CallMetadata& call)
          -> absl::StatusOr<Prepared<PaperAgreement>> {
        ASSIGN_OR_RETURN(PaperAgreement command, FromProto(*request));
        return PrepareWith(command, deps_.registry->LookUpParties(
                                        call, command.terms.parties));
      },
      [this](Transaction& tx, const Actor& actor,
             const Prepared<PaperAgreement>& prepared,
             v1::RecordPaperAgreementResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(Agreement agreement,
                         deps_.registry->RecordPaperAgreement(
                             tx, actor, prepared.command, prepared.facts));
        *out.mutable_agreement() = ToProto(agreement);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::UpdateAgreement(
    grpc::CallbackServerContext* context,
    const v1::UpdateAgreementRequest* request,
    v1::UpdateAgreementResponse* response) {
  return scaffold_.ServeLookedUpChange(
      context, "UpdateAgreement", request, response,
      [this, request](const Actor&, const CallMetadata& call)
          -> absl::StatusOr<Prepared<AgreementUpdate>> {
        ASSIGN_OR_RETURN(AgreementUpdate update, FromProto(*request));
        // Only new parties need identity's word.
        if (!aip::MaskHas(update.update_mask, "parties")) {
          return Prepared<AgreementUpdate>{std::move(update), PartyFacts()};
        }
        return PrepareWith(
            update, deps_.registry->LookUpParties(call, update.terms.parties));
      },
      [this](Transaction& tx, const Actor& actor,
             const Prepared<AgreementUpdate>& prepared,
             v1::UpdateAgreementResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(Agreement agreement,
                         deps_.registry->UpdateAgreement(
                             tx, actor, prepared.command, prepared.facts));
        *out.mutable_agreement() = ToProto(agreement);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::DeleteAgreement(
    grpc::CallbackServerContext* context,
    const v1::DeleteAgreementRequest* request,
    v1::DeleteAgreementResponse* response) {
  return scaffold_.ServeChange(
      context, "DeleteAgreement", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::DeleteAgreementResponse&) {
        return deps_.registry->DeleteAgreement(
            tx, actor, NameEtag(request->name(), request->etag()));
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::SubmitAgreementForReview(
    grpc::CallbackServerContext* context,
    const v1::SubmitAgreementForReviewRequest* request,
    v1::SubmitAgreementForReviewResponse* response) {
  return scaffold_.ServeLookedUpChange(
      context, "SubmitAgreementForReview", request, response,
      [this, request](const Actor& actor, const CallMetadata& call) {
        return deps_.registry->LookUpAgreementParties(call, actor,
                                                      request->name());
      },
      [this, request](
          Transaction& tx, const Actor& actor, const PartyFacts& facts,
          v1::SubmitAgreementForReviewResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(
            Agreement agreement,
            deps_.registry->SubmitAgreementForReview(
                tx, actor, NameEtag(request->name(), request->etag()), facts));
        *out.mutable_agreement() = ToProto(agreement);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::ReturnAgreementToDraft(
    grpc::CallbackServerContext* context,
    const v1::ReturnAgreementToDraftRequest* request,
    v1::ReturnAgreementToDraftResponse* response) {
  return scaffold_.ServeChange(
      context, "ReturnAgreementToDraft", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::ReturnAgreementToDraftResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(Agreement agreement,
                         deps_.registry->ReturnAgreementToDraft(
                             tx, actor,
                             ReasonedChange{.name = request->name(),
                                            .reason = request->reason(),
                                            .etag = request->etag()}));
        *out.mutable_agreement() = ToProto(agreement);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::RequestSignatures(
    grpc::CallbackServerContext* context,
    const v1::RequestSignaturesRequest* request,
    v1::RequestSignaturesResponse* response) {
  return scaffold_.ServeLookedUpChange(
      context, "RequestSignatures", request, response,
      [this, request](const Actor& actor, const CallMetadata& call) {
        return deps_.registry->LookUpAgreementParties(call, actor,
                                                      request->name());
      },
      [this, request](Transaction& tx, const Actor& actor,
                      const PartyFacts& facts,
                      v1::RequestSignaturesResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(
            Agreement agreement,
            deps_.registry->RequestSignatures(
                tx, actor, NameEtag(request->name(), request->etag()), facts));
        *out.mutable_agreement() = ToProto(agreement);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::SignAgreement(
    grpc::CallbackServerContext* context,
    const v1::SignAgreementRequest* request,
    v1::SignAgreementResponse* response) {
  const Signing signing{.name = request->name(),
                        .organization = request->organization(),
                        .content_digest = request->content_digest()};
  return scaffold_.ServeLookedUpChange(
      context, "SignAgreement", request, response,
      [this, signing](const Actor& actor, const CallMetadata& call) {
        return deps_.registry->LookUpSigner(call, actor, signing);
      },
      [this, signing](Transaction& tx, const Actor& actor,
                      const PartyFacts& facts,
                      v1::SignAgreementResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(Agreement agreement, deps_.registry->SignAgreement(
                                                  tx, actor, signing, facts));
        *out.mutable_agreement() = ToProto(agreement);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::TerminateAgreement(
    grpc::CallbackServerContext* context,
    const v1::TerminateAgreementRequest* request,
    v1::TerminateAgreementResponse* response) {
  return scaffold_.ServeChange(
      context, "TerminateAgreement", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::TerminateAgreementResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(Agreement agreement,
                         deps_.registry->TerminateAgreement(
                             tx, actor,
                             ReasonedChange{.name = request->name(),
                                            .reason = request->reason(),
                                            .etag = request->etag()}));
        *out.mutable_agreement() = ToProto(agreement);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* PartnershipHandlers::RenewAgreement(
    grpc::CallbackServerContext* context,
    const v1::RenewAgreementRequest* request,
    v1::RenewAgreementResponse* response) {
  return scaffold_.ServeLookedUpChange(
      context, "RenewAgreement", request, response,
      [this, request](const Actor& actor, const CallMetadata& call)
          -> absl::StatusOr<Prepared<Renewal>> {
        ASSIGN_OR_RETURN(Renewal renewal, FromProto(*request));
        return PrepareWith(renewal, deps_.registry->LookUpAgreementParties(
                                        call, actor, renewal.name));
      },
      [this](Transaction& tx, const Actor& actor,
             const Prepared<Renewal>& prepared,
             v1::RenewAgreementResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(Agreement agreement,
                         deps_.registry->RenewAgreement(
                             tx, actor, prepared.command, prepared.facts));
        *out.mutable_agreement() = ToProto(agreement);
        return absl::OkStatus();
      });
}

}  // namespace masar::partnerships
