#include "services/partnerships/testing/in_memory_partnerships_store.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/aip/etag.h"
#include "services/partnerships/domain/errors.h"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships {
namespace {

class InMemoryTransaction final : public Transaction {
 public:
  explicit InMemoryTransaction(InMemoryPartnershipsState* state)
      : state_(state) {}
  InMemoryPartnershipsState& state() { return *state_; }

 private:
  InMemoryPartnershipsState* state_;
};

#define ASSIGN_STATE_OR_RETURN(state, tx)                                 \
  absl::StatusOr<InMemoryPartnershipsState*> state##_or =                 \
      InMemoryStateOf(tx);                                                \
  if (!state##_or.ok()) return state##_or.status();                       \
  InMemoryPartnershipsState& state = **state##_or

template <typename T>
bool Contains(const std::vector<T>& values, const T& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool NamesSignatory(const Agreement& a, absl::string_view user_id) {
  return !user_id.empty() &&
         std::any_of(a.terms.parties.begin(), a.terms.parties.end(),
                     [&](const Party& p) { return p.signatory_id == user_id; });
}

bool IsVisible(const Agreement& a, const Visibility& v) {
  for (const std::string& org : v.organization_ids) {
    if (FindParty(a.terms, org) != nullptr) return true;
  }
  return NamesSignatory(a, v.signatory_id);
}

// ListAgreements' active_on: signed by the day, in its term, and not ended
// (terminated, superseded, or due to be superseded) by then.
bool InForceOn(const Agreement& a, absl::CivilDay day) {
  if (!a.signed_on.has_value() || *a.signed_on > day) return false;
  if (day < a.terms.effective_on || day >= a.expires_on) return false;
  if (a.ended_on.has_value() && *a.ended_on <= day) return false;
  return !(a.supersede_on.has_value() && *a.supersede_on <= day);
}

bool Matches(const Agreement& a, const AgreementFilter& f) {
  const AgreementState state = EffectiveState(a, f.today);
  bool any_area = f.scope_areas.empty();
  for (ScopeArea area : f.scope_areas) {
    any_area = any_area || Contains(a.terms.scope_areas, area);
  }
  return (f.party_id.empty() || FindParty(a.terms, f.party_id) != nullptr) &&
         (f.states.empty() || Contains(f.states, state)) &&
         (f.kinds.empty() || Contains(f.kinds, a.terms.kind)) && any_area &&
         (!f.expiring_before || a.expires_on < *f.expiring_before) &&
         (!f.active_on || InForceOn(a, *f.active_on)) &&
         (f.signatory_id.empty() || NamesSignatory(a, f.signatory_id)) &&
         (!f.visible_to || IsVisible(a, *f.visible_to));
}

absl::Time DayCursorTime(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilSecond(day), absl::UTCTimeZone());
}

aip::PageCursor CursorOf(const Obligation& o) {
  return {DayCursorTime(o.due_on), absl::StrCat(o.agreement_id, "/", o.id)};
}
aip::PageCursor CursorOf(const Kpi& k) { return {k.create_time, k.id}; }
aip::PageCursor CursorOf(const KpiMeasurement& m) {
  return {DayCursorTime(m.period_start_on), m.id};
}

// The first `page.limit` of `items` (in list order) after the cursor, where
// `after(item, cursor)` says an item comes after it.
template <typename T, typename After>
aip::ListResult<T> PageOf(std::vector<T> items, const aip::PageQuery& page,
                          After after) {
  if (page.after.has_value()) {
    std::erase_if(items, [&](const T& item) { return !after(item, *page.after); });
  }
  aip::ListResult<T> result;
  if (static_cast<int>(items.size()) > page.limit) {
    result.more = true;
    items.resize(page.limit);
  }
  result.items = std::move(items);
  return result;
}

// Ascending by cursor, for obligations, KPIs and measurements.
template <typename T>
aip::ListResult<T> AscendingPage(std::vector<T> items,
                                 const aip::PageQuery& page) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) {
    return aip::ComesAfter(CursorOf(b), CursorOf(a));
  });
  return PageOf(std::move(items), page, [](const T& item, const auto& c) {
    return aip::ComesAfter(CursorOf(item), c);
  });
}

template <typename Map, typename Key, typename T>
absl::StatusOr<T> CompareAndSet(Map& map, const Key& key, const T& item,
                                absl::string_view name) {
  auto it = map.find(key);
  if (it == map.end()) return absl::NotFoundError(absl::StrCat(name, " not found"));
  if (it->second.version != item.version) return aip::StaleEtag(name);
  T updated = item;
  ++updated.version;
  it->second = updated;
  return updated;
}

