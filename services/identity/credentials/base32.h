#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_BASE32_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_BASE32_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

// RFC 4648 base32 (A-Z2-7), the alphabet authenticator apps expect for
// TOTP secrets. Without padding, as Google Authenticator's key URI format
// writes it.
namespace masar::identity {

std::string Base32Encode(absl::string_view bytes);

// Accepts upper or lower case, and trailing '=' padding, since people copy
// secrets by hand; INVALID_ARGUMENT for any other character or for a length
// no encoding produces.
absl::StatusOr<std::string> Base32Decode(absl::string_view text);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_BASE32_H_
