#include "tests/services/partnerships/store/repository_contract.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/ids/ids.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::partnerships::contract {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

const absl::CivilDay kToday(2026, 12, 3);
const absl::Time kT0 = absl::FromUnixMicros(1780000000123456);

absl::Time At(int step) { return kT0 + absl::Seconds(step); }

AgreementFilter Today() {
  AgreementFilter filter;
  filter.today = kToday;
  return filter;
}

aip::PageQuery Page(int limit) {
  aip::PageQuery page;
  page.limit = limit;
  return page;
}

Visibility VisibleTo(std::vector<std::string> organization_ids,
                     std::string signatory_id = "") {
  Visibility visible;
  visible.organization_ids = std::move(organization_ids);
  visible.signatory_id = std::move(signatory_id);
  return visible;
}

// Runs `f(tx)` in one transaction and returns what it returned.
template <typename F>
auto InTx(Backend& b, F f) {
  return RunInTransaction(*b.unit_of_work, f);
}

template <typename F>
absl::Status Run(Backend& b, F f) {
  return RunInTransaction(*b.unit_of_work, f);
}

Party MakeParty(std::string organization, PartyRole role,
                std::string signatory) {
  Party p;
  p.organization_id = std::move(organization);
  p.role = role;
  p.signatory_id = std::move(signatory);
  p.signatory_title = "Director General";
  return p;
}

PartySignature SignatureBy(const std::string& user, int step) {
  return PartySignature{.signer_id = user,
                        .sign_time = At(step),
                        .signed_digest = std::string(64, 'a'),
                        .amr = {"pwd", "otp"},
                        .token_id = NewUuid()};
}

// A DRAFT between `parties`, created at step `step`.
Agreement MakeAgreement(int step, std::vector<Party> parties) {
  Agreement a;
  a.id = NewUuid();
  a.terms.kind = AgreementKind::kMou;
  a.terms.title = {"مذكرة تفاهم", "Mémorandum d'entente", "Memorandum"};
  a.terms.parties = std::move(parties);
  a.terms.scope_areas = {ScopeArea::kStartupSupport};
  a.terms.effective_on = absl::CivilDay(2026, 1, 1);
  a.terms.duration_months = 24;
  a.expires_on = absl::CivilDay(2028, 1, 1);
  a.state = AgreementState::kDraft;
  a.state_change_time = At(step);
  a.creator = "users/officer";
  a.create_time = At(step);
  a.update_time = At(step);
  a.version = 1;
  return a;
}

Agreement MakeAgreement(int step) {
  return MakeAgreement(
      step, {MakeParty("org-agency", PartyRole::kLead, "user-agency"),
             MakeParty("org-company", PartyRole::kPartner, "user-company")});
}

// `a` made ACTIVE (signed on `signed_on`) for [effective_on, expires_on).
Agreement Activated(Agreement a, absl::CivilDay signed_on,
                    absl::CivilDay effective_on, absl::CivilDay expires_on) {
  a.state = AgreementState::kActive;
  a.terms.effective_on = effective_on;
  a.expires_on = expires_on;
  a.signed_on = signed_on;
  a.activate_time = absl::FromCivil(signed_on, absl::UTCTimeZone());
  a.content_digest = std::string(64, 'c');
  a.digest_format = "masar.partnerships.v1.AgreementTerms/1";
  for (Party& p : a.terms.parties) p.signature = SignatureBy(p.signatory_id, 1);
  return a;
}

Agreement InState(Agreement a, AgreementState state) {
  a.state = state;
  return a;
}

absl::Status Create(Backend& b, const Agreement& a) {
  return Run(b, [&](Transaction& tx) { return b.agreements->Create(tx, a); });
}

absl::StatusOr<Agreement> Get(Backend& b, const std::string& id) {
  return InTx(b, [&](Transaction& tx) { return b.agreements->Get(tx, id); });
}

absl::StatusOr<Agreement> Update(Backend& b, const Agreement& a) {
  return InTx(b, [&](Transaction& tx) { return b.agreements->Update(tx, a); });
}

// Every agreement `filter` matches, in list order, through pages of
// `page_size`.
std::vector<std::string> ListIds(Backend& b, const AgreementFilter& filter,
                                 int page_size = 100) {
  std::vector<std::string> ids;
  aip::PageQuery page = Page(page_size);
  for (;;) {
    absl::StatusOr<aip::ListResult<Agreement>> r = InTx(
        b,
        [&](Transaction& tx) { return b.agreements->List(tx, filter, page); });
    EXPECT_THAT(r, IsOk());
    if (!r.ok()) return ids;
    for (const Agreement& a : r->items) ids.push_back(a.id);
    if (!r->more) return ids;
    page.after =
        aip::PageCursor{r->items.back().create_time, r->items.back().id};
  }
}

void CreateAll(Backend& b, const std::vector<const Agreement*>& agreements) {
  for (const Agreement* a : agreements) ASSERT_THAT(Create(b, *a), IsOk());
}

}  // namespace

void AgreementRoundTrip(Backend& b) {
  Agreement full = MakeAgreement(
      1,
      {MakeParty("org-ministry", PartyRole::kLead, "user-minister"),
       MakeParty("org-agency", PartyRole::kImplementingAgency, "user-agency"),
       MakeParty("org-company", PartyRole::kSponsor, "")});
  full.terms.kind = AgreementKind::kFramework;
  full.terms.summary = {"ملخص \"مقتبس\"", "Résumé\nligne", ""};
  full.terms.scope_areas = {ScopeArea::kStartupSupport,
                            ScopeArea::kNationalRoadmap,
                            ScopeArea::kImpactMeasurement};
  full.terms.signing_place = {"", "GITEX Africa, Marrakech", ""};
  full.terms.terms_document_digest = std::string(64, 'd');
  full.terms.nomination_rights = {{.organization_id = "org-ministry",
                                   .program_ids = {"program-a", "program-b"},
                                   .max_nominations = 40},
                                  {.organization_id = "org-agency",
                                   .program_ids = {},
                                   .max_nominations = 5}};
  full.terms.parties[0].signature = SignatureBy("user-minister", 7);
  full.terms.parties[1].signatory_status = SignatoryStatus::kUserDisabled;
  full.extends_id = NewUuid();
  full.superseded_by_id = NewUuid();
  full.supersede_on = absl::CivilDay(2027, 3, 1);
  full.content_digest = std::string(64, 'e');
  full.digest_format = "masar.partnerships.v1.AgreementTerms/1";
  full.state = AgreementState::kTerminated;
  full.state_reason = "abandoned";
  full.activate_time = At(8);
  full.end_time = At(9);
  full.signed_on = absl::CivilDay(2026, 2, 1);
  full.ended_on = absl::CivilDay(2026, 3, 1);
  full.paper_record =
      PaperRecord{.signed_on = absl::CivilDay(2023, 5, 31),
                  .signed_document_digest = std::string(64, 'f'),
                  .recorded_by = "users/officer",
                  .record_time = At(10)};
  const Agreement minimal = MakeAgreement(2);
  CreateAll(b, {&full, &minimal});
  EXPECT_THAT(Get(b, full.id), IsOkAndHolds(full));
  EXPECT_THAT(Get(b, minimal.id), IsOkAndHolds(minimal));
  EXPECT_FALSE(Create(b, minimal).ok()) << "an id is created once";
}