template <typename Map, typename Key, typename T>
absl::Status CompareAndErase(Map& map, const Key& key, const T& item,
                             absl::string_view name) {
  auto it = map.find(key);
  if (it == map.end()) return absl::NotFoundError(absl::StrCat(name, " not found"));
  if (it->second.version != item.version) return aip::StaleEtag(name);
  map.erase(it);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<InMemoryPartnershipsState*> InMemoryStateOf(Transaction& tx) {
  auto* in_memory = dynamic_cast<InMemoryTransaction*>(&tx);
  if (in_memory == nullptr) {
    return absl::InternalError("not an in-memory partnerships transaction");
  }
  return &in_memory->state();
}

// Unit of work.

absl::Status InMemoryPartnershipsUnitOfWork::Run(
    absl::FunctionRef<absl::Status(Transaction&)> body) {
  absl::MutexLock lock(&mu_);
  InMemoryPartnershipsState snapshot = state_;
  snapshot_ = &snapshot;
  InMemoryTransaction tx(&state_);
  absl::Status status = body(tx);
  snapshot_ = nullptr;
  if (!status.ok()) state_ = std::move(snapshot);
  return status;
}

absl::Status InMemoryPartnershipsUnitOfWork::RunReadOnly(
    absl::FunctionRef<absl::Status(Transaction&)> body) {
  return Run(body);
}

absl::Status InMemoryPartnershipsUnitOfWork::CommitConcurrently(
    Transaction& tx, absl::FunctionRef<absl::Status(Transaction&)> other)
    ABSL_NO_THREAD_SAFETY_ANALYSIS {
  if (snapshot_ == nullptr) {
    return absl::FailedPreconditionError("no transaction is running");
  }
  const InMemoryPartnershipsState before = state_;
  absl::Status status = other(tx);
  if (!status.ok()) {
    state_ = before;
    return status;
  }
  *snapshot_ = state_;
  return absl::OkStatus();
}

std::vector<audit::AuditRecord> InMemoryPartnershipsUnitOfWork::audit_records()
    const {
  absl::MutexLock lock(&mu_);
  return state_.audit_records;
}

std::vector<AgreementStateChanged> InMemoryPartnershipsUnitOfWork::events()
    const {
  absl::MutexLock lock(&mu_);
  return state_.events;
}

InMemoryPartnershipsState InMemoryPartnershipsUnitOfWork::state() const {
  absl::MutexLock lock(&mu_);
  return state_;
}

// Agreements.

absl::Status InMemoryAgreementRepository::Create(Transaction& tx,
                                                 const Agreement& agreement) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  if (!state.agreements.emplace(agreement.id, agreement).second) {
    return absl::AlreadyExistsError("agreement id taken");
  }
  return absl::OkStatus();
}

absl::StatusOr<Agreement> InMemoryAgreementRepository::Get(
    Transaction& tx, absl::string_view id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it = state.agreements.find(std::string(id));
  if (it == state.agreements.end()) return AgreementNotFound(AgreementName(id));
  return it->second;
}

absl::StatusOr<Agreement> InMemoryAgreementRepository::Update(
    Transaction& tx, const Agreement& agreement) {
  if (before_next_update_) {
    std::function<void(Transaction&)> hook = std::move(before_next_update_);
    before_next_update_ = nullptr;
    hook(tx);
  }
  ASSIGN_STATE_OR_RETURN(state, tx);
  return CompareAndSet(state.agreements, agreement.id, agreement,
                       AgreementName(agreement.id));
}

absl::Status InMemoryAgreementRepository::Delete(Transaction& tx,
                                                 const Agreement& agreement) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  return CompareAndErase(state.agreements, agreement.id, agreement,
                         AgreementName(agreement.id));
}

absl::StatusOr<aip::ListResult<Agreement>> InMemoryAgreementRepository::List(
    Transaction& tx, const AgreementFilter& filter,
    const aip::PageQuery& page) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  std::vector<Agreement> items;
  for (const auto& [id, agreement] : state.agreements) {
    if (Matches(agreement, filter)) items.push_back(agreement);
  }
  auto cursor = [](const Agreement& a) {
    return aip::PageCursor{a.create_time, a.id};
  };
  // Newest first: the reverse of ComesAfter's order.
  std::sort(items.begin(), items.end(), [&](const auto& a, const auto& b) {
    return aip::ComesAfter(cursor(a), cursor(b));
  });
  return PageOf(std::move(items), page,
                [&](const Agreement& a, const aip::PageCursor& after) {
                  return aip::ComesAfter(after, cursor(a));
                });
}

