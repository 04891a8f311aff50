// AgreementRegistry: obligations, their definitions (terms) and progress.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

absl::Status ValidateDefinition(absl::string_view responsible_party,
                                const LocalizedText& description,
                                absl::CivilDay due_on,
                                const std::vector<std::string>* mask) {
  auto has = [&](absl::string_view path) {
    return mask == nullptr || aip::MaskHas(*mask, path);
  };
  if (has("responsible_party") && !IsResourceId(responsible_party)) {
    return InvalidArgumentError("obligation.responsible_party",
                                "must read organizations/{id}");
  }
  if (has("description")) {
    RETURN_IF_ERROR(ValidateLocalizedText("obligation.description",
                                          description, kMaxSummary, true));
  }
  if (has("due_on")) RETURN_IF_ERROR(ValidateDay("obligation.due_on", due_on));
  return absl::OkStatus();
}

absl::Status CheckResponsible(const Agreement& agreement,
                              absl::string_view organization_id) {
  if (FindParty(agreement.terms, organization_id) == nullptr) {
    return FailedPreconditionError("obligation.responsible_party",
                                   "not a party of the agreement");
  }
  return absl::OkStatus();
}

// "organizations/{id}" as the request gives it -> the id ("" stays "").
absl::StatusOr<std::string> OrganizationIdOf(absl::string_view field,
                                             absl::string_view name) {
  if (name.empty()) return std::string();
  return ParseOrganizationName(field, name);
}

std::vector<std::string> DefinitionContent(const Obligation& o) {
  return {OrganizationName(o.responsible_party_id), DateText(o.due_on),
          absl::StrCat("version=", o.version)};
}

std::string ListKey(const ObligationListRequest& r) {
  std::vector<int> states;
  for (ObligationState s : r.states) states.push_back(static_cast<int>(s));
  return absl::StrCat("obligations|", r.parent, "|",
                      absl::StrJoin(states, ","), "|", r.responsible_party,
                      "|", r.overdue_only, "|",
                      r.due_before ? DateText(*r.due_before) : "");
}

aip::PageCursor CursorOf(const Obligation& o) {
  return aip::PageCursor{
      absl::FromCivil(absl::CivilSecond(o.due_on), absl::UTCTimeZone()),
      absl::StrCat(o.agreement_id, "/", o.id)};
}

}  // namespace

absl::StatusOr<Agreement> AgreementRegistry::TouchForDefinition(
    Transaction& tx, const Actor& actor, const std::string& id,
    absl::string_view action, absl::string_view field) {
  ASSIGN_OR_RETURN(Agreement stored, LoadManaged(tx, actor, id, action));
  const AgreementState state = EffectiveState(stored, Today());
  if (!TermsEditable(state)) {
    return TermsFrozen(field, AgreementName(id), StateName(state));
  }
  return Touch(tx, stored);
}

absl::StatusOr<Obligation> AgreementRegistry::CreateObligation(
    Transaction& tx, const Actor& actor, const NewObligation& command) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("parent", command.parent));
  ASSIGN_OR_RETURN(std::string responsible,
                   ParseOrganizationName("obligation.responsible_party",
                                         command.responsible_party));
  RETURN_IF_ERROR(ValidateDefinition(responsible, command.description,
                                     command.due_on, nullptr));
  ASSIGN_OR_RETURN(Agreement agreement,
                   TouchForDefinition(tx, actor, id, "add an obligation to",
                                      "obligation"));
  RETURN_IF_ERROR(CheckResponsible(agreement, responsible));
  ASSIGN_OR_RETURN(std::vector<Obligation> all,
                   ports_.obligations->ListAllOf(tx, id));
  if (all.size() >= kMaxObligations) {
    return FailedPreconditionError("parent", "200 obligations already");
  }
  Obligation obligation;
  obligation.agreement_id = id;
  obligation.id = NewUuid();
  obligation.responsible_party_id = responsible;
  obligation.description = command.description;
  obligation.due_on = command.due_on;
  obligation.state = ObligationState::kOpen;
  obligation.create_time = obligation.update_time = agreement.update_time;
  obligation.version = 1;
  RETURN_IF_ERROR(ports_.obligations->Create(tx, obligation));
  RETURN_IF_ERROR(Audit(tx, actor, "CreateObligation",
                        ObligationName(obligation),
                        DefinitionContent(obligation)));
  return SeenObligation(obligation, agreement);
}

absl::StatusOr<Obligation> AgreementRegistry::GetObligation(
    const CallMetadata& call, const Actor& actor, const std::string& name) {
  ASSIGN_OR_RETURN(ChildKey key, ParseObligationName("name", name));
  ASSIGN_OR_RETURN(Agreement agreement,
                   ReadVisible(call, actor, key.agreement_id));
  std::optional<Obligation> obligation;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly(
      [&](Transaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(obligation, ports_.obligations->Get(
                                         tx, key.agreement_id, key.id));
        return absl::OkStatus();
      }));
  return SeenObligation(*std::move(obligation), agreement);
}