void AgreementMissingIsNotFound(Backend& b) {
  const Agreement absent = MakeAgreement(1);
  EXPECT_THAT(Get(b, absent.id), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Update(b, absent), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(
      Run(b, [&](Transaction& tx) { return b.agreements->Delete(tx, absent); }),
      StatusIs(absl::StatusCode::kNotFound));
}

void AgreementUpdateComparesAndSets(Backend& b) {
  const Agreement original = MakeAgreement(1);
  ASSERT_THAT(Create(b, original), IsOk());
  Agreement change = original;
  change.terms.parties.pop_back();
  change.terms.parties.push_back(
      MakeParty("org-ministry", PartyRole::kPartner, "user-minister"));
  change.terms.parties[0].signature = SignatureBy("user-agency", 3);
  change.terms.scope_areas = {ScopeArea::kCloud, ScopeArea::kData};
  change.state = AgreementState::kInReview;
  change.update_time = At(2);
  absl::StatusOr<Agreement> updated = Update(b, change);
  ASSERT_THAT(updated, IsOk());
  Agreement expected = change;
  expected.version = 2;
  EXPECT_EQ(*updated, expected) << "as stored, with the next version";
  EXPECT_THAT(Get(b, original.id), IsOkAndHolds(expected));

  Agreement stale = original;  // still version 1
  stale.state_reason = "lost";
  EXPECT_THAT(Update(b, stale), StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(Get(b, original.id), IsOkAndHolds(expected));
}

void AgreementDeleteComparesAndSets(Backend& b) {
  const Agreement a = MakeAgreement(1);
  ASSERT_THAT(Create(b, a), IsOk());
  Obligation o;
  o.agreement_id = a.id;
  o.id = NewUuid();
  o.responsible_party_id = "org-agency";
  o.due_on = absl::CivilDay(2026, 6, 1);
  o.create_time = At(1);
  o.update_time = At(1);
  o.version = 1;
  ASSERT_THAT(
      Run(b, [&](Transaction& tx) { return b.obligations->Create(tx, o); }),
      IsOk());
  Agreement changed = a;
  changed.update_time = At(2);
  ASSERT_THAT(Update(b, changed), IsOk());

  auto remove = [&](const Agreement& which) {
    return Run(
        b, [&](Transaction& tx) { return b.agreements->Delete(tx, which); });
  };
  EXPECT_THAT(remove(a), StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(Get(b, a.id), IsOk());
  changed.version = 2;
  EXPECT_THAT(remove(changed), IsOk());
  EXPECT_THAT(Get(b, a.id), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(ListIds(b, Today()), IsEmpty());
  // "And nothing else": obligations go with DeleteAllOf.
  EXPECT_THAT(
      InTx(b,
           [&](Transaction& tx) { return b.obligations->Get(tx, a.id, o.id); }),
      IsOk());
}

void AgreementRollbackLeavesNothing(Backend& b) {
  const Agreement a = MakeAgreement(1);
  EXPECT_THAT(Run(b,
                  [&](Transaction& tx) -> absl::Status {
                    absl::Status created = b.agreements->Create(tx, a);
                    if (!created.ok()) return created;
                    return absl::FailedPreconditionError("changed my mind");
                  }),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Get(b, a.id), StatusIs(absl::StatusCode::kNotFound));
  AgreementFilter by_party = Today();
  by_party.party_id = "org-agency";
  EXPECT_THAT(ListIds(b, by_party), IsEmpty());
  ASSERT_THAT(Create(b, a), IsOk()) << "its id and parties are free";
  EXPECT_THAT(ListIds(b, by_party), ElementsAre(a.id));
}

void ListAgreementsNewestFirstWithoutGapsOrDuplicates(Backend& b) {
  std::vector<Agreement> initial;
  for (int i = 0; i < 23; ++i) initial.push_back(MakeAgreement(i));
  // Ties on create_time run by id, descending.
  initial.push_back(MakeAgreement(10));
  initial.push_back(MakeAgreement(10));
  for (const Agreement& a : initial) ASSERT_THAT(Create(b, a), IsOk());
  std::sort(initial.begin(), initial.end(),
            [](const Agreement& x, const Agreement& y) {
              return std::tie(x.create_time, x.id) >
                     std::tie(y.create_time, y.id);
            });
  std::vector<std::string> expected;
  for (const Agreement& a : initial) expected.push_back(a.id);

  std::vector<std::string> seen;
  aip::PageQuery page = Page(7);
  for (int round = 0;; ++round) {
    absl::StatusOr<aip::ListResult<Agreement>> r = InTx(
        b,
        [&](Transaction& tx) { return b.agreements->List(tx, Today(), page); });
    ASSERT_THAT(r, IsOk());
    for (const Agreement& a : r->items) seen.push_back(a.id);
    if (!r->more) break;
    EXPECT_EQ(r->items.size(), 7u);
    page.after =
        aip::PageCursor{r->items.back().create_time, r->items.back().id};
    // Created between pages: newer, so before the cursor.
    ASSERT_THAT(Create(b, MakeAgreement(100 + round)), IsOk());
  }
  EXPECT_THAT(seen, ElementsAreArray(expected));
  EXPECT_EQ(ListIds(b, Today()).size(), expected.size() + 3);
}

namespace {

// Three agreements between organizations a, b, c (created in this order):
//   ab: a LEAD (user-a1), b PARTNER (user-b1); MOU; startup support, training
//   bc: b LEAD (user-b2), c PARTNER (user-c1); convention; cloud
//   ca: c LEAD (user-c1), a SPONSOR (user-a1); sponsorship; training, data
struct ThreeAgreements {
  Agreement ab =
      MakeAgreement(1, {MakeParty("org-a", PartyRole::kLead, "user-a1"),
                        MakeParty("org-b", PartyRole::kPartner, "user-b1")});
  Agreement bc =
      MakeAgreement(2, {MakeParty("org-b", PartyRole::kLead, "user-b2"),
                        MakeParty("org-c", PartyRole::kPartner, "user-c1")});
  Agreement ca =
      MakeAgreement(3, {MakeParty("org-c", PartyRole::kLead, "user-c1"),
                        MakeParty("org-a", PartyRole::kSponsor, "user-a1")});

  explicit ThreeAgreements(Backend& b) {
    ab.terms.scope_areas = {ScopeArea::kStartupSupport, ScopeArea::kTraining};
    bc.terms.kind = AgreementKind::kConvention;
    bc.terms.scope_areas = {ScopeArea::kCloud};
    ca.terms.kind = AgreementKind::kSponsorship;
    ca.terms.scope_areas = {ScopeArea::kTraining, ScopeArea::kData};
    CreateAll(b, {&ab, &bc, &ca});
  }
};

}  // namespace

void ListAgreementsByPartyKindScopeAndSignatory(Backend& b) {
  const ThreeAgreements t(b);
  AgreementFilter f = Today();
  f.party_id = "org-a";
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.ca.id, t.ab.id));
  f.party_id = "org-d";
  EXPECT_THAT(ListIds(b, f), IsEmpty());

  f = Today();
  f.kinds = {AgreementKind::kMou, AgreementKind::kSponsorship};
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.ca.id, t.ab.id));
  f.kinds = {AgreementKind::kDataSharing};
  EXPECT_THAT(ListIds(b, f), IsEmpty());

  f = Today();
  f.scope_areas = {ScopeArea::kTraining};
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.ca.id, t.ab.id));
  f.scope_areas = {ScopeArea::kCloud, ScopeArea::kData};
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.ca.id, t.bc.id))
      << "any of the areas, each agreement once";

  f = Today();
  f.signatory_id = "user-c1";
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.ca.id, t.bc.id));
  f.signatory_id = "user-b2";
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.bc.id));
  EXPECT_THAT(ListIds(b, Today(), 1), ElementsAre(t.ca.id, t.bc.id, t.ab.id));
}

