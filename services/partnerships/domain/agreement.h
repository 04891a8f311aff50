#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_AGREEMENT_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_AGREEMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/i18n/localized_text.h"

// An agreement as the partnerships domain keeps it
// (protos/masar/partnerships/v1/agreement.proto is the contract; the
// comments there say what each field means). Enumerator values match the
// proto's numbers, so stores may keep the number. Dates are civil days in
// the service's time zone (see Today in agreement_registry.h).
namespace masar::partnerships {

enum class AgreementKind {
  kUnspecified = 0,
  kMou = 1,
  kFramework = 2,
  kConvention = 3,
  kSponsorship = 4,
  kDataSharing = 5
};

enum class AgreementState {
  kUnspecified = 0,
  kDraft = 1,
  kInReview = 2,
  kAwaitingSignatures = 3,
  kActive = 4,
  kExpired = 5,
  kTerminated = 6,
  kSuperseded = 7
};

enum class PartyRole {
  kUnspecified = 0,
  kLead = 1,
  kPartner = 2,
  kImplementingAgency = 3,
  kSponsor = 4
};

enum class SignatoryStatus {
  kUnspecified = 0,
  kValid = 1,
  kUserDisabled = 2,
  kUserErased = 3,
  kNotAMember = 4
};

enum class ScopeArea {
  kUnspecified = 0,
  kStartupSupport = 1,
  kSmeDigitalization = 2,
  kDigitalGovernance = 3,
  kTraining = 4,
  kMentoring = 5,
  kCloud = 6,
  kData = 7,
  kArtificialIntelligence = 8,
  kCybersecurity = 9,
  kEcommerce = 10,
  kMarketAccess = 11,
  kInvestment = 12,
  kResearchInnovation = 13,
  kNationalRoadmap = 14,
  kImpactMeasurement = 15,
  kOther = 16
};
inline constexpr int kMaxScopeArea = 16;

struct PartySignature {
  std::string signer_id;  // user id; "users/{id}"
  absl::Time sign_time;
  std::string signed_digest;  // lower-case hex SHA-256
  std::vector<std::string> amr;
  std::string token_id;  // the access token's jti

  friend bool operator==(const PartySignature&,
                         const PartySignature&) = default;
};

struct Party {
  std::string organization_id;  // the name is "organizations/{id}"
  PartyRole role = PartyRole::kUnspecified;
  std::string signatory_id;  // user id; empty only in paper records
  std::string signatory_title;
  std::optional<PartySignature> signature;
  SignatoryStatus signatory_status = SignatoryStatus::kValid;

  friend bool operator==(const Party&, const Party&) = default;
};

struct NominationRight {
  std::string organization_id;
  std::vector<std::string> program_ids;  // onboarding's ids, ascending
  int max_nominations = 0;

  friend bool operator==(const NominationRight&,
                         const NominationRight&) = default;
};

struct PaperRecord {
  absl::CivilDay signed_on;
  std::string signed_document_digest;
  std::string recorded_by;  // "users/{id}"
  absl::Time record_time;

  friend bool operator==(const PaperRecord&, const PaperRecord&) = default;
};

// The terms: what UpdateAgreement may change while DRAFT or IN_REVIEW and
// what content_digest covers (with `id`, `expires_on`, `extends` and the
// obligations' and KPIs' definitions).
struct AgreementTerms {
  AgreementKind kind = AgreementKind::kUnspecified;
  LocalizedText title;
  LocalizedText summary;
  std::vector<Party> parties;           // in the agreement's order
  std::vector<ScopeArea> scope_areas;   // ascending, no repeats
  absl::CivilDay effective_on;
  int duration_months = 0;
  LocalizedText signing_place;
  std::string terms_document_digest;
  std::vector<NominationRight> nomination_rights;  // by organization_id

  friend bool operator==(const AgreementTerms&,
                         const AgreementTerms&) = default;
};

struct Agreement {
  std::string id;  // UUIDv4; the resource name is "agreements/{id}"
  AgreementTerms terms;
  absl::CivilDay expires_on;  // effective_on + duration_months (AddMonths)
  std::string extends_id;        // the renewed agreement's id, or empty
  std::string superseded_by_id;  // the renewal that replaces it, or empty
  // The renewal's effective_on once it is ACTIVE: from this day (or at
  // once when already reached) this agreement is SUPERSEDED unless it
  // expired before.
  std::optional<absl::CivilDay> supersede_on;
  std::string content_digest;  // empty in DRAFT and IN_REVIEW
  // The digest's format version ("masar.partnerships.v1.AgreementTerms/1"),
  // kept so an agreement frozen under an older format keeps its digest.
  std::string digest_format;
  // As stored; the state a reader sees is EffectiveState(*this, today).
  AgreementState state = AgreementState::kUnspecified;
  std::string state_reason;
  absl::Time state_change_time;
  std::optional<absl::Time> activate_time;
  std::optional<absl::Time> end_time;
  // activate_time's day (a paper record's signed_on) and end_time's day in
  // the service's time zone, stored for ListAgreements' active_on.
  std::optional<absl::CivilDay> signed_on;
  std::optional<absl::CivilDay> ended_on;
  std::optional<PaperRecord> paper_record;
  std::string creator;  // "users/{id}" or "serviceAccounts/{id}"
  absl::Time create_time;
  absl::Time update_time;
  // Bumped by every write (obligation and KPI definition changes too); the
  // etag is derived from it. Repositories compare-and-set on it.
  int64_t version = 0;
  // Derived by the registry on every read (InForce), never stored.
  bool in_force = false;

  friend bool operator==(const Agreement&, const Agreement&) = default;
};

// `day` plus `months` calendar months: the same day of the month, or the
// month's last day when it has fewer (2024-01-31 + 1 = 2024-02-29).
absl::CivilDay AddMonths(absl::CivilDay day, int months);

// The state a reader sees on `today`: a stored ACTIVE agreement whose
// supersede_on (before its expires_on) has been reached is SUPERSEDED, one
// whose expires_on has been reached is EXPIRED; any other state as stored.
AgreementState EffectiveState(const Agreement& agreement,
                              absl::CivilDay today);

// The agreement as every reader sees it on `today` in `zone`: the
// time-driven transition of EffectiveState applied, with end_time the start
// of the day it happened (not the time a sweep stored it, so the agreement
// reads the same before and after the sweep), ended_on that day, and
// in_force set. The sweep stores exactly this.
Agreement AsSeenOn(Agreement agreement, absl::CivilDay today,
                   absl::TimeZone zone);

// ACTIVE (effectively) and effective_on reached.
bool InForce(const Agreement& agreement, absl::CivilDay today);

// Signed: ACTIVE, EXPIRED or SUPERSEDED (effectively), where obligations
// progress, measurements are recorded and overdue is derived.
bool IsSigned(AgreementState state);

// DRAFT or IN_REVIEW: the terms may change.
bool TermsEditable(AgreementState state);

// The LEAD party's organization id (exactly one once validated).
std::string LeadOrganization(const AgreementTerms& terms);

// The party of `organization_id`, or null.
const Party* FindParty(const AgreementTerms& terms,
                       absl::string_view organization_id);

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_AGREEMENT_H_
