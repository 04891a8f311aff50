#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_IDENTITY_EVENT_LOG_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_IDENTITY_EVENT_LOG_H_

#include <string>
#include <variant>

#include "absl/status/status.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/identity/domain/role_binding.h"
#include "services/identity/domain/user.h"

namespace masar::identity {

// What identity tells the other services, as its domain events
// (protos/masar/identity/v1/events.proto says who consumes each and what
// they do): ids and states only, never personal data.

// DomainEvent.source of identity's events, its outbox's name: what its
// consumers' cursors are keyed by.
inline constexpr char kIdentityEventSource[] = "identity";

// A user was disabled, enabled again or erased.
struct UserStateChanged {
  std::string user_id;
  UserState state = UserState::kUnspecified;
  friend bool operator==(const UserStateChanged&,
                         const UserStateChanged&) = default;
};

// A user left an organization (DeleteMember, an erasure, a deleted
// organization).
struct MemberRemoved {
  std::string organization_id;
  std::string user_id;
  friend bool operator==(const MemberRemoved&, const MemberRemoved&) = default;
};

// A role binding was deleted (DeleteRoleBinding, or with its principal,
// membership or organization).
struct RoleBindingDeleted {
  RoleBinding binding;
  friend bool operator==(const RoleBindingDeleted&,
                         const RoleBindingDeleted&) = default;
};

using IdentityEvent =
    std::variant<UserStateChanged, MemberRemoved, RoleBindingDeleted>;

// Where identity's use cases record their events, inside the transaction
// of the change each describes: an event exists exactly when its change
// committed (the outbox of common/events).
class IdentityEventLog {
 public:
  virtual ~IdentityEventLog() = default;

  virtual absl::Status Append(Transaction& tx, const IdentityEvent& event) = 0;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_IDENTITY_EVENT_LOG_H_
