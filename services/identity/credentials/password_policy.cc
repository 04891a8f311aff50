#include "services/identity/credentials/password_policy.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace masar::identity {
namespace {

constexpr absl::string_view kField = "password";

// The length of the UTF-8 sequence starting with `lead`, 0 when `lead`
// cannot start one.
int SequenceLength(uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;  // C0, C1 would be overlong.
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;  // Past F4 is past U+10FFFF.
  return 0;
}

// Whether the continuation bytes after `lead` keep the code point in range:
// no overlong 3- and 4-byte forms, no surrogates, nothing past U+10FFFF.
bool SecondByteInRange(uint8_t lead, uint8_t second) {
  switch (lead) {
    case 0xE0:
      return second >= 0xA0;
    case 0xED:
      return second <= 0x9F;
    case 0xF0:
      return second >= 0x90;
    case 0xF4:
      return second <= 0x8F;
    default:
      return true;
  }
}

bool IsContinuation(uint8_t byte) { return (byte & 0xC0) == 0x80; }

absl::Status CheckLength(absl::string_view password, size_t min) {
  const std::optional<size_t> length = CountCodePoints(password);
  if (!length.has_value()) {
    return InvalidArgumentError(kField, "must be valid UTF-8");
  }
  if (*length < min || *length > kMaxPasswordCodePoints) {
    return InvalidArgumentError(
        kField, absl::StrCat("must be ", min, " to ", kMaxPasswordCodePoints,
                             " characters long"));
  }
  return absl::OkStatus();
}

}  // namespace

std::optional<size_t> CountCodePoints(absl::string_view text) {
  size_t count = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<uint8_t>(text[i]);
    const int length = SequenceLength(lead);
    if (length == 0 || i + length > text.size()) return std::nullopt;
    for (int k = 1; k < length; ++k) {
      if (!IsContinuation(static_cast<uint8_t>(text[i + k]))) {
        return std::nullopt;
      }
    }
    if (length > 1 &&
        !SecondByteInRange(lead, static_cast<uint8_t>(text[i + 1]))) {
      return std::nullopt;
    }
    i += length;
    ++count;
  }
  return count;
}

absl::Status CheckNewPassword(absl::string_view password) {
  return CheckLength(password, kMinPasswordCodePoints);
}

absl::Status CheckPresentedPassword(absl::string_view password) {
  return CheckLength(password, 1);
}

}  // namespace masar::identity
