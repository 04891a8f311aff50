#ifndef MASAR_SERVICES_PARTNERSHIPS_DOMAIN_TERMS_DIGEST_H_
#define MASAR_SERVICES_PARTNERSHIPS_DOMAIN_TERMS_DIGEST_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/partnerships/domain/agreement.h"
#include "services/partnerships/domain/kpi.h"
#include "services/partnerships/domain/obligation.h"

// content_digest, exactly as RequestSignatures defines it in
// protos/masar/partnerships/v1/partnership_service.proto: SHA-256 of the
// RFC 8785 canonical JSON of the agreement's terms (common/jcs).
namespace masar::partnerships {

inline constexpr char kTermsFormatV1[] =
    "masar.partnerships.v1.AgreementTerms/1";
// The format new agreements are frozen with.
inline constexpr const char* kCurrentTermsFormat = kTermsFormatV1;

// The canonical JSON text of the terms in `format` (INVALID_ARGUMENT for an
// unknown format): what is hashed, for tests and for anyone who wants to
// see what was signed.
absl::StatusOr<std::string> CanonicalTerms(
    const Agreement& agreement, const std::vector<Obligation>& obligations,
    const std::vector<Kpi>& kpis, absl::string_view format);

// Lower-case hex SHA-256 of CanonicalTerms.
absl::StatusOr<std::string> TermsDigest(
    const Agreement& agreement, const std::vector<Obligation>& obligations,
    const std::vector<Kpi>& kpis, absl::string_view format);

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_DOMAIN_TERMS_DIGEST_H_
