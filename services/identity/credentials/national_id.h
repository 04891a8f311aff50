#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_NATIONAL_ID_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_NATIONAL_ID_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

// The Moroccan national identity card number (CNIE): one or two letters,
// then digits, 5 to 10 characters in all (e.g. "AB123456", "J12345").
namespace masar::identity {

// `text` upper-cased, so "ab123456" and "AB123456" are one identifier; or
// INVALID_ARGUMENT naming "national_id" (the message never repeats it).
absl::StatusOr<std::string> NormalizeNationalId(absl::string_view text);

// For display: the letters and the last two digits, the other digits as
// '*' ("AB123456" -> "AB****56"). `national_id` is a normalised one.
std::string MaskNationalId(absl::string_view national_id);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_NATIONAL_ID_H_
