#include "services/identity/testing/in_memory_identity_store.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/validation.h"

namespace masar::identity {
namespace {

class InMemoryTransaction final : public Transaction {
 public:
  explicit InMemoryTransaction(InMemoryIdentityState* state) : state_(state) {}
  InMemoryIdentityState& state() { return *state_; }

 private:
  InMemoryIdentityState* state_;
};

absl::StatusOr<InMemoryIdentityState*> StateOf(Transaction& tx) {
  return InMemoryStateOf(tx);
}

template <typename T>
aip::PageCursor CursorOf(const T& item) {
  return aip::PageCursor{item.create_time, item.id};
}
template <>
aip::PageCursor CursorOf(const Member& item) {
  return aip::PageCursor{item.create_time, MemberCursorKey(item)};
}

// The page of `map`'s values that `keep` accepts, in list order.
template <typename T, typename Map, typename Keep>
aip::ListResult<T> ListOf(const Map& map, Keep keep, const aip::PageQuery& page) {
  std::vector<T> matching;
  for (const auto& [key, value] : map) {
    if (!keep(value)) continue;
    if (page.after && !aip::ComesAfter(CursorOf(value), *page.after)) continue;
    matching.push_back(value);
  }
  std::sort(matching.begin(), matching.end(), [](const T& a, const T& b) {
    return aip::ComesAfter(CursorOf(b), CursorOf(a));
  });
  aip::ListResult<T> result;
  if (static_cast<int>(matching.size()) > page.limit) {
    result.more = true;
    matching.resize(page.limit);
  }
  result.items = std::move(matching);
  return result;
}

#define ASSIGN_STATE_OR_RETURN(state, tx)                          \
  absl::StatusOr<InMemoryIdentityState*> state##_or = StateOf(tx); \
  if (!state##_or.ok()) return state##_or.status();                \
  InMemoryIdentityState& state = **state##_or

bool EmailTakenBy(const InMemoryIdentityState& state, const User& user) {
  if (user.email.empty()) return false;
  const std::string email = NormalizeEmail(user.email);
  for (const auto& [id, other] : state.users) {
    if (id != user.id && NormalizeEmail(other.email) == email) return true;
  }
  return false;
}

bool NationalIdTakenBy(const InMemoryIdentityState& state, const User& user) {
  if (user.national_id_lookup.empty()) return false;
  for (const auto& [id, other] : state.users) {
    if (id != user.id && other.national_id_lookup == user.national_id_lookup) {
      return true;
    }
  }
  return false;
}

bool IceTakenBy(const InMemoryIdentityState& state, const Organization& org) {
  if (org.ice.empty() || org.deleted()) return false;
  for (const auto& [id, other] : state.organizations) {
    if (id != org.id && !other.deleted() && other.ice == org.ice) return true;
  }
  return false;
}

bool Matches(const RoleBinding& b, const RoleBindingFilter& f) {
  return (f.principal.empty() || b.principal == f.principal) &&
         (f.role == Role::kUnspecified || b.role == f.role) &&
         (f.scope.empty() || b.scope == f.scope);
}

// Erases the members `doomed` picks and returns them.
template <typename Pred>
std::vector<Member> EraseMembers(InMemoryIdentityState& state, Pred doomed) {
  std::vector<Member> erased;
  std::erase_if(state.members, [&](const auto& entry) {
    if (!doomed(entry.second)) return false;
    erased.push_back(entry.second);
    return true;
  });
  return erased;
}

}  // namespace

absl::StatusOr<InMemoryIdentityState*> InMemoryStateOf(Transaction& tx) {
  auto* in_memory = dynamic_cast<InMemoryTransaction*>(&tx);
  if (in_memory == nullptr) {
    return absl::InternalError("not an in-memory identity transaction");
  }
  return &in_memory->state();
}

absl::Status InMemoryUnitOfWork::Run(
    absl::FunctionRef<absl::Status(Transaction&)> body) {
  absl::MutexLock lock(&mu_);
  InMemoryIdentityState snapshot = state_;
  InMemoryTransaction tx(&state_);
  absl::Status status = body(tx);
  if (!status.ok()) state_ = std::move(snapshot);
  return status;
}

absl::Status InMemoryUnitOfWork::RunReadOnly(
    absl::FunctionRef<absl::Status(Transaction&)> body) {
  return Run(body);
}

std::vector<AuditEvent> InMemoryUnitOfWork::audit_events() const {
  absl::MutexLock lock(&mu_);
  return state_.audit_events;
}

std::vector<auth::Revocation> InMemoryUnitOfWork::revocations() const {
  absl::MutexLock lock(&mu_);
  return state_.revocations;
}

std::vector<IdentityEvent> InMemoryUnitOfWork::events() const {
  absl::MutexLock lock(&mu_);
  return state_.events;
}

absl::Status InMemoryIdentityEventLog::Append(Transaction& tx,
                                              const IdentityEvent& event) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  state.events.push_back(event);
  return absl::OkStatus();
}

// Users.

absl::Status InMemoryUserRepository::Create(Transaction& tx, const User& user) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  if (state.users.contains(user.id)) {
    return absl::AlreadyExistsError("user id taken");
  }
  if (EmailTakenBy(state, user)) return EmailTaken();
  if (NationalIdTakenBy(state, user)) return NationalIdTaken();
  state.users[user.id] = user;
  return absl::OkStatus();
}