absl::StatusOr<ObligationFilter> AgreementRegistry::ObligationFilterOf(
    const CallMetadata& call, const Actor& actor,
    const ObligationListRequest& request) {
  ObligationFilter filter;
  filter.today = Today();
  if (request.parent == "agreements/-") {
    ASSIGN_OR_RETURN(filter.visible_to, ListerVisibility(call, actor));
  } else {
    ASSIGN_OR_RETURN(filter.agreement_id,
                     ParseAgreementName("parent", request.parent));
    RETURN_IF_ERROR(ReadVisible(call, actor, filter.agreement_id).status());
  }
  ASSIGN_OR_RETURN(filter.responsible_party_id,
                   OrganizationIdOf("responsible_party",
                                    request.responsible_party));
  filter.states = request.states;
  filter.overdue_only = request.overdue_only;
  filter.due_before = request.due_before;
  return filter;
}

absl::StatusOr<aip::Page<Obligation>> AgreementRegistry::ListObligations(
    const CallMetadata& call, const Actor& actor,
    const ObligationListRequest& request) {
  const std::string key = ListKey(request);
  ASSIGN_OR_RETURN(aip::PageQuery query,
                   aip::ParsePageRequest(request.page, key));
  ASSIGN_OR_RETURN(ObligationFilter filter,
                   ObligationFilterOf(call, actor, request));
  aip::ListResult<Obligation> result;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly(
      [&](Transaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(result, ports_.obligations->List(tx, filter, query));
        std::map<std::string, Agreement> agreements;
        for (Obligation& o : result.items) {
          if (!agreements.contains(o.agreement_id)) {
            ASSIGN_OR_RETURN(agreements[o.agreement_id],
                             ports_.agreements->Get(tx, o.agreement_id));
          }
          o = SeenObligation(std::move(o), agreements[o.agreement_id]);
        }
        return absl::OkStatus();
      }));
  return aip::MakePage(std::move(result), key, CursorOf);
}

absl::StatusOr<Obligation> AgreementRegistry::UpdateObligation(
    Transaction& tx, const Actor& actor, const ObligationUpdate& update) {
  ASSIGN_OR_RETURN(ChildKey key,
                   ParseObligationName("obligation.name", update.name));
  RETURN_IF_ERROR(aip::CheckUpdateMask(
      update.update_mask, {"responsible_party", "description", "due_on"}));
  std::string responsible;
  if (aip::MaskHas(update.update_mask, "responsible_party")) {
    ASSIGN_OR_RETURN(responsible,
                     ParseOrganizationName("obligation.responsible_party",
                                           update.responsible_party));
  }
  RETURN_IF_ERROR(ValidateDefinition(responsible, update.description,
                                     update.due_on, &update.update_mask));
  ASSIGN_OR_RETURN(
      Agreement agreement,
      TouchForDefinition(tx, actor, key.agreement_id, "change obligations of",
                         absl::StrCat("obligation.", update.update_mask[0])));
  ASSIGN_OR_RETURN(Obligation o,
                   ports_.obligations->Get(tx, key.agreement_id, key.id));
  RETURN_IF_ERROR(
      aip::CheckRequiredEtag(update.etag, o.version, ObligationName(o)));
  if (aip::MaskHas(update.update_mask, "responsible_party")) {
    RETURN_IF_ERROR(CheckResponsible(agreement, responsible));
    o.responsible_party_id = responsible;
  }
  if (aip::MaskHas(update.update_mask, "description")) {
    o.description = update.description;
  }
  if (aip::MaskHas(update.update_mask, "due_on")) o.due_on = update.due_on;
  o.update_time = agreement.update_time;
  ASSIGN_OR_RETURN(Obligation written, ports_.obligations->Update(tx, o));
  std::vector<std::string> content = DefinitionContent(written);
  content.insert(content.end(), update.update_mask.begin(),
                 update.update_mask.end());
  RETURN_IF_ERROR(
      Audit(tx, actor, "UpdateObligation", ObligationName(written), content));
  return SeenObligation(written, agreement);
}

absl::Status AgreementRegistry::DeleteObligation(Transaction& tx,
                                                 const Actor& actor,
                                                 const NameAndEtag& command) {
  ASSIGN_OR_RETURN(ChildKey key, ParseObligationName("name", command.name));
  RETURN_IF_ERROR(TouchForDefinition(tx, actor, key.agreement_id,
                                     "change obligations of", "name")
                      .status());
  ASSIGN_OR_RETURN(Obligation o,
                   ports_.obligations->Get(tx, key.agreement_id, key.id));
  RETURN_IF_ERROR(
      aip::CheckOptionalEtag(command.etag, o.version, ObligationName(o)));
  RETURN_IF_ERROR(ports_.obligations->Delete(tx, o));
  return Audit(tx, actor, "DeleteObligation", ObligationName(o),
               {absl::StrCat("version=", o.version)});
}

}  // namespace masar::partnerships
