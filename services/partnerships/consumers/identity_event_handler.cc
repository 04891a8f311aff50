#include "services/partnerships/consumers/identity_event_handler.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "masar/identity/v1/events.pb.h"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships {
namespace {

absl::Status Unreadable(const events::Event& event) {
  return absl::InternalError(absl::StrCat("identity event ", event.event_id,
                                          " (", event.type,
                                          ") has an unreadable payload"));
}

absl::Status ApplyUserStateChanged(AgreementRegistry& registry,
                                   Transaction& tx,
                                   const events::Event& event) {
  identity::v1::UserStateChanged payload;
  if (!payload.ParseFromString(event.payload)) return Unreadable(event);
  absl::StatusOr<std::string> user_id = ParseUserName("user", payload.user());
  if (!user_id.ok()) return Unreadable(event);
  SignatoryStatus status;
  switch (payload.state()) {
    case identity::v1::User::STATE_ACTIVE:
      status = SignatoryStatus::kValid;
      break;
    case identity::v1::User::STATE_DISABLED:
      status = SignatoryStatus::kUserDisabled;
      break;
    case identity::v1::User::STATE_ERASED:
      status = SignatoryStatus::kUserErased;
      break;
    default:
      return absl::OkStatus();  // a state this version does not know
  }
  return registry.SignatoryUserChanged(tx, *user_id, status);
}

absl::Status ApplyMemberRemoved(AgreementRegistry& registry, Transaction& tx,
                                const events::Event& event) {
  identity::v1::MemberRemoved payload;
  if (!payload.ParseFromString(event.payload)) return Unreadable(event);
  absl::StatusOr<std::string> organization_id =
      ParseOrganizationName("organization", payload.organization());
  absl::StatusOr<std::string> user_id = ParseUserName("user", payload.user());
  if (!organization_id.ok() || !user_id.ok()) return Unreadable(event);
  return registry.SignatoryMembershipRemoved(tx, *organization_id, *user_id);
}

}  // namespace

absl::Status ApplyIdentityEvent(AgreementRegistry& registry, Transaction& tx,
                                const events::Event& event) {
  if (event.type == identity::v1::UserStateChanged::descriptor()->full_name()) {
    return ApplyUserStateChanged(registry, tx, event);
  }
  if (event.type == identity::v1::MemberRemoved::descriptor()->full_name()) {
    return ApplyMemberRemoved(registry, tx, event);
  }
  return absl::OkStatus();
}

}  // namespace masar::partnerships