absl::StatusOr<User> InMemoryUserRepository::Get(Transaction& tx,
                                                 absl::string_view id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it = state.users.find(std::string(id));
  if (it == state.users.end()) return UserNotFound(absl::StrCat("users/", id));
  return it->second;
}

absl::StatusOr<std::vector<User>> InMemoryUserRepository::GetMany(
    Transaction& tx, const std::vector<std::string>& ids) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  std::vector<User> users;
  for (const std::string& id : ids) {
    auto it = state.users.find(id);
    if (it != state.users.end()) users.push_back(it->second);
  }
  return users;
}

absl::StatusOr<std::optional<User>> InMemoryUserRepository::FindByEmail(
    Transaction& tx, absl::string_view email) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  const std::string wanted = NormalizeEmail(email);
  for (const auto& [id, user] : state.users) {
    if (!user.email.empty() && NormalizeEmail(user.email) == wanted) {
      return std::optional<User>(user);
    }
  }
  return std::optional<User>();
}

absl::StatusOr<aip::ListResult<User>> InMemoryUserRepository::List(
    Transaction& tx, const UserFilter& filter, const aip::PageQuery& page) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  const std::string email = NormalizeEmail(filter.email);
  return ListOf<User>(
      state.users,
      [&](const User& u) {
        const auto& lookups = filter.national_id_lookups;
        return (email.empty() || NormalizeEmail(u.email) == email) &&
               (lookups.empty() ||
                (!u.national_id_lookup.empty() &&
                 std::find(lookups.begin(), lookups.end(),
                           u.national_id_lookup) != lookups.end())) &&
               (filter.state == UserState::kUnspecified ||
                u.state == filter.state);
      },
      page);
}

absl::StatusOr<User> InMemoryUserRepository::Update(Transaction& tx,
                                                    const User& user) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it = state.users.find(user.id);
  if (it == state.users.end()) return UserNotFound(user.name());
  if (it->second.version != user.version) return aip::StaleEtag(user.name());
  if (EmailTakenBy(state, user)) return EmailTaken();
  if (NationalIdTakenBy(state, user)) return NationalIdTaken();
  User updated = user;
  ++updated.version;
  it->second = updated;
  return updated;
}

absl::StatusOr<bool> InMemoryUserRepository::Empty(Transaction& tx) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  return state.users.empty();
}

// Organizations.

absl::Status InMemoryOrganizationRepository::Create(Transaction& tx,
                                                    const Organization& org) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  if (state.organizations.contains(org.id)) {
    return absl::AlreadyExistsError("organization id taken");
  }
  if (IceTakenBy(state, org)) return IceTaken();
  state.organizations[org.id] = org;
  return absl::OkStatus();
}

absl::StatusOr<Organization> InMemoryOrganizationRepository::Get(
    Transaction& tx, absl::string_view id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it = state.organizations.find(std::string(id));
  if (it == state.organizations.end()) {
    return OrganizationNotFound(absl::StrCat("organizations/", id));
  }
  return it->second;
}

absl::StatusOr<std::optional<Organization>>
InMemoryOrganizationRepository::FindLiveByIce(Transaction& tx,
                                              absl::string_view ice) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  for (const auto& [id, org] : state.organizations) {
    if (!org.deleted() && !ice.empty() && org.ice == ice) {
      return std::optional<Organization>(org);
    }
  }
  return std::optional<Organization>();
}

