#ifndef MASAR_COMMON_AUTH_BASE64URL_H_
#define MASAR_COMMON_AUTH_BASE64URL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace masar::auth {

// Base64url without padding (RFC 4648 section 5), as JWS and JWK use it.
std::string Base64UrlEncode(absl::string_view bytes);

// Strict decoding: refuses padding, characters outside the url-safe
// alphabet, whitespace and non-zero trailing bits, so that one byte string
// has exactly one accepted encoding (a tampered segment cannot pass as an
// alias of the signed one). INVALID_ARGUMENT otherwise.
absl::StatusOr<std::string> Base64UrlDecode(absl::string_view text);

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_BASE64URL_H_