void ListAgreementsVisibleTo(Backend& b) {
  const ThreeAgreements t(b);
  AgreementFilter f = Today();
  f.visible_to = VisibleTo({"org-a"});
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.ca.id, t.ab.id));
  f.visible_to = VisibleTo({"org-a", "org-c"});
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.ca.id, t.bc.id, t.ab.id));
  f.visible_to = VisibleTo({}, "user-b2");
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.bc.id));
  f.visible_to = VisibleTo({"org-a"}, "user-b2");
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.ca.id, t.bc.id, t.ab.id))
      << "an organization's or the signatory's, each once";
  f.visible_to = VisibleTo({});
  EXPECT_THAT(ListIds(b, f), IsEmpty()) << "an empty visibility sees nothing";
  f.visible_to = VisibleTo({"org-d"});
  EXPECT_THAT(ListIds(b, f), IsEmpty());
}

void ListAgreementsCombinedFilters(Backend& b) {
  ThreeAgreements t(b);
  t.ca = Activated(t.ca, absl::CivilDay(2026, 1, 5), absl::CivilDay(2026, 2, 1),
                   absl::CivilDay(2027, 2, 1));
  ASSERT_THAT(Update(b, t.ca), IsOk());
  AgreementFilter f = Today();
  f.party_id = "org-a";
  f.kinds = {AgreementKind::kMou};
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.ab.id));
  f = Today();
  f.party_id = "org-c";
  f.visible_to = VisibleTo({"org-a"});
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.ca.id));
  f = Today();
  f.scope_areas = {ScopeArea::kTraining};
  f.states = {AgreementState::kActive};
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.ca.id));
  f.expiring_before = absl::CivilDay(2027, 2, 1);
  EXPECT_THAT(ListIds(b, f), IsEmpty());
  f.expiring_before = absl::CivilDay(2027, 2, 2);
  f.active_on = absl::CivilDay(2026, 3, 1);
  f.signatory_id = "user-a1";
  EXPECT_THAT(ListIds(b, f), ElementsAre(t.ca.id));
  f.signatory_id = "user-b1";
  EXPECT_THAT(ListIds(b, f), IsEmpty());
}

void ListAgreementsByEffectiveState(Backend& b) {
  const absl::CivilDay signed_on(2025, 1, 10), effective(2025, 2, 1);
  const absl::CivilDay later(2027, 6, 1);
  const Agreement draft = MakeAgreement(1);
  const Agreement active =
      Activated(MakeAgreement(2), signed_on, effective, later);
  const Agreement expires_today =
      Activated(MakeAgreement(3), signed_on, effective, kToday);
  const Agreement expired_unswept = Activated(
      MakeAgreement(4), signed_on, effective, absl::CivilDay(2026, 11, 1));
  Agreement superseded_unswept =
      Activated(MakeAgreement(5), signed_on, effective, later);
  superseded_unswept.supersede_on = absl::CivilDay(2026, 11, 15);
  Agreement superseded_later = superseded_unswept;
  superseded_later.id = NewUuid();
  superseded_later.create_time = At(6);
  superseded_later.supersede_on = absl::CivilDay(2026, 12, 10);
  // A renewal in force from the day this one expires follows an EXPIRED
  // agreement.
  Agreement renewed_on_expiry = expired_unswept;
  renewed_on_expiry.id = NewUuid();
  renewed_on_expiry.create_time = At(7);
  renewed_on_expiry.supersede_on = renewed_on_expiry.expires_on;
  Agreement superseded_stored =
      InState(superseded_unswept, AgreementState::kSuperseded);
  superseded_stored.id = NewUuid();
  superseded_stored.create_time = At(8);
  Agreement terminated = InState(MakeAgreement(9), AgreementState::kTerminated);
  Agreement expired_copy = InState(expired_unswept, AgreementState::kExpired);
  expired_copy.id = NewUuid();
  expired_copy.create_time = At(10);
  CreateAll(b, {&draft, &active, &expires_today, &expired_unswept,
                &superseded_unswept, &superseded_later, &renewed_on_expiry,
                &superseded_stored, &terminated, &expired_copy});

  AgreementFilter f = Today();
  f.states = {AgreementState::kActive};
  EXPECT_THAT(ListIds(b, f), ElementsAre(superseded_later.id, active.id));
  f.states = {AgreementState::kExpired};
  EXPECT_THAT(ListIds(b, f), ElementsAre(expired_copy.id, renewed_on_expiry.id,
                                         expired_unswept.id, expires_today.id));
  f.states = {AgreementState::kSuperseded};
  EXPECT_THAT(ListIds(b, f),
              ElementsAre(superseded_stored.id, superseded_unswept.id));
  f.states = {AgreementState::kDraft, AgreementState::kTerminated};
  EXPECT_THAT(ListIds(b, f), ElementsAre(terminated.id, draft.id));
  // The filter's day, not the machine's, decides.
  f.today = absl::CivilDay(2026, 10, 1);
  f.states = {AgreementState::kActive};
  EXPECT_THAT(ListIds(b, f),
              ElementsAre(renewed_on_expiry.id, superseded_later.id,
                          superseded_unswept.id, expired_unswept.id,
                          expires_today.id, active.id));
}