absl::StatusOr<aip::ListResult<Organization>> InMemoryOrganizationRepository::List(
    Transaction& tx, const OrganizationFilter& filter, const aip::PageQuery& page) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  const std::string query = absl::AsciiStrToLower(filter.display_name_query);
  return ListOf<Organization>(
      state.organizations,
      [&](const Organization& o) {
        return (filter.show_deleted || !o.deleted()) &&
               (filter.kind == OrganizationKind::kUnspecified ||
                o.kind == filter.kind) &&
               (filter.country.empty() || o.country == filter.country) &&
               (filter.ice.empty() || o.ice == filter.ice) &&
               (query.empty() ||
                absl::StrContains(OrganizationSearchText(o.display_name),
                                  query));
      },
      page);
}

absl::StatusOr<Organization> InMemoryOrganizationRepository::Update(
    Transaction& tx, const Organization& org) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it = state.organizations.find(org.id);
  if (it == state.organizations.end()) return OrganizationNotFound(org.name());
  if (it->second.version != org.version) return aip::StaleEtag(org.name());
  if (IceTakenBy(state, org)) return IceTaken();
  Organization updated = org;
  ++updated.version;
  it->second = updated;
  return updated;
}

// Members.

absl::Status InMemoryMemberRepository::Create(Transaction& tx,
                                              const Member& member) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto [it, inserted] = state.members.try_emplace(
      {member.organization_id, member.user_id}, member);
  if (!inserted) return MemberExists(member.name());
  return absl::OkStatus();
}

absl::StatusOr<Member> InMemoryMemberRepository::Get(
    Transaction& tx, absl::string_view organization_id,
    absl::string_view user_id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it =
      state.members.find({std::string(organization_id), std::string(user_id)});
  if (it == state.members.end()) {
    return MemberNotFound(
        absl::StrCat("organizations/", organization_id, "/members/", user_id));
  }
  return it->second;
}

absl::StatusOr<aip::ListResult<Member>> InMemoryMemberRepository::List(
    Transaction& tx, const MemberFilter& filter, const aip::PageQuery& page) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  return ListOf<Member>(
      state.members,
      [&](const Member& m) {
        return (filter.organization_id.empty() ||
                m.organization_id == filter.organization_id) &&
               (filter.user_id.empty() || m.user_id == filter.user_id) &&
               (filter.role == MemberRole::kUnspecified ||
                m.role == filter.role);
      },
      page);
}

absl::StatusOr<int64_t> InMemoryMemberRepository::CountOwners(
    Transaction& tx, absl::string_view organization_id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  int64_t count = 0;
  for (const auto& [key, m] : state.members) {
    if (m.organization_id == organization_id && m.role == MemberRole::kOwner) {
      ++count;
    }
  }
  return count;
}

absl::StatusOr<Member> InMemoryMemberRepository::Update(Transaction& tx,
                                                        const Member& member) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it = state.members.find({member.organization_id, member.user_id});
  if (it == state.members.end()) return MemberNotFound(member.name());
  if (it->second.version != member.version) return aip::StaleEtag(member.name());
  Member updated = member;
  ++updated.version;
  it->second = updated;
  return updated;
}

absl::Status InMemoryMemberRepository::Delete(Transaction& tx,
                                              const Member& member) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it = state.members.find({member.organization_id, member.user_id});
  if (it == state.members.end()) return MemberNotFound(member.name());
  if (it->second.version != member.version) return aip::StaleEtag(member.name());
  state.members.erase(it);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Member>>
InMemoryMemberRepository::DeleteAllOfOrganization(
    Transaction& tx, absl::string_view organization_id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  return EraseMembers(state, [&](const Member& m) {
    return m.organization_id == organization_id;
  });
}

absl::StatusOr<std::vector<Member>> InMemoryMemberRepository::DeleteAllOfUser(
    Transaction& tx, absl::string_view user_id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  return EraseMembers(state,
                      [&](const Member& m) { return m.user_id == user_id; });
}

// Role bindings.

absl::Status InMemoryRoleBindingRepository::Create(Transaction& tx,
                                                   const RoleBinding& binding) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  if (state.role_bindings.contains(binding.id)) {
    return absl::AlreadyExistsError("role binding id taken");
  }
  for (const auto& [id, b] : state.role_bindings) {
    if (b.principal == binding.principal && b.role == binding.role &&
        b.scope == binding.scope) {
      return RoleBindingExists();
    }
  }
  state.role_bindings[binding.id] = binding;
  return absl::OkStatus();
}

