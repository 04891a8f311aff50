#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_AGREEMENT_REGISTRY_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_AGREEMENT_REGISTRY_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/aip/pagination.h"
#include "common/audit/audit_trail.h"
#include "common/auth/caller.h"
#include "common/clock/calendar.h"
#include "common/grpc/call_metadata.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/partnerships/domain/agreement.h"
#include "services/partnerships/domain/agreement_repository.h"
#include "services/partnerships/domain/kpi.h"
#include "services/partnerships/domain/kpi_repository.h"
#include "services/partnerships/domain/obligation.h"
#include "services/partnerships/domain/obligation_repository.h"
#include "services/partnerships/domain/partnerships_event_log.h"
#include "services/partnerships/domain/party_directory.h"

namespace masar::partnerships {

using Actor = auth::Caller;

// The subject of changes the service makes on its own (activation's and
// supersession's own audit entries, expiry).
inline constexpr char kSystemActor[] = "system";

// The ports AgreementRegistry works through; none is owned.
struct PartnershipsPorts {
  UnitOfWork* unit_of_work = nullptr;
  AgreementRepository* agreements = nullptr;
  ObligationRepository* obligations = nullptr;
  KpiRepository* kpis = nullptr;
  audit::AuditTrail* audit = nullptr;
  PartnershipsEventLog* events = nullptr;
  // Identity, asked before a change's transaction opens (never inside).
  PartyDirectory* parties = nullptr;
  // "Today" and instants' days, in the service's time zone.
  const Calendar* calendar = nullptr;
};

// What identity said of the parties of a change, gathered before its
// transaction (LookUp*). The change refuses parties it has no facts for
// (ABORTED: the agreement changed in between; the caller retries).
struct PartyFacts {
  // The organization ids identity knows.
  absl::flat_hash_set<std::string> organizations;
  // By (organization id, user id).
  absl::flat_hash_map<std::pair<std::string, std::string>, SignatoryFacts>
      signatories;
  // User ids identity knows (paper records' optional signatories).
  absl::flat_hash_set<std::string> users;
  // What identity answered NOT_FOUND for: refused (FAILED_PRECONDITION, or
  // dropped by a renewal), where an id in none of these sets was never
  // asked about (ABORTED).
  absl::flat_hash_set<std::string> missing_organizations;
  absl::flat_hash_set<std::string> missing_users;
  // Set by LookUpSigner when the actor reads the agreement only as a
  // member of a party organization (which a transaction cannot ask), so
  // that a member who is not the signatory is refused PERMISSION_DENIED
  // rather than NOT_FOUND.
  bool actor_is_party_member = false;
};

// Commands, as the API layer maps requests. Resource names are as the
// request gives them ("agreements/{id}", "organizations/{id}"); the
// registry validates them and names the offending field.
struct NewAgreement {
  AgreementTerms terms;  // parties carry organization and signatory ids
};

struct PaperAgreement {
  AgreementTerms terms;
  absl::CivilDay signed_on;
  std::string signed_document_digest;
};

// UpdateAgreement: mask paths "kind", "title", "summary", "parties",
// "scope_areas", "effective_on", "duration_months", "signing_place",
// "terms_document_digest", "nomination_rights".
struct AgreementUpdate {
  std::string name;
  std::vector<std::string> update_mask;
  std::string etag;  // required
  AgreementTerms terms;
};

struct NameAndEtag {
  std::string name;
  std::string etag;  // optional: empty skips the check
};

// A state change that takes a reason (ReturnAgreementToDraft,
// TerminateAgreement, WaiveObligation, ReopenObligation).
struct ReasonedChange {
  std::string name;
  std::string reason;  // 1..2000 characters
  std::string etag;    // optional
};

struct Signing {
  std::string name;          // "agreements/{id}"
  std::string organization;  // "organizations/{id}": the party signed for
  std::string content_digest;
};

struct Renewal {
  std::string name;
  std::optional<absl::CivilDay> effective_on;  // unset: the old expires_on
  int duration_months = 0;                     // 0: the old duration
};

// ListAgreements' request: names as the request gives them.
struct AgreementListRequest {
  std::string party;  // "organizations/{id}" or empty
  std::vector<AgreementState> states;
  std::vector<AgreementKind> kinds;
  std::vector<ScopeArea> scope_areas;
  std::optional<absl::CivilDay> expiring_before;
  std::optional<absl::CivilDay> active_on;
  std::string signatory;  // "users/{id}" or empty
  aip::PageRequest page;
};

// The agreement GetAgreementLineage answers; ancestors and successors the
// actor may not read are nullopt (only their id is shown).
struct LineageEntry {
  std::string id;
  std::optional<Agreement> agreement;
};
struct Lineage {
  std::vector<LineageEntry> ancestors;  // oldest first
  Agreement agreement;
  std::vector<LineageEntry> successors;  // creation order
};

struct NewObligation {
  std::string parent;             // "agreements/{id}"
  std::string responsible_party;  // "organizations/{id}"
  LocalizedText description;
  absl::CivilDay due_on;
};

// UpdateObligation: mask paths "responsible_party", "description", "due_on".
struct ObligationUpdate {
  std::string name;
  std::vector<std::string> update_mask;
  std::string etag;  // required
  std::string responsible_party;
  LocalizedText description;
  absl::CivilDay due_on;
};

struct ObligationCompletion {
  std::string name;
  std::string evidence_digest;
  std::string evidence_note;
  std::string etag;  // optional
};

struct ObligationListRequest {
  std::string parent;  // "agreements/{id}" or "agreements/-"
  std::vector<ObligationState> states;
  std::string responsible_party;  // "organizations/{id}" or empty
  bool overdue_only = false;
  std::optional<absl::CivilDay> due_before;
  aip::PageRequest page;
};

struct NewKpi {
  std::string parent;  // "agreements/{id}"
  LocalizedText display_name;
  std::string unit;
  double baseline = 0;
  double target = 0;
  KpiDirection direction = KpiDirection::kUnspecified;
};

// UpdateKpi: mask paths "display_name", "unit", "baseline", "target",
// "direction".
struct KpiUpdate {
  std::string name;
  std::vector<std::string> update_mask;
  std::string etag;  // required
  LocalizedText display_name;
  std::string unit;
  double baseline = 0;
  double target = 0;
  KpiDirection direction = KpiDirection::kUnspecified;
};

struct NewMeasurement {
  std::string name;  // the KPI's, "agreements/{a}/kpis/{k}"
  std::string etag;  // the KPI's, optional
  absl::CivilDay period_start_on;
  absl::CivilDay period_end_on;
  std::string period_label;
  double value = 0;
  std::string note;
};

struct RecordedMeasurement {
  Kpi kpi;
  KpiMeasurement measurement;
};

// How many time-driven transitions one sweep stored.
struct SweepResult {
  int expired = 0;
  int superseded = 0;
};

// The partnerships use cases (protos/masar/partnerships/v1/
// partnership_service.proto is the contract: its Access and Errors lines
// are what these enforce), with their object-level authorization: NOT_FOUND
// for what the actor may not read, PERMISSION_DENIED for what they may read
// but not change. Every change appends its audit record in its own
// transaction; changes the service makes itself (activation, supersession,
// expiry) get one more entry by kSystemActor.
//
// A change takes the transaction it runs in (the API layer puts the
// request-id record in it). Facts from identity are gathered first, outside
// any transaction, by the LookUp* calls, and handed to the change. Reads
// that may need identity (a member's visibility) take the call's metadata
// and open their own read-only transaction after asking. Everything
// returned is as readers see it today (AsSeenOn, IsOverdue). Thread-safe if
// the ports are.
class AgreementRegistry {
 public:
  explicit AgreementRegistry(PartnershipsPorts ports);

