#include "services/partnerships/domain/agreement.h"

#include <algorithm>

namespace masar::partnerships {
namespace {

// The day a stored ACTIVE agreement leaves ACTIVE by itself, and the state
// it enters then: supersession when the renewal's effective_on comes
// strictly before expires_on, else expiry.
struct TimedEnd {
  absl::CivilDay day;
  AgreementState state;
};

TimedEnd TimedEndOf(const Agreement& agreement) {
  if (agreement.supersede_on.has_value() &&
      *agreement.supersede_on < agreement.expires_on) {
    return {*agreement.supersede_on, AgreementState::kSuperseded};
  }
  return {agreement.expires_on, AgreementState::kExpired};
}

}  // namespace

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
  return absl::CivilDay(month.year(), month.month(),
                        std::min(day.day(), last.day()));
}

AgreementState EffectiveState(const Agreement& agreement,
                              absl::CivilDay today) {
  if (agreement.state != AgreementState::kActive) return agreement.state;
  const TimedEnd end = TimedEndOf(agreement);
  return today >= end.day ? end.state : AgreementState::kActive;
}

Agreement AsSeenOn(Agreement agreement, absl::CivilDay today,
                   absl::TimeZone zone) {
  if (EffectiveState(agreement, today) != agreement.state) {
    const TimedEnd end = TimedEndOf(agreement);
    agreement.state = end.state;
    agreement.end_time = zone.At(absl::CivilSecond(end.day)).trans;
    agreement.ended_on = end.day;
    agreement.state_change_time = *agreement.end_time;
    agreement.state_reason.clear();
  }
  agreement.in_force = InForce(agreement, today);
  return agreement;
}

bool InForce(const Agreement& agreement, absl::CivilDay today) {
  return EffectiveState(agreement, today) == AgreementState::kActive &&
         today >= agreement.terms.effective_on;
}

bool IsSigned(AgreementState state) {
  return state == AgreementState::kActive ||
         state == AgreementState::kExpired ||
         state == AgreementState::kSuperseded;
}

bool TermsEditable(AgreementState state) {
  return state == AgreementState::kDraft || state == AgreementState::kInReview;
}

std::string LeadOrganization(const AgreementTerms& terms) {
  for (const Party& party : terms.parties) {
    if (party.role == PartyRole::kLead) return party.organization_id;
  }
  return "";
}

const Party* FindParty(const AgreementTerms& terms,
                       absl::string_view organization_id) {
  for (const Party& party : terms.parties) {
    if (party.organization_id == organization_id) return &party;
  }
  return nullptr;
}

}  // namespace masar::partnerships
