#include "services/identity/store/outbox_identity_event_log.h"

#include <type_traits>

#include "absl/strings/str_cat.h"
#include "common/events/domain_event_proto.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"
#include "masar/identity/v1/events.pb.h"
#include "services/identity/domain/member.h"
#include "services/identity/domain/organization.h"

namespace masar::identity {
namespace {

events::NewEvent ToNewEvent(const UserStateChanged& e) {
  v1::UserStateChanged payload;
  payload.set_user(absl::StrCat(kUsersCollection, e.user_id));
  // Values match masar.identity.v1.User.State.
  payload.set_state(static_cast<v1::User::State>(static_cast<int>(e.state)));
  return events::NewEventOf(payload, payload.user());
}

events::NewEvent ToNewEvent(const MemberRemoved& e) {
  // The membership's own naming rules.
  Member member;
  member.organization_id = e.organization_id;
  member.user_id = e.user_id;
  Organization organization;
  organization.id = e.organization_id;
  v1::MemberRemoved payload;
  payload.set_member(member.name());
  payload.set_organization(organization.name());
  payload.set_user(member.user());
  return events::NewEventOf(payload, payload.member());
}

events::NewEvent ToNewEvent(const RoleBindingDeleted& e) {
  v1::RoleBindingDeleted payload;
  payload.set_role_binding(e.binding.name());
  payload.set_principal(e.binding.principal);
  // Values match masar.identity.v1.Role.
  payload.set_role(static_cast<v1::Role>(static_cast<int>(e.binding.role)));
  payload.set_scope(e.binding.scope);
  return events::NewEventOf(payload, payload.role_binding());
}

}  // namespace

absl::Status OutboxIdentityEventLog::Append(Transaction& tx,
                                            const IdentityEvent& event) {
  ASSIGN_OR_RETURN(sql::Transaction * stx, sql::SqlOf(tx));
  const events::NewEvent appended =
      std::visit([](const auto& e) { return ToNewEvent(e); }, event);
  return outbox_->Append(*stx, appended).status();
}

}  // namespace masar::identity