absl::StatusOr<RoleBinding> InMemoryRoleBindingRepository::Get(
    Transaction& tx, absl::string_view id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it = state.role_bindings.find(std::string(id));
  if (it == state.role_bindings.end()) {
    return RoleBindingNotFound(absl::StrCat("roleBindings/", id));
  }
  return it->second;
}

absl::StatusOr<aip::ListResult<RoleBinding>> InMemoryRoleBindingRepository::List(
    Transaction& tx, const RoleBindingFilter& filter, const aip::PageQuery& page) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  return ListOf<RoleBinding>(
      state.role_bindings,
      [&](const RoleBinding& b) { return Matches(b, filter); }, page);
}

absl::StatusOr<std::vector<RoleBinding>> InMemoryRoleBindingRepository::FindAll(
    Transaction& tx, const RoleBindingFilter& filter) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  aip::PageQuery all;
  all.limit = static_cast<int>(state.role_bindings.size());
  return ListOf<RoleBinding>(
             state.role_bindings,
             [&](const RoleBinding& b) { return Matches(b, filter); }, all)
      .items;
}

absl::Status InMemoryRoleBindingRepository::Delete(Transaction& tx,
                                                   absl::string_view id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  if (state.role_bindings.erase(std::string(id)) == 0) {
    return RoleBindingNotFound(absl::StrCat("roleBindings/", id));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> InMemoryRoleBindingRepository::DeleteAll(
    Transaction& tx, const RoleBindingFilter& filter) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  if (filter.principal.empty() && filter.role == Role::kUnspecified &&
      filter.scope.empty()) {
    return absl::InvalidArgumentError("DeleteAll needs a filter");
  }
  return static_cast<int64_t>(
      std::erase_if(state.role_bindings,
                    [&](const auto& e) { return Matches(e.second, filter); }));
}

// Service accounts.

absl::Status InMemoryServiceAccountRepository::Create(
    Transaction& tx, const ServiceAccount& account) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  if (state.service_accounts.contains(account.id)) {
    return ServiceAccountIdTaken(account.name());
  }
  for (const auto& [id, other] : state.service_accounts) {
    if (other.client_id == account.client_id) {
      return absl::AlreadyExistsError("client id taken");
    }
  }
  state.service_accounts[account.id] = account;
  return absl::OkStatus();
}

absl::StatusOr<ServiceAccount> InMemoryServiceAccountRepository::Get(
    Transaction& tx, absl::string_view id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it = state.service_accounts.find(std::string(id));
  if (it == state.service_accounts.end()) {
    return ServiceAccountNotFound(absl::StrCat("serviceAccounts/", id));
  }
  return it->second;
}

absl::StatusOr<std::optional<ServiceAccount>>
InMemoryServiceAccountRepository::FindByClientId(Transaction& tx,
                                                 absl::string_view client_id) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  for (const auto& [id, account] : state.service_accounts) {
    if (account.client_id == client_id) {
      return std::optional<ServiceAccount>(account);
    }
  }
  return std::optional<ServiceAccount>();
}

absl::StatusOr<aip::ListResult<ServiceAccount>>
InMemoryServiceAccountRepository::List(Transaction& tx,
                                       const ServiceAccountFilter& filter,
                                       const aip::PageQuery& page) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  return ListOf<ServiceAccount>(
      state.service_accounts,
      [&](const ServiceAccount& a) {
        return !a.deleted() &&
               (filter.state == ServiceAccountState::kUnspecified ||
                a.state == filter.state);
      },
      page);
}

absl::StatusOr<ServiceAccount> InMemoryServiceAccountRepository::Update(
    Transaction& tx, const ServiceAccount& account) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  auto it = state.service_accounts.find(account.id);
  if (it == state.service_accounts.end()) {
    return ServiceAccountNotFound(account.name());
  }
  if (it->second.version != account.version) return aip::StaleEtag(account.name());
  ServiceAccount updated = account;
  ++updated.version;
  it->second = updated;
  return updated;
}

// Audit.

absl::Status InMemoryAuditTrail::Append(Transaction& tx,
                                        const AuditEvent& event) {
  ASSIGN_STATE_OR_RETURN(state, tx);
  state.audit_events.push_back(event);
  return absl::OkStatus();
}

}  // namespace masar::identity
