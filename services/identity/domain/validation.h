#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_VALIDATION_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_VALIDATION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/identity/domain/organization.h"
#include "services/identity/domain/role_binding.h"
#include "services/identity/domain/user.h"

// Field validation for identity resources. Each function answers OK or
// INVALID_ARGUMENT naming `field` (the request path, such as "user.email")
// with a FieldViolation attached; messages never echo the value.
namespace masar::identity {

// The number of Unicode code points of UTF-8 `text`.
size_t CodePointCount(absl::string_view text);

// The form compared for uniqueness: ASCII lower case.
std::string NormalizeEmail(absl::string_view email);

// A pragmatic address check: at most 254 characters, one "@", a local part
// of 1..64 printable ASCII characters without spaces, and a domain of dot-
// separated labels (letters, digits, hyphens; not starting or ending with a
// hyphen) with at least two labels.
absl::Status ValidateEmail(absl::string_view field, absl::string_view email);

// E.164: "+", a first digit 1-9, 7..15 digits in all.
absl::Status ValidatePhone(absl::string_view field, absl::string_view phone);

// 1..100 code points, not only spaces.
absl::Status ValidateUserDisplayName(absl::string_view field,
                                     absl::string_view name);

// LANGUAGE_AR, FR, EN or ZGH.
absl::Status ValidateLanguage(absl::string_view field, Language language);

// Moroccan CNIE: one or two Latin letters then 5 or 6 digits (either case).
absl::Status ValidateNationalId(absl::string_view field, absl::string_view id);

// Birth year 1900..the year of `now`; consent required when an attribute is
// set (the violation names "<field>.consent").
absl::Status ValidateDemographics(absl::string_view field, Gender gender,
                                  int birth_year, bool consent, absl::Time now);

// True for an assigned ISO 3166-1 alpha-2 code in upper case.
bool IsIsoCountryCode(absl::string_view code);
absl::Status ValidateCountry(absl::string_view field, absl::string_view code);

// The organization's ICE rules, naming `field`: 15 digits; only for "MA";
// required for MA companies and SMEs.
absl::Status ValidateIce(absl::string_view field, OrganizationKind kind,
                         absl::string_view country, absl::string_view ice);

// An absolute "https://" URL with a host, at most 2048 characters, no
// spaces or control characters. Empty is accepted (optional field).
absl::Status ValidateWebsite(absl::string_view field, absl::string_view url);

// At least one language set; each at most 200 code points.
absl::Status ValidateOrganizationDisplayName(absl::string_view field,
                                             const LocalizedText& name);

absl::Status ValidateOrganizationKind(absl::string_view field,
                                      OrganizationKind kind);

// At most 200 code points.
absl::Status ValidateTitle(absl::string_view field, absl::string_view title);

// 3..63 characters of lower-case letters, digits and hyphens, starting with
// a letter.
absl::Status ValidateServiceAccountId(absl::string_view field,
                                      absl::string_view id);
// 1..100 code points.
absl::Status ValidateServiceAccountDisplayName(absl::string_view field,
                                               absl::string_view name);
// At most 1000 code points.
absl::Status ValidateServiceAccountDescription(absl::string_view field,
                                               absl::string_view description);

// A scope's form: "*", "programs/{p}" or "organizations/{uuid}".
absl::Status ValidateScope(absl::string_view field, absl::string_view scope);

// Which scopes and principals each role accepts (see Role in
// role_binding.proto), naming "<prefix>.role", "<prefix>.scope" or
// "<prefix>.principal". The principal's form is checked as well.
absl::Status ValidateRoleBinding(absl::string_view prefix, Role role,
                                 absl::string_view scope,
                                 absl::string_view principal);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_VALIDATION_H_
