#ifndef MASAR_SERVICES_PARTNERSHIPS_TESTING_FAKE_PARTY_DIRECTORY_H_
#define MASAR_SERVICES_PARTNERSHIPS_TESTING_FAKE_PARTY_DIRECTORY_H_

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "services/partnerships/domain/party_directory.h"

namespace masar::partnerships {

// Identity as partnerships asks it, held in memory and set by the test:
// organizations, users (ACTIVE, DISABLED or ERASED) and memberships with
// their titles; SetUnavailable makes every call answer UNAVAILABLE, as an
// unreachable identity does. Thread-safe.
class FakePartyDirectory final : public PartyDirectory {
 public:
  enum class UserState { kActive, kDisabled, kErased };

  void AddOrganization(const std::string& organization_id);
  void RemoveOrganization(const std::string& organization_id);
  void SetUser(const std::string& user_id, UserState state = UserState::kActive);
  // Adds or replaces the membership (the user is added ACTIVE if unknown).
  void AddMember(const std::string& organization_id, const std::string& user_id,
                 const std::string& title = "");
  void RemoveMember(const std::string& organization_id,
                    const std::string& user_id);
  void SetUnavailable(bool unavailable);
  // How many calls were answered (UNAVAILABLE ones included).
  int calls() const;

  absl::Status CheckOrganization(const CallMetadata& call,
                                 absl::string_view organization_id) override;
  absl::Status CheckUser(const CallMetadata& call,
                         absl::string_view user_id) override;
  absl::StatusOr<SignatoryFacts> CheckSignatory(
      const CallMetadata& call, absl::string_view organization_id,
      absl::string_view user_id) override;
  absl::StatusOr<std::vector<std::string>> OrganizationsOf(
      const CallMetadata& call, absl::string_view user_id) override;

 private:
  absl::Status Answer() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::set<std::string> organizations_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, UserState> users_ ABSL_GUARDED_BY(mu_);
  // (organization, user) -> title.
  std::map<std::pair<std::string, std::string>, std::string> members_
      ABSL_GUARDED_BY(mu_);
  bool unavailable_ ABSL_GUARDED_BY(mu_) = false;
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_TESTING_FAKE_PARTY_DIRECTORY_H_
