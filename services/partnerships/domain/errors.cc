#include "services/partnerships/domain/errors.h"

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace masar::partnerships {
namespace {

absl::Status NotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

absl::Status WrongState(absl::string_view action, absl::string_view name,
                        absl::string_view state_name) {
  return absl::FailedPreconditionError(
      absl::StrCat(action, " does not accept ", name, " in ", state_name));
}

}  // namespace

absl::Status AgreementNotFound(absl::string_view name) { return NotFound(name); }
absl::Status ObligationNotFound(absl::string_view name) { return NotFound(name); }
absl::Status KpiNotFound(absl::string_view name) { return NotFound(name); }

absl::Status PermissionDenied(absl::string_view action,
                              absl::string_view resource) {
  return absl::PermissionDeniedError(
      absl::StrCat("the caller may not ", action, " ", resource));
}

absl::Status WrongAgreementState(absl::string_view action,
                                 absl::string_view name,
                                 absl::string_view state_name) {
  return WrongState(action, name, state_name);
}

absl::Status TermsFrozen(absl::string_view field, absl::string_view name,
                         absl::string_view state_name) {
  return FailedPreconditionError(
      field, absl::StrCat("the terms of ", name, " are frozen (", state_name,
                          "); only DRAFT and IN_REVIEW terms change"));
}

absl::Status WrongObligationState(absl::string_view action,
                                  absl::string_view name,
                                  absl::string_view state_name) {
  return WrongState(action, name, state_name);
}

absl::Status SignatoryCannotSign(absl::string_view field,
                                 absl::string_view why) {
  return FailedPreconditionError(
      field, absl::StrCat("the signatory cannot sign: ", why,
                          "; name a new signatory in DRAFT"));
}

absl::Status ChangedConcurrently(absl::string_view name) {
  return absl::AbortedError(
      absl::StrCat(name, " changed concurrently; retry the call"));
}

}  // namespace masar::partnerships
