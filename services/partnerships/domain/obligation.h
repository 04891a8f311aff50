#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_OBLIGATION_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_OBLIGATION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/i18n/localized_text.h"
#include "services/partnerships/domain/agreement.h"

// An agreement's obligation (protos/masar/partnerships/v1/obligation.proto).
namespace masar::partnerships {

enum class ObligationState {
  kUnspecified = 0,
  kOpen = 1,
  kInProgress = 2,
  kDone = 3,
  kWaived = 4
};

struct Obligation {
  std::string agreement_id;
  std::string id;  // "agreements/{agreement_id}/obligations/{id}"
  // Terms.
  std::string responsible_party_id;  // an organization id among the parties
  LocalizedText description;
  absl::CivilDay due_on;
  // Progress.
  ObligationState state = ObligationState::kOpen;
  std::string evidence_digest;
  std::string evidence_note;
  std::string state_reason;
  std::string state_changed_by;  // empty while never changed
  std::optional<absl::Time> state_change_time;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 0;
  // Derived by the registry on every read (IsOverdue), never stored.
  bool overdue = false;

  friend bool operator==(const Obligation&, const Obligation&) = default;
};

// Derived on every read (API review S8): OPEN or IN_PROGRESS, due before
// `today`, and the agreement (in `agreement_state`, its effective state)
// signed and not terminated.
bool IsOverdue(const Obligation& obligation, AgreementState agreement_state,
               absl::CivilDay today);

// At most this many obligations per agreement.
inline constexpr int kMaxObligations = 200;

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_OBLIGATION_H_
