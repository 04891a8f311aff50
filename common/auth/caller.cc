#include "common/auth/caller.h"

#include "absl/strings/strip.h"

namespace masar::auth {

namespace {
const std::string& None() {
  static const std::string* const kNone = new std::string();
  return *kNone;
}
}  // namespace

const std::string& Caller::subject() const {
  return principal_.has_value() ? principal_->subject() : None();
}

const std::string& Caller::session_id() const {
  return principal_.has_value() ? principal_->session_id() : None();
}

const std::vector<std::string>& Caller::amr() const {
  static const std::vector<std::string>* const kNoMethods =
      new std::vector<std::string>();
  return principal_.has_value() ? principal_->amr() : *kNoMethods;
}

const std::vector<RoleBinding>& Caller::bindings() const {
  static const std::vector<RoleBinding>* const kNoBindings =
      new std::vector<RoleBinding>();
  return principal_.has_value() ? principal_->bindings() : *kNoBindings;
}

const std::string& Caller::token_id() const {
  return principal_.has_value() ? principal_->token_id() : None();
}

Caller Caller::Anonymous(std::string request_id) {
  Caller caller;
  caller.request_id_ = std::move(request_id);
  return caller;
}

bool Caller::IsServiceAccount() const {
  return principal_.has_value() && principal_->IsServiceAccount();
}

bool Caller::HasRole(Role role, absl::string_view resource) const {
  return principal_.has_value() && principal_->HasRole(role, resource);
}

bool Caller::IsUser(absl::string_view user_id) const {
  absl::string_view id = subject();
  return absl::ConsumePrefix(&id, "users/") && !user_id.empty() &&
         id == user_id;
}

std::string Caller::AuditName() const {
  return principal_.has_value() ? principal_->subject() : "anonymous";
}

}  // namespace masar::auth
