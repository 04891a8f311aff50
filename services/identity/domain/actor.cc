#include "services/identity/domain/actor.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace masar::identity {

bool Actor::HasRole(Role role, absl::string_view scope) const {
  for (const ScopedRole& r : roles) {
    if (r.role == role && (r.scope == kGlobalScope || r.scope == scope)) {
      return true;
    }
  }
  return false;
}

bool Actor::HasGlobalRole(Role role) const {
  return HasRole(role, kGlobalScope);
}

bool Actor::IsUser(absl::string_view user_id) const {
  absl::string_view subject_view = subject;
  return absl::ConsumePrefix(&subject_view, "users/") && !user_id.empty() &&
         subject_view == user_id;
}

std::string Actor::AuditName() const {
  return subject.empty() ? "anonymous" : subject;
}

}  // namespace masar::identity
