#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_ERRORS_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// The partnerships service's error catalog: every error the domain and its
// stores return is built here, with its canonical code (DESIGN section 3)
// and the offending field named (common/status/errors.h's field helpers).
// Messages name resources and fields, never personal values.
namespace masar::partnerships {

// NOT_FOUND: absent, or not visible to the caller.
absl::Status AgreementNotFound(absl::string_view name);
absl::Status ObligationNotFound(absl::string_view name);
absl::Status KpiNotFound(absl::string_view name);

// PERMISSION_DENIED: the caller may read `resource` but not do `action`.
absl::Status PermissionDenied(absl::string_view action,
                              absl::string_view resource);

// FAILED_PRECONDITION: the agreement is in `state_name` (such as
// "STATE_ACTIVE"), which `action` does not accept.
absl::Status WrongAgreementState(absl::string_view action,
                                 absl::string_view name,
                                 absl::string_view state_name);

// FAILED_PRECONDITION naming `field`: the terms of `name` are frozen in
// `state_name` (AWAITING_SIGNATURES and after), so the term, obligation or
// KPI definition `field` may no longer change.
absl::Status TermsFrozen(absl::string_view field, absl::string_view name,
                         absl::string_view state_name);

// FAILED_PRECONDITION: the obligation is in `state_name`, which `action`
// does not accept.
absl::Status WrongObligationState(absl::string_view action,
                                  absl::string_view name,
                                  absl::string_view state_name);

// FAILED_PRECONDITION naming `field` ("parties[1].signatory"): identity
// says the party's signatory cannot sign (`why`, such as
// "SIGNATORY_STATUS_USER_DISABLED").
absl::Status SignatoryCannotSign(absl::string_view field,
                                 absl::string_view why);

// ABORTED: what identity was asked about no longer matches `name` (it
// changed between the lookup and the transaction); the caller retries.
absl::Status ChangedConcurrently(absl::string_view name);

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_ERRORS_H_
