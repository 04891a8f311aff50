#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_VALIDATION_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_VALIDATION_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/i18n/localized_text.h"
#include "services/partnerships/domain/agreement.h"
#include "services/partnerships/domain/kpi.h"

// Field validation for partnerships commands. Each function answers OK or
// INVALID_ARGUMENT naming the offending field by its request path
// ("agreement.parties[2].signatory") with a FieldViolation attached;
// messages never echo the value.
namespace masar::partnerships {

inline constexpr int kMinParties = 2;
inline constexpr int kMaxParties = 20;
inline constexpr int kMaxNominationRights = 20;
inline constexpr int kMaxNominationPrograms = 50;
inline constexpr int kMaxNominations = 10000;
inline constexpr int kMaxDurationMonths = 240;
inline constexpr size_t kMaxTitle = 200;
inline constexpr size_t kMaxSummary = 5000;
inline constexpr size_t kMaxReason = 2000;
// The earliest date the service accepts (a paper record's signed_on, any
// agreement or obligation date): before Morocco's independence nothing
// the agency signed exists.
inline const absl::CivilDay kEarliestDay(1956, 1, 1);

// The number of Unicode code points of UTF-8 `text`.
size_t CodePointCount(absl::string_view text);

// Valid UTF-8 of `min`..`max` code points.
absl::Status ValidateString(absl::string_view field, absl::string_view text,
                            size_t min, size_t max);
// Each language valid UTF-8 of at most `max` code points; when `required`,
// at least one language set.
absl::Status ValidateLocalizedText(absl::string_view field,
                                   const LocalizedText& text, size_t max,
                                   bool required);
// Between kEarliestDay and 9999-12-31.
absl::Status ValidateDay(absl::string_view field, absl::CivilDay day);
// 64 lower-case hex characters; empty allowed unless `required`.
absl::Status ValidateHexDigest(absl::string_view field,
                               absl::string_view digest, bool required);
// A reason given with a state change: 1..2000 code points.
absl::Status ValidateReason(absl::string_view field, absl::string_view reason);

// The rules of CreateAgreement on `terms` (fields under `prefix`, such as
// "agreement"), and their normal form: scope areas ascending, nomination
// rights by organization with their programmes ascending. In a paper record
// (`paper`) a party's signatory is optional and its title required;
// otherwise the signatory is required and an empty title is later copied
// from identity.
absl::Status ValidateTerms(absl::string_view prefix, bool paper,
                           AgreementTerms& terms);

// A KPI definition's rules under `prefix` ("kpi").
absl::Status ValidateKpiDefinition(absl::string_view prefix, const Kpi& kpi);

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_VALIDATION_H_
