#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_OTPAUTH_URI_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_OTPAUTH_URI_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/identity/credentials/totp.h"

// The key URI authenticator apps scan from a QR code at enrolment
// (Google Authenticator's "Key Uri Format").
namespace masar::identity {

inline constexpr absl::string_view kTotpIssuer = "Masar";

// "otpauth://totp/Masar:<account_label>?secret=<base32>&issuer=Masar&
// algorithm=SHA1&digits=6&period=30". `account_label` is whatever the app
// should show beside "Masar" (the caller decides: an email, or something
// less revealing); it is percent-encoded. `secret` is raw bytes.
std::string OtpauthUri(absl::string_view account_label,
                       absl::string_view secret,
                       const TotpOptions& options = {});

// RFC 3986 percent-encoding of everything but the unreserved characters.
std::string PercentEncode(absl::string_view text);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_OTPAUTH_URI_H_