  // Facts for the parties of a command (Create, Update with "parties",
  // RecordPaperAgreement's named signatories).
  absl::StatusOr<PartyFacts> LookUpParties(const CallMetadata& call,
                                           const std::vector<Party>& parties);
  // Facts for the stored agreement's parties (SubmitAgreementForReview,
  // RequestSignatures, RenewAgreement), after checking the actor may read
  // it.
  absl::StatusOr<PartyFacts> LookUpAgreementParties(const CallMetadata& call,
                                                    const Actor& actor,
                                                    const std::string& name);
  // Facts for the signer of one party (SignAgreement).
  absl::StatusOr<PartyFacts> LookUpSigner(const CallMetadata& call,
                                          const Actor& actor,
                                          const Signing& signing);

  // Agreements.
  absl::StatusOr<Agreement> CreateAgreement(Transaction& tx,
                                            const Actor& actor,
                                            const NewAgreement& command,
                                            const PartyFacts& facts);
  absl::StatusOr<Agreement> RecordPaperAgreement(Transaction& tx,
                                                 const Actor& actor,
                                                 const PaperAgreement& command,
                                                 const PartyFacts& facts);
  absl::StatusOr<Agreement> GetAgreement(const CallMetadata& call,
                                         const Actor& actor,
                                         const std::string& name);
  absl::StatusOr<aip::Page<Agreement>> ListAgreements(
      const CallMetadata& call, const Actor& actor,
      const AgreementListRequest& request);
  absl::StatusOr<Agreement> UpdateAgreement(Transaction& tx,
                                            const Actor& actor,
                                            const AgreementUpdate& update,
                                            const PartyFacts& facts);
  absl::Status DeleteAgreement(Transaction& tx, const Actor& actor,
                               const NameAndEtag& command);
  absl::StatusOr<Agreement> SubmitAgreementForReview(Transaction& tx,
                                                     const Actor& actor,
                                                     const NameAndEtag& command,
                                                     const PartyFacts& facts);
  absl::StatusOr<Agreement> ReturnAgreementToDraft(
      Transaction& tx, const Actor& actor, const ReasonedChange& command);
  absl::StatusOr<Agreement> RequestSignatures(Transaction& tx,
                                              const Actor& actor,
                                              const NameAndEtag& command,
                                              const PartyFacts& facts);
  absl::StatusOr<Agreement> SignAgreement(Transaction& tx, const Actor& actor,
                                          const Signing& command,
                                          const PartyFacts& facts);
  absl::StatusOr<Agreement> TerminateAgreement(Transaction& tx,
                                               const Actor& actor,
                                               const ReasonedChange& command);
  absl::StatusOr<Agreement> RenewAgreement(Transaction& tx, const Actor& actor,
                                           const Renewal& command,
                                           const PartyFacts& facts);
  absl::StatusOr<Lineage> GetAgreementLineage(const CallMetadata& call,
                                              const Actor& actor,
                                              const std::string& name);