absl::StatusOr<std::vector<Agreement>>
InMemoryAgreementRepository::ListExtending(Transaction& tx,
                                           absl::string_view id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  std::vector<Agreement> items;
  for (const auto& [key, agreement] : state.agreements) {
    if (agreement.extends_id == id) items.push_back(agreement);
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return std::tie(a.create_time, a.id) < std::tie(b.create_time, b.id);
  });
  return items;
}

absl::StatusOr<std::vector<Agreement>> InMemoryAgreementRepository::ListDue(
    Transaction& tx, absl::CivilDay today, int limit) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  std::vector<Agreement> items;
  for (const auto& [id, a] : state.agreements) {
    if (a.state != AgreementState::kActive) continue;
    if (a.expires_on <= today || (a.supersede_on && *a.supersede_on <= today)) {
      items.push_back(a);
    }
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return std::tie(a.expires_on, a.id) < std::tie(b.expires_on, b.id);
  });
  if (static_cast<int>(items.size()) > limit) items.resize(limit);
  return items;
}

absl::StatusOr<std::vector<Agreement>>
InMemoryAgreementRepository::ListUnsignedBySignatory(
    Transaction& tx, absl::string_view user_id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  std::vector<Agreement> items;
  for (const auto& [id, a] : state.agreements) {
    if (a.state != AgreementState::kDraft &&
        a.state != AgreementState::kInReview &&
        a.state != AgreementState::kAwaitingSignatures) {
      continue;
    }
    for (const Party& p : a.terms.parties) {
      if (p.signatory_id == user_id && !p.signature.has_value()) {
        items.push_back(a);
        break;
      }
    }
  }
  return items;
}

void InMemoryAgreementRepository::BeforeNextUpdate(
    std::function<void(Transaction&)> hook) {
  before_next_update_ = std::move(hook);
}

// Obligations.

absl::Status InMemoryObligationRepository::Create(Transaction& tx,
                                                  const Obligation& o) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  if (!state.obligations.emplace(std::make_pair(o.agreement_id, o.id), o)
           .second) {
    return absl::AlreadyExistsError("obligation id taken");
  }
  return absl::OkStatus();
}

absl::StatusOr<Obligation> InMemoryObligationRepository::Get(
    Transaction& tx, absl::string_view agreement_id, absl::string_view id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it = state.obligations.find({std::string(agreement_id), std::string(id)});
  if (it == state.obligations.end()) {
    return ObligationNotFound(
        absl::StrCat(AgreementName(agreement_id), "/obligations/", id));
  }
  return it->second;
}

absl::StatusOr<Obligation> InMemoryObligationRepository::Update(
    Transaction& tx, const Obligation& o) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  return CompareAndSet(state.obligations, std::make_pair(o.agreement_id, o.id),
                       o, ObligationName(o));
}

absl::Status InMemoryObligationRepository::Delete(Transaction& tx,
                                                  const Obligation& o) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  return CompareAndErase(state.obligations,
                         std::make_pair(o.agreement_id, o.id), o,
                         ObligationName(o));
}

absl::StatusOr<aip::ListResult<Obligation>> InMemoryObligationRepository::List(
    Transaction& tx, const ObligationFilter& f, const aip::PageQuery& page) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  std::vector<Obligation> items;
  for (const auto& [key, o] : state.obligations) {
    auto agreement = state.agreements.find(o.agreement_id);
    if (agreement == state.agreements.end()) continue;
    const Agreement& a = agreement->second;
    if (!f.agreement_id.empty() && o.agreement_id != f.agreement_id) continue;
    if (f.visible_to && !IsVisible(a, *f.visible_to)) continue;
    if (!f.states.empty() && !Contains(f.states, o.state)) continue;
    if (!f.responsible_party_id.empty() &&
        o.responsible_party_id != f.responsible_party_id) {
      continue;
    }
    if (f.overdue_only &&
        !IsOverdue(o, EffectiveState(a, f.today), f.today)) {
      continue;
    }
    if (f.due_before && !(o.due_on < *f.due_before)) continue;
    items.push_back(o);
  }
  return AscendingPage(std::move(items), page);
}

absl::StatusOr<std::vector<Obligation>> InMemoryObligationRepository::ListAllOf(
    Transaction& tx, absl::string_view agreement_id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  std::vector<Obligation> items;
  for (const auto& [key, o] : state.obligations) {
    if (key.first == agreement_id) items.push_back(o);
  }
  return items;  // the map's order: by id
}