void ListAgreementsExpiringBefore(Backend& b) {
  Agreement january = MakeAgreement(1);
  january.expires_on = absl::CivilDay(2027, 1, 1);
  Agreement february = MakeAgreement(2);
  february.expires_on = absl::CivilDay(2027, 2, 1);
  Agreement march = MakeAgreement(3);
  march.expires_on = absl::CivilDay(2027, 3, 1);
  CreateAll(b, {&january, &february, &march});
  AgreementFilter f = Today();
  f.expiring_before = absl::CivilDay(2027, 2, 1);
  EXPECT_THAT(ListIds(b, f), ElementsAre(january.id)) << "strictly before";
  f.expiring_before = absl::CivilDay(2027, 2, 2);
  EXPECT_THAT(ListIds(b, f), ElementsAre(february.id, january.id));
  f.expiring_before = absl::CivilDay(2026, 1, 1);
  EXPECT_THAT(ListIds(b, f), IsEmpty());
}

void ListAgreementsActiveOn(Backend& b) {
  const absl::CivilDay effective(2026, 2, 1), expires(2027, 2, 1);
  const Agreement on_time = Activated(
      MakeAgreement(1), absl::CivilDay(2026, 1, 10), effective, expires);
  // Signed after its effective_on: not in force before it was signed.
  const Agreement signed_late = Activated(
      MakeAgreement(2), absl::CivilDay(2026, 6, 1), effective, expires);
  Agreement terminated = InState(on_time, AgreementState::kTerminated);
  terminated.id = NewUuid();
  terminated.create_time = At(3);
  terminated.ended_on = absl::CivilDay(2026, 8, 1);
  Agreement superseded = on_time;
  superseded.id = NewUuid();
  superseded.create_time = At(4);
  superseded.supersede_on = absl::CivilDay(2026, 9, 1);
  Agreement draft = MakeAgreement(5);
  draft.terms.effective_on = effective;
  draft.expires_on = expires;
  CreateAll(b, {&on_time, &signed_late, &terminated, &superseded, &draft});

  auto on = [&](absl::CivilDay day) {
    AgreementFilter f = Today();
    f.active_on = day;
    return ListIds(b, f);
  };
  EXPECT_THAT(on(absl::CivilDay(2026, 1, 31)), IsEmpty());
  EXPECT_THAT(on(effective),
              ElementsAre(superseded.id, terminated.id, on_time.id));
  EXPECT_THAT(
      on(absl::CivilDay(2026, 6, 1)),
      ElementsAre(superseded.id, terminated.id, signed_late.id, on_time.id));
  EXPECT_THAT(
      on(absl::CivilDay(2026, 7, 31)),
      ElementsAre(superseded.id, terminated.id, signed_late.id, on_time.id));
  EXPECT_THAT(on(absl::CivilDay(2026, 8, 1)),
              ElementsAre(superseded.id, signed_late.id, on_time.id));
  EXPECT_THAT(on(absl::CivilDay(2026, 9, 1)),
              ElementsAre(signed_late.id, on_time.id));
  EXPECT_THAT(on(absl::CivilDay(2027, 1, 31)),
              ElementsAre(signed_late.id, on_time.id));
  EXPECT_THAT(on(expires), IsEmpty());
}

void ListDueAndExtending(Backend& b) {
  const absl::CivilDay signed_on(2025, 1, 10), effective(2025, 2, 1);
  const Agreement october = Activated(MakeAgreement(1), signed_on, effective,
                                      absl::CivilDay(2026, 10, 1));
  const Agreement november = Activated(MakeAgreement(2), signed_on, effective,
                                       absl::CivilDay(2026, 11, 1));
  const Agreement today =
      Activated(MakeAgreement(3), signed_on, effective, kToday);
  Agreement superseded_today = Activated(MakeAgreement(4), signed_on, effective,
                                         absl::CivilDay(2027, 6, 1));
  superseded_today.supersede_on = kToday;
  const Agreement future = Activated(MakeAgreement(5), signed_on, effective,
                                     absl::CivilDay(2027, 6, 1));
  const Agreement swept =
      InState(Activated(MakeAgreement(6), signed_on, effective,
                        absl::CivilDay(2026, 9, 1)),
              AgreementState::kExpired);
  CreateAll(b,
            {&october, &november, &today, &superseded_today, &future, &swept});
  auto due = [&](int limit) -> std::vector<std::string> {
    absl::StatusOr<std::vector<Agreement>> r = InTx(b, [&](Transaction& tx) {
      return b.agreements->ListDue(tx, kToday, limit);
    });
    EXPECT_THAT(r, IsOk());
    std::vector<std::string> ids;
    if (r.ok()) {
      for (const Agreement& a : *r) ids.push_back(a.id);
    }
    return ids;
  };
  EXPECT_THAT(due(10), ElementsAre(october.id, november.id, today.id,
                                   superseded_today.id));
  EXPECT_THAT(due(2), ElementsAre(october.id, november.id));

  Agreement renewal_late = MakeAgreement(8);
  renewal_late.extends_id = october.id;
  Agreement renewal_early = MakeAgreement(7);
  renewal_early.extends_id = october.id;
  CreateAll(b, {&renewal_late, &renewal_early});
  auto extending = [&](const std::string& id) -> std::vector<std::string> {
    absl::StatusOr<std::vector<Agreement>> r = InTx(b, [&](Transaction& tx) {
      return b.agreements->ListExtending(tx, id);
    });
    EXPECT_THAT(r, IsOk());
    std::vector<std::string> ids;
    if (r.ok()) {
      for (const Agreement& a : *r) ids.push_back(a.id);
    }
    return ids;
  };
  EXPECT_THAT(extending(october.id),
              ElementsAre(renewal_early.id, renewal_late.id));
  EXPECT_THAT(extending(november.id), IsEmpty());
}