  // Obligations.
  absl::StatusOr<Obligation> CreateObligation(Transaction& tx,
                                              const Actor& actor,
                                              const NewObligation& command);
  absl::StatusOr<Obligation> GetObligation(const CallMetadata& call,
                                           const Actor& actor,
                                           const std::string& name);
  absl::StatusOr<aip::Page<Obligation>> ListObligations(
      const CallMetadata& call, const Actor& actor,
      const ObligationListRequest& request);
  absl::StatusOr<Obligation> UpdateObligation(Transaction& tx,
                                              const Actor& actor,
                                              const ObligationUpdate& update);
  absl::Status DeleteObligation(Transaction& tx, const Actor& actor,
                                const NameAndEtag& command);
  absl::StatusOr<Obligation> StartObligation(Transaction& tx,
                                             const Actor& actor,
                                             const NameAndEtag& command);
  absl::StatusOr<Obligation> CompleteObligation(
      Transaction& tx, const Actor& actor, const ObligationCompletion& command);
  absl::StatusOr<Obligation> WaiveObligation(Transaction& tx,
                                             const Actor& actor,
                                             const ReasonedChange& command);
  absl::StatusOr<Obligation> ReopenObligation(Transaction& tx,
                                              const Actor& actor,
                                              const ReasonedChange& command);

  // KPIs.
  absl::StatusOr<Kpi> CreateKpi(Transaction& tx, const Actor& actor,
                                const NewKpi& command);
  absl::StatusOr<Kpi> GetKpi(const CallMetadata& call, const Actor& actor,
                             const std::string& name);
  absl::StatusOr<aip::Page<Kpi>> ListKpis(const CallMetadata& call,
                                          const Actor& actor,
                                          const std::string& parent,
                                          const aip::PageRequest& page);
  absl::StatusOr<Kpi> UpdateKpi(Transaction& tx, const Actor& actor,
                                const KpiUpdate& update);
  absl::Status DeleteKpi(Transaction& tx, const Actor& actor,
                         const NameAndEtag& command);
  absl::StatusOr<RecordedMeasurement> RecordKpiMeasurement(
      Transaction& tx, const Actor& actor, const NewMeasurement& command);
  absl::StatusOr<aip::Page<KpiMeasurement>> ListKpiMeasurements(
      const CallMetadata& call, const Actor& actor, const std::string& parent,
      const aip::PageRequest& page);

  // Time: stores up to `limit` due expiries and supersessions (AsSeenOn on
  // today), each in its own transaction with its audit entry by
  // kSystemActor and its domain event; a transition another replica stored
  // first is skipped (compare-and-set on version), so each is stored and
  // published once.
  absl::StatusOr<SweepResult> SweepDueTransitions(int limit = 100);

  // Identity's events (consumed in the consumer's transaction, with its
  // cursor): a disabled, enabled or erased user, a removed membership. Marks
  // the signatory_status of every unsigned party naming that user (that
  // organization's party only, for a membership) in DRAFT, IN_REVIEW or
  // AWAITING_SIGNATURES; an enabled user is marked valid again. Audited by
  // kSystemActor.
  absl::Status SignatoryUserChanged(Transaction& tx, const std::string& user_id,
                                    SignatoryStatus status);
  absl::Status SignatoryMembershipRemoved(Transaction& tx,
                                          const std::string& organization_id,
                                          const std::string& user_id);

 private:
  absl::Time Now() const;
  absl::CivilDay Today() const;
  // The stored agreement as readers see it today (AsSeenOn).
  Agreement Seen(Agreement stored) const;
  Obligation SeenObligation(Obligation obligation,
                            const Agreement& stored) const;