absl::Status InMemoryObligationRepository::DeleteAllOf(
    Transaction& tx, absl::string_view agreement_id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  std::erase_if(state.obligations, [&](const auto& entry) {
    return entry.first.first == agreement_id;
  });
  return absl::OkStatus();
}

// KPIs.

absl::Status InMemoryKpiRepository::Create(Transaction& tx, const Kpi& kpi) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  if (!state.kpis.emplace(std::make_pair(kpi.agreement_id, kpi.id), kpi)
           .second) {
    return absl::AlreadyExistsError("KPI id taken");
  }
  return absl::OkStatus();
}

absl::StatusOr<Kpi> InMemoryKpiRepository::Get(Transaction& tx,
                                               absl::string_view agreement_id,
                                               absl::string_view id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it = state.kpis.find({std::string(agreement_id), std::string(id)});
  if (it == state.kpis.end()) return KpiNotFound(KpiName(agreement_id, id));
  return it->second;
}

absl::StatusOr<Kpi> InMemoryKpiRepository::Update(Transaction& tx,
                                                  const Kpi& kpi) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  return CompareAndSet(state.kpis, std::make_pair(kpi.agreement_id, kpi.id),
                       kpi, KpiName(kpi));
}

absl::Status InMemoryKpiRepository::Delete(Transaction& tx, const Kpi& kpi) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  absl::Status erased = CompareAndErase(
      state.kpis, std::make_pair(kpi.agreement_id, kpi.id), kpi, KpiName(kpi));
  if (!erased.ok()) return erased;
  std::erase_if(state.measurements, [&](const auto& entry) {
    return std::get<0>(entry.first) == kpi.agreement_id &&
           std::get<1>(entry.first) == kpi.id;
  });
  return absl::OkStatus();
}

absl::StatusOr<aip::ListResult<Kpi>> InMemoryKpiRepository::List(
    Transaction& tx, absl::string_view agreement_id,
    const aip::PageQuery& page) {
  absl::StatusOr<std::vector<Kpi>> all = ListAllOf(tx, agreement_id);
  if (!all.ok()) return all.status();
  return AscendingPage(*std::move(all), page);
}

absl::StatusOr<std::vector<Kpi>> InMemoryKpiRepository::ListAllOf(
    Transaction& tx, absl::string_view agreement_id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  std::vector<Kpi> items;
  for (const auto& [key, kpi] : state.kpis) {
    if (key.first == agreement_id) items.push_back(kpi);
  }
  return items;
}

absl::Status InMemoryKpiRepository::DeleteAllOf(
    Transaction& tx, absl::string_view agreement_id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  std::erase_if(state.kpis, [&](const auto& entry) {
    return entry.first.first == agreement_id;
  });
  std::erase_if(state.measurements, [&](const auto& entry) {
    return std::get<0>(entry.first) == agreement_id;
  });
  return absl::OkStatus();
}

absl::Status InMemoryKpiRepository::PutMeasurement(Transaction& tx,
                                                   const KpiMeasurement& m) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  state.measurements[{m.agreement_id, m.kpi_id, m.id}] = m;
  return absl::OkStatus();
}

absl::StatusOr<aip::ListResult<KpiMeasurement>>
InMemoryKpiRepository::ListMeasurements(Transaction& tx,
                                        absl::string_view agreement_id,
                                        absl::string_view kpi_id,
                                        const aip::PageQuery& page) {
  absl::StatusOr<std::vector<KpiMeasurement>> all =
      ListAllMeasurements(tx, agreement_id, kpi_id);
  if (!all.ok()) return all.status();
  return AscendingPage(*std::move(all), page);
}

absl::StatusOr<std::vector<KpiMeasurement>>
InMemoryKpiRepository::ListAllMeasurements(Transaction& tx,
                                           absl::string_view agreement_id,
                                           absl::string_view kpi_id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  std::vector<KpiMeasurement> items;
  for (const auto& [key, m] : state.measurements) {
    if (std::get<0>(key) == agreement_id && std::get<1>(key) == kpi_id) {
      items.push_back(m);
    }
  }
  std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return a.period_start_on < b.period_start_on;
  });
  return items;
}

// Audit and events.

absl::Status InMemoryPartnershipsAuditTrail::Append(
    Transaction& tx, const audit::AuditRecord& record) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  state.audit_records.push_back(record);
  return absl::OkStatus();
}

absl::Status InMemoryPartnershipsEventLog::Append(
    Transaction& tx, const AgreementStateChanged& event) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  state.events.push_back(event);
  return absl::OkStatus();
}

}  // namespace masar::partnerships