void ListUnsignedBySignatory(Backend& b) {
  auto with_signer = [](int step, const std::string& user) {
    return MakeAgreement(
        step, {MakeParty("org-agency", PartyRole::kLead, user),
               MakeParty("org-company", PartyRole::kPartner, "user-other")});
  };
  const Agreement draft = with_signer(1, "user-x");
  const Agreement in_review =
      InState(with_signer(2, "user-x"), AgreementState::kInReview);
  const Agreement awaiting =
      InState(with_signer(3, "user-x"), AgreementState::kAwaitingSignatures);
  Agreement signed_already =
      InState(with_signer(4, "user-x"), AgreementState::kAwaitingSignatures);
  signed_already.terms.parties[0].signature = SignatureBy("user-x", 4);
  const Agreement active =
      Activated(with_signer(5, "user-x"), absl::CivilDay(2026, 1, 1),
                absl::CivilDay(2026, 1, 1), absl::CivilDay(2027, 1, 1));
  Agreement unsigned_active = active;  // a paper record with no signature
  unsigned_active.id = NewUuid();
  unsigned_active.terms.parties[0].signature.reset();
  const Agreement terminated =
      InState(with_signer(6, "user-x"), AgreementState::kTerminated);
  const Agreement someone_else = with_signer(7, "user-y");
  CreateAll(b, {&draft, &in_review, &awaiting, &signed_already, &active,
                &unsigned_active, &terminated, &someone_else});
  auto unsigned_by = [&](const std::string& user) {
    std::vector<std::string> ids;
    absl::StatusOr<std::vector<Agreement>> r = InTx(b, [&](Transaction& tx) {
      return b.agreements->ListUnsignedBySignatory(tx, user);
    });
    EXPECT_THAT(r, IsOk());
    if (r.ok()) {
      for (const Agreement& a : *r) ids.push_back(a.id);
    }
    return ids;
  };
  EXPECT_THAT(unsigned_by("user-x"),
              UnorderedElementsAre(draft.id, in_review.id, awaiting.id));
  EXPECT_THAT(unsigned_by("user-other"),
              UnorderedElementsAre(draft.id, in_review.id, awaiting.id,
                                   signed_already.id, someone_else.id));
  EXPECT_THAT(unsigned_by("user-z"), IsEmpty());
}

void ConcurrentUpdatesOfOneVersionOneWins(Backend& b) {
  const Agreement a = MakeAgreement(1);
  ASSERT_THAT(Create(b, a), IsOk());
  constexpr int kWriters = 8;
  std::atomic<int> ok{0}, aborted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      // Each officer read version 1 and approves it.
      absl::Status s = Run(b, [&](Transaction& tx) -> absl::Status {
        absl::StatusOr<Agreement> read = b.agreements->Get(tx, a.id);
        if (!read.ok()) return read.status();
        Agreement change = a;
        change.state = AgreementState::kAwaitingSignatures;
        change.state_reason = absl::StrCat("officer ", i);
        return b.agreements->Update(tx, change).status();
      });
      if (s.ok()) {
        ++ok;
      } else if (absl::IsAborted(s)) {
        ++aborted;
      } else {
        ADD_FAILURE() << s;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), kWriters - 1);
  absl::StatusOr<Agreement> stored = Get(b, a.id);
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->version, 2);
}

void ConcurrentSignaturesLoseNone(Backend& b) {
  constexpr int kParties = 6;
  std::vector<Party> parties;
  for (int i = 0; i < kParties; ++i) {
    parties.push_back(MakeParty(absl::StrCat("org-", i),
                                i == 0 ? PartyRole::kLead : PartyRole::kPartner,
                                absl::StrCat("user-", i)));
  }
  const Agreement a =
      InState(MakeAgreement(1, parties), AgreementState::kAwaitingSignatures);
  ASSERT_THAT(Create(b, a), IsOk());
  std::atomic<int> activations{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kParties; ++i) {
    threads.emplace_back([&, i] {
      // Each signatory signs the version it reads, and tries again when
      // another signature got in first; the last one activates.
      for (int attempt = 0; attempt < 100; ++attempt) {
        bool activated = false;
        absl::Status s = Run(b, [&](Transaction& tx) -> absl::Status {
          activated = false;
          absl::StatusOr<Agreement> read = b.agreements->Get(tx, a.id);
          if (!read.ok()) return read.status();
          read->terms.parties[i].signature =
              SignatureBy(absl::StrCat("user-", i), 2);
          activated = std::all_of(
              read->terms.parties.begin(), read->terms.parties.end(),
              [](const Party& p) { return p.signature.has_value(); });
          if (activated) read->state = AgreementState::kActive;
          return b.agreements->Update(tx, *read).status();
        });
        if (s.ok()) {
          if (activated) ++activations;
          return;
        }
        if (!absl::IsAborted(s)) {
          ADD_FAILURE() << s;
          return;
        }
      }
      ADD_FAILURE() << "signatory " << i << " never got in";
    });
  }
  for (std::thread& t : threads) t.join();
  absl::StatusOr<Agreement> stored = Get(b, a.id);
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->version, 1 + kParties);
  EXPECT_EQ(stored->state, AgreementState::kActive);
  EXPECT_EQ(activations.load(), 1);
  for (const Party& p : stored->terms.parties) {
    EXPECT_TRUE(p.signature.has_value()) << p.organization_id;
  }
}

