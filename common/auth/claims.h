#ifndef MASAR_COMMON_AUTH_CLAIMS_H_
#define MASAR_COMMON_AUTH_CLAIMS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace masar::auth {

// The claims of a Masar access token (protos/masar/identity/v1/token.proto).
// Times are NumericDates on the wire, with milliseconds: a revocation must
// end every token issued up to its moment, and whole seconds would let a
// token issued earlier in the same second through (see RevocationList).
struct Claims {
  std::string issuer;                  // iss
  std::vector<std::string> audience;   // aud: one string or an array
  std::string subject;                 // sub: "users/{u}", "serviceAccounts/{sa}"
  std::vector<std::string> roles;      // "ROLE@scope"
  std::vector<std::string> amr;        // "pwd", "otp"
  std::string session_id;              // sid, empty for service accounts
  std::string token_id;                // jti
  absl::Time issued_at = absl::InfinitePast();   // iat
  absl::Time not_before = absl::InfinitePast();  // nbf, iat when absent
  absl::Time expires_at = absl::InfinitePast();  // exp

  friend bool operator==(const Claims&, const Claims&) = default;
};

// `t` as a token carries it: whole milliseconds, rounded down. Issuers set
// iat from it so that what they record equals what the token says.
absl::Time TokenTime(absl::Time t);

// The JSON payload of a token. Claims with an empty value are left out.
std::string ClaimsToJson(const Claims& claims);

// Parses a JSON payload strictly: an object whose registered claims have
// their registered types (strings, string arrays, NumericDates: integers, or
// numbers with a fraction, read to the millisecond).
// Unknown claims are ignored. UNAUTHENTICATED with a short reason.
absl::StatusOr<Claims> ClaimsFromJson(absl::string_view json);

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_CLAIMS_H_
