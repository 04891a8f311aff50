#include "services/partnerships/domain/obligation.h"

namespace masar::partnerships {

bool IsOverdue(const Obligation& obligation, AgreementState agreement_state,
               absl::CivilDay today) {
  const bool open = obligation.state == ObligationState::kOpen ||
                    obligation.state == ObligationState::kInProgress;
  return open && obligation.due_on < today && IsSigned(agreement_state);
}

}  // namespace masar::partnerships
