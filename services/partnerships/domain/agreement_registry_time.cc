// AgreementRegistry: storing the transitions time brings (expiry, and the
// supersession a renewal entering into force brings), once each.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "services/partnerships/domain/agreement_registry.h"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships {

absl::Status AgreementRegistry::StoreTimedEnd(Transaction& tx,
                                              const Actor& cause,
                                              const Agreement& stored,
                                              const Agreement& seen) {
  Agreement next = seen;
  next.in_force = false;
  next.version = stored.version;
  ASSIGN_OR_RETURN(Agreement written, Touch(tx, next));
  const bool superseded = written.state == AgreementState::kSuperseded;
  const std::string name = AgreementName(written.id);
  RETURN_IF_ERROR(AuditBySystem(
      tx, cause, superseded ? "SupersedeAgreement" : "ExpireAgreement", name,
      {std::string(StateName(written.state)), DateText(*written.ended_on),
       absl::StrCat("version=", written.version)}));
  return Publish(tx, {written.id, written.state,
                      superseded ? written.superseded_by_id : ""});
}

absl::StatusOr<SweepResult> AgreementRegistry::SweepDueTransitions(int limit) {
  const absl::CivilDay today = Today();
  std::vector<Agreement> due;
  RETURN_IF_ERROR(ports_.unit_of_work->RunReadOnly(
      [&](Transaction& tx) -> absl::Status {
        ASSIGN_OR_RETURN(due, ports_.agreements->ListDue(tx, today, limit));
        return absl::OkStatus();
      }));
  SweepResult result;
  for (const Agreement& candidate : due) {
    AgreementState stored_as = AgreementState::kUnspecified;
    absl::Status status = ports_.unit_of_work->Run(
        [&](Transaction& tx) -> absl::Status {
          stored_as = AgreementState::kUnspecified;
          ASSIGN_OR_RETURN(Agreement stored,
                           ports_.agreements->Get(tx, candidate.id));
          Agreement seen = Seen(stored);
          if (seen.state == stored.state) return absl::OkStatus();
          stored_as = seen.state;
          return StoreTimedEnd(tx, Actor{}, stored, seen);
        });
    // Another replica stored it first: its CAS won, this one skips.
    if (absl::IsAborted(status) || absl::IsNotFound(status)) continue;
    RETURN_IF_ERROR(status);
    if (stored_as == AgreementState::kExpired) ++result.expired;
    if (stored_as == AgreementState::kSuperseded) ++result.superseded;
  }
  return result;
}

}  // namespace masar::partnerships
