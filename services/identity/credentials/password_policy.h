#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_PASSWORD_POLICY_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_PASSWORD_POLICY_H_

#include <cstddef>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// What a password must be: a length, nothing else. Composition rules push
// people to predictable patterns (NIST SP 800-63B 5.1.1.2); length is what
// makes a password strong.
namespace masar::identity {

// Counted in Unicode code points, so that "é" or an Arabic letter is one
// character, as the person typing it sees it.
inline constexpr size_t kMinPasswordCodePoints = 12;
inline constexpr size_t kMaxPasswordCodePoints = 128;

// The number of code points of `text`, or nullopt when it is not valid
// UTF-8 (overlong forms, surrogates and values past U+10FFFF are invalid).
std::optional<size_t> CountCodePoints(absl::string_view text);

// For a new password (sign-up, change): OK, or INVALID_ARGUMENT naming
// "password" when it is not valid UTF-8 or not 12..128 code points.
absl::Status CheckNewPassword(absl::string_view password);

// For a password presented at sign-in: only bounded (1..128 code points) so
// that a password set under an older, laxer policy still verifies, while
// nobody can make the hasher read megabytes.
absl::Status CheckPresentedPassword(absl::string_view password);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_PASSWORD_POLICY_H_
