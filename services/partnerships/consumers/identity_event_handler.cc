#include "services/partnerships/consumers/identity_event_handler.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "masar/identity/v1/events.pb.h"

namespace masar::partnerships {
namespace {

// The id after `collection` in `name` ("users/u1" -> "u1"); empty when the
// name is not in that collection.
std::string IdIn(absl::string_view name, absl::string_view collection) {
  if (!absl::ConsumePrefix(&name, collection) || name.empty() ||
      absl::StrContains(name, '/')) {
    return "";
  }
  return std::string(name);
}

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
  const std::string user_id = IdIn(payload.user(), "users/");
  if (user_id.empty()) return Unreadable(event);
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
  return registry.SignatoryUserChanged(tx, user_id, status);
}

absl::Status ApplyMemberRemoved(AgreementRegistry& registry, Transaction& tx,
                                const events::Event& event) {
  identity::v1::MemberRemoved payload;
  if (!payload.ParseFromString(event.payload)) return Unreadable(event);
  const std::string organization_id =
      IdIn(payload.organization(), "organizations/");
  const std::string user_id = IdIn(payload.user(), "users/");
  if (organization_id.empty() || user_id.empty()) return Unreadable(event);
  return registry.SignatoryMembershipRemoved(tx, organization_id, user_id);
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
