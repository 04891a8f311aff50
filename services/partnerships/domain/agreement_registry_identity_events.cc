// AgreementRegistry: what identity's events mean for signatories who have
// not signed yet.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships {
namespace {

// The status an unsigned party named in an event takes: an enabled user
// clears only a disablement (a departure or an erasure stays).
SignatoryStatus NextStatus(SignatoryStatus current, SignatoryStatus told) {
  if (told == SignatoryStatus::kValid) {
    return current == SignatoryStatus::kUserDisabled ? SignatoryStatus::kValid
                                                     : current;
  }
  return told;
}

}  // namespace

absl::Status AgreementRegistry::MarkSignatories(
    Transaction& tx, const std::string& organization_id,
    const std::string& user_id, SignatoryStatus status) {
  ASSIGN_OR_RETURN(std::vector<Agreement> affected,
                   ports_.agreements->ListUnsignedBySignatory(tx, user_id));
  for (Agreement& agreement : affected) {
    std::vector<std::string> content = {
        user_id, std::string(SignatoryStatusName(status))};
    for (Party& party : agreement.terms.parties) {
      if (party.signatory_id != user_id || party.signature.has_value()) continue;
      if (!organization_id.empty() && party.organization_id != organization_id) {
        continue;
      }
      const SignatoryStatus next = NextStatus(party.signatory_status, status);
      if (next == party.signatory_status) continue;
      party.signatory_status = next;
      content.push_back(OrganizationName(party.organization_id));
    }
    if (content.size() == 2) continue;  // nothing changed
    ASSIGN_OR_RETURN(Agreement written, Touch(tx, agreement));
    content.push_back(absl::StrCat("version=", written.version));
    RETURN_IF_ERROR(AuditBySystem(tx, Actor{}, "MarkSignatoryStatus",
                                  AgreementName(written.id), content));
  }
  return absl::OkStatus();
}

absl::Status AgreementRegistry::SignatoryUserChanged(Transaction& tx,
                                                     const std::string& user_id,
                                                     SignatoryStatus status) {
  return MarkSignatories(tx, "", user_id, status);
}

absl::Status AgreementRegistry::SignatoryMembershipRemoved(
    Transaction& tx, const std::string& organization_id,
    const std::string& user_id) {
  return MarkSignatories(tx, organization_id, user_id,
                         SignatoryStatus::kNotAMember);
}

}  // namespace masar::partnerships
