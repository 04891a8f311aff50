#include "services/partnerships/testing/fake_party_directory.h"

#include "absl/strings/str_cat.h"

namespace masar::partnerships {

void FakePartyDirectory::AddOrganization(const std::string& organization_id) {
  absl::MutexLock lock(&mu_);
  organizations_.insert(organization_id);
}

void FakePartyDirectory::RemoveOrganization(
    const std::string& organization_id) {
  absl::MutexLock lock(&mu_);
  organizations_.erase(organization_id);
}

void FakePartyDirectory::SetUser(const std::string& user_id, UserState state) {
  absl::MutexLock lock(&mu_);
  users_[user_id] = state;
}

void FakePartyDirectory::AddMember(const std::string& organization_id,
                                   const std::string& user_id,
                                   const std::string& title) {
  absl::MutexLock lock(&mu_);
  users_.emplace(user_id, UserState::kActive);
  members_[{organization_id, user_id}] = title;
}

void FakePartyDirectory::RemoveMember(const std::string& organization_id,
                                      const std::string& user_id) {
  absl::MutexLock lock(&mu_);
  members_.erase({organization_id, user_id});
}

void FakePartyDirectory::SetUnavailable(bool unavailable) {
  absl::MutexLock lock(&mu_);
  unavailable_ = unavailable;
}

int FakePartyDirectory::calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

absl::Status FakePartyDirectory::Answer() {
  ++calls_;
  if (unavailable_) return absl::UnavailableError("identity is unreachable");
  return absl::OkStatus();
}

absl::Status FakePartyDirectory::CheckOrganization(
    const CallMetadata& call, absl::string_view organization_id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Answer(); !s.ok()) return s;
  if (!organizations_.contains(std::string(organization_id))) {
    return absl::NotFoundError(
        absl::StrCat("organizations/", organization_id, " not found"));
  }
  return absl::OkStatus();
}

absl::Status FakePartyDirectory::CheckUser(const CallMetadata& call,
                                           absl::string_view user_id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Answer(); !s.ok()) return s;
  if (!users_.contains(std::string(user_id))) {
    return absl::NotFoundError(absl::StrCat("users/", user_id, " not found"));
  }
  return absl::OkStatus();
}

absl::StatusOr<SignatoryFacts> FakePartyDirectory::CheckSignatory(
    const CallMetadata& call, absl::string_view organization_id,
    absl::string_view user_id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Answer(); !s.ok()) return s;
  auto user = users_.find(std::string(user_id));
  if (user == users_.end()) {
    return absl::NotFoundError(absl::StrCat("users/", user_id, " not found"));
  }
  SignatoryFacts facts;
  auto member =
      members_.find({std::string(organization_id), std::string(user_id)});
  if (user->second == UserState::kDisabled) {
    facts.status = SignatoryStatus::kUserDisabled;
  } else if (user->second == UserState::kErased) {
    facts.status = SignatoryStatus::kUserErased;
  } else if (member == members_.end()) {
    facts.status = SignatoryStatus::kNotAMember;
  } else {
    facts.status = SignatoryStatus::kValid;
  }
  if (member != members_.end()) facts.member_title = member->second;
  return facts;
}

absl::StatusOr<std::vector<std::string>> FakePartyDirectory::OrganizationsOf(
    const CallMetadata& call, absl::string_view user_id) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Answer(); !s.ok()) return s;
  std::vector<std::string> organizations;
  for (const auto& [key, title] : members_) {
    if (key.second == user_id) organizations.push_back(key.first);
  }
  return organizations;
}

}  // namespace masar::partnerships