namespace {

Obligation MakeObligation(const std::string& agreement_id,
                          absl::CivilDay due_on,
                          ObligationState state = ObligationState::kOpen) {
  Obligation o;
  o.agreement_id = agreement_id;
  o.id = NewUuid();
  o.responsible_party_id = "org-agency";
  o.description = {"خارطة طريق وطنية", "Feuille de route nationale",
                   "A national roadmap"};
  o.due_on = due_on;
  o.state = state;
  o.create_time = At(1);
  o.update_time = At(1);
  o.version = 1;
  return o;
}

ObligationFilter DueOn(absl::CivilDay today, bool overdue_only = false) {
  ObligationFilter filter;
  filter.today = today;
  filter.overdue_only = overdue_only;
  return filter;
}

absl::Status CreateObligation(Backend& b, const Obligation& o) {
  return Run(b, [&](Transaction& tx) { return b.obligations->Create(tx, o); });
}

std::vector<std::string> ObligationIds(const std::vector<Obligation>& list) {
  std::vector<std::string> ids;
  for (const Obligation& o : list) ids.push_back(o.id);
  return ids;
}

// Every obligation `filter` matches, through pages of `page_size`.
std::vector<std::string> ListObligationIds(Backend& b,
                                           const ObligationFilter& filter,
                                           int page_size = 100) {
  std::vector<std::string> ids;
  aip::PageQuery page = Page(page_size);
  for (;;) {
    absl::StatusOr<aip::ListResult<Obligation>> r = InTx(
        b,
        [&](Transaction& tx) { return b.obligations->List(tx, filter, page); });
    EXPECT_THAT(r, IsOk());
    if (!r.ok()) return ids;
    for (const std::string& id : ObligationIds(r->items)) ids.push_back(id);
    if (!r->more) return ids;
    const Obligation& last = r->items.back();
    page.after =
        aip::PageCursor{absl::FromCivil(last.due_on, absl::UTCTimeZone()),
                        absl::StrCat(last.agreement_id, "/", last.id)};
  }
}

}  // namespace