  // The audit record of a change by `actor`, or by kSystemActor; the
  // payload digest covers `action`, `resource` and `content` (ids, states,
  // versions and field paths only: never personal data).
  absl::Status Audit(Transaction& tx, const Actor& actor,
                     absl::string_view action, absl::string_view resource,
                     const std::vector<std::string>& content);
  absl::Status AuditBySystem(Transaction& tx, const Actor& cause,
                             absl::string_view action,
                             absl::string_view resource,
                             const std::vector<std::string>& content);
  absl::Status Publish(Transaction& tx, const AgreementStateChanged& event);

  // The stored agreement `id`, if the actor may read it without asking
  // identity (roles, signatory); NOT_FOUND otherwise.
  absl::StatusOr<Agreement> LoadReadable(Transaction& tx, const Actor& actor,
                                         const std::string& id);
  // LoadReadable, then MayManage (PERMISSION_DENIED for `action`).
  absl::StatusOr<Agreement> LoadManaged(Transaction& tx, const Actor& actor,
                                        const std::string& id,
                                        absl::string_view action);
  // Writes `stored` with update_time now: bumps its version (and etag).
  absl::StatusOr<Agreement> Touch(Transaction& tx, Agreement stored);
  // For a read use case: the stored agreement `id` when the actor may read
  // it, asking identity for membership only when roles do not allow it
  // (`service_reads`: SERVICE on `*` reads too, GetAgreement only).
  absl::StatusOr<Agreement> ReadVisible(const CallMetadata& call,
                                        const Actor& actor,
                                        const std::string& id,
                                        bool service_reads = false);
  // Whether the actor is a member of one of the organizations in `orgs`.
  absl::StatusOr<bool> IsMemberOfAny(const CallMetadata& call,
                                     const Actor& actor,
                                     const std::vector<std::string>& orgs);
  // The visibility of a lister: nullopt when they read everything.
  absl::StatusOr<std::optional<Visibility>> ListerVisibility(
      const CallMetadata& call, const Actor& actor);

  // Shared steps of the lifecycle (agreement_registry_signing.cc).
  absl::Status Activate(Transaction& tx, const Actor& actor, Agreement& stored);
  absl::Status SupersedePredecessor(Transaction& tx, const Actor& actor,
                                    const Agreement& renewal);
  // A renewal terminated before its predecessor was superseded: the
  // predecessor stays ACTIVE (its superseded_by and supersede_on cleared).
  absl::Status ReleasePredecessor(Transaction& tx, const Agreement& renewal);
  absl::Status StoreTimedEnd(Transaction& tx, const Actor& cause,
                             const Agreement& stored, const Agreement& seen);
  // An obligation or KPI definition change: the agreement must be DRAFT or
  // IN_REVIEW (TermsFrozen naming `field` otherwise) and managed by the
  // actor; its version is bumped.
  absl::StatusOr<Agreement> TouchForDefinition(Transaction& tx,
                                               const Actor& actor,
                                               const std::string& id,
                                               absl::string_view action,
                                               absl::string_view field);
  // UpdateAgreement's "parties": a party removed from `before` must not
  // be responsible for an obligation, nor be a party of the agreement a
  // renewal extends.
  absl::Status CheckRemovedParties(Transaction& tx, const Agreement& before,
                                   const Agreement& after);
  // A new DRAFT of `terms` created by `actor` now (version 1).
  Agreement NewDraft(const AgreementTerms& terms, const Actor& actor) const;
  // RenewAgreement's rules on the agreement renewed.
  absl::Status CheckRenewable(Transaction& tx, const Agreement& old);
  // The stored agreements `id` extends (oldest first) and that extend it,
  // directly or not (creation order).
  absl::Status ReadLineage(Transaction& tx, const std::string& id,
                           std::vector<Agreement>& ancestors,
                           std::vector<Agreement>& successors);
  absl::StatusOr<ObligationFilter> ObligationFilterOf(
      const CallMetadata& call, const Actor& actor,
      const ObligationListRequest& request);
  // The obligation `name` and its agreement for a progress change by
  // `action` (`responsible_may`: an officer of the responsible party may
  // too): the agreement signed, the optional etag current.
  absl::StatusOr<std::pair<Agreement, Obligation>> LoadForProgress(
      Transaction& tx, const Actor& actor, const std::string& name,
      const std::string& etag, absl::string_view action, bool responsible_may);
  // Stores the obligation's new progress `state` with its audit record.
  absl::StatusOr<Obligation> SaveProgress(Transaction& tx, const Actor& actor,
                                          absl::string_view action,
                                          const Agreement& agreement,
                                          Obligation obligation,
                                          ObligationState state,
                                          absl::string_view reason);
  absl::Status MarkSignatories(Transaction& tx,
                               const std::string& organization_id,
                               const std::string& user_id,
                               SignatoryStatus status);

  PartnershipsPorts ports_;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_AGREEMENT_REGISTRY_H_