void ObligationLifecycle(Backend& b) {
  const Agreement a = MakeAgreement(1);
  ASSERT_THAT(Create(b, a), IsOk());
  Obligation o = MakeObligation(a.id, absl::CivilDay(2026, 6, 30));
  const Obligation other = MakeObligation(a.id, absl::CivilDay(2026, 7, 1));
  ASSERT_THAT(CreateObligation(b, o), IsOk());
  ASSERT_THAT(CreateObligation(b, other), IsOk());
  EXPECT_FALSE(CreateObligation(b, o).ok()) << "an id is created once";
  auto get = [&](const Obligation& which) {
    return InTx(b, [&](Transaction& tx) {
      return b.obligations->Get(tx, which.agreement_id, which.id);
    });
  };
  EXPECT_THAT(get(o), IsOkAndHolds(o));

  Obligation done = o;
  done.state = ObligationState::kDone;
  done.evidence_digest = std::string(64, 'b');
  done.evidence_note = "Remise au ministère";
  done.state_changed_by = "users/officer";
  done.state_change_time = At(5);
  done.update_time = At(5);
  auto update = [&](const Obligation& which) {
    return InTx(
        b, [&](Transaction& tx) { return b.obligations->Update(tx, which); });
  };
  absl::StatusOr<Obligation> updated = update(done);
  ASSERT_THAT(updated, IsOk());
  done.version = 2;
  EXPECT_EQ(*updated, done);
  EXPECT_THAT(get(o), IsOkAndHolds(done));
  EXPECT_THAT(update(o), StatusIs(absl::StatusCode::kAborted));

  auto remove = [&](const Obligation& which) {
    return Run(
        b, [&](Transaction& tx) { return b.obligations->Delete(tx, which); });
  };
  EXPECT_THAT(remove(o), StatusIs(absl::StatusCode::kAborted));
  const Obligation absent = MakeObligation(a.id, absl::CivilDay(2026, 6, 1));
  EXPECT_THAT(get(absent), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(update(absent), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(remove(absent), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(remove(done), IsOk());
  EXPECT_THAT(get(done), StatusIs(absl::StatusCode::kNotFound));

  const Agreement a2 = MakeAgreement(2);
  ASSERT_THAT(Create(b, a2), IsOk());
  const Obligation kept = MakeObligation(a2.id, absl::CivilDay(2026, 1, 1));
  ASSERT_THAT(CreateObligation(b, kept), IsOk());
  std::vector<Obligation> more = {other};
  for (int i = 0; i < 3; ++i) {
    more.push_back(MakeObligation(a.id, absl::CivilDay(2026, 1, 1 + i)));
    ASSERT_THAT(CreateObligation(b, more.back()), IsOk());
  }
  std::sort(
      more.begin(), more.end(),
      [](const Obligation& x, const Obligation& y) { return x.id < y.id; });
  auto all_of = [&](const std::string& agreement_id) {
    return InTx(b, [&](Transaction& tx) {
      return b.obligations->ListAllOf(tx, agreement_id);
    });
  };
  EXPECT_THAT(all_of(a.id), IsOkAndHolds(ElementsAreArray(more))) << "by id";
  ASSERT_THAT(Run(b,
                  [&](Transaction& tx) {
                    return b.obligations->DeleteAllOf(tx, a.id);
                  }),
              IsOk());
  EXPECT_THAT(all_of(a.id), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(all_of(a2.id), IsOkAndHolds(ElementsAre(kept)));
}

void ListObligationsFiltersAndPages(Backend& b) {
  const ThreeAgreements t(b);
  std::vector<Obligation> all;
  for (const Agreement* a : {&t.ab, &t.bc, &t.ca}) {
    for (int month : {3, 1, 2}) {
      all.push_back(MakeObligation(a->id, absl::CivilDay(2026, month, 15)));
    }
  }
  all[1].responsible_party_id = "org-b";
  all[4].responsible_party_id = "org-b";
  all[2].state = ObligationState::kDone;
  all[5].state = ObligationState::kWaived;
  for (const Obligation& o : all) ASSERT_THAT(CreateObligation(b, o), IsOk());
  auto in_order = [](std::vector<Obligation> list) {
    std::sort(list.begin(), list.end(),
              [](const Obligation& x, const Obligation& y) {
                return std::tie(x.due_on, x.agreement_id, x.id) <
                       std::tie(y.due_on, y.agreement_id, y.id);
              });
    return ObligationIds(list);
  };
  auto where = [&](auto keep) {
    std::vector<Obligation> kept;
    std::copy_if(all.begin(), all.end(), std::back_inserter(kept), keep);
    return in_order(kept);
  };
  const ObligationFilter every = DueOn(kToday);
  EXPECT_THAT(ListObligationIds(b, every), ElementsAreArray(in_order(all)));
  EXPECT_THAT(ListObligationIds(b, every, 2), ElementsAreArray(in_order(all)))
      << "pages, no gap or duplicate";

  ObligationFilter f = every;
  f.agreement_id = t.bc.id;
  EXPECT_THAT(ListObligationIds(b, f, 2),
              ElementsAreArray(where([&](const Obligation& o) {
                return o.agreement_id == t.bc.id;
              })));
  f = every;
  f.visible_to = VisibleTo({"org-a"});
  EXPECT_THAT(ListObligationIds(b, f),
              ElementsAreArray(where([&](const Obligation& o) {
                return o.agreement_id != t.bc.id;
              })));
  f.visible_to = VisibleTo({}, "user-b2");
  EXPECT_THAT(ListObligationIds(b, f),
              ElementsAreArray(where([&](const Obligation& o) {
                return o.agreement_id == t.bc.id;
              })));
  f.visible_to = VisibleTo({});
  EXPECT_THAT(ListObligationIds(b, f), IsEmpty());
  f = every;
  f.states = {ObligationState::kDone, ObligationState::kWaived};
  EXPECT_THAT(ListObligationIds(b, f),
              ElementsAreArray(in_order({all[2], all[5]})));
  f = every;
  f.responsible_party_id = "org-b";
  EXPECT_THAT(ListObligationIds(b, f),
              ElementsAreArray(in_order({all[1], all[4]})));
  f = every;
  f.due_before = absl::CivilDay(2026, 2, 15);
  EXPECT_THAT(ListObligationIds(b, f),
              ElementsAreArray(where(
                  [](const Obligation& o) { return o.due_on.month() == 1; })));
  f.agreement_id = t.ab.id;
  f.responsible_party_id = "org-b";
  EXPECT_THAT(ListObligationIds(b, f), ElementsAre(all[1].id));
}

void ListObligationsOverdueOnly(Backend& b) {
  const absl::CivilDay signed_on(2025, 1, 10), effective(2025, 2, 1);
  const Agreement draft = MakeAgreement(1);
  const Agreement active = Activated(MakeAgreement(2), signed_on, effective,
                                     absl::CivilDay(2027, 6, 1));
  // Stored ACTIVE, EXPIRED on the reader's day: signed, so still overdue.
  const Agreement expired_unswept = Activated(
      MakeAgreement(3), signed_on, effective, absl::CivilDay(2026, 11, 1));
  const Agreement superseded =
      InState(Activated(MakeAgreement(4), signed_on, effective,
                        absl::CivilDay(2027, 6, 1)),
              AgreementState::kSuperseded);
  const Agreement terminated =
      InState(Activated(MakeAgreement(5), signed_on, effective,
                        absl::CivilDay(2027, 6, 1)),
              AgreementState::kTerminated);
  const Agreement awaiting =
      InState(MakeAgreement(6), AgreementState::kAwaitingSignatures);
  CreateAll(b, {&draft, &active, &expired_unswept, &superseded, &terminated,
                &awaiting});
  const absl::CivilDay yesterday = kToday - 1;
  std::vector<Obligation> overdue, not_overdue;
  for (const Agreement* a : {&active, &expired_unswept, &superseded}) {
    overdue.push_back(MakeObligation(a->id, yesterday));
  }
  overdue.push_back(MakeObligation(active.id, absl::CivilDay(2026, 1, 1),
                                   ObligationState::kInProgress));
  for (const Agreement* a : {&draft, &terminated, &awaiting}) {
    not_overdue.push_back(MakeObligation(a->id, yesterday));
  }
  not_overdue.push_back(MakeObligation(active.id, kToday));  // due today
  not_overdue.push_back(
      MakeObligation(active.id, yesterday, ObligationState::kDone));
  not_overdue.push_back(
      MakeObligation(active.id, yesterday, ObligationState::kWaived));
  for (const std::vector<Obligation>* list : {&overdue, &not_overdue}) {
    for (const Obligation& o : *list) {
      ASSERT_THAT(CreateObligation(b, o), IsOk());
    }
  }
  ObligationFilter f = DueOn(kToday, /*overdue_only=*/true);
  EXPECT_THAT(ListObligationIds(b, f),
              UnorderedElementsAreArray(ObligationIds(overdue)));
  f.agreement_id = active.id;
  EXPECT_THAT(ListObligationIds(b, f),
              UnorderedElementsAre(overdue[0].id, overdue[3].id));
  // The filter's day decides.
  f = DueOn(yesterday, /*overdue_only=*/true);
  EXPECT_THAT(ListObligationIds(b, f), ElementsAre(overdue[3].id));
}

namespace {

Kpi MakeKpi(const std::string& agreement_id, int step) {
  Kpi k;
  k.agreement_id = agreement_id;
  k.id = NewUuid();
  k.display_name = {"الشركات الناشئة المؤهلة", "Startups qualifiées",
                    "Startups qualified"};
  k.unit = "startups";
  k.baseline = 0;
  k.target = 50;
  k.direction = KpiDirection::kIncrease;
  k.create_time = At(step);
  k.update_time = At(step);
  k.version = 1;
  return k;
}

KpiMeasurement MakeMeasurement(const Kpi& kpi, absl::CivilDay start,
                               absl::CivilDay end, double value) {
  KpiMeasurement m;
  m.agreement_id = kpi.agreement_id;
  m.kpi_id = kpi.id;
  m.id = MeasurementId(start, end);
  m.period_start_on = start;
  m.period_end_on = end;
  m.period_label = absl::StrCat("Q", (start.month() + 2) / 3);
  m.value = value;
  m.note = "rapport trimestriel";
  m.recorded_by = "users/officer";
  m.record_time = At(20);
  return m;
}

absl::Status CreateKpi(Backend& b, const Kpi& k) {
  return Run(b, [&](Transaction& tx) { return b.kpis->Create(tx, k); });
}

absl::StatusOr<std::vector<KpiMeasurement>> AllMeasurements(Backend& b,
                                                            const Kpi& k) {
  return InTx(b, [&](Transaction& tx) {
    return b.kpis->ListAllMeasurements(tx, k.agreement_id, k.id);
  });
}

absl::Status Put(Backend& b, const KpiMeasurement& m) {
  return Run(b, [&](Transaction& tx) { return b.kpis->PutMeasurement(tx, m); });
}

}  // namespace

void KpiLifecycle(Backend& b) {
  const Agreement a = MakeAgreement(1);
  ASSERT_THAT(Create(b, a), IsOk());
  Kpi measured = MakeKpi(a.id, 1);
  measured.baseline = 2.5;
  measured.target = 1e-3;
  measured.direction = KpiDirection::kDecrease;
  measured.measurement_count = 3;
  measured.progress =
      KpiProgress{.latest_value = 0.1,
                  .latest_period_end_on = absl::CivilDay(2026, 9, 30),
                  .percent_of_target = 96.04,
                  .target_met = true};
  const Kpi fresh = MakeKpi(a.id, 2);
  ASSERT_THAT(CreateKpi(b, measured), IsOk());
  ASSERT_THAT(CreateKpi(b, fresh), IsOk());
  EXPECT_FALSE(CreateKpi(b, fresh).ok()) << "an id is created once";
  auto get = [&](const Kpi& which) {
    return InTx(b, [&](Transaction& tx) {
      return b.kpis->Get(tx, which.agreement_id, which.id);
    });
  };
  EXPECT_THAT(get(measured), IsOkAndHolds(measured));
  EXPECT_THAT(get(fresh), IsOkAndHolds(fresh));

  Kpi changed = fresh;
  changed.target = 75;
  changed.update_time = At(3);
  auto update = [&](const Kpi& which) {
    return InTx(b, [&](Transaction& tx) { return b.kpis->Update(tx, which); });
  };
  absl::StatusOr<Kpi> updated = update(changed);
  ASSERT_THAT(updated, IsOk());
  changed.version = 2;
  EXPECT_EQ(*updated, changed);
  EXPECT_THAT(get(fresh), IsOkAndHolds(changed));
  EXPECT_THAT(update(fresh), StatusIs(absl::StatusCode::kAborted));
  const Kpi absent = MakeKpi(a.id, 9);
  EXPECT_THAT(get(absent), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(update(absent), StatusIs(absl::StatusCode::kNotFound));

  // Listed in creation order, in pages.
  std::vector<Kpi> listed;
  aip::PageQuery page = Page(1);
  for (;;) {
    absl::StatusOr<aip::ListResult<Kpi>> r =
        InTx(b, [&](Transaction& tx) { return b.kpis->List(tx, a.id, page); });
    ASSERT_THAT(r, IsOk());
    listed.insert(listed.end(), r->items.begin(), r->items.end());
    if (!r->more) break;
    page.after =
        aip::PageCursor{r->items.back().create_time, r->items.back().id};
  }
  EXPECT_THAT(listed, ElementsAre(measured, changed));
  std::vector<Kpi> by_id = {measured, changed};
  std::sort(by_id.begin(), by_id.end(),
            [](const Kpi& x, const Kpi& y) { return x.id < y.id; });
  EXPECT_THAT(
      InTx(b, [&](Transaction& tx) { return b.kpis->ListAllOf(tx, a.id); }),
      IsOkAndHolds(ElementsAreArray(by_id)));

  // Delete compares and sets, and takes the measurements with it.
  ASSERT_THAT(Put(b, MakeMeasurement(measured, absl::CivilDay(2026, 7, 1),
                                     absl::CivilDay(2026, 9, 30), 0.1)),
              IsOk());
  auto remove = [&](const Kpi& which) {
    return Run(b, [&](Transaction& tx) { return b.kpis->Delete(tx, which); });
  };
  EXPECT_THAT(remove(fresh), StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(remove(absent), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(remove(measured), IsOk());
  EXPECT_THAT(get(measured), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(AllMeasurements(b, measured), IsOkAndHolds(IsEmpty()));
  ASSERT_THAT(
      Run(b, [&](Transaction& tx) { return b.kpis->DeleteAllOf(tx, a.id); }),
      IsOk());
  EXPECT_THAT(get(changed), StatusIs(absl::StatusCode::kNotFound));
}

void KpiMeasurementsReplaceByIdAndRunByPeriod(Backend& b) {
  const Agreement a = MakeAgreement(1);
  ASSERT_THAT(Create(b, a), IsOk());
  const Kpi kpi = MakeKpi(a.id, 1);
  const Kpi other = MakeKpi(a.id, 2);
  ASSERT_THAT(CreateKpi(b, kpi), IsOk());
  ASSERT_THAT(CreateKpi(b, other), IsOk());
  const KpiMeasurement q2 = MakeMeasurement(kpi, absl::CivilDay(2026, 4, 1),
                                            absl::CivilDay(2026, 6, 30), 12);
  const KpiMeasurement q1 = MakeMeasurement(kpi, absl::CivilDay(2026, 1, 1),
                                            absl::CivilDay(2026, 3, 31), 5);
  const KpiMeasurement q3 = MakeMeasurement(kpi, absl::CivilDay(2026, 7, 1),
                                            absl::CivilDay(2026, 9, 30), 20.25);
  // The same start, a longer period: after q1 by id.
  const KpiMeasurement h1 = MakeMeasurement(kpi, absl::CivilDay(2026, 1, 1),
                                            absl::CivilDay(2026, 6, 30), 17);
  const KpiMeasurement elsewhere = MakeMeasurement(
      other, absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 3, 31), 1);
  for (const KpiMeasurement* m : {&q2, &q1, &q3, &h1, &elsewhere}) {
    ASSERT_THAT(Put(b, *m), IsOk());
  }
  EXPECT_THAT(AllMeasurements(b, kpi),
              IsOkAndHolds(ElementsAre(q1, h1, q2, q3)));

  KpiMeasurement corrected = q2;
  corrected.value = 13.5;
  corrected.note = "corrigé";
  corrected.period_label = "T2";
  corrected.record_time = At(30);
  corrected.revision = 2;
  ASSERT_THAT(Put(b, corrected), IsOk());
  EXPECT_THAT(AllMeasurements(b, kpi),
              IsOkAndHolds(ElementsAre(q1, h1, corrected, q3)));
  EXPECT_THAT(AllMeasurements(b, other), IsOkAndHolds(ElementsAre(elsewhere)));

  std::vector<KpiMeasurement> paged;
  aip::PageQuery page = Page(3);
  for (;;) {
    absl::StatusOr<aip::ListResult<KpiMeasurement>> r =
        InTx(b, [&](Transaction& tx) {
          return b.kpis->ListMeasurements(tx, a.id, kpi.id, page);
        });
    ASSERT_THAT(r, IsOk());
    paged.insert(paged.end(), r->items.begin(), r->items.end());
    if (!r->more) break;
    const KpiMeasurement& last = r->items.back();
    page.after = aip::PageCursor{
        absl::FromCivil(last.period_start_on, absl::UTCTimeZone()), last.id};
  }
  EXPECT_THAT(paged, ElementsAre(q1, h1, corrected, q3));
}

}  // namespace masar::partnerships::contract
